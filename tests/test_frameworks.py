"""Regulatory frameworks are data: the bundled files load, cover what a contact centre is audited on,
carry the statutory clocks, and a malformed file is a PolicyError naming it, never a silent gap."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from policies import PolicyError, load_auth_policy, load_redaction_policy
from policies.frameworks import (
    BUNDLED_FRAMEWORKS_DIR,
    CATEGORIES,
    EVIDENCE,
    Framework,
    attestation_state,
    load_frameworks,
)

CORE = {
    "rights_access",
    "rights_erasure",
    "security_encryption",
    "security_mfa",
    "security_audit",
    "breach_notification",
    "retention",
}


@pytest.fixture(scope="module")
def bundled() -> dict[str, Framework]:
    return load_frameworks()


def test_bundled_frameworks_are_the_four_laws(bundled: dict[str, Framework]) -> None:
    assert set(bundled) == {"gdpr", "ccpa", "pdpa", "uupdp"}
    assert sorted(p.stem for p in BUNDLED_FRAMEWORKS_DIR.glob("*.yaml")) == sorted(bundled)


@pytest.mark.parametrize("framework_id", ["gdpr", "ccpa", "pdpa", "uupdp"])
def test_each_framework_covers_the_audit_basics(bundled: dict[str, Framework], framework_id: str) -> None:
    framework = bundled[framework_id]
    reqs = framework.requirements
    assert len(reqs) >= 15
    assert len({r.id for r in reqs}) == len(reqs)
    assert any(r.check for r in reqs) and any(r.attestation for r in reqs)
    categories = {r.category for r in reqs}
    assert CORE <= categories, CORE - categories
    assert categories & {"cross_border", "processors"}
    assert {"notice", "dsar_deadline", "accountability"} <= categories


@pytest.mark.parametrize("framework_id", ["gdpr", "ccpa", "pdpa", "uupdp"])
def test_measurable_controls_are_checks_not_attestations(bundled: dict[str, Framework], framework_id: str) -> None:
    """What Kawal can measure must be measured: a signature is no evidence that MFA is on."""
    evidence = {r.check.evidence for r in bundled[framework_id].requirements if r.check}
    expected = {
        "vault.encryption_coverage", "vault.crypto_shredding", "auth.mfa_enrolment", "auth.least_privilege",
        "dsar.deadlines_met", "dsar.export_available", "retention.records_past_retention",
        "breach.register_kept", "redaction.canary_leak_rate",
    }
    if framework_id != "ccpa":  # no statutory breach clock to be on time against
        expected.add("breach.notifications_on_time")
    assert expected <= evidence, expected - evidence
    for req in bundled[framework_id].requirements:
        if req.category in {"security_mfa", "security_encryption", "dsar_deadline"}:
            assert req.check is not None, req.id


def test_laws_without_a_dpo_or_transfer_rule_do_not_invent_one(bundled: dict[str, Framework]) -> None:
    ccpa = {r.category for r in bundled["ccpa"].requirements}
    assert "dpo" not in ccpa and "cross_border" not in ccpa and "lawful_basis" not in ccpa
    for framework_id in ("gdpr", "pdpa", "uupdp"):
        assert {"dpo", "cross_border", "lawful_basis"} <= {r.category for r in bundled[framework_id].requirements}


def clock(framework: Framework, kind: str) -> tuple[Any, ...]:
    c = framework.deadlines.request_clock(kind)
    assert c is not None, kind
    return (c.months, c.days, c.business_days, c.hours, c.extension_months, c.extension_days, c.confirm_business_days)


def test_gdpr_clocks(bundled: dict[str, Framework]) -> None:
    gdpr = bundled["gdpr"]
    for kind in ("access", "rectification", "erasure", "restriction", "objection"):
        assert clock(gdpr, kind) == (1, None, None, None, 2, None, None)
    assert not gdpr.deadlines.request_clock("withdrawal").fixed  # Art. 7(3) sets no period
    assert gdpr.deadlines.calendar.shift_to_working_day  # Reg. 1182/71 Art. 3(4)


def test_uupdp_clocks_are_three_times_24_hours(bundled: dict[str, Framework]) -> None:
    uupdp = bundled["uupdp"]
    for kind in ("access", "rectification", "withdrawal", "restriction"):
        assert clock(uupdp, kind) == (None, None, None, 72, None, None, None)
    assert not uupdp.deadlines.request_clock("erasure").fixed  # Arts. 43-44: no hour limit
    assert {(n.recipient, n.required_when, n.hours) for n in uupdp.deadlines.breach_notices} >= {
        ("authority", "always", 72), ("subjects", "always", 72)}


def test_ccpa_clocks(bundled: dict[str, Framework]) -> None:
    ccpa = bundled["ccpa"]
    assert clock(ccpa, "access") == (None, 45, None, None, None, 45, 10)
    assert ccpa.deadlines.request_clock("access").receipt_day_counts
    assert clock(ccpa, "opt_out") == (None, None, 15, None, None, None, None)
    assert (ccpa.deadlines.calendar.zone, ccpa.deadlines.calendar.holidays) == ("America/Los_Angeles", "US-CA")


def test_pdpa_clocks(bundled: dict[str, Framework]) -> None:
    pdpa = bundled["pdpa"]
    assert clock(pdpa, "access") == (None, 30, None, None, None, None, None)
    assert pdpa.deadlines.request_clock("access").extension_by_notice  # reg. 5
    assert pdpa.deadlines.request_clock("erasure") is None and "s. 16" in pdpa.deadlines.refused_requests["erasure"]
    assert pdpa.deadlines.breach_assessment_days == 30
    assert {(n.recipient, n.days, n.starts) for n in pdpa.deadlines.breach_notices} >= {("authority", 3, "assessed")}


def test_every_framework_was_reviewed_against_the_law_recently(bundled: dict[str, Framework]) -> None:
    for framework in bundled.values():
        assert framework.as_of >= date(2026, 12, 1), framework.id


def test_a_clock_with_two_periods_or_an_unknown_zone_is_refused() -> None:
    from policies.frameworks import RequestClock, WorkCalendar

    with pytest.raises(ValueError, match="at most one of months"):
        RequestClock(months=1, days=30, citation="x")
    with pytest.raises(ValueError, match="unknown time zone"):
        WorkCalendar(zone="Mars/Olympus")
    with pytest.raises(ValueError, match="no public-holiday calendar"):
        WorkCalendar(zone="UTC", holidays="XX")


def test_bundled_checks_agree_with_the_other_policies(bundled: dict[str, Framework]) -> None:
    """A check naming a redaction profile that does not exist, or a session ceiling the shipped auth
    policy breaks, would fail on every deployment from day one."""
    profiles = set(load_redaction_policy().profiles)
    sessions = load_auth_policy().sessions
    for framework in bundled.values():
        for req in framework.requirements:
            if req.check is None:
                continue
            if req.check.evidence == "redaction.analytics_profile":
                assert req.check.params["profile"] in profiles, req.id
            if req.check.evidence == "auth.session_limits":
                assert sessions.idle_timeout_seconds <= req.check.params["max_idle_minutes"] * 60, req.id
                assert sessions.absolute_lifetime_seconds <= req.check.params["max_absolute_hours"] * 3600, req.id


def test_citations_name_the_right_articles(bundled: dict[str, Framework]) -> None:
    """Spot checks of the citations the deadlines rest on."""
    assert bundled["gdpr"].requirement("GDPR-33-1").citation == "Art. 33(1)"
    assert "Art. 12(3)" in bundled["gdpr"].requirement("GDPR-12-3").citation
    assert "Art. 32(2)" in bundled["uupdp"].requirement("UUPDP-32").citation
    assert "Art. 46" in bundled["uupdp"].requirement("UUPDP-46").citation
    assert "s. 26D" in bundled["pdpa"].requirement("PDPA-26D").citation
    assert "11 CCR 7021" in bundled["ccpa"].requirement("CCPA-130-a-2").citation
    assert bundled["pdpa"].requirement("PDPA-26H").applies_to  # Part 6B not in force: said so


def test_vocabularies_are_exported() -> None:
    assert "security_mfa" in CATEGORIES and "auth.mfa_enrolment" in EVIDENCE
    with pytest.raises(KeyError):
        load_frameworks()["gdpr"].requirement("GDPR-99")


# --- invalid files ------------------------------------------------------------------------------

VALID: dict[str, Any] = {
    "id": "testlaw",
    "name": "Test Law",
    "jurisdiction": "Nowhere",
    "citation_url": "https://example.org/law",
    "as_of": "2025-01-01",
    "authority": {"name": "Test Authority", "contact": "https://example.org",
                  "rights": [{"en": "Erasure (Art. 9).", "id": "Penghapusan (Pasal 9)."}]},
    "deadlines": {"dsar_clock": "calendar", "dsar_access_days": 30},
    "requirements": [
        {
            "id": "TESTLAW-1",
            "title": "Encrypted",
            "citation": "Art. 1",
            "summary": "Records are encrypted.",
            "category": "security_encryption",
            "remediation": "Encrypt them.",
            "check": {"evidence": "vault.encryption_coverage", "pass_when": "all encrypted"},
        },
        {
            "id": "TESTLAW-2",
            "title": "DPO",
            "citation": "Art. 2",
            "summary": "A DPO exists.",
            "category": "dpo",
            "remediation": "Appoint one.",
            "attestation": {"question": "Is there a DPO?", "owner_role": "dpo", "max_age_days": 365},
        },
    ],
}


def _write(directory: Path, name: str, data: Any) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(data, sort_keys=False) if not isinstance(data, str) else data)
    return path


def test_minimal_valid_file_loads(tmp_path: Path) -> None:
    _write(tmp_path, "testlaw.yaml", VALID)
    assert list(load_frameworks(tmp_path)) == ["testlaw"]


def _mutate(change: str) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    first, second = data["requirements"]
    if change == "unknown_evidence":
        first["check"]["evidence"] = "vault.encryption_coverge"
    elif change == "both":
        first["attestation"] = second["attestation"]
    elif change == "neither":
        del first["check"]
    elif change == "duplicate_id":
        second["id"] = first["id"]
    elif change == "unknown_key":
        first["severity"] = "high"
    elif change == "max_age_zero":
        second["attestation"]["max_age_days"] = 0
    elif change == "missing_param":
        first["check"] = {"evidence": "vault.root_key_age", "pass_when": "young key"}
    elif change == "stray_param":
        first["check"]["params"] = {"max_days": 3}
    elif change == "bad_category":
        first["category"] = "security"
    elif change == "wrong_prefix":
        first["id"] = "GDPR-1"
    elif change == "two_access_clocks":
        data["deadlines"]["dsar_access_hours"] = 72
    elif change == "breach_without_start":
        data["deadlines"]["breach_notify_hours"] = 72
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown_evidence", "unknown evidence 'vault.encryption_coverge'"),
        ("both", "exactly one of 'check' or 'attestation'"),
        ("neither", "exactly one of 'check' or 'attestation'"),
        ("duplicate_id", "duplicate requirement id TESTLAW-1"),
        ("unknown_key", "severity"),
        ("max_age_zero", "max_age_days"),
        ("missing_param", "params for vault.root_key_age: max_days"),
        ("stray_param", "params for vault.encryption_coverage: max_days"),
        ("bad_category", "category"),
        ("wrong_prefix", "must start with 'TESTLAW-'"),
        ("two_access_clocks", "exactly one of dsar_access_days"),
        ("breach_without_start", "breach_clock_starts"),
    ],
)
def test_invalid_file_is_refused_naming_it(tmp_path: Path, change: str, message: str) -> None:
    _write(tmp_path, "broken.yaml", _mutate(change))
    with pytest.raises(PolicyError, match="broken.yaml") as info:
        load_frameworks(tmp_path)
    assert message in str(info.value)


def test_bad_yaml_is_refused_naming_it(tmp_path: Path) -> None:
    _write(tmp_path, "garbled.yaml", "id: [gdpr\nrequirements: {\n")
    with pytest.raises(PolicyError, match=r"cannot read policy file .*garbled\.yaml"):
        load_frameworks(tmp_path)


def test_duplicate_framework_ids_are_refused(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", VALID)
    _write(tmp_path, "b.yaml", VALID)
    with pytest.raises(PolicyError, match=r"b\.yaml.*'testlaw' already defined in a\.yaml"):
        load_frameworks(tmp_path)


def test_empty_or_missing_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no framework files"):
        load_frameworks(tmp_path)
    with pytest.raises(PolicyError, match="not found"):
        load_frameworks(tmp_path / "absent")


# --- attestation expiry -------------------------------------------------------------------------

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def test_never_signed_is_missing() -> None:
    status = attestation_state(None, 365, NOW)
    assert (status.state, status.expires_at) == ("missing", None)


def test_attestation_is_valid_until_the_instant_it_expires() -> None:
    signed = NOW - timedelta(days=365)
    assert attestation_state(signed + timedelta(seconds=1), 365, NOW).state == "valid"
    at_boundary = attestation_state(signed, 365, NOW)
    assert at_boundary.state == "expired"
    assert at_boundary.expires_at == NOW
    assert attestation_state(NOW - timedelta(days=400), 365, NOW).state == "expired"
    assert attestation_state(NOW, 1, NOW).expires_at == NOW + timedelta(days=1)


def test_attestation_times_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone"):
        attestation_state(datetime(2025, 1, 1), 30, NOW)
    with pytest.raises(ValueError, match="timezone"):
        attestation_state(None, 30, datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="positive"):
        attestation_state(None, 0, NOW)


def test_the_obligations_an_outside_review_found_missing_are_listed(bundled: dict[str, Framework]) -> None:
    """GDPR Arts. 9, 19, 22, 27; PDPA Part 9B and the 21-day DNC result; UU PDP Arts. 4(2), 25, 33; CCPA
    1798.125, 1798.135 and Penal Code 632 (issue 15): each is a requirement a person answers for."""
    expected = {"gdpr": ["Art. 9(1)", "Art. 19", "Art. 22(1)", "Art. 27(1)"], "pdpa": ["Part 9B"],
                "uupdp": ["Art. 4(2)", "Art. 25(1)", "Art. 33"], "ccpa": ["1798.125", "1798.135", "Penal Code 632"]}
    for framework, citations in expected.items():
        cited = [r.citation for r in bundled[framework].requirements]
        for citation in citations:
            assert any(c.startswith(citation) or f" {citation}" in c for c in cited), (framework, citation)
    dnc = next(r for r in bundled["pdpa"].requirements if r.id == "PDPA-43")
    assert "21 days" in dnc.summary
