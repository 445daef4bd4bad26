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
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from policies.files import PolicyError, _load
from policies.privacy_notice import Bilingual

__all__ = [
    "BUNDLED_FRAMEWORKS_DIR",
    "CATEGORIES",
    "EVIDENCE",
    "Attestation",
    "AttestationState",
    "AttestationStatus",
    "Authority",
    "UnknownFramework",
    "Category",
    "REQUEST_KINDS",
    "RequestClock",
    "WorkCalendar",
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
    "withdrawal", "opt_out",
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
    #: A role that cannot vouch for the item, e.g. the DPO for their own appointment and independence.
    independent_of: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
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


#: Who a breach notice goes to.
Recipient = Literal["authority", "subjects", "public", "attorney_general", "controller"]
#: When a notice is owed, from the assessment's facts (a closed vocabulary, each a law's test):
#: always (UU PDP Art. 46(1): no risk threshold); risk (GDPR 33: unless unlikely to result in a risk);
#: high_risk (GDPR 34); significant_harm_or_scale (PDPA 26B(1): significant harm, or 500 or more
#: individuals); significant_harm (PDPA 26D(2): the individuals); unencrypted (Civ. Code 1798.82(a):
#: unencrypted data, or the key went too); unencrypted_over_500 (1798.82(f): the Attorney General); public_impact (UU PDP 46(3): the public,
#: where public services are disrupted or the public interest seriously affected).
NoticeCondition = Literal["always", "risk", "high_risk", "significant_harm_or_scale", "significant_harm",
                          "unencrypted", "unencrypted_over_500", "public_impact"]


class BreachNotice(BaseModel):
    """One notice a law requires for a breach: to whom, when it is owed, and by when."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    recipient: Recipient
    required_when: NoticeCondition
    #: From the moment the clock starts, in hours ...
    hours: int | None = Field(default=None, gt=0)
    #: ... or in calendar days after the day it starts (ending at local midnight); neither: "without
    #: undue delay", no fixed period (kept, and shown as due as soon as possible).
    days: int | None = Field(default=None, gt=0)
    #: detected (awareness), assessed, or the day another recipient was notified ("subjects").
    starts: Literal["detected", "assessed", "notified_subjects", "notified_authority"] = "detected"
    citation: str = Field(min_length=1, max_length=120)

    @model_validator(mode="after")
    def _one_period(self) -> BreachNotice:
        if self.hours is not None and self.days is not None:
            raise ValueError("give at most one of hours, days")
        return self


#: The request kinds the register knows. UU PDP and GDPR give withdrawal of consent, restriction and
#: objection their own rights; CCPA's opt-out of sale or sharing has its own 15-business-day clock.
RequestKind = Literal["access", "rectification", "erasure", "withdrawal", "restriction", "objection", "opt_out"]
REQUEST_KINDS: tuple[str, ...] = get_args(RequestKind)


class WorkCalendar(BaseModel):
    """The law's clock: an IANA time zone and the public holidays of its place."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zone: str = Field(min_length=1, max_length=64, description="IANA zone, e.g. America/Los_Angeles")
    #: A `holidays` package code: a country (SG, ID, IE) or country-subdivision (US-CA); None: weekends only.
    holidays: str | None = Field(default=None, pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
    #: Regulation 1182/71 Art. 3(4): a period in days, weeks or months that ends on a weekend or a
    #: public holiday runs to the end of the next working day.
    shift_to_working_day: bool = False

    @field_validator("zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("holidays")
    @classmethod
    def _known_calendar(cls, value: str | None) -> str | None:
        if value is None:
            return value
        import holidays  # deferred: its calendars take ~0.2 s to import; only files with a calendar need it

        country, _, subdivision = value.partition("-")
        try:
            holidays.country_holidays(country, subdiv=subdivision or None, years=2026)
        except NotImplementedError:
            raise ValueError(f"no public-holiday calendar {value!r} in the holidays package") from None
        return value


class RequestClock(BaseModel):
    """How long a law gives for one kind of request; no period at all means "without undue delay"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    months: int | None = Field(default=None, gt=0)
    days: int | None = Field(default=None, gt=0)
    business_days: int | None = Field(default=None, gt=0)
    hours: int | None = Field(default=None, gt=0)
    #: CCPA (11 CCR 7021(b)): the period "begins on the day" of receipt, which is day one.
    receipt_day_counts: bool = False
    extension_months: int | None = Field(default=None, gt=0)
    extension_days: int | None = Field(default=None, gt=0)
    #: PDPA reg. 5: the organisation tells the applicant, within the period, when it will answer.
    extension_by_notice: bool = False
    confirm_business_days: int | None = Field(default=None, gt=0)
    citation: str = Field(min_length=1, max_length=160)

    @model_validator(mode="after")
    def _one_period(self) -> RequestClock:
        periods = [self.months, self.days, self.business_days, self.hours]
        if sum(v is not None for v in periods) > 1:
            raise ValueError("give at most one of months, days, business_days, hours")
        extensions = [self.extension_months, self.extension_days, self.extension_by_notice or None]
        if sum(v is not None for v in extensions) > 1:
            raise ValueError("give at most one of extension_months, extension_days, extension_by_notice")
        if self.extension_months is not None and self.months is None:
            raise ValueError("extension_months extends a period in months")
        if self.extension_days is not None and self.days is None:
            raise ValueError("extension_days extends a period in days")
        return self

    @property
    def fixed(self) -> bool:
        return any(v is not None for v in (self.months, self.days, self.business_days, self.hours))


class Deadlines(BaseModel):
    """The clocks the DSAR and breach workflows run on, as the law states them.

    Periods keep the law's own unit (GDPR counts a month, UU PDP counts hours, PDPA counts calendar
    days after an assessment) so that nothing is lost in a conversion the law never made. Each
    request kind has its own clock (`requests`); a kind the law does not give is refused at intake
    with the reason in `refused_requests` (the PDPA has no right to erasure).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    #: The older single clock for access, rectification and erasure, used when `requests` is empty.
    dsar_clock: Literal["calendar", "business", "hours"] | None = None
    dsar_access_days: int | None = Field(default=None, gt=0)
    dsar_access_months: int | None = Field(default=None, gt=0)
    dsar_access_hours: int | None = Field(default=None, gt=0)
    dsar_extension_days: int | None = Field(default=None, gt=0)
    dsar_extension_months: int | None = Field(default=None, gt=0)
    dsar_confirm_business_days: int | None = Field(default=None, gt=0)
    requests: Mapping[RequestKind, RequestClock] = Field(default_factory=dict)
    refused_requests: Mapping[RequestKind, str] = Field(default_factory=dict)
    calendar: WorkCalendar | None = None
    breach_notify_hours: int | None = Field(default=None, gt=0)
    breach_notify_days: int | None = Field(default=None, gt=0)
    breach_assessment_days: int | None = Field(default=None, gt=0)
    breach_clock_starts: Literal["detected", "assessed"] | None = None
    #: Every notice the law requires for a breach; when given, it supersedes breach_notify_*.
    breach_notices: tuple[BreachNotice, ...] = ()
    #: What a processor (data intermediary, service provider) owes instead: its controller is told,
    #: and the notices above are the controller's to give. A period left open ("without undue
    #: delay") is taken from the processing agreement (`policies/organisation.yaml`).
    processor_breach_notices: tuple[BreachNotice, ...] = ()
    #: A fixed offset for day counts, where no `calendar` names the law's zone.
    local_utc_offset_hours: float = Field(default=0.0, ge=-12, le=14)

    @model_validator(mode="after")
    def _consistent(self) -> Deadlines:
        access = [self.dsar_access_days, self.dsar_access_months, self.dsar_access_hours]
        if self.requests:
            if any(v is not None for v in access) or self.dsar_clock is not None:
                raise ValueError("give either requests (a clock per kind) or the dsar_* fields, not both")
            if set(self.requests) & set(self.refused_requests):
                raise ValueError("a request kind cannot be both given and refused")
        else:
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

    def request_clock(self, kind: str) -> RequestClock | None:
        """The clock of a *kind* request under this law, or None when the law gives no such request."""
        if self.requests:
            return self.requests.get(kind)  # type: ignore[call-overload]
        if kind not in ("access", "rectification", "erasure"):
            return None
        return RequestClock(months=self.dsar_access_months, days=self.dsar_access_days, hours=self.dsar_access_hours,
                            extension_months=self.dsar_extension_months if self.dsar_access_months else None,
                            extension_days=self.dsar_extension_days if self.dsar_access_days else None,
                            confirm_business_days=self.dsar_confirm_business_days, citation="dsar_* deadlines")

    @property
    def request_kinds(self) -> tuple[str, ...]:
        return tuple(k for k in REQUEST_KINDS if self.request_clock(k) is not None)


class UnknownFramework(LookupError):
    """A framework id no loaded file defines (`policies/frameworks/*.yaml`): the message lists the known ones."""


class Authority(BaseModel):
    """Where a requester may complain under this law, and her rights (GDPR 15(1)(e)-(f), 77)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    contact: str = Field(min_length=1, max_length=300)
    rights: tuple[Bilingual, ...] = Field(min_length=1, description="The requester's rights under this law")


class Framework(BaseModel):
    """One regulation: where it comes from, its authority and rights, its clocks, and its requirements."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9]*$", description="Lower-case slug, e.g. gdpr")
    name: str = Field(min_length=1)
    jurisdiction: str = Field(min_length=1)
    citation_url: str = Field(pattern=r"^https://\S+$", description="The official text")
    related_sources: tuple[str, ...] = ()
    as_of: date = Field(description="Date the requirements were last reviewed against the law")
    authority: Authority
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
