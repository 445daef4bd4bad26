"""Schema of the regulatory frameworks (`policies/frameworks/*.yaml`): each law as data.

An auditor asks "show me GDPR Art. 32" or "show me UU PDP Pasal 46", not "show me the vault". Each
file maps one regulation's requirements to what Kawal can measure (a `check` on named evidence) or,
where no system can know the answer (is the processor contract signed? is the DPO appointed?), to an
`attestation` a named role signs and that expires like an InSpec waiver. Adding a law or an item is
editing YAML; the schema below refuses typos at load time and in the tests, so a misspelt evidence
id cannot silently turn a control into one that is never evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "BUNDLED_FRAMEWORKS_DIR",
    "CATEGORIES",
    "EVIDENCE",
    "Attestation",
    "AttestationState",
    "AttestationStatus",
    "Category",
    "Check",
    "Deadlines",
    "DsarKind",
    "Framework",
    "Requirement",
    "attestation_state",
    "load_frameworks",
]

#: The frameworks shipped with Kawal, one YAML file per regulation.
BUNDLED_FRAMEWORKS_DIR = Path(__file__).resolve().parent / "frameworks"

#: What a requirement is about; reports group by it and the tests demand a core set per law.
Category = Literal[
    "lawful_basis",
    "consent",
    "notice",
    "rights_access",
    "rights_rectification",
    "rights_erasure",
    "rights_restriction",
    "rights_portability",
    "rights_objection",
    "dsar_deadline",
    "records_of_processing",
    "security_encryption",
    "security_mfa",
    "security_access_control",
    "security_audit",
    "breach_notification",
    "processors",
    "cross_border",
    "retention",
    "accountability",
    "privacy_by_design",
    "dpo",
    "redaction_minimisation",
]
CATEGORIES: tuple[str, ...] = get_args(Category)

#: Evidence Kawal can measure, and what each one means. A closed set: a check naming anything else
#: is refused, because a provider that does not exist would report nothing and look like a pass.
EVIDENCE: Mapping[str, str] = MappingProxyType(
    {
        "vault.encryption_coverage": "Share of customer records stored encrypted, and the cipher used",
        "vault.key_commitment": "Ciphertexts are key-committing (cannot be decrypted under a second key)",
        "vault.root_key_age": "Age of the root key against a rotation limit",
        "vault.crypto_shredding": "Erasure works: a subject's key can be destroyed and certificates exist",
        "auth.mfa_enrolment": "Every active staff account has MFA enrolled (names of those missing)",
        "auth.session_limits": "Idle and absolute session limits do not exceed the given ceilings",
        "auth.least_privilege": "No role both reads customer records and manages users or keys",
        "audit.chain_verified": "The audit hash chain verifies end to end",
        "audit.checkpoint_age": "The latest signed audit checkpoint is recent enough",
        "audit.open_high_alerts": "No high-severity alert stays open longer than allowed",
        "audit.access_without_purpose": "Share of record accesses without a stated purpose (case/ticket)",
        "audit.access_logging": "Every path that touches customer data writes an audit event",
        "retention.records_past_retention": "No record is kept past its retention period",
        "retention.policy_defined": "Every data class has a retention period",
        "dsar.deadlines_met": "Data-subject requests answered within the framework's deadlines",
        "dsar.erasure_certificates": "Each completed erasure request has an erasure certificate",
        "dsar.export_available": "A subject's data can be exported in a machine-readable format",
        "breach.register_kept": "Incidents are recorded in a breach register with facts and decisions",
        "breach.notifications_on_time": "Notifiable breaches were notified within the framework's deadline",
        "redaction.analytics_profile": "Transcripts leaving for analytics go through the named profile",
        "redaction.canary_leak_rate": "Share of planted canary PII that survives redaction",
    }
)

#: Kinds of data-subject request a `dsar.deadlines_met` check can be narrowed to.
DsarKind = Literal[
    "access", "rectification", "erasure", "restriction", "portability", "objection",
    "consent_withdrawal", "opt_out",
]


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _RootKeyAge(_Params):
    max_days: int = Field(gt=0)


class _SessionLimits(_Params):
    max_idle_minutes: int = Field(gt=0)
    max_absolute_hours: int = Field(gt=0)


class _CheckpointAge(_Params):
    max_hours: int = Field(gt=0)


class _OpenHighAlerts(_Params):
    max_age_days: int = Field(ge=0, description="0: no high alert may be open at all")


class _MaxShare(_Params):
    max_share: float = Field(ge=0, le=1)


class _MaxRate(_Params):
    max_rate: float = Field(ge=0, le=1)


class _Profile(_Params):
    profile: str = Field(min_length=1)


class _DsarDeadlines(_Params):
    kinds: tuple[DsarKind, ...] | None = Field(default=None, min_length=1)


#: Parameter schema per evidence id; evidence not listed here takes no parameters at all.
_PARAMS: dict[str, type[_Params]] = {
    "vault.root_key_age": _RootKeyAge,
    "auth.session_limits": _SessionLimits,
    "audit.checkpoint_age": _CheckpointAge,
    "audit.open_high_alerts": _OpenHighAlerts,
    "audit.access_without_purpose": _MaxShare,
    "redaction.analytics_profile": _Profile,
    "redaction.canary_leak_rate": _MaxRate,
    "dsar.deadlines_met": _DsarDeadlines,
}


class Check(BaseModel):
    """A requirement the system verifies itself from one piece of evidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    evidence: str = Field(description="One id of EVIDENCE")
    params: dict[str, Any] = Field(default_factory=dict)
    pass_when: str = Field(min_length=1, max_length=200, description="The pass condition, for humans")

    @field_validator("evidence")
    @classmethod
    def _known_evidence(cls, value: str) -> str:
        if value not in EVIDENCE:
            raise ValueError(f"unknown evidence {value!r}; expected one of {sorted(EVIDENCE)}")
        return value

    @model_validator(mode="after")
    def _params_fit_evidence(self) -> Check:
        try:
            _PARAMS.get(self.evidence, _Params).model_validate(self.params)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "params"
            raise ValueError(f"params for {self.evidence}: {where}: {first['msg']}") from None
        return self


class Attestation(BaseModel):
    """A requirement only a person can confirm; the confirmation expires after `max_age_days`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str = Field(min_length=1, max_length=300, description="What the person confirms")
    owner_role: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Who signs, e.g. dpo")
    max_age_days: int = Field(gt=0, le=3 * 366, description="Older confirmations count as expired")


class Requirement(BaseModel):
    """One auditable item of a regulation, with exactly one way of showing it is met."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Z][A-Z0-9]*(-[A-Za-z0-9]+)+$", description="e.g. GDPR-32-1-a")
    title: str = Field(min_length=1, max_length=90)
    citation: str = Field(min_length=1, max_length=160, description="Article or section, e.g. Art. 32(1)(a)")
    summary: str = Field(min_length=1, max_length=600, description="Plain language, 1-3 sentences")
    category: Category
    applies_to: str | None = Field(default=None, max_length=400)
    remediation: str = Field(min_length=1, max_length=400, description="Shown when the item fails")
    check: Check | None = None
    attestation: Attestation | None = None

    @model_validator(mode="after")
    def _exactly_one_method(self) -> Requirement:
        if (self.check is None) == (self.attestation is None):
            raise ValueError(f"{self.id}: give exactly one of 'check' or 'attestation'")
        return self


class Deadlines(BaseModel):
    """The clocks the DSAR and breach workflows run on, as the law states them.

    Periods keep the law's own unit (GDPR counts a month, UU PDP counts hours, PDPA counts calendar
    days after an assessment) so that nothing is lost in a conversion the law never made.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    dsar_clock: Literal["calendar", "business", "hours"]
    dsar_access_days: int | None = Field(default=None, gt=0)
    dsar_access_months: int | None = Field(default=None, gt=0)
    dsar_access_hours: int | None = Field(default=None, gt=0)
    dsar_extension_days: int | None = Field(default=None, gt=0)
    dsar_extension_months: int | None = Field(default=None, gt=0)
    dsar_confirm_business_days: int | None = Field(default=None, gt=0)
    optout_business_days: int | None = Field(default=None, gt=0)
    breach_notify_hours: int | None = Field(default=None, gt=0)
    breach_notify_days: int | None = Field(default=None, gt=0)
    breach_assessment_days: int | None = Field(default=None, gt=0)
    breach_clock_starts: Literal["detected", "assessed"] | None = None
    #: The law's own clock for day counts ("3 calendar days after the day ..." ends at local midnight).
    local_utc_offset_hours: float = Field(default=0.0, ge=-12, le=14)

    @model_validator(mode="after")
    def _consistent(self) -> Deadlines:
        access = [self.dsar_access_days, self.dsar_access_months, self.dsar_access_hours]
        if sum(v is not None for v in access) != 1:
            raise ValueError("give exactly one of dsar_access_days, dsar_access_months, dsar_access_hours")
        if (self.dsar_access_hours is not None) != (self.dsar_clock == "hours"):
            raise ValueError("dsar_clock 'hours' goes with dsar_access_hours, and only with it")
        if self.dsar_extension_days is not None and self.dsar_extension_months is not None:
            raise ValueError("give at most one of dsar_extension_days, dsar_extension_months")
        if self.breach_notify_hours is not None and self.breach_notify_days is not None:
            raise ValueError("give at most one of breach_notify_hours, breach_notify_days")
        has_period = self.breach_notify_hours is not None or self.breach_notify_days is not None
        if has_period != (self.breach_clock_starts is not None):
            raise ValueError("a breach notification period needs breach_clock_starts, and vice versa")
        return self


class Framework(BaseModel):
    """One regulation: where it comes from, its clocks, and its requirements."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9]*$", description="Lower-case slug, e.g. gdpr")
    name: str = Field(min_length=1)
    jurisdiction: str = Field(min_length=1)
    citation_url: str = Field(pattern=r"^https://\S+$", description="The official text")
    related_sources: tuple[str, ...] = ()
    as_of: date = Field(description="Date the requirements were last reviewed against the law")
    deadlines: Deadlines
    requirements: tuple[Requirement, ...] = Field(min_length=1)

    @field_validator("related_sources")
    @classmethod
    def _https(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            if not re.fullmatch(r"https://\S+", url):
                raise ValueError(f"not an https URL: {url!r}")
        return value

    @model_validator(mode="after")
    def _ids_unique_and_prefixed(self) -> Framework:
        prefix = self.id.upper() + "-"
        seen: set[str] = set()
        for req in self.requirements:
            if not req.id.startswith(prefix):
                raise ValueError(f"requirement {req.id} must start with {prefix!r}")
            if req.id in seen:
                raise ValueError(f"duplicate requirement id {req.id}")
            seen.add(req.id)
        return self

    def requirement(self, requirement_id: str) -> Requirement:
        """The requirement with this id (KeyError if the framework has none)."""
        for req in self.requirements:
            if req.id == requirement_id:
                return req
        raise KeyError(requirement_id)


AttestationState = Literal["missing", "valid", "expired"]


@dataclass(frozen=True)
class AttestationStatus:
    """Where an attestation stands at a moment; an expired one is reported as such, not as missing."""

    state: AttestationState
    expires_at: datetime | None


def attestation_state(signed_at: datetime | None, max_age_days: int, now: datetime) -> AttestationStatus:
    """Classify an attestation signed at *signed_at* (None: never signed) as of *now*.

    It is valid for `max_age_days` after signing and expired from that instant on, so a review
    cycle of 365 days means "re-sign within a year", not "a year and a day". Times must carry a
    timezone: mixing naive and aware times would shift the boundary by the UTC offset.
    """
    if max_age_days <= 0:
        raise ValueError("max_age_days must be positive")
    if now.tzinfo is None or (signed_at is not None and signed_at.tzinfo is None):
        raise ValueError("attestation times must be timezone-aware")
    if signed_at is None:
        return AttestationStatus("missing", None)
    expires_at = signed_at + timedelta(days=max_age_days)
    return AttestationStatus("valid" if now < expires_at else "expired", expires_at)


def load_frameworks(directory: Path | None = None) -> dict[str, Framework]:
    """Read every `*.yaml` in *directory* (default: the bundled frameworks), keyed by framework id.

    Raises PolicyError naming the file for anything wrong: unreadable YAML, a schema violation,
    or two files declaring the same framework id.
    """
    # Imported here, not at module top, so that policies.loader may re-export this function
    # without an import cycle.
    from policies.loader import PolicyError, _load

    directory = directory or BUNDLED_FRAMEWORKS_DIR
    if not directory.is_dir():
        raise PolicyError(f"framework directory not found: {directory}")
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise PolicyError(f"no framework files (*.yaml) in {directory}")
    frameworks: dict[str, Framework] = {}
    origin: dict[str, Path] = {}
    for path in paths:
        framework = _load(path, Framework)
        if framework.id in frameworks:
            raise PolicyError(
                f"invalid policy {path}: framework id {framework.id!r} already defined in {origin[framework.id].name}"
            )
        frameworks[framework.id] = framework
        origin[framework.id] = path
    return frameworks
