"""Data-subject requests and legal holds: who asked for what, under which law, and when it is due.

The register keeps facts, never the identifiers a requester gave: the subject appears only as the
vault's keyed references, found by the shell through the blind index. Due times are fixed at receipt
from the framework's deadlines (`deadlines.dsar_deadlines`), so a later policy edit cannot move the
goalposts of a request already running. Every state change is a compare-and-set: two officers acting
on one request at once cannot both complete it.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Engine, select, update

from policies.frameworks import REQUEST_KINDS
from privacy.deadlines import dsar_deadlines
from privacy.errors import PrivacyError
from privacy.models import compliance_dsar_requests, compliance_legal_holds

__all__ = [
    "KINDS", "DsarError", "DsarNotFound", "RequestKindRefused", "DsarRegister", "DsarRequest", "HoldNotFound", "LegalHold", "LegalHoldActive",
    "LegalHolds", "deadline_state",
]

KINDS: tuple[str, ...] = REQUEST_KINDS
DeadlineState = Literal["pending", "overdue", "met", "late"]


class DsarError(PrivacyError):
    """A request operation that cannot be done in the request's state (completed twice, not verified ...)."""


class RequestKindRefused(DsarError):
    """The law gives no request of that kind (the PDPA's erasure is a withdrawal of consent, s. 16)."""


class DsarNotFound(DsarError):
    """No request with that id."""


class HoldNotFound(DsarError):
    """No legal hold with that id."""


class LegalHoldActive(DsarError):
    """Erasure refused: the subject is under legal hold. The message says which hold and why."""


@dataclass(frozen=True)
class DsarRequest:
    request_id: str
    kind: str
    framework: str
    subject_refs: tuple[str, ...]
    state: str
    received_at: float
    due_at: float | None  # None: the law sets no period for this kind (UU PDP erasure)
    extendable_to: float | None
    confirm_by: float | None
    confirmed_at: float | None
    verified_at: float | None
    extended_at: float | None
    extension_reason: str | None
    closed_at: float | None
    outcome: Mapping[str, Any]
    reference: str
    opened_by: str
    handled_by: str | None

    @property
    def answer_by(self) -> float | None:
        """The due time in force: the extended one once an extension was notified."""
        return self.extendable_to if self.extended_at is not None and self.extendable_to is not None else self.due_at

    @property
    def open(self) -> bool:
        return self.state in ("received", "verified")

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["subject_refs"] = list(self.subject_refs)
        out["outcome"] = dict(self.outcome)
        out["answer_by"] = self.answer_by
        return out


def deadline_state(request: DsarRequest, now: float) -> tuple[DeadlineState, DeadlineState | None]:
    """(answer state, confirmation state or None when the law sets no confirmation deadline)."""
    due = request.answer_by
    if request.closed_at is not None:
        answer: DeadlineState = "met" if due is None or request.closed_at <= due else "late"
    else:
        answer = "overdue" if due is not None and now > due else "pending"
    confirm: DeadlineState | None = None
    if request.confirm_by is not None:
        if request.confirmed_at is not None:
            confirm = "met" if request.confirmed_at <= request.confirm_by else "late"
        else:
            confirm = "overdue" if now > request.confirm_by else "pending"
    return answer, confirm


class DsarRegister:
    """The requests of one tenant. `clock` is injectable so that deadline tests need no sleeping."""

    def __init__(self, engine: Engine, *, tenant: str = "default", clock: Any = time.time) -> None:
        self._engine = engine
        self.tenant = tenant
        self._clock = clock

    def open(self, kind: str, framework: str, deadlines: Any, *, subject_refs: Iterable[str], by: str,
             received_at: float | None = None, reference: str = "") -> DsarRequest:
        """Register a request received at *received_at* (now by default) under *framework*'s *deadlines*."""
        if kind not in KINDS:
            raise RequestKindRefused(f"unknown request kind {kind!r}: {', '.join(KINDS)}")
        refused = deadlines.refused_requests.get(kind)
        if refused:
            raise RequestKindRefused(f"{framework} has no {kind} request: {refused}")
        if deadlines.request_clock(kind) is None:
            raise RequestKindRefused(f"{framework} gives no {kind} request; it gives: {', '.join(deadlines.request_kinds)}")
        now = self._clock()
        received = now if received_at is None else float(received_at)
        if received > now + 60:
            raise DsarError("received_at is in the future")
        due = dsar_deadlines(deadlines, received, kind)
        request_id = uuid.uuid4().hex
        with self._engine.begin() as conn:
            conn.execute(compliance_dsar_requests.insert().values(
                request_id=request_id, tenant=self.tenant, kind=kind, framework=framework,
                subject_refs=" ".join(dict.fromkeys(subject_refs)), state="received", received_at=received,
                due_at=due.answer_by, extendable_to=due.extended_answer_by, confirm_by=due.confirm_by,
                outcome="{}", reference=reference.strip()[:200], opened_by=by))
        return self.get(request_id)

    def confirm(self, request_id: str, *, by: str, at: float | None = None) -> DsarRequest:
        """Record that receipt was confirmed to the requester (CCPA: within 10 business days)."""
        request = self.get(request_id)
        if request.confirmed_at is not None:
            raise DsarError("receipt of this request was already confirmed")
        return self._change(request_id, request.state, by, confirmed_at=self._clock() if at is None else at)

    def verify(self, request_id: str, *, by: str, method: str) -> DsarRequest:
        """Record that the requester's identity was verified (needed before any data leaves or goes)."""
        if not method.strip():
            raise DsarError("say how the identity was verified")
        request = self._must_be(request_id, ("received",), "verified")
        return self._change(request.request_id, "received", by, state="verified", verified_at=self._clock(),
                            outcome=_json({**request.outcome, "verification": method.strip()[:200]}))

    def extend(self, request_id: str, *, by: str, reason: str, answer_by: float | None = None,
               by_notice: bool = False) -> DsarRequest:
        """Use the law's one extension, notified before the first deadline.

        GDPR (two further months) and CCPA (45 days) fix the new date at receipt. The PDPA (reg. 5)
        lets the organisation set it (`by_notice`, with *answer_by*): the applicant is told within the
        30 days when the answer will come.
        """
        request = self.get(request_id)
        if not request.open:
            raise DsarError(f"request is {request.state}: nothing to extend")
        if request.extended_at is not None:
            raise DsarError("the one extension this law allows was already used")
        if request.due_at is None:
            raise DsarError("this request has no fixed deadline to extend")
        if not by_notice and request.extendable_to is None:
            raise DsarError(f"{request.framework} allows no extension of this deadline")
        if not by_notice and answer_by is not None:
            raise DsarError(f"{request.framework} fixes the extended deadline itself; give no date")
        now = self._clock()
        if now > request.due_at:
            raise DsarError("an extension must be notified before the first deadline, which has passed")
        if not reason.strip():
            raise DsarError("an extension needs the reason told to the requester")
        values: dict[str, Any] = {"extended_at": now, "extension_reason": reason.strip()}
        if by_notice:
            if answer_by is None:
                raise DsarError("say when the answer will come (the date told to the applicant)")
            if answer_by <= request.due_at:
                raise DsarError("the date told to the applicant must be after the first deadline")
            values["extendable_to"] = answer_by
        return self._change(request_id, request.state, by, **values)

    def complete(self, request_id: str, *, by: str, outcome: Mapping[str, Any],
                 from_states: Sequence[str] = ("verified",)) -> DsarRequest:
        """Close a request with what was done (export digest, erasure certificates, the action taken ...)."""
        request = self._must_be(request_id, from_states, "completed")
        return self._change(request_id, request.state, by, state="completed", closed_at=self._clock(),
                            outcome=_json({**request.outcome, **outcome}))

    def reject(self, request_id: str, *, by: str, reason: str) -> DsarRequest:
        """Close a request without acting on it (identity not verified, manifestly unfounded ...), with why."""
        if not reason.strip():
            raise DsarError("a rejection needs the reason told to the requester")
        request = self._must_be(request_id, ("received", "verified"), "rejected")
        return self._change(request_id, request.state, by, state="rejected", closed_at=self._clock(),
                            outcome=_json({**request.outcome, "rejected": reason.strip()}))

    def get(self, request_id: str) -> DsarRequest:
        found = self._load(compliance_dsar_requests.c.request_id == request_id)
        if not found:
            raise DsarNotFound(f"no data-subject request {request_id}")
        return found[0]

    def all(self, *, open_only: bool = False) -> list[DsarRequest]:
        requests = self._load()
        return [r for r in requests if r.open] if open_only else requests

    def _must_be(self, request_id: str, states: Sequence[str], becoming: str) -> DsarRequest:
        request = self.get(request_id)
        if request.state not in states:
            raise DsarError(f"request is {request.state}; it can become {becoming} only from {' or '.join(states)}")
        return request

    def _change(self, request_id: str, expected_state: str, by: str, **values: Any) -> DsarRequest:
        table = compliance_dsar_requests
        with self._engine.begin() as conn:
            changed = conn.execute(update(table).where(table.c.tenant == self.tenant, table.c.request_id == request_id,
                                                       table.c.state == expected_state)
                                   .values(handled_by=by, **values)).rowcount
        if changed != 1:
            raise DsarError("the request changed meanwhile; look again and retry")
        return self.get(request_id)

    def _load(self, *where: Any) -> list[DsarRequest]:
        table = compliance_dsar_requests
        with self._engine.connect() as conn:
            rows = conn.execute(select(table).where(table.c.tenant == self.tenant, *where)
                                .order_by(table.c.received_at, table.c.request_id)).all()
        return [DsarRequest(r.request_id, r.kind, r.framework, tuple(r.subject_refs.split()), r.state, r.received_at,
                            r.due_at, r.extendable_to, r.confirm_by, r.confirmed_at, r.verified_at, r.extended_at,
                            r.extension_reason, r.closed_at, json.loads(r.outcome or "{}"), r.reference, r.opened_by,
                            r.handled_by) for r in rows]


@dataclass(frozen=True)
class LegalHold:
    hold_id: str
    subject_ref: str
    reason: str
    placed_by: str
    placed_at: float
    released_at: float | None
    released_by: str | None
    release_reason: str | None

    @property
    def active(self) -> bool:
        return self.released_at is None

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "active": self.active}


class LegalHolds:
    """Holds on subjects (litigation, a regulator's inquiry): erasure and retention leave them alone."""

    def __init__(self, engine: Engine, *, tenant: str = "default", clock: Any = time.time) -> None:
        self._engine = engine
        self.tenant = tenant
        self._clock = clock

    def place(self, subject_ref: str, *, reason: str, by: str) -> LegalHold:
        if not reason.strip():
            raise DsarError("a legal hold needs a reason (case, inquiry, claim)")
        hold_id = uuid.uuid4().hex
        with self._engine.begin() as conn:
            conn.execute(compliance_legal_holds.insert().values(
                hold_id=hold_id, tenant=self.tenant, subject_ref=subject_ref, reason=reason.strip(), placed_by=by,
                placed_at=self._clock()))
        return self.get(hold_id)

    def release(self, hold_id: str, *, reason: str, by: str, at: float | None = None) -> LegalHold:
        if not reason.strip():
            raise DsarError("releasing a legal hold needs a reason")
        table = compliance_legal_holds
        self.get(hold_id)
        with self._engine.begin() as conn:
            changed = conn.execute(update(table).where(table.c.tenant == self.tenant, table.c.hold_id == hold_id,
                                                       table.c.released_at.is_(None))
                                   .values(released_at=self._clock() if at is None else at, released_by=by,
                                           release_reason=reason.strip())).rowcount
        if changed != 1:
            raise DsarError("this legal hold was already released")
        return self.get(hold_id)

    def get(self, hold_id: str) -> LegalHold:
        found = self._load(compliance_legal_holds.c.hold_id == hold_id)
        if not found:
            raise HoldNotFound(f"no legal hold {hold_id}")
        return found[0]

    def all(self, *, active_only: bool = False) -> list[LegalHold]:
        holds = self._load()
        return [h for h in holds if h.active] if active_only else holds

    def held_refs(self) -> set[str]:
        """Every subject reference under an active hold."""
        return {h.subject_ref for h in self.all(active_only=True)}

    def check_erasable(self, subject_refs: Iterable[str]) -> None:
        """Raise `LegalHoldActive`, naming the holds and their reasons, if any subject is held."""
        refs = set(subject_refs)
        blocking = [h for h in self.all(active_only=True) if h.subject_ref in refs]
        if blocking:
            reasons = "; ".join(f"hold {h.hold_id} placed by {h.placed_by}: {h.reason}" for h in blocking)
            raise LegalHoldActive(f"erasure refused, the subject is under legal hold ({reasons})")

    def _load(self, *where: Any) -> list[LegalHold]:
        table = compliance_legal_holds
        with self._engine.connect() as conn:
            rows = conn.execute(select(table).where(table.c.tenant == self.tenant, *where)
                                .order_by(table.c.placed_at, table.c.hold_id)).all()
        return [LegalHold(r.hold_id, r.subject_ref, r.reason, r.placed_by, r.placed_at, r.released_at, r.released_by,
                          r.release_reason) for r in rows]


def _json(value: Mapping[str, Any]) -> str:
    return json.dumps(dict(value), sort_keys=True, separators=(",", ":"))
