"""Declarative policies: YAML data validated by pydantic schemas.

Policies are data, not code: changing what is searchable, how often keys rotate or (in later issues)
how transcripts are redacted means editing a YAML file, which is validated at load time so that a
typo fails loudly at start-up instead of weakening protection silently.
"""

from policies.audit import AuditPolicy
from policies.auth import AuthPolicy, Role
from policies.dialogue import DISTRACTOR, DialoguePolicy, Intent
from policies.frameworks import Framework, load_frameworks
from policies.loader import (
    PolicyError,
    load_audit_policy,
    load_auth_policy,
    load_dialogue_policy,
    load_organisation_policy,
    load_privacy_notice,
    load_redaction_policy,
    load_reporting_policy,
    load_retention_policy,
    load_vault_policy,
)
from policies.organisation import OrganisationPolicy, TenantRole
from policies.privacy_notice import PrivacyNotice
from policies.redaction import (
    ENTITY_DECLARATIONS,
    ENTITY_TYPES,
    OPT_IN_TYPES,
    SPECIFICITY,
    EntityRule,
    EntityType,
    RedactionPolicy,
    RedactionProfile,
)
from policies.reporting import ReportingPolicy
from policies.retention import RetentionClass, RetentionPolicy
from policies.vault import SearchableField, VaultPolicy

__all__ = [
    "DISTRACTOR",
    "DialoguePolicy",
    "Intent",
    "load_dialogue_policy",
    "PrivacyNotice",
    "load_privacy_notice",
    "ReportingPolicy",
    "OrganisationPolicy",
    "TenantRole",
    "load_organisation_policy",
    "load_reporting_policy",
    "Framework",
    "load_frameworks",
    "ENTITY_DECLARATIONS",
    "ENTITY_TYPES",
    "EntityType",
    "SPECIFICITY",
    "OPT_IN_TYPES",
    "EntityRule",
    "RedactionPolicy",
    "RedactionProfile",
    "load_redaction_policy",
    "AuthPolicy",
    "PolicyError",
    "Role",
    "SearchableField",
    "VaultPolicy",
    "load_auth_policy",
    "load_vault_policy",
    "AuditPolicy",
    "load_audit_policy",
    "RetentionClass",
    "RetentionPolicy",
    "load_retention_policy",
]
