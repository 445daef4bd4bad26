"""The breach register: when an incident was detected and assessed, and whether each law's clock was met.

Each regulation starts its clock differently (GDPR and UU PDP when the controller becomes aware,
PDPA when the breach has been assessed as notifiable) and counts in its own unit; the periods come
from the framework files (`deadlines.breach_*`). The register holds facts about the incident, never
the personal data involved: counts and data classes only.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from audit.log import AuditError
from audit.models import compliance_breach_notices, compliance_breaches

__all__ = ["Breach", "BreachError", "BreachNotFound", "BreachRegister", "Clock", "deadline", "notice_status"]

HOUR = 3600.0
DAY = 86_400.0
NoticeState = Literal["not_required", "awaiting_assessment", "pending", "overdue", "met", "late", "no_deadline"]


class BreachError(AuditError):
    """A breach register operation that cannot be done (notified twice, not notifiable, ...)."""


class BreachNotFound(BreachError):
    """No breach with that id."""


@dataclass(frozen=True)
class Breach:
    breach_id: str
    title: str
    description: str
    detected_at: float
    assessed_at: float | None
    notifiable: bool | None
    affected_subjects: int
    data_classes: tuple[str, ...]
    recorded_by: str
    assessed_by: str | None
    notices: Mapping[str, tuple[float, str]]  # framework -> (notified_at, reference)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["data_classes"] = list(self.data_classes)
        out["notices"] = {k: {"notified_at": v[0], "reference": v[1]} for k, v in self.notices.items()}
        return out


@dataclass(frozen=True)
class Clock:
    """A framework's breach clock (from `Framework.deadlines`).

    Laws count either hours from the moment (GDPR: 72 hours after becoming aware) or calendar days
    after the day (PDPA s. 26D: within 3 calendar days after the day of the assessment, so the
    period ends at local midnight of the third day, not 72 hours after the assessment).
    """

    framework: str
    hours: float | None  # a period in hours from the moment; None: see days
    starts: Literal["detected", "assessed"] | None
    days: int | None = None  # calendar days after the day the clock starts
    utc_offset_hours: float = 0.0  # where "the day" is counted


def deadline(clock: Clock, breach: Breach) -> float | None:
    """When notification is due under *clock*, or None if it cannot be known yet / has no period."""
    if clock.starts is None or (clock.hours is None and clock.days is None):
        return None
    start = breach.detected_at if clock.starts == "detected" else breach.assessed_at
    if start is None:
        return None
    if clock.hours is not None:
        return start + clock.hours * HOUR
    offset = clock.utc_offset_hours * HOUR
    start_of_day = ((start + offset) // DAY) * DAY - offset
    return start_of_day + (1 + (clock.days or 0)) * DAY  # midnight ending the last day


def notice_status(clock: Clock, breach: Breach, now: float) -> tuple[NoticeState, float | None]:
    """Where *breach* stands under *clock*: (state, due time)."""
    if breach.notifiable is False:
        return "not_required", None
    if breach.notifiable is None:
        return "awaiting_assessment", deadline(clock, breach)
    due = deadline(clock, breach)
    notice = breach.notices.get(clock.framework)
    if due is None:
        return "no_deadline", None
    if notice is not None:
        return ("met" if notice[0] <= due else "late"), due
    return ("overdue" if now > due else "pending"), due


class BreachRegister:
    def __init__(self, engine: Engine, *, tenant: str = "default", clock: Any = time.time) -> None:
        self._engine = engine
        self.tenant = tenant
        self._clock = clock

    def record(self, title: str, description: str, *, detected_at: float, by: str, affected_subjects: int = 0,
               data_classes: Iterable[str] = ()) -> Breach:
        if not title.strip():
            raise BreachError("a breach needs a title")
        if detected_at > self._clock() + 60:
            raise BreachError("detected_at is in the future")
        breach_id = uuid.uuid4().hex
        with self._engine.begin() as conn:
            conn.execute(compliance_breaches.insert().values(
                breach_id=breach_id, tenant=self.tenant, title=title.strip()[:200], description=description.strip(),
                detected_at=detected_at, affected_subjects=max(0, int(affected_subjects)),
                data_classes=",".join(sorted(set(data_classes))), recorded_by=by))
        return self.get(breach_id)

    def assess(self, breach_id: str, *, notifiable: bool, by: str, assessed_at: float | None = None) -> Breach:
        breach = self.get(breach_id)
        when = self._clock() if assessed_at is None else assessed_at
        if when < breach.detected_at:
            raise BreachError("a breach cannot be assessed before it was detected")
        with self._engine.begin() as conn:
            conn.execute(update(compliance_breaches).where(compliance_breaches.c.breach_id == breach_id)
                         .values(assessed_at=when, notifiable=int(notifiable), assessed_by=by))
        return self.get(breach_id)

    def notify(self, breach_id: str, framework: str, *, reference: str, by: str, notified_at: float | None = None) -> Breach:
        breach = self.get(breach_id)
        if breach.notifiable is False:
            raise BreachError("this breach was assessed as not notifiable")
        when = self._clock() if notified_at is None else notified_at
        try:
            with self._engine.begin() as conn:
                conn.execute(compliance_breach_notices.insert().values(
                    breach_id=breach_id, framework=framework, notified_at=when, reference=reference.strip()[:200] or "-",
                    recorded_by=by))
        except IntegrityError:
            raise BreachError(f"the {framework} notification of this breach is already recorded") from None
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

    def _load(self, ids: Sequence[str]) -> list[Breach]:
        if not ids:
            return []
        with self._engine.connect() as conn:
            rows = conn.execute(select(compliance_breaches).where(compliance_breaches.c.tenant == self.tenant,
                                                                  compliance_breaches.c.breach_id.in_(ids))).all()
            notices = conn.execute(select(compliance_breach_notices)
                                   .where(compliance_breach_notices.c.breach_id.in_(ids))).all()
        by_breach: dict[str, dict[str, tuple[float, str]]] = {}
        for n in notices:
            by_breach.setdefault(n.breach_id, {})[n.framework] = (n.notified_at, n.reference)
        order = {breach_id: i for i, breach_id in enumerate(ids)}
        return sorted((Breach(r.breach_id, r.title, r.description, r.detected_at, r.assessed_at,
                              None if r.notifiable is None else bool(r.notifiable), r.affected_subjects,
                              tuple(c for c in r.data_classes.split(",") if c), r.recorded_by, r.assessed_by,
                              by_breach.get(r.breach_id, {})) for r in rows), key=lambda b: order[b.breach_id])
