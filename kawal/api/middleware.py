"""ASGI middleware: request size limit, access log and HTTP metrics.

Written as plain ASGI (not BaseHTTPMiddleware) so that the body limit applies while the body
streams in, before anything buffers a huge request.
"""

from __future__ import annotations

import time
from typing import Any

import structlog
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kawal.api.problems import send_problem
from kawal.metrics import Metrics

log = structlog.get_logger("kawal.http")


class BodyTooLarge(HTTPException):
    """Raised inside `receive` when a streamed body passes the limit.

    An HTTPException, because FastAPI turns any other exception raised while reading the body
    into a generic 400; this one passes through as a 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is larger than {limit} bytes")


class BodyLimit:
    """Answer 413 to bodies over *limit* bytes, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        message = f"request body is larger than {self.limit} bytes"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                if not value.isdigit():
                    await send_problem(send, 400, "bad_request", "invalid Content-Length header")
                    return
                if int(value) > self.limit:
                    await send_problem(send, 413, "body_too_large", message)
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            msg = await receive()
            if msg["type"] == "http.request":
                received += len(msg.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await send_problem(send, 413, "body_too_large", message)


class AccessLog:
    """One log line and one metric sample per request: method, route template, status, duration."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def capture(msg: Message) -> None:
            nonlocal status
            if msg["type"] == "http.response.start":
                status = msg["status"]
            await send(msg)

        try:
            await self.app(scope, receive, capture)
        finally:
            elapsed = time.perf_counter() - start
            route = _route_template(scope)
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(elapsed)
            log.info("http_request", method=scope["method"], route=route, status=status,
                     duration_ms=round(elapsed * 1000, 2))


def _route_template(scope: dict[str, Any]) -> str:
    """The matched route's template (`/v1/records/{record_id}`), never the raw path or query."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "<unmatched>"
