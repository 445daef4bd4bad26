"""Brute-force limits kept in the database, so that they hold across workers and restarts.

Two independent limits: consecutive wrong TOTP codes lock one account (for a period that doubles
with each further lock), and failures from one address, across all accounts, stop a sprayer.
Password failures are counted but never lock an account: otherwise anybody who knows a username
could lock its owner out without ever seeing a code.
"""

from __future__ import annotations

import math

from sqlalchemy import Connection, case, insert, select, update
from sqlalchemy.exc import IntegrityError

from auth.errors import TooManyAttempts
from auth.models import auth_ip_failures
from policies.auth import LockoutPolicy


def lock_seconds(policy: LockoutPolicy, lock_count: int) -> int:
    """Length of the *lock_count*-th lock (1-based): first, then doubling, capped."""
    return int(min(policy.first_lock_seconds * 2 ** max(lock_count - 1, 0), policy.max_lock_seconds))


def check_ip(conn: Connection, policy: LockoutPolicy, ip: str | None, now: float) -> None:
    """Raise `TooManyAttempts` while *ip* has used up its failures for the current window."""
    if not ip:
        return
    row = conn.execute(
        select(auth_ip_failures.c.window_start, auth_ip_failures.c.failures).where(auth_ip_failures.c.ip == ip)
    ).first()
    if row is None or row.window_start + policy.ip_window_seconds <= now:
        return
    if row.failures >= policy.ip_max_failures:
        raise TooManyAttempts(max(1, math.ceil(row.window_start + policy.ip_window_seconds - now)))


def record_ip_failure(conn: Connection, policy: LockoutPolicy, ip: str | None, now: float) -> None:
    """Count one failure for *ip*, starting a new window when the old one has passed (atomic)."""
    if not ip:
        return
    expired = auth_ip_failures.c.window_start + policy.ip_window_seconds <= now
    changed = conn.execute(
        update(auth_ip_failures)
        .where(auth_ip_failures.c.ip == ip)
        .values(
            failures=case((expired, 1), else_=auth_ip_failures.c.failures + 1),
            window_start=case((expired, now), else_=auth_ip_failures.c.window_start),
        )
    ).rowcount
    if changed:
        return
    try:
        with conn.begin_nested():
            conn.execute(insert(auth_ip_failures).values(ip=ip, window_start=now, failures=1))
    except IntegrityError:  # another worker inserted it first: count on its row
        conn.execute(
            update(auth_ip_failures).where(auth_ip_failures.c.ip == ip).values(failures=auth_ip_failures.c.failures + 1)
        )
