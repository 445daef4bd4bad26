"""Publish each signed checkpoint outside Kawal, so that history cannot be rewritten unseen.

A checkpoint signs the chain's head; kept only in Kawal's own database and export directory, it
can be replaced by whoever controls both. Sent to a webhook that another party keeps (a SIEM, a
ticketing system, a partner's log), every head is known to someone who does not run Kawal, and a
rewrite shows as a head that was never published. Delivery runs on one background thread so a slow
receiver never holds up an access; a failed delivery is logged, and since each checkpoint names
the digest of the previous one, the next delivery still links the chain.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from threading import Lock

import structlog

from audit import Checkpoint
from kawal.webhook import WebhookSender

__all__ = ["WebhookAnchor"]

_log = structlog.get_logger("kawal.anchors")


class WebhookAnchor:
    """`AuditTrail`'s `on_checkpoint`: POST each checkpoint (`{"type": "kawal.checkpoint", ...}`)."""

    def __init__(self, sender: WebhookSender) -> None:
        self._sender = sender
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kawal-anchor")
        self._pending: list[Future[bool]] = []
        self._lock = Lock()

    def __call__(self, checkpoint: Checkpoint) -> None:
        with self._lock:
            self._pending = [f for f in self._pending if not f.done()]
            self._pending.append(self._pool.submit(self._deliver, checkpoint))

    def _deliver(self, checkpoint: Checkpoint) -> bool:
        ok = self._sender.post("checkpoint", checkpoint.to_dict(), ref=f"{checkpoint.first_seq}-{checkpoint.last_seq}")
        if ok:
            _log.info("audit_checkpoint_anchored", last_seq=checkpoint.last_seq, key_id=checkpoint.key_id)
        return ok

    def close(self, timeout: float = 15.0) -> None:
        """Wait (up to *timeout* seconds) for deliveries in flight, then stop: a CLI run publishes before it exits."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            try:
                future.result(timeout=timeout)
            except Exception:  # noqa: BLE001 - already logged by the sender; closing must not raise
                pass
        self._pool.shutdown(wait=False)
