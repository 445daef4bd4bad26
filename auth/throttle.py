"""Brute-force limits kept in the database, so that they hold across workers and restarts.

Three independent limits: consecutive wrong TOTP codes lock one account (for a period that doubles
with each further lock); wrong passwords for one username from one address stop a guesser without
touching the account's other sign-ins; and failures from one address across all accounts, with a
high ceiling, stop a sprayer. The per-address ceiling is high because a contact center's floor sits
behind one NAT address: a limit on the address alone would let one guesser, or a morning of typos,
lock out every agent on the floor. Password failures never lock an account: otherwise anybody who
knows a username could lock its owner out without ever seeing a code.
"""

from __future__ import annotations

import hashlib
import math

from sqlalchemy import Connection, case, insert, select, update
from sqlalchemy.exc import IntegrityError

from auth.errors import TooManyAttempts
from auth.models import auth_ip_failures
from policies.auth import LockoutPolicy


def lock_seconds(policy: LockoutPolicy, lock_count: int) -> int:
    """Length of the *lock_count*-th lock (1-based): first, then doubling, capped."""
    return int(min(policy.first_lock_seconds * 2 ** max(lock_count - 1, 0), policy.max_lock_seconds))


def _pair_key(ip: str, username: str) -> str:
    """The counter row of one username from one address (a digest: the column holds 64 characters)."""
    return "u:" + hashlib.sha256(f"{ip}\n{username}".encode()).hexdigest()[:40]


def _keys(policy: LockoutPolicy, ip: str | None, username: str | None) -> list[tuple[str, int]]:
    if not ip:
        return []
    keys = [(ip, policy.ip_max_failures)]
    if username:
        keys.append((_pair_key(ip, username), policy.ip_user_max_failures))
    return keys


def check_ip(conn: Connection, policy: LockoutPolicy, ip: str | None, now: float, username: str | None = None) -> None:
    """Raise `TooManyAttempts` while *ip* (or *username* from *ip*) has used up its failures for the window."""
    for key, limit in _keys(policy, ip, username):
        row = conn.execute(
            select(auth_ip_failures.c.window_start, auth_ip_failures.c.failures).where(auth_ip_failures.c.ip == key)
        ).first()
        if row is None or row.window_start + policy.ip_window_seconds <= now:
            continue
        if row.failures >= limit:
            raise TooManyAttempts(max(1, math.ceil(row.window_start + policy.ip_window_seconds - now)))


def record_ip_failure(conn: Connection, policy: LockoutPolicy, ip: str | None, now: float, username: str | None = None) -> None:
    """Count one failure for *ip* (and for *username* from it), starting new windows as old ones pass (atomic)."""
    for key, _ in _keys(policy, ip, username):
        _count(conn, policy, key, now)


def _count(conn: Connection, policy: LockoutPolicy, ip: str, now: float) -> None:
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
