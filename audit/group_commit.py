"""Group commit: concurrent appends share one transaction, each caller still waits for its own event.

Fail-closed auditing puts a write transaction (and its commit) in front of every access. Under
concurrent requests most of that is waiting for the commit; letting whoever arrives first write
everyone's pending events in one `append_many` keeps the guarantee (no caller proceeds before its
event is committed, or gets its error) while the commits are shared. No background thread: the
first caller to find nobody writing becomes the writer until the queue is empty.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from audit.log import AuditEvent, AuditLog, AuditWriteFailed

__all__ = ["GroupCommit"]


@dataclass
class _Slot:
    event: AuditEvent
    done: threading.Event = field(default_factory=threading.Event)
    seq: int = 0
    error: AuditWriteFailed | None = None


class GroupCommit:
    """`append(event)` with the same contract as `AuditLog.append`, batched across threads."""

    def __init__(self, log: AuditLog, *, max_batch: int = 500) -> None:
        self.log = log
        self._max_batch = max_batch
        self._lock = threading.Lock()
        self._pending: list[_Slot] = []
        self._writing = False
        self.batches = 0  # how many transactions were used (for tests and metrics)

    def append(self, event: AuditEvent) -> int:
        slot = _Slot(event)
        with self._lock:
            self._pending.append(slot)
            lead = not self._writing
            if lead:
                self._writing = True
        if lead:
            self._drain()
        else:
            slot.done.wait()
        if slot.error is not None:
            raise slot.error
        return slot.seq

    def _drain(self) -> None:
        while True:
            with self._lock:
                batch, self._pending = self._pending[: self._max_batch], self._pending[self._max_batch :]
                if not batch:
                    self._writing = False
                    return
            try:
                seqs = self.log.append_many([slot.event for slot in batch])
            except AuditWriteFailed as exc:
                for slot in batch:
                    slot.error = exc
            except BaseException:  # the writer itself is going away (interrupt): nobody may be left waiting
                with self._lock:
                    stranded, self._pending = batch + self._pending, []
                    self._writing = False
                for slot in stranded:
                    slot.error = AuditWriteFailed("audit event not written (writer interrupted); the access is refused")
                    slot.done.set()
                raise
            else:
                for slot, seq in zip(batch, seqs, strict=True):
                    slot.seq = seq
            finally:
                for slot in batch:
                    slot.done.set()
                self.batches += 1
