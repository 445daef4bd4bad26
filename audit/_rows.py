"""Reading many audit rows fast: the DBAPI cursor, binary transfer on PostgreSQL, keyset batches.

SQLAlchemy's result machinery costs more per row than hashing the row; verification and scans
read every event, so they take rows straight from the driver.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Engine

BATCH = 20_000


def event_rows(engine: Engine, tenant: str, columns: Sequence[str], first: int, last: int | None) -> Iterator[tuple[Any, ...]]:
    """Rows of *columns* (the first must be "seq") for first <= seq <= last, in sequence order."""
    if columns[0] != "seq" or not all(c.isidentifier() for c in columns):
        raise ValueError("columns must start with seq and be plain column names")
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        postgres = conn.dialect.name == "postgresql"
        cursor = raw.cursor(binary=True) if postgres else raw.cursor()  # type: ignore[union-attr]
        mark = "%s" if postgres else "?"
        sql = (f"SELECT {', '.join(columns)} FROM audit_events WHERE tenant = {mark} AND seq > {mark} AND seq <= {mark} "
               f"ORDER BY seq LIMIT {mark}")
        position, stop = first - 1, last if last is not None else 2**62
        try:
            while True:
                cursor.execute(sql, (tenant, position, stop, BATCH))
                rows = cursor.fetchall()
                if not rows:
                    return
                yield from rows
                position = rows[-1][0]
        finally:
            cursor.close()
