"""QR codes of enrolment URIs, for a phone's authenticator app (segno: pure Python, no image stack)."""

from __future__ import annotations

import io

import segno


def qr_svg(uri: str) -> str:
    """An SVG image of *uri* (error correction M), for the web console or an API client."""
    buffer = io.BytesIO()
    segno.make(uri, error="m").save(buffer, kind="svg", scale=4, xmldecl=False)
    return buffer.getvalue().decode("utf-8")


def qr_terminal(uri: str) -> str:
    """*uri* as a QR code drawn with block characters, scannable from a terminal."""
    buffer = io.StringIO()
    segno.make(uri, error="m").terminal(out=buffer, compact=True)
    return buffer.getvalue()
