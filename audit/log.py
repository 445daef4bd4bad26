"""The append-only, hash-chained audit log and its verifier.

Appends are serialised per tenant so that sequence numbers have no gaps and each event chains to
the one before it, also with several processes writing: on PostgreSQL with a transaction-scoped
advisory lock, on SQLite with BEGIN IMMEDIATE (the database write lock). A failed append raises
`AuditWriteFailed`; callers let it stop the access it describes (fail closed).
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

import dbcore
from audit.chain import GENESIS, Mac, canonical, chain_hash
from audit.models import audit_events, audit_subjects
from audit.verify import lead, verify_slices

__all__ = ["AuditError", "AuditEvent", "AuditLog", "AuditWriteFailed", "StoredEvent", "VerifyReport"]

VERIFY_BATCH = 5_000


class AuditError(Exception):
    """Base class of the audit log's errors."""


class AuditWriteFailed(AuditError):
    """An event could not be written; the access it describes must not happen."""


@dataclass(frozen=True)
class AuditEvent:
    """One fact for the audit trail. No plaintext PII: subjects are keyed references."""

    action: str
    actor: str
    outcome: str = "ok"
    role: str | None = None
    session_id: str | None = None
    resource: str | None = None
    subjects: tuple[str, ...] = ()
    data_classes: tuple[str, ...] = ()
    purpose: str | None = None
    source_ip: str | None = None
    user_agent: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    at: float | None = None

    def body(self, tenant: str, seq: int, at: float) -> dict[str, Any]:
        out: dict[str, Any] = {"v": 1, "tenant": tenant, "seq": seq, "at": at, "action": self.action,
                               "actor": self.actor, "outcome": self.outcome}
        for name in ("role", "session_id", "resource", "purpose", "source_ip", "user_agent"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.subjects:
            out["subjects"] = list(self.subjects)
        if self.data_classes:
            out["data_classes"] = list(self.data_classes)
        if self.detail:
            out["detail"] = dict(self.detail)
        return out


@dataclass(frozen=True)
class StoredEvent:
    seq: int
    at: float
    body: str
    prev_hash: bytes
    hash: bytes
    mac: bytes
    actor: str = ""
    action: str = ""

    def fields(self) -> dict[str, Any]:
        """The event as it was written (the parsed canonical body)."""
        return dict(json.loads(self.body))


@dataclass(frozen=True)
class VerifyReport:
    """What `verify` found: ok, or the first bad sequence number and why."""

    ok: bool
    checked: int
    head_seq: int
    head_hash: bytes
    first_bad_seq: int | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "head_seq": self.head_seq, "head_hash": self.head_hash.hex(),
                "first_bad_seq": self.first_bad_seq, "reason": self.reason}


class AuditLog:
    """Append and verify one tenant's chain in the database behind *engine*."""

    def __init__(self, engine: Engine, mac: Mac, *, tenant: str = "default", clock: Any = time.time) -> None:
        self._engine = engine
        self._writer = dbcore.writer(engine)
        self._mac = mac
        self.tenant = tenant
        self._clock = clock
        self._lock_key = dbcore.advisory_key(f"kawal-audit:{tenant}")

    @property
    def engine(self) -> Engine:
        """The database the log lives in (the detectors and checkpoints read the same one)."""
        return self._engine

    # -- writing -------------------------------------------------------------------------------

    def append(self, event: AuditEvent) -> int:
        """Write *event*; its sequence number, or `AuditWriteFailed`."""
        return self.append_many([event])[-1]

    def append_many(self, events: Sequence[AuditEvent]) -> list[int]:
        """Write *events* in one transaction, chained in order (a batch is one lock, one commit)."""
        if not events:
            return []
        try:
            with self._writer.begin() as conn:
                self._lock(conn)
                head = conn.execute(
                    select(audit_events.c.seq, audit_events.c.hash)
                    .where(audit_events.c.tenant == self.tenant)
                    .order_by(audit_events.c.seq.desc())
                    .limit(1)
                ).first()
                seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
                rows, seqs, subject_rows = [], [], []
                for event in events:
                    seq += 1
                    at = event.at if event.at is not None else self._clock()
                    body = canonical(event.body(self.tenant, seq, at))
                    digest = chain_hash(prev, body)
                    rows.append({"tenant": self.tenant, "seq": seq, "at": at, "body": body, "prev_hash": prev,
                                 "hash": digest, "mac": self._mac(digest), "actor": event.actor,
                                 "action": event.action})
                    subject_rows.extend({"tenant": self.tenant, "subject_ref": ref, "seq": seq}
                                        for ref in dict.fromkeys(event.subjects))
                    seqs.append(seq)
                    prev = digest
                conn.execute(audit_events.insert(), rows)
                if subject_rows:
                    conn.execute(audit_subjects.insert(), subject_rows)
        except (SQLAlchemyError, ValueError, TypeError) as exc:
            raise AuditWriteFailed(f"audit event not written ({type(exc).__name__}); the access is refused") from None
        return seqs

    def _lock(self, conn: Connection) -> None:
        dbcore.lock(conn, self._lock_key)

    # -- reading -------------------------------------------------------------------------------

    def head(self) -> tuple[int, bytes]:
        """(last sequence number, its hash); (0, GENESIS) for an empty log."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(audit_events.c.seq, audit_events.c.hash)
                .where(audit_events.c.tenant == self.tenant)
                .order_by(audit_events.c.seq.desc())
                .limit(1)
            ).first()
        return (row.seq, row.hash) if row else (0, GENESIS)

    def count(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).where(audit_events.c.tenant == self.tenant)).scalar_one())

    def events(self, *, after: int = 0, limit: int | None = None) -> Iterator[StoredEvent]:
        """Stored events in sequence order, read in batches."""
        last, left = after, limit
        while left is None or left > 0:
            size = VERIFY_BATCH if left is None else min(VERIFY_BATCH, left)
            with self._engine.connect() as conn:
                rows = conn.execute(
                    select(audit_events)
                    .where(audit_events.c.tenant == self.tenant, audit_events.c.seq > last)
                    .order_by(audit_events.c.seq)
                    .limit(size)
                ).all()
            if not rows:
                return
            for row in rows:
                yield StoredEvent(row.seq, row.at, row.body, row.prev_hash, row.hash, row.mac, row.actor, row.action)
            last = rows[-1].seq
            if left is not None:
                left -= len(rows)

    # -- verifying -----------------------------------------------------------------------------

    def verify(self, *, head: tuple[int, bytes] | None = None, workers: int | None = None) -> VerifyReport:
        """Walk the chain from the start; the first modified, missing, inserted or moved event.

        *head* is a checkpoint kept outside the database (sequence number and hash): the log must
        still contain that event unchanged, which catches a truncated tail. Large logs are checked
        by *workers* processes (default: one per core); the answer is the same.
        """
        last_seq, _ = self.head()
        result = verify_slices(self._engine, self.tenant, self._mac, last_seq, workers=workers)
        if result.bad_seq is not None:
            return VerifyReport(False, result.checked, result.bad_seq - 1, result.last_hash, result.bad_seq, result.reason)
        prev = result.last_hash
        if head is not None:
            want_seq, want_hash = head
            if last_seq < want_seq:
                return VerifyReport(False, result.checked, last_seq, prev, last_seq + 1,
                                    f"log ends at {last_seq}, the checkpoint has {want_seq}: truncated")
            stored = next(self.events(after=want_seq - 1, limit=1), None)
            if stored is None or not hmac.compare_digest(stored.hash, want_hash):
                return VerifyReport(False, result.checked, last_seq, prev, want_seq, "differs from the checkpoint")
        return VerifyReport(True, result.checked, last_seq, prev)

    def intact(self, event: StoredEvent) -> bool:
        """This one event's hash and MAC hold (not its place in the chain: that is `verify`)."""
        return hmac.compare_digest(chain_hash(event.prev_hash, event.body), event.hash) and hmac.compare_digest(
            self._mac(event.hash), event.mac
        ) and event.body.startswith(lead(event.action, event.actor))

    def latest(self, action: str) -> StoredEvent | None:
        """The newest event with exactly this action."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(audit_events)
                .where(audit_events.c.tenant == self.tenant, audit_events.c.action == action)
                .order_by(audit_events.c.seq.desc()).limit(1)
            ).first()
        return StoredEvent(row.seq, row.at, row.body, row.prev_hash, row.hash, row.mac, row.actor, row.action) if row else None

    def purpose_counts(self, *, since: float) -> tuple[int, int]:
        """(customer-data accesses since *since*, how many of them named no purpose)."""
        base = (audit_events.c.tenant == self.tenant, audit_events.c.at >= since,
                audit_events.c.action.in_(("records.read", "records.find", "records.write", "subjects.shred")))
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).where(*base)).scalar_one()
            missing = conn.execute(select(func.count()).where(*base, ~audit_events.c.body.contains('"purpose":'))).scalar_one()
        return int(total), int(missing)

    def detail_sum(self, action: str, key: str, *, since: float, where: Mapping[str, Any] | None = None) -> int:
        """The sum of ``detail[key]`` over events of *action* since *since* whose detail matches *where*.

        For evidence that compares what happened with what was logged ("N records written, N in
        records.write events"); bodies are read in pages through the cursor, one JSON parse each.
        """
        total = 0
        query = (select(audit_events.c.body).where(audit_events.c.tenant == self.tenant, audit_events.c.action == action,
                                                     audit_events.c.at >= since).order_by(audit_events.c.seq))
        with self._engine.connect() as conn:
            for (body,) in conn.execution_options(yield_per=2_000).execute(query):
                detail = json.loads(body).get("detail") or {}
                if where and any(detail.get(k) != v for k, v in where.items()):
                    continue
                value = detail.get(key, 0)
                total += int(value) if isinstance(value, int | float) else 0
        return total

    def vouched(self, actions: Sequence[str]) -> dict[str, str]:
        """resource -> the ``row_digest`` of its latest event among *actions* (the register check).

        Only events whose own hash and MAC hold count: a forged event vouches for nothing, and
        `verify` names it separately.
        """
        out: dict[str, str] = {}
        query = (select(audit_events).where(audit_events.c.tenant == self.tenant, audit_events.c.action.in_(list(actions)))
                 .order_by(audit_events.c.seq))
        with self._engine.connect() as conn:
            for r in conn.execution_options(yield_per=2_000).execute(query):
                event = StoredEvent(r.seq, r.at, r.body, r.prev_hash, r.hash, r.mac, r.actor, r.action)
                body = json.loads(r.body)
                digest = (body.get("detail") or {}).get("row_digest")
                if isinstance(digest, str) and body.get("resource") and self.intact(event):
                    out[str(body["resource"])] = digest
        return out

    # -- querying ------------------------------------------------------------------------------

    def search(
        self,
        *,
        actor: str | None = None,
        action: str | None = None,
        subject: str | None = None,
        since: float | None = None,
        until: float | None = None,
        after: int = 0,
        limit: int = 100,
    ) -> list[StoredEvent]:
        """Events matching every given filter, oldest first, after sequence number *after* (a cursor).

        *action* ending in "." or "*" matches a prefix ("auth." -> every auth event). *subject* is a
        keyed subject reference. Pages are at most 1,000 events.
        """
        limit = max(1, min(int(limit), 1_000))
        query = select(audit_events).where(audit_events.c.tenant == self.tenant, audit_events.c.seq > after)
        if actor is not None:
            query = query.where(audit_events.c.actor == actor)
        if action:
            if action.endswith(("*", ".")):
                prefix = action.rstrip("*")
                query = query.where(audit_events.c.action.startswith(prefix, autoescape=True))
            else:
                query = query.where(audit_events.c.action == action)
        if since is not None:
            query = query.where(audit_events.c.at >= since)
        if until is not None:
            query = query.where(audit_events.c.at < until)
        if subject is not None:
            query = query.where(
                audit_events.c.seq.in_(
                    select(audit_subjects.c.seq).where(
                        audit_subjects.c.tenant == self.tenant, audit_subjects.c.subject_ref == subject
                    )
                )
            )
        with self._engine.connect() as conn:
            rows = conn.execute(query.order_by(audit_events.c.seq).limit(limit)).all()
        return [StoredEvent(r.seq, r.at, r.body, r.prev_hash, r.hash, r.mac, r.actor, r.action) for r in rows]
