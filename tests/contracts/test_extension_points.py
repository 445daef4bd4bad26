"""Contracts of the three extension points: a new PII type, a new detector, a new law.

Each step a newcomer might forget fails here with the step named, instead of a type that silently
goes unredacted or a detector that runs on rules nobody can see. (A new law is covered end to end
by `tests/test_framework_files.py`: a dropped-in framework file reaches reports, requests, breaches,
the API and the CLI.)
"""

from __future__ import annotations

import pytest

from audit.detect import DETECTORS
from audit.detect.base import Detector
from policies import ENTITY_DECLARATIONS, ENTITY_TYPES, OPT_IN_TYPES, load_audit_policy
from redaction.canary import CANARIES
from redaction.engine import build_analyzer


def test_every_declared_type_has_a_recognizer_and_every_recognizer_a_declared_type() -> None:
    analyzer = build_analyzer()
    detected = {e for language in analyzer.supported_languages for e in analyzer.get_supported_entities(language)}
    assert set(ENTITY_TYPES) - detected == set(), "a declared type that no registered recognizer detects"
    assert detected - set(ENTITY_TYPES) == set(), "a recognizer whose type is not declared (it would go unredacted)"


def test_every_type_a_profile_acts_on_by_default_has_a_canary() -> None:
    """The canary set is the leak check run by `kawal canary` and the checklists: no type outside it."""
    planted = {p.type for c in CANARIES for p in c.planted}
    assert set(ENTITY_TYPES) - OPT_IN_TYPES - planted == set()


def test_specificities_are_distinct_so_ties_have_one_answer() -> None:
    specificities = [e.specificity for e in ENTITY_DECLARATIONS]
    assert len(set(specificities)) == len(specificities)


@pytest.mark.parametrize("detector", DETECTORS, ids=lambda d: d.name)
def test_every_detector_has_a_section_of_the_audit_policy_with_a_switch(detector: type[Detector]) -> None:
    section = getattr(load_audit_policy(), detector.policy_section, None)
    assert section is not None, f"{detector.name}: no AuditPolicy.{detector.policy_section}"
    assert isinstance(getattr(section, "enabled", None), bool), f"{detector.name}: its section has no `enabled`"


def test_a_detector_without_a_policy_section_is_refused_at_start() -> None:
    from audit.detect import DetectionEngine

    class Orphan(Detector):
        name = "orphan"
        policy_section = "no_such_section"

    with pytest.raises(ValueError, match="orphan"):
        DetectionEngine(load_audit_policy(), detectors=[Orphan])
