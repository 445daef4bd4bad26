"""Canary runs: measure how much planted PII survives a redaction profile, and record it as evidence.

The canary set is built into `redaction.canary` (fictional values, no download). A run redacts it
with the profile in force and the tenant's real pseudonym key, and writes the counts (never the
values) to the audit chain as `redaction.canary`; the checklists read the latest run from there.
Tokens of a `vault`-operator profile go to a store that keeps nothing, so canaries never enter the vault.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from audit import AuditEvent
from kawal.services import Services
from policies import load_redaction_policy

__all__ = ["run_canaries"]


class _DiscardedTokens:
    """A token store for canary runs: a fresh token per value, nothing stored."""

    def tokenize(self, subject: str, items: Sequence[tuple[str, str]]) -> list[str]:
        return [uuid.uuid4().hex for _ in items]


def run_canaries(services: Services, *, actor: str, profile: str = "analytics") -> Any:
    """Redact the canary set with *profile*; record and return the `redaction.CanaryResult`."""
    # Deferred: presidio takes ~1.5 s to import; only the canary run needs it.
    from redaction import ProfileError, Redactor, measure

    policy = load_redaction_policy(services.settings.policies_dir)
    if profile not in policy.profiles:
        raise ProfileError(f"unknown redaction profile {profile!r}; known: {sorted(policy.profiles)}")
    redactor = Redactor(profile, policy=policy, spacy_model=services.settings.spacy_model,
                        pseudonym_digest=services.vault.sealer("redaction/pseudonym").digest,
                        token_store=_DiscardedTokens())
    result = measure(redactor, profile=profile)
    assert services.trail is not None
    services.trail.record(AuditEvent(action="redaction.canary", actor=actor, resource=f"profile:{profile}",
                                     detail=result.to_dict()))
    return result
