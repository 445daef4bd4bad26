"""The README's error tables name every error type the HTTP API can answer with, and no stale ones.

The types come from the code itself: the error table behind every exception (`kawal.errors`) and
the literal types of the middleware and exception handlers, so a new error cannot ship undocumented.
"""

from __future__ import annotations

import re
from pathlib import Path

from kawal.errors import _TABLE

ROOT = Path(__file__).resolve().parent.parent
_LITERAL = re.compile(r"""(?:problem\(\s*(?:send,\s*)?\d{3},\s*|return\s+\d{3},\s*|\d{3}:\s*)"([a-z_]+)\"""")


def emitted_types() -> set[str]:
    found = {kind for *_, kind in _TABLE}
    for path in [ROOT / "kawal" / "app.py", *(ROOT / "kawal" / "api").glob("*.py")]:
        found |= set(_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def documented_types() -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Errors"):text.index("## Settings")]
    return set(re.findall(r"`([a-z_]+)`", section)) - {"after"}


def test_every_error_type_is_documented() -> None:
    missing = emitted_types() - documented_types()
    assert not missing, f"README ### Errors does not list: {sorted(missing)}"


def test_no_documented_type_is_stale() -> None:
    stale = documented_types() - emitted_types() - {"kawal_max_body_bytes", "max_record_bytes"}
    assert not stale, f"README ### Errors lists types nothing answers with: {sorted(stale)}"
