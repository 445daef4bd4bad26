"""The breach register: the incident's facts, the assessment per law, the notices sent, each law's clocks.

A breach is one incident; what it owes is per law and per recipient. Each framework file lists the
notices its law requires (`deadlines.breach_notices`): to whom (the authority, the individuals,
the public, California's Attorney General), under which of the law's own tests (GDPR: a risk; PDPA:
significant harm or 500 people; UU PDP: always; California: unencrypted data), and by when (hours
from awareness, calendar days after the day of the assessment, days after another notice). The
assessment records the facts those tests read (risk, high risk, significant harm, whether the data
was unreadable, how many people), not one yes/no flag that would switch every law off at once.
PDPA also puts a clock on the assessment itself (30 days from awareness): an unassessed breach
goes overdue instead of waiting forever.

Times entered are checked against each other (no assessment or notice before the incident was
detected, nothing in the future), and each row keeps when it was entered, so a notice entered long
after the date it claims shows as entered late.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, select, update

from privacy.deadlines import WorkingDays, calendar_of, end_of_day
from privacy.errors import PrivacyError
from privacy.models import compliance_breach_notices, compliance_breaches

__all__ = [
    "Assessment", "Breach", "BreachError", "BreachNotFound", "BreachRegister", "Notice", "NoticeRule",
    "Obligation", "SCALE_THRESHOLD", "assessment_due", "obligations", "register_row", "rules_from",
]

HOUR = 3600.0
DAY = 86_400.0
#: PDPA s. 26B(1)(b) and Personal Data Protection (Notification of Data Breaches) Regs 2021, reg. 4:
#: a breach affecting 500 or more individuals is notifiable by its scale alone.
SCALE_THRESHOLD = 500
#: California Civ. Code 1798.82(f): more than 500 residents, and the Attorney General gets a sample.
AG_THRESHOLD = 500
#: A time entered more than this before the moment it is entered is shown as entered late.
LATE_ENTRY = DAY
ObligationState = Literal["not_required", "awaiting_assessment", "pending", "overdue", "met", "late"]


class BreachError(PrivacyError):
    """A breach register operation that cannot be done (a time before detection, in the future, ...)."""


class BreachNotFound(BreachError):
    """No breach with that id."""


@dataclass(frozen=True)
class Assessment:
    """The facts the laws' tests read. None: not assessed (yet)."""

    risk: bool                      # likely to result in a risk to individuals (GDPR 33)
    high_risk: bool = False         # likely to result in a high risk (GDPR 34)
    significant_harm: bool = False  # likely to result in significant harm (PDPA 26B(1)(a))
    unencrypted: bool = True        # the data was readable: not encrypted, or the key went too (1798.82)
    public_impact: bool = False     # disrupts public services or seriously affects the public (UU PDP 46(3))
    #: GDPR 33(5): the register documents each breach's effects and the remedial action taken
    #: (33(3)(c)-(d) asks the same of the notice: the likely consequences and the measures).
    consequences: str = ""
    remedial_action: str = ""

    @property
    def facts(self) -> dict[str, bool]:
        """The yes/no findings the laws' tests read (what a chained event may carry; no free text)."""
        return {k: v for k, v in self.__dict__.items() if isinstance(v, bool)}

    @property
    def missing_records(self) -> list[str]:
        """The GDPR 33(5) fields this assessment leaves empty."""
        return [name for name in ("consequences", "remedial_action") if not getattr(self, name).strip()]


@dataclass(frozen=True)
class Notice:
    notice_id: str
    framework: str
    recipient: str
    notified_at: float
    reference: str
    recorded_by: str
    recorded_at: float | None

    @property
    def entered_late(self) -> bool:
        return self.recorded_at is not None and self.recorded_at - self.notified_at > LATE_ENTRY


@dataclass(frozen=True)
class Breach:
    breach_id: str
    title: str
    description: str
    detected_at: float
    assessed_at: float | None
    assessment: Assessment | None
    affected_subjects: int
    data_classes: tuple[str, ...]
    recorded_by: str
    assessed_by: str | None
    recorded_at: float | None = None
    notices: tuple[Notice, ...] = field(default_factory=tuple)

    @property
    def notifiable(self) -> bool | None:
        """Whether any risk was found (the GDPR reading; each law applies its own test)."""
        return None if self.assessment is None else self.assessment.risk

    def first_notice(self, framework: str, recipient: str) -> Notice | None:
        found = [n for n in self.notices if n.framework == framework and n.recipient == recipient]
        return min(found, key=lambda n: n.notified_at) if found else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "breach_id": self.breach_id, "title": self.title, "description": self.description,
            "detected_at": self.detected_at, "assessed_at": self.assessed_at,
            "assessment": None if self.assessment is None else dict(self.assessment.__dict__),
            "notifiable": self.notifiable, "affected_subjects": self.affected_subjects,
            "data_classes": list(self.data_classes), "recorded_by": self.recorded_by, "assessed_by": self.assessed_by,
            "recorded_at": self.recorded_at,
            "notices": [{"notice_id": n.notice_id, "framework": n.framework, "recipient": n.recipient,
                         "notified_at": n.notified_at, "reference": n.reference, "recorded_by": n.recorded_by,
                         "recorded_at": n.recorded_at, "entered_late": n.entered_late} for n in self.notices],
        }


@dataclass(frozen=True)
class NoticeRule:
    """One of a law's breach notices (from `Deadlines.breach_notices`), with the law's day boundary."""

    framework: str
    recipient: str
    required_when: str
    hours: float | None
    days: int | None
    starts: str
    citation: str
    working: WorkingDays = WorkingDays(UTC)
    #: The law's period for the assessment itself (PDPA: 30 days); a clock that starts at the
    #: assessment starts at that deadline while the assessment is overdue, so it cannot wait forever.
    assessment_days: int | None = None


@dataclass(frozen=True)
class Obligation:
    """Where one notice of one law stands for one breach."""

    framework: str
    recipient: str
    citation: str
    state: ObligationState
    due_at: float | None
    notified_at: float | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _required(rule: NoticeRule, breach: Breach) -> bool | None:
    """The law's test on the assessment's facts; None when they are not known yet."""
    if rule.required_when == "always":
        return True
    a = breach.assessment
    if rule.required_when == "significant_harm_or_scale" and breach.affected_subjects >= SCALE_THRESHOLD:
        return True  # the scale alone decides, assessed or not
    if a is None:
        return None
    return {
        "risk": a.risk,
        "high_risk": a.high_risk,
        "significant_harm": a.significant_harm,
        "significant_harm_or_scale": a.significant_harm,
        "unencrypted": a.unencrypted,
        "public_impact": a.public_impact,
        "unencrypted_over_500": a.unencrypted and breach.affected_subjects > AG_THRESHOLD,
    }[rule.required_when]


def _start(rule: NoticeRule, breach: Breach) -> float | None:
    if rule.starts == "detected":
        return breach.detected_at
    if rule.starts == "assessed":
        if breach.assessed_at is None and rule.assessment_days is not None:
            return breach.detected_at + rule.assessment_days * DAY
        return breach.assessed_at
    other = breach.first_notice(rule.framework, "subjects" if rule.starts == "notified_subjects" else "authority")
    return None if other is None else other.notified_at


def _due(rule: NoticeRule, start: float | None) -> float | None:
    if start is None:
        return None
    if rule.hours is not None:
        return start + rule.hours * HOUR
    if rule.days is not None:  # "N calendar days after the day ...": midnight ending the N-th day, the law's time
        return end_of_day(rule.working.local(start) + timedelta(days=rule.days)).timestamp()
    return None  # "without undue delay": no fixed period


def obligations(rules: Iterable[NoticeRule], breach: Breach, now: float) -> list[Obligation]:
    """Every notice *breach* owes under *rules*, each with its state and due time."""
    out = []
    for rule in rules:
        required = _required(rule, breach)
        due = _due(rule, _start(rule, breach))
        notice = breach.first_notice(rule.framework, rule.recipient)
        if required is False:
            state: ObligationState = "not_required"
        elif notice is not None:
            state = "met" if due is None or notice.notified_at <= due else "late"
        elif required is None:
            state = "overdue" if due is not None and now > due else "awaiting_assessment"
        else:
            state = "overdue" if due is not None and now > due else "pending"
        out.append(Obligation(rule.framework, rule.recipient, rule.citation, state, due,
                              notice.notified_at if notice else None))
    return out


def assessment_due(breach: Breach, assessment_days: int | None) -> tuple[str, float | None]:
    """("assessed" | "pending" | "overdue", due time) of the assessment itself, where a law sets a period."""
    if assessment_days is None:
        return ("assessed" if breach.assessment is not None else "pending"), None
    due = breach.detected_at + assessment_days * DAY
    if breach.assessment is not None:
        return ("assessed" if (breach.assessed_at or 0) <= due else "late"), due
    return ("overdue" if time.time() > due else "pending"), due


class BreachRegister:
    def __init__(self, engine: Engine, *, tenant: str = "default", clock: Any = time.time) -> None:
        self._engine = engine
        self.tenant = tenant
        self._clock = clock

    def _not_future(self, at: float, what: str) -> None:
        if at > self._clock() + 60:
            raise BreachError(f"{what} is in the future")

    def record(self, title: str, description: str, *, detected_at: float, by: str, affected_subjects: int = 0,
               data_classes: Iterable[str] = ()) -> Breach:
        if not title.strip():
            raise BreachError("a breach needs a title")
        self._not_future(detected_at, "detected_at")
        breach_id = uuid.uuid4().hex
        with self._engine.begin() as conn:
            conn.execute(compliance_breaches.insert().values(
                breach_id=breach_id, tenant=self.tenant, title=title.strip()[:200], description=description.strip(),
                detected_at=detected_at, affected_subjects=max(0, int(affected_subjects)),
                data_classes=",".join(sorted(set(data_classes))), recorded_by=by, recorded_at=self._clock()))
        return self.get(breach_id)

    def check_assessment(self, breach_id: str, assessed_at: float | None) -> tuple[Breach, float]:
        """The breach and the assessment time, or `BreachError` (checked before anything is written)."""
        breach = self.get(breach_id)
        when = self._clock() if assessed_at is None else assessed_at
        if when < breach.detected_at:
            raise BreachError("a breach cannot be assessed before it was detected")
        self._not_future(when, "assessed_at")
        return breach, when

    def assess(self, breach_id: str, assessment: Assessment, *, by: str, assessed_at: float | None = None,
               affected_subjects: int | None = None) -> Breach:
        _, when = self.check_assessment(breach_id, assessed_at)
        values: dict[str, Any] = {
            "assessed_at": when, "notifiable": int(assessment.risk), "assessed_by": by,
            "high_risk": int(assessment.high_risk), "significant_harm": int(assessment.significant_harm),
            "unencrypted": int(assessment.unencrypted), "public_impact": int(assessment.public_impact),
            "consequences": assessment.consequences.strip(), "remedial_action": assessment.remedial_action.strip(),
        }
        if affected_subjects is not None:
            values["affected_subjects"] = max(0, int(affected_subjects))
        with self._engine.begin() as conn:
            conn.execute(update(compliance_breaches).where(compliance_breaches.c.breach_id == breach_id).values(**values))
        return self.get(breach_id)

    def check_notice(self, breach_id: str, notified_at: float | None) -> tuple[Breach, float]:
        breach = self.get(breach_id)
        when = self._clock() if notified_at is None else notified_at
        if when < breach.detected_at:
            raise BreachError("a notice cannot be dated before the breach was detected")
        self._not_future(when, "notified_at")
        return breach, when

    def notify(self, breach_id: str, framework: str, *, reference: str, by: str, notified_at: float | None = None,
               recipient: str = "authority") -> Breach:
        """Record a notice; a law may need several (authority, individuals, ...), and follow-ups are kept too."""
        _, when = self.check_notice(breach_id, notified_at)
        with self._engine.begin() as conn:
            conn.execute(compliance_breach_notices.insert().values(
                notice_id=uuid.uuid4().hex, breach_id=breach_id, framework=framework, recipient=recipient,
                notified_at=when, reference=reference.strip()[:200] or "-", recorded_by=by, recorded_at=self._clock()))
        return self.get(breach_id)

    def get(self, breach_id: str) -> Breach:
        found = self._load([breach_id])
        if not found:
            raise BreachNotFound(f"no breach {breach_id}")
        return found[0]

    def all(self) -> list[Breach]:
        with self._engine.connect() as conn:
            ids = list(conn.execute(select(compliance_breaches.c.breach_id).where(compliance_breaches.c.tenant == self.tenant)
                                    .order_by(compliance_breaches.c.detected_at)).scalars())
        return self._load(ids)

    def rows(self) -> list[tuple[str, dict[str, Any]]]:
        """Every breach as (resource, stored fields): what the audit chain's register check compares."""
        return [(f"breach:{b.breach_id}", register_row(b)) for b in self.all()]

    def _load(self, ids: Sequence[str]) -> list[Breach]:
        if not ids:
            return []
        with self._engine.connect() as conn:
            rows = conn.execute(select(compliance_breaches).where(compliance_breaches.c.tenant == self.tenant,
                                                                  compliance_breaches.c.breach_id.in_(ids))).all()
            notices = conn.execute(select(compliance_breach_notices)
                                   .where(compliance_breach_notices.c.breach_id.in_(ids))
                                   .order_by(compliance_breach_notices.c.notified_at)).all()
        by_breach: dict[str, list[Notice]] = {}
        for n in notices:
            by_breach.setdefault(n.breach_id, []).append(
                Notice(n.notice_id, n.framework, n.recipient, n.notified_at, n.reference, n.recorded_by, n.recorded_at))
        order = {breach_id: i for i, breach_id in enumerate(ids)}
        out = []
        for r in rows:
            assessment = None
            if r.assessed_at is not None and r.notifiable is not None:
                assessment = Assessment(bool(r.notifiable), bool(r.high_risk or 0), bool(r.significant_harm or 0),
                                        True if r.unencrypted is None else bool(r.unencrypted),
                                        bool(r.public_impact or 0), r.consequences or "", r.remedial_action or "")
            out.append(Breach(r.breach_id, r.title, r.description, r.detected_at, r.assessed_at, assessment,
                              r.affected_subjects, tuple(c for c in r.data_classes.split(",") if c), r.recorded_by,
                              r.assessed_by, r.recorded_at, tuple(by_breach.get(r.breach_id, ()))))
        return sorted(out, key=lambda b: order[b.breach_id])


def register_row(breach: Breach) -> dict[str, Any]:
    """The fields of a breach that its register events vouch for (what a SQL rewrite would change)."""
    return {
        "detected_at": breach.detected_at, "assessed_at": breach.assessed_at,
        # Empty 33(5) texts are left out, so rows written before they existed keep their digests.
        "assessment": None if breach.assessment is None else {
            k: v for k, v in breach.assessment.__dict__.items() if v != ""},
        "affected_subjects": breach.affected_subjects,
        "notices": sorted((n.notice_id, n.framework, n.recipient, n.notified_at) for n in breach.notices),
    }


def rules_from(framework_id: str, deadlines: Any, *, processor_hours: int | None = None,
               processor: bool = False) -> list[NoticeRule]:
    """A framework's notice rules; older files with one breach clock become one authority notice.

    A *processor* owes its controller the law's processor notice instead, with the processing
    agreement's *processor_hours* where the law only says "without undue delay".
    """
    working = calendar_of(deadlines)
    if processor:
        return [NoticeRule(framework_id, n.recipient, n.required_when, n.hours or processor_hours, n.days, n.starts,
                           n.citation, working) for n in deadlines.processor_breach_notices]
    if deadlines.breach_notices:
        return [NoticeRule(framework_id, n.recipient, n.required_when, n.hours, n.days, n.starts, n.citation, working,
                           deadlines.breach_assessment_days) for n in deadlines.breach_notices]
    if deadlines.breach_clock_starts is None:
        return []
    return [NoticeRule(framework_id, "authority", "risk", deadlines.breach_notify_hours, deadlines.breach_notify_days,
                       deadlines.breach_clock_starts, "breach notification", working, deadlines.breach_assessment_days)]

