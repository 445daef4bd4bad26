"""POST new alerts (and signed audit checkpoints) to a webhook, signed so the receiver can trust them.

Alerts go to the security team's SIEM, chat or pager; checkpoints to an anchor outside this system
(another organisation's log, a ticket, a WORM store), so that the chain's head is known to someone
who does not run Kawal. Body: `{"type": "kawal.alert", "alert": ...}` or
`{"type": "kawal.checkpoint", "checkpoint": ...}`. Header `X-Kawal-Signature: sha256=<hex HMAC-SHA256 of the body>` under the
shared secret (the scheme GitHub's webhooks use). Alerts hold no plaintext PII. A failed delivery is
logged and retried on the next tick; nothing is lost, since the alert is stored first.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from typing import Any

import structlog

__all__ = ["WebhookSender"]

_log = structlog.get_logger("kawal.webhook")


class WebhookSender:
    def __init__(self, url: str, secret: bytes | None, *, timeout: float = 5.0) -> None:
        if not url.startswith(("https://", "http://")):
            raise ValueError("a webhook URL must be http(s)")
        self.url = url
        self._secret = secret
        self._timeout = timeout

    def send(self, alert: dict[str, Any]) -> bool:
        """True when the receiver answered 2xx."""
        return self.post("alert", alert, ref=str(alert.get("alert_id")))

    def post(self, kind: str, payload: dict[str, Any], *, ref: str = "") -> bool:
        """POST `{"type": "kawal.<kind>", "<kind>": payload}`; True when the receiver answered 2xx."""
        body = json.dumps({"type": f"kawal.{kind}", kind: payload}, sort_keys=True).encode()
        headers = {"Content-Type": "application/json", "User-Agent": f"kawal-{kind}s"}
        if self._secret:
            headers["X-Kawal-Signature"] = "sha256=" + hmac.new(self._secret, body, hashlib.sha256).hexdigest()
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self._timeout) as response:  # noqa: S310 - http(s) checked above
                ok = 200 <= response.status < 300
        except (urllib.error.URLError, OSError, ValueError) as exc:
            _log.warning(f"{kind}_webhook_failed", error=type(exc).__name__, ref=ref)
            return False
        if not ok:
            _log.warning(f"{kind}_webhook_refused", ref=ref)
        return ok
