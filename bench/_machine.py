"""What every benchmark prints about where it ran: progress lines, the CPU, whether PostgreSQL answers.

Imported by the benchmark scripts (run as `python bench/NAME.py`, so this directory is on sys.path).
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

__all__ = ["cpu_model", "log", "postgres_probe"]


def log(message: str) -> None:
    """Progress on stderr, so that --json output stays a single object on stdout."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def postgres_probe(url: str) -> tuple[str | None, str | None]:
    """(server version, None) when PostgreSQL answers, else (None, reason)."""
    engine = create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SHOW server_version")).scalar_one()), None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        where = make_url(url).render_as_string(hide_password=True)
        return None, f"PostgreSQL at {where} does not answer ({type(exc).__name__}: {str(exc).splitlines()[0][:160]})"
    finally:
        engine.dispose()
