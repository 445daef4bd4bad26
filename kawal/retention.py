"""Retention for the CLI, the API and the demo: `privacy.retention` wired to this system's vault and trail."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kawal.services import Services
from policies import RetentionPolicy, load_retention_policy
from privacy import retention
from privacy.requests import LegalHolds
from privacy.retention import RetentionRun, cutoffs

__all__ = ["RetentionRun", "cutoffs", "enforce", "policy", "record_kind"]


def policy(services: Services) -> RetentionPolicy:
    """The retention policy in force (read once per process, like every policy file)."""
    return _policy(services.settings.policies_dir)


@lru_cache(maxsize=8)
def _policy(directory: Path | None) -> RetentionPolicy:
    return load_retention_policy(directory)


def record_kind(services: Services, kind: str | None) -> str:
    """The kind a new record is stored as: *kind* if the policy gives it a period, else `InvalidRecord`."""
    return retention.kind_for(policy(services), kind)


def enforce(services: Services, *, actor: str, dry_run: bool = False, now: float | None = None) -> RetentionRun:
    """Remove (or, *dry_run*, count) every record past its kind's period, except held subjects'."""
    assert services.trail is not None
    return retention.enforce(services.vault, services.trail.record, policy(services),
                             LegalHolds(services.engine, tenant=services.settings.tenant), actor=actor,
                             dry_run=dry_run, now=now)
