"""Refuse text no store can keep, in one place, before any route sees the request.

PostgreSQL's text type cannot hold NUL (psycopg raises DataError), and a lone UTF-16 surrogate is
not a character at all (it fails when encoded, far from where it came in). Rather than guard every
field of every schema and every path and query parameter, this ASGI middleware looks at what
arrives once: the path, the query string and the JSON body. It also holds the API to its word that
bodies are UTF-8: `json.loads` would accept UTF-16 and a byte-order mark, and we do not.

Cheap on the hot path: a GET has no body, and a body is only parsed here when it holds a `\\u`
escape, the only way a JSON text can carry NUL or a surrogate (raw control bytes make it invalid
JSON, which the route answers with 400).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kawal.api.problems import send_problem

__all__ = ["InputHygiene", "bad_text_at"]

#: NUL, and any UTF-16 surrogate code point (only ever lone in a Python str).
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def bad_text_at(value: Any, where: str = "body") -> str | None:
    """Where in a parsed JSON value a string (or key) holds NUL or a lone surrogate; None if nowhere.

    Iterative, so that a deeply nested body cannot exhaust the stack here.
    """
    stack: list[tuple[Any, str]] = [(value, where)]
    while stack:
        item, path = stack.pop()
        if isinstance(item, str):
            if _BAD_CHAR.search(item):
                return path
        elif isinstance(item, dict):
            for key, child in item.items():
                if _BAD_CHAR.search(key):
                    return f"{path} (a key)"
                stack.append((child, f"{path}.{key}"))
        elif isinstance(item, list):
            stack.extend((child, f"{path}[{n}]") for n, child in enumerate(item))
    return None


def _decoded_query(raw: bytes) -> Iterator[bytes]:
    for part in raw.split(b"&"):
        yield unquote_to_bytes(part.replace(b"+", b" "))


class InputHygiene:
    """422 `invalid_text` for NUL or lone surrogates anywhere; 400 `invalid_encoding` for non-UTF-8 bodies."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if _BAD_CHAR.search(path) or any(ord(c) < 0x20 or ord(c) == 0x7F for c in path):
            await send_problem(send, 422, "invalid_text", "the path must not contain control characters")
            return
        query: bytes = scope.get("query_string", b"")
        if b"%" in query and any(b"\x00" in part or _bad_utf8(part) for part in _decoded_query(query)):
            await send_problem(send, 422, "invalid_text", "query parameters must be UTF-8 text without NUL characters")
            return
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE") and not _announces_body(scope):
            await self.app(scope, receive, send)
            return
        body, more, first = await _read_body(receive)
        problem = _check_body(body, _content_type(scope)) if not more else None
        if problem is not None:
            await send_problem(send, *problem)
            return
        await self.app(scope, _replay(body, more, first, receive), send)


def _announces_body(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-length" and value not in (b"0", b""):
            return True
        if name == b"transfer-encoding":
            return True
    return False


def _content_type(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return value.decode("latin-1").split(";")[0].strip().lower()
    return ""


def _bad_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


async def _read_body(receive: Receive) -> tuple[bytes, bool, Message | None]:
    """The whole body (the body limit outside us bounds it), whether the client went away, the last message."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), True, message
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), False, None


def _check_body(body: bytes, content_type: str) -> tuple[int, str, str] | None:
    if not body:
        return None
    json_like = content_type in ("", "application/json") or content_type.endswith("+json")
    form = content_type == "application/x-www-form-urlencoded"
    if not (json_like or form):
        return None
    # A raw NUL byte is valid UTF-8 but never valid JSON: it is how UTF-16 and UTF-32 look to a
    # UTF-8 reader, and `json.loads(bytes)` would quietly accept them.
    if body.startswith(_BOMS) or b"\x00" in body or _bad_utf8(body):
        return 400, "invalid_encoding", "the request body must be UTF-8 without a byte-order mark"
    if form:
        if any(b"\x00" in part or _bad_utf8(part) for part in _decoded_query(body)):
            return 422, "invalid_text", "form fields must be UTF-8 text without NUL characters"
        return None
    if b"\\u" not in body:
        return None
    try:
        parsed = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        return None  # the route answers malformed JSON with its own 400
    where = bad_text_at(parsed)
    if where is not None:
        return 422, "invalid_text", f"{where}: text must not contain NUL characters or lone surrogates"
    return None


def _replay(body: bytes, disconnected: bool, last: Message | None, receive: Receive) -> Receive:
    """A `receive` that hands the app the body we read, then whatever comes next."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            if disconnected and last is not None and not body:
                return last
            return {"type": "http.request", "body": body, "more_body": False}
        if disconnected and last is not None:
            return last
        return await receive()

    return replay
