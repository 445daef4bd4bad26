"""The one error shape of the HTTP API, `{"error": {"type", "message"}}`, for routes and raw ASGI code."""

from __future__ import annotations

import json

from fastapi.responses import JSONResponse
from starlette.types import Send

__all__ = ["problem", "send_problem"]


def problem(status: int, kind: str, message: str) -> JSONResponse:
    """An error answer from a route or an exception handler."""
    return JSONResponse({"error": {"type": kind, "message": message}}, status_code=status)


async def send_problem(send: Send, status: int, kind: str, message: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    """The same answer from middleware that runs before (or instead of) the app."""
    body = json.dumps({"error": {"type": kind, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                        *(headers or [])],
        }
    )
    await send({"type": "http.response.body", "body": body})
