"""`new_source`: first use of an address or device, and one account used from two places at once.

Once an actor has a few days of history, an address nobody in the organisation uses and that this
actor never used is worth a look (a stolen password is used from somewhere else); addresses shared
by several actors (office egress, the VPN) are the organisation's and never count as new. Devices
are compared by user-agent family with version numbers removed, since browsers update themselves.
Shared accounts show as traffic alternating between two sources within minutes: a person moving
from office to home switches once, two people on one account switch back and forth.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence

from audit.detect.alert import Alert
from audit.detect.base import Detector, Env
from audit.detect.observed import Observed
from audit.detect.profile import ActorProfile

_VERSION = re.compile(r"[\d._]+")
#: Auth events that show the actor themself at the address (not an admin acting on them).
_SEEN_AUTH = frozenset({"auth.login_succeeded", "auth.mfa_succeeded", "auth.step_up_succeeded",
                        "auth.recovery_code_used", "auth.enrolment_confirmed"})


def device_family(user_agent: str) -> str:
    """'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0.1' -> 'Mozilla/ (Windows NT ) Chrome/'."""
    return _VERSION.sub("", user_agent)


class _Switches:
    __slots__ = ("last", "times", "sources", "quiet_until")

    def __init__(self) -> None:
        self.last: tuple[str, str] | None = None
        self.times: deque[tuple[float, int, tuple[str, str]]] = deque()
        self.sources: dict[tuple[str, str], float] = {}
        self.quiet_until = 0.0


class NewSource(Detector):
    name = "new_source"
    policy_section = "new_source"
    prefixes = ("records.", "auth.")

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        r = self.rules = self.policy.new_source
        self.shared_window = r.shared_window_minutes * 60.0
        self._ip_actors: dict[str, set[str]] = {}
        self._devices: dict[str, str] = {}
        self._switches: dict[str, _Switches] = {}

    def observe(self, ev: Observed, prof: ActorProfile) -> Sequence[Alert] | None:
        ip = ev.source_ip
        if ip is None or ev.outcome != "ok":
            return None
        if ev.action.startswith("auth.") and ev.action not in _SEEN_AUTH:
            return None
        ua = ev.user_agent or ""
        device = self._devices.get(ua)
        if device is None:
            device = self._devices[ua] = device_family(ua) if len(self._devices) < 100_000 else ua
        out: list[Alert] = []
        new_ip = ip not in prof.ips
        new_device = self.rules.new_device and bool(ua) and device not in prof.devices
        if new_ip or new_device:
            found = self._first_use(ev, prof, ip, device, new_ip, new_device)
            if found is not None:
                out.append(found)
        found = self._shared(ev, prof, (ip, device))
        if found is not None:
            out.append(found)
        return out or None

    def _first_use(self, ev: Observed, prof: ActorProfile, ip: str, device: str, new_ip: bool,
                   new_device: bool) -> Alert | None:
        users = self._ip_actors.get(ip)
        if users is None:
            users = self._ip_actors[ip] = set()
        org_ip = len(users) >= self.rules.org_known_ip_actors
        if not org_ip:
            users.add(ev.actor)
        experienced = prof.days_seen > self.rules.min_history_days and bool(prof.ips)
        if new_ip:
            prof.ips[ip] = ev.at
        if new_device:
            prof.devices[device] = ev.at
        flag_ip = new_ip and not org_ip
        if not experienced or not (flag_ip or new_device):
            return None
        parts = ([f"a new address {ip}"] if flag_ip else []) + (["a new device"] if new_device else [])
        message = (f"{ev.actor} used {' and '.join(parts)} for the first time at {self.clock.stamp(ev.at)} "
                   f"({ev.action}); before: {len(prof.ips) - new_ip} address(es), "
                   f"{len(prof.devices) - new_device} device(s) over {prof.days_seen - 1} days")
        score = 30 + (20 if flag_ip else 0) + (10 if new_device else 0) + (5 if ev.action.startswith("records.") else 0)
        return self.alert(score, ev.actor, message, [ev.seq], at=ev.at, start=ev.at, end=ev.at,
                          key=f"{ev.actor}:{ip if flag_ip else 'device'}:{int(ev.at // 86400)}", source_ip=ip)

    def _shared(self, ev: Observed, prof: ActorProfile, source: tuple[str, str]) -> Alert | None:
        state = self._switches.get(ev.actor)
        if state is None:
            state = self._switches[ev.actor] = _Switches()
        last, state.last = state.last, source
        state.sources[source] = ev.at
        if last is None or last == source:
            return None
        times = state.times
        times.append((ev.at, ev.seq, source))
        horizon = ev.at - self.shared_window
        while times[0][0] < horizon:
            times.popleft()
        if len(times) < self.rules.shared_min_switches or ev.at < state.quiet_until:
            return None
        live = {s for s, t in state.sources.items() if t >= horizon}
        addresses = {s[0] for s in live}
        if len(live) < 2:
            return None
        state.quiet_until = ev.at + self.shared_window
        start = times[0][0]
        where = (f"{len(addresses)} addresses ({', '.join(sorted(addresses)[:3])})" if len(addresses) > 1
                 else f"{len(live)} devices at {next(iter(addresses))}")
        message = (f"{ev.actor} was active from {where} at the same time, switching {len(times)} times "
                   f"{self.clock.span(start, ev.at)}: the account looks shared")
        score = 70 + 3 * (len(times) - self.rules.shared_min_switches) + (5 if len(addresses) > 1 else 0)
        return self.alert(min(score, 90), ev.actor, message, [s for _, s, _ in times], at=ev.at, start=start,
                          end=ev.at, key=f"{ev.actor}:shared{int(start // 3600)}",
                          source_ip=ev.source_ip)
