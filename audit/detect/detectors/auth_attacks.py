"""`auth_attacks`: password or MFA guessing on one account, credential stuffing, lockout waves.

Three shapes. Many failures on one account in minutes is guessing (or MFA fatigue). One address
failing on many *different* accounts is credential stuffing; an office's shared address also sees
several typos at shift start, but those accounts then log in, so only accounts that failed and did
not succeed from that address count. Several accounts locked within an hour, or one account locked
again and again, is spraying that the per-account limit is not stopping. A success from an address
that is stuffing is reported on its own: that account may now be taken over.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from audit.detect.alert import Alert, plural
from audit.detect.base import Detector, Env
from audit.detect.observed import Observed
from audit.detect.profile import ActorProfile

FAILURES = {"auth.login_failed": "password", "auth.mfa_failed": "mfa", "auth.mfa_replayed": "replay",
            "auth.api_key_rejected": "password"}
SUCCESSES = frozenset({"auth.login_succeeded", "auth.mfa_succeeded", "auth.step_up_succeeded"})
ANONYMOUS = "anonymous"


class _Address:
    """Per source address: accounts that failed and have not since succeeded from it."""

    __slots__ = ("pending", "anonymous", "quiet_until", "stuffing_until", "evidence")

    def __init__(self) -> None:
        self.pending: dict[str, float] = {}
        self.anonymous: deque[float] = deque()
        self.evidence: deque[tuple[float, int]] = deque()
        self.quiet_until = 0.0
        self.stuffing_until = 0.0


class AuthAttacks(Detector):
    name = "auth_attacks"
    policy_section = "auth_attacks"
    prefixes = ("auth.",)

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        r = self.rules = self.policy.auth_attacks
        self.window = r.window_minutes * 60.0
        self.ip_window = r.ip_window_minutes * 60.0
        self.lock_window = r.lockout_window_minutes * 60.0
        self.limits = {"password": r.password_failures, "mfa": r.mfa_failures, "replay": r.mfa_replays}
        self._fails: dict[str, deque[tuple[float, str, int]]] = {}
        self._quiet: dict[str, float] = {}
        self._ips: dict[str, _Address] = {}
        self._locks: deque[tuple[float, str, int]] = deque()
        self._locks_quiet = 0.0

    def observe(self, ev: Observed, prof: ActorProfile) -> Sequence[Alert] | None:
        action = ev.action
        kind = FAILURES.get(action)
        out: list[Alert] = []
        if kind is not None:
            if ev.actor != ANONYMOUS:
                self._account(ev, kind, out)
            if ev.source_ip:
                self._address_failed(ev, out)
        elif action in SUCCESSES:
            if ev.source_ip:
                self._address_succeeded(ev, out)
        elif action == "auth.account_locked":
            self._locked(ev, out)
        return out or None

    # -- one account ---------------------------------------------------------------------------

    def _account(self, ev: Observed, kind: str, out: list[Alert]) -> None:
        items = self._fails.get(ev.actor)
        if items is None:
            items = self._fails[ev.actor] = deque()
        items.append((ev.at, kind, ev.seq))
        horizon = ev.at - self.window
        while items[0][0] < horizon:
            items.popleft()
        n = sum(1 for _, k, _ in items if k == kind)
        if n < self.limits[kind] or ev.at < self._quiet.get(ev.actor, 0.0):
            return
        self._quiet[ev.actor] = ev.at + self.window
        start = items[0][0]
        what = {"password": "failed logins", "mfa": "wrong MFA codes", "replay": "replayed MFA codes"}[kind]
        where = f" (last from {ev.source_ip})" if ev.source_ip else ""
        message = f"{n} {what} for {ev.actor} {self.clock.span(start, ev.at)}{where}"
        score = 50 + 5 * (n - self.limits[kind]) + (5 if kind != "password" else 0)
        out.append(self.alert(min(score, 90), ev.actor, message, [s for _, _, s in items], at=ev.at, start=start,
                              end=ev.at, key=f"{ev.actor}:{kind}{int(start // self.window)}",
                              source_ip=ev.source_ip))

    # -- one address, many accounts ------------------------------------------------------------

    def _address(self, ip: str, at: float) -> _Address:
        state = self._ips.get(ip)
        if state is None:
            state = self._ips[ip] = _Address()
        horizon = at - self.ip_window
        if state.pending and min(state.pending.values()) < horizon:
            state.pending = {a: t for a, t in state.pending.items() if t >= horizon}
        while state.anonymous and state.anonymous[0] < horizon:
            state.anonymous.popleft()
        while state.evidence and state.evidence[0][0] < horizon:
            state.evidence.popleft()
        return state

    def _address_failed(self, ev: Observed, out: list[Alert]) -> None:
        ip = ev.source_ip
        assert ip is not None
        state = self._address(ip, ev.at)
        if ev.actor == ANONYMOUS:
            state.anonymous.append(ev.at)
        else:
            state.pending[ev.actor] = ev.at
        state.evidence.append((ev.at, ev.seq))
        failing = len(state.pending) + len(state.anonymous)
        if failing < self.rules.ip_failed_accounts or ev.at < state.quiet_until:
            return
        state.quiet_until = ev.at + self.ip_window
        state.stuffing_until = ev.at + self.ip_window
        start = state.evidence[0][0]
        unknown = f", {len(state.anonymous)} of them unknown usernames" if state.anonymous else ""
        message = (f"address {ip} failed to log in to {plural(failing, 'account')} "
                   f"{self.clock.span(start, ev.at)}{unknown}: credential stuffing")
        score = 65 + 2 * (failing - self.rules.ip_failed_accounts)
        out.append(self.alert(min(score, 95), None, message, [s for _, s in state.evidence], at=ev.at,
                              start=start, end=ev.at, key=f"ip:{ip}:{int(start // self.ip_window)}",
                              source_ip=ip))

    def _address_succeeded(self, ev: Observed, out: list[Alert]) -> None:
        state = self._ips.get(ev.source_ip or "")
        if state is None:
            return
        state.pending.pop(ev.actor, None)
        if ev.at < state.stuffing_until and ev.actor != ANONYMOUS:
            message = (f"{ev.actor} logged in at {self.clock.stamp(ev.at)} from {ev.source_ip}, an address "
                       f"that was stuffing credentials: the account may be taken over")
            out.append(self.alert(90, ev.actor, message, [ev.seq], at=ev.at, start=ev.at, end=ev.at,
                                  key=f"{ev.actor}:takeover:{ev.source_ip}", source_ip=ev.source_ip))

    # -- lockouts ------------------------------------------------------------------------------

    def _locked(self, ev: Observed, out: list[Alert]) -> None:
        locks = self._locks
        locks.append((ev.at, ev.actor, ev.seq))
        horizon = ev.at - self.lock_window
        while locks[0][0] < horizon:
            locks.popleft()
        r = self.rules
        mine = [s for _, a, s in locks if a == ev.actor]
        if len(mine) >= r.repeat_lockouts and ev.at >= self._quiet.get(ev.actor + "#lock", 0.0):
            self._quiet[ev.actor + "#lock"] = ev.at + self.lock_window
            message = (f"{ev.actor} was locked out {len(mine)} times within {r.lockout_window_minutes} minutes "
                       f"(last at {self.clock.stamp(ev.at)}): someone keeps guessing")
            out.append(self.alert(70, ev.actor, message, mine, at=ev.at, start=locks[0][0], end=ev.at,
                                  key=f"{ev.actor}:lock{int(ev.at // self.lock_window)}", source_ip=ev.source_ip))
        accounts = {a for _, a, _ in locks}
        if len(accounts) >= r.lockout_accounts and ev.at >= self._locks_quiet:
            self._locks_quiet = ev.at + self.lock_window
            start = locks[0][0]
            message = (f"{len(accounts)} accounts were locked out {self.clock.span(start, ev.at)}: "
                       f"a password-spraying wave")
            out.append(self.alert(75, None, message, [s for _, _, s in locks], at=ev.at, start=start, end=ev.at,
                                  key=f"lockwave:{int(start // self.lock_window)}"))
