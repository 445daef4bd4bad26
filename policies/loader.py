"""Load each policy file of the bundle (or of a deployment's directory) into its schema."""

from __future__ import annotations

from pathlib import Path

from policies.audit import AuditPolicy
from policies.auth import AuthPolicy
from policies.dialogue import DialoguePolicy
from policies.files import PolicyError as PolicyError, _load  # PolicyError: re-exported for callers of the loaders
from policies.organisation import OrganisationPolicy
from policies.privacy_notice import PrivacyNotice
from policies.redaction import RedactionPolicy
from policies.reporting import ReportingPolicy
from policies.retention import RetentionPolicy
from policies.vault import VaultPolicy

#: The policies shipped with Kawal; a deployment can point at its own directory instead.
BUNDLED_DIR = Path(__file__).resolve().parent

def load_vault_policy(directory: Path | None = None) -> VaultPolicy:
    """Read `vault.yaml` from *directory* (default: the bundled policies)."""
    return _load((directory or BUNDLED_DIR) / "vault.yaml", VaultPolicy)


def load_auth_policy(directory: Path | None = None) -> AuthPolicy:
    """Read `auth.yaml` (roles, service scopes, sessions, lockouts) from *directory*."""
    return _load((directory or BUNDLED_DIR) / "auth.yaml", AuthPolicy)


def load_redaction_policy(directory: Path | None = None) -> RedactionPolicy:
    """Read `redaction.yaml` (profiles: operator and threshold per entity type) from *directory*."""
    return _load((directory or BUNDLED_DIR) / "redaction.yaml", RedactionPolicy)


def load_audit_policy(directory: Path | None = None) -> AuditPolicy:
    """Read `audit.yaml` (detector thresholds and windows, data classes) from *directory*."""
    return _load((directory or BUNDLED_DIR) / "audit.yaml", AuditPolicy)


def load_retention_policy(directory: Path | None = None) -> RetentionPolicy:
    """Read `retention.yaml` (retention period per record kind) from *directory*."""
    return _load((directory or BUNDLED_DIR) / "retention.yaml", RetentionPolicy)


def load_dialogue_policy(directory: Path | None = None) -> DialoguePolicy:
    """Read `dialogue.yaml` (speakers, what agents ask for, customers' cues, fillers) from *directory*."""
    return _load((directory or BUNDLED_DIR) / "dialogue.yaml", DialoguePolicy)


def load_privacy_notice(directory: Path | None = None) -> PrivacyNotice:
    """Read `privacy_notice.yaml` (what an access answer tells besides the data) from *directory*."""
    return _load((directory or BUNDLED_DIR) / "privacy_notice.yaml", PrivacyNotice)


def load_reporting_policy(directory: Path | None = None) -> ReportingPolicy:
    """Read `reporting.yaml` (a report's scope, methodology, limitations, owners and due dates) from *directory*."""
    return _load((directory or BUNDLED_DIR) / "reporting.yaml", ReportingPolicy)


def load_organisation_policy(directory: Path | None = None) -> OrganisationPolicy:
    """Read `organisation.yaml` (controller or processor, per tenant) from *directory*."""
    return _load((directory or BUNDLED_DIR) / "organisation.yaml", OrganisationPolicy)
