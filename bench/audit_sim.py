"""A contact-center simulator with labelled misuse, and the benchmark of the audit detectors on it.

Run from the repository root::

    .venv/bin/python bench/audit_sim.py [--agents 300] [--days 28] [--seed 1] [--json]

What is simulated. Hundreds of agents on four shift teams (morning 06-14, day 08-16, afternoon
14-22, night 22-06), five working days a week with fewer people at weekends, a few supervisors who
handle escalations (VIPs, co-workers who are customers) and three service accounts reading around
the clock. Each agent has their own pace (log-normal), busier Mondays, day-to-day variation, a
lunch dip, occasional overtime; every call opens or follows up a case (case id as the purpose) and
usually starts with a `records.find`. Authentication has its own noise: password and MFA typos,
unknown usernames, rare lockouts unlocked by an admin, browser updates, remote agents on a VPN or
moving house (new address). Some agents leave the company (HR dismissal, account disabled later).
The ticketing system's case links are known for `case_coverage` of the agents (the context).

Misuse injected, each instance labelled (scenario, actor or address, time span, evidence events):
night_bulk_read, slow_exfiltration (1.5-2x own volume for 4-6 days, under any hourly threshold),
credential_stuffing (one address, many accounts), shared_account (same account from a second place
while the owner works), access_after_dismissal, off_case_access (no purpose, or a purpose but
customers not on the agent's cases), snooping (VIP, co-worker, same surname), sensitive_class_overuse
(revealing card numbers of own customers), find_enumeration (guessing NIKs with `find`).

What is measured. The first `--warmup-days` are a warm-up (the engine learns, emits nothing); misuse
is injected only after it. An injected instance counts as detected when an alert about its actor
(or, for stuffing, its address) overlaps its time span. Recall per scenario is given for all alerts
and within a fixed alert budget (the policy's `alert_budget_per_100_agent_days`, highest scores
first), because ranking quality alone (AUC) says little about what analysts with limited time catch.
False alerts are alerts that match no instance, per 100 worked agent-days of the evaluated period.
Detection delay runs from the first event of an instance to the first matching alert. Throughput is
the engine alone (body dict -> `Observed` -> detectors), one core. The naive peer is a fixed
"more than X records read in an hour" rule, X the lowest value whose false alerts do not exceed the
engine's, so both are compared at the same false-alert rate. Detectors never see the labels.
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit.detect import Alert, DetectionEngine, Observed, StaticContext  # noqa: E402
from audit.log import AuditEvent  # noqa: E402
from policies import AuditPolicy, load_audit_policy  # noqa: E402

SCENARIOS = (
    "night_bulk_read", "slow_exfiltration", "credential_stuffing", "shared_account", "access_after_dismissal",
    "off_case_access", "snooping", "sensitive_class_overuse", "find_enumeration",
)
HOUR, DAY = 3600.0, 86400.0
UTC_OFFSET_HOURS = 7
START = (2024, 3, 4)  # a Monday
SHIFTS = ((6, 0.35), (8, 0.30), (14, 0.25), (22, 0.10))
OFFICES = ("203.0.113.10", "203.0.113.20")
VPN = ("192.0.2.10", "192.0.2.11")
ADMIN = "admin1"
BROWSERS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/{v}.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/{v}.0.0.0 Edg/{v}.0.0.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{v}.0) Gecko/20100101 Firefox/{v}.0")
DOW = (1.25, 1.1, 1.0, 1.0, 0.9, 0.75, 0.75)
#: Instances per scenario at the default size; scaled with agents x evaluated days.
INSTANCES_AT_DEFAULT = 20


@dataclass(frozen=True)
class Instance:
    scenario: str
    actor: str | None
    start: float
    end: float
    source_ip: str | None = None
    evidence: tuple[int, ...] = ()
    note: str = ""


@dataclass
class Simulation:
    events: list[AuditEvent]
    labels: dict[str, list[Instance]]
    context: StaticContext
    agents: int
    days: int
    seed: int
    start: float
    warmup_days: int
    conditions: dict[str, Any] = field(default_factory=dict)

    @property
    def eval_start(self) -> float:
        return self.start + self.warmup_days * DAY


@dataclass
class Agent:
    name: str
    role: str
    shift: int
    days_off: frozenset[int]
    ip: str
    remote: bool
    browser: int
    rate: float
    card_p: float
    covered: bool
    surname: str
    cases: list[tuple[str, str]] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    last_day: int = 10**9
    move_day: int | None = None
    new_ip: str | None = None


def _ref(seed: int, i: int) -> str:
    return hashlib.blake2b(f"{seed}:{i}".encode(), digest_size=10).hexdigest()


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


class _World:
    """Generates one simulation; `out` collects (time, tie-break, event, instance index)."""

    def __init__(self, agents: int, days: int, seed: int, warmup_days: int, case_coverage: float) -> None:
        self.rng = random.Random(seed)
        self.seed, self.days, self.warmup = seed, days, warmup_days
        self.start = calendar.timegm((*START, 0, 0, 0)) - UTC_OFFSET_HOURS * HOUR
        self.out: list[tuple[float, int, AuditEvent, int]] = []
        self.n = 0
        self.case_no = 0
        rng = self.rng
        self.n_customers = max(20_000, agents * 400)
        self.customers = [_ref(seed, i) for i in range(self.n_customers)]
        self.surname_of = [f"sn{rng.randrange(4000)}" for _ in range(self.n_customers)]
        self.vips = self.customers[:40]
        n_sup = max(2, agents // 12)
        self.agents: list[Agent] = []
        for i in range(agents):
            role = "supervisor" if i < n_sup else "agent"
            shift = 8 if role == "supervisor" else rng.choices([s for s, _ in SHIFTS], [w for _, w in SHIFTS])[0]
            if rng.random() < 0.7:
                off = frozenset({5, 6})
            else:
                first = rng.randrange(5)
                off = frozenset({first, first + 1})
            remote = rng.random() < 0.2
            site_ip = f"100.64.{i // 250}.{i % 250 + 1}" if remote else OFFICES[rng.random() < 0.25]
            rate = rng.lognormvariate(math.log(10.0), 0.35) * (0.5 if role == "supervisor" else 1.0)
            self.agents.append(Agent(
                name=(f"sup{i:02d}" if role == "supervisor" else f"a{i:03d}"), role=role, shift=shift, days_off=off,
                ip=site_ip, remote=remote, browser=rng.randrange(len(BROWSERS)), rate=rate,
                card_p=0.2 if rng.random() < 0.15 else 0.05,
                covered=role == "supervisor" or rng.random() < case_coverage,
                surname=f"sn{rng.randrange(4000)}"))
            if remote and rng.random() < 0.08:
                self.agents[-1].move_day = rng.randrange(days)
                self.agents[-1].new_ip = f"100.65.{i // 250}.{i % 250 + 1}"
        self.by_name = {a.name: a for a in self.agents}
        staff = rng.sample(range(len(self.agents)), max(3, agents // 20))
        self.staff = {self.customers[40 + k]: self.agents[j].name for k, j in enumerate(staff)}
        self.first_regular = 40 + len(staff)
        self.service = ["svc-crm", "svc-ivr", "svc-billing"]

    # -- primitives ----------------------------------------------------------------------------

    def emit(self, at: float, action: str, actor: str, tag: int = -1, **kw: Any) -> None:
        self.n += 1
        self.out.append((at, self.n, AuditEvent(action=action, actor=actor, at=at, **kw), tag))

    def ua(self, agent: Agent, day: int) -> str:
        return BROWSERS[agent.browser].format(v=122 + (day >= 14) + (day >= 28))

    def ip(self, agent: Agent, day: int) -> str:
        if agent.move_day is not None and day >= agent.move_day and agent.new_ip:
            return agent.new_ip
        if agent.remote and self.rng.random() < 0.1:
            return VPN[self.rng.random() < 0.5]
        return agent.ip

    def customer(self) -> str:
        return self.customers[self.rng.randrange(self.first_regular, self.n_customers)]

    def session(self) -> str:
        return "%016x" % self.rng.getrandbits(64)

    def classes(self, agent: Agent) -> tuple[str, ...]:
        rng = self.rng
        out = ["name", "phone", "address"]
        if rng.random() < 0.15:
            out.append("nik")
        if rng.random() < agent.card_p:
            out.append("card")
        if rng.random() < 0.3:
            out.append("email")
        return tuple(out)

    def new_case(self, agent: Agent, ref: str | None = None) -> tuple[str, str]:
        self.case_no += 1
        case = (f"CASE-{self.case_no}", ref or self.customer())
        agent.cases.append(case)
        agent.subjects.add(case[1])
        if len(agent.cases) > 40:
            agent.cases.pop(0)
        return case

    def working(self, agent: Agent, day: int) -> bool:
        return day % 7 not in agent.days_off and day <= agent.last_day

    # -- normal behaviour ----------------------------------------------------------------------

    def login(self, agent: Agent, at: float, ip: str, ua: str, session: str, tag: int = -1) -> float:
        rng, name = self.rng, agent.name
        common = {"role": agent.role, "source_ip": ip, "user_agent": ua}
        if rng.random() < 0.01:
            self.emit(at, "auth.login_failed", "anonymous", tag, outcome="failed", source_ip=ip, user_agent=ua)
            at += rng.uniform(5, 30)
        if rng.random() < 0.06:
            self.emit(at, "auth.login_failed", name, tag, outcome="failed", **common)
            at += rng.uniform(5, 40)
        self.emit(at, "auth.login_succeeded", name, tag, session_id=session, **common)
        at += rng.uniform(5, 20)
        if rng.random() < 0.001:  # a locked-out legitimate user, unlocked by an admin
            for _ in range(5):
                self.emit(at, "auth.mfa_failed", name, tag, outcome="failed", **common)
                at += rng.uniform(5, 20)
            self.emit(at, "auth.account_locked", name, tag, outcome="denied", **common)
            at += rng.uniform(300, 900)
            self.emit(at, "auth.account_unlocked", name, tag, detail={"by": ADMIN}, source_ip=OFFICES[0])
            at += 30
            self.emit(at, "auth.login_succeeded", name, tag, session_id=session, **common)
        elif rng.random() < 0.03:
            self.emit(at, "auth.mfa_failed", name, tag, outcome="failed", **common)
            at += rng.uniform(5, 30)
        self.emit(at, "auth.mfa_succeeded", name, tag, session_id=session, **common)
        return at + rng.uniform(10, 60)

    def call(self, agent: Agent, at: float, ip: str, ua: str, session: str, *, special: str | None = None) -> None:
        rng = self.rng
        if special is not None:
            case, ref = self.new_case(agent, special)
        elif not agent.cases or rng.random() < 0.55:
            case, ref = self.new_case(agent)
        else:
            case, ref = agent.cases[rng.randrange(len(agent.cases))]
        purpose: str | None = case
        slip = rng.random()
        if slip < 0.002:
            purpose = None
        elif slip < 0.004:
            ref = self.customer()  # opened the wrong customer
        common = {"role": agent.role, "source_ip": ip, "user_agent": ua, "session_id": session}
        if rng.random() < 0.6:
            hit = rng.random() > 0.1
            self.emit(at, "records.find", agent.name, purpose=purpose, subjects=(ref,) if hit else (),
                      detail={"field": rng.choice(("phone", "phone", "email", "nik")), "records": int(hit)}, **common)
            at += rng.uniform(3, 30)
        self.emit(at, "records.read", agent.name, purpose=purpose, subjects=(ref,), data_classes=self.classes(agent),
                  detail={"records": 1}, **common)
        if rng.random() < 0.2:
            self.emit(at + rng.uniform(30, 300), "records.write", agent.name, purpose=purpose, subjects=(ref,),
                      data_classes=("phone", "address"), detail={"records": 1}, **common)

    def shift_day(self, agent: Agent, day: int) -> tuple[float, float, str, str, str] | None:
        """One working day of *agent*; (start, end, ip, ua, session) or None when off."""
        if not self.working(agent, day):
            return None
        rng = self.rng
        begin = self.start + day * DAY + agent.shift * HOUR + rng.gauss(0, 480)
        hours = 8.0
        if rng.random() < 0.06:
            hours += rng.uniform(0.3, 1.1)
        elif rng.random() < 0.005:
            hours += rng.uniform(1.5, 2.5)
        ip, ua, session = self.ip(agent, day), self.ua(agent, day), self.session()
        at = self.login(agent, begin, ip, ua, session)
        mult = DOW[day % 7] * rng.lognormvariate(0, 0.15)
        vip_p = 0.25 if agent.role == "supervisor" else 0.0
        h = 0
        while h < hours:
            span = min(1.0, hours - h)
            lam = agent.rate * mult * span * (0.4 if h == 4 else 1.0)
            for _ in range(_poisson(rng, lam)):
                t = at + (h + rng.random() * span) * HOUR
                self.call(agent, t, ip, ua, session)
            if rng.random() < vip_p * span:
                pool = self.vips if rng.random() < 0.6 else [r for r, who in self.staff.items() if who != agent.name]
                self.call(agent, at + (h + rng.random() * span) * HOUR, ip, ua, session, special=rng.choice(pool))
            h += 1
        return begin, at + hours * HOUR, ip, ua, session

    def services(self) -> None:
        rng = self.rng
        for k, name in enumerate(self.service):
            ip, ua = f"10.0.0.{k + 5}", "kawal-batch/1.0"
            for hour in range(self.days * 24):
                base = self.start + hour * HOUR
                for _ in range(_poisson(rng, 20)):
                    self.emit(base + rng.random() * HOUR, "records.read", name, role="service", source_ip=ip,
                              user_agent=ua, subjects=(self.customer(),), data_classes=("name", "phone"),
                              detail={"records": 1})


class _Labels:
    def __init__(self) -> None:
        self.items: list[tuple[str, str | None, str | None, str]] = []

    def new(self, scenario: str, actor: str | None, ip: str | None = None, note: str = "") -> int:
        self.items.append((scenario, actor, ip, note))
        return len(self.items) - 1


def simulate(agents: int = 300, days: int = 28, seed: int = 1, *, warmup_days: int = 7,
             case_coverage: float = 0.8, instances: int | None = None) -> Simulation:
    """Generate the events (time order, `at` set) and the labelled misuse instances."""
    if days < warmup_days + 4:
        raise ValueError("need at least warmup_days + 4 days")
    w = _World(agents, days, seed, warmup_days, case_coverage)
    rng = w.rng
    labels = _Labels()
    per = instances or max(3, round(INSTANCES_AT_DEFAULT * agents * (days - warmup_days) / (300 * 21)))
    plain = [a for a in w.agents if a.role == "agent"]
    rng.shuffle(plain)
    pool = iter(plain)

    def take(ok: Any = lambda a: True) -> Agent:
        for a in pool:
            if ok(a):
                return a
        raise ValueError("not enough agents for the scenarios: use more agents or fewer instances")

    def workday(a: Agent, lo: int, hi: int) -> int:
        options = [d for d in range(lo, hi) if w.working(a, d)]
        return rng.choice(options)

    first = warmup_days
    # legitimate leavers: dismissed after their last shift, disabled later, never seen again
    leavers = [take() for _ in range(max(1, agents // 60))]
    dismissed: dict[str, float] = {}
    disabled: set[str] = set()
    for a in leavers:
        a.last_day = rng.randrange(first, days - 1)
    # who does what (attackers are distinct agents)
    plans: dict[str, list[Agent]] = {
        "night_bulk_read": [take(lambda a: a.shift != 22) for _ in range(per)],
        "slow_exfiltration": [take(lambda a: a.shift != 22) for _ in range(per)],
        "shared_account": [take(lambda a: a.shift != 22) for _ in range(per)],
        "access_after_dismissal": [take() for _ in range(per)],
        "off_case_access": [take() for _ in range(per)],
        "snooping": [take() for _ in range(per)],
        "sensitive_class_overuse": [take() for _ in range(per)],
        "find_enumeration": [take() for _ in range(per)],
    }
    for a in plans["access_after_dismissal"]:
        a.last_day = rng.randrange(first, days - 3)
    # normal work
    shifts: dict[tuple[str, int], tuple[float, float, str, str, str]] = {}
    for day in range(days):
        for a in w.agents:
            got = w.shift_day(a, day)
            if got is not None:
                shifts[(a.name, day)] = got
    w.services()
    for a in leavers + plans["access_after_dismissal"]:
        end = max(v[1] for k, v in shifts.items() if k[0] == a.name)
        dismissed[a.name] = end + rng.uniform(2, 20) * HOUR
        if a in leavers or rng.random() < 0.5:
            t = dismissed[a.name] + rng.uniform(0, 24) * HOUR
            disabled.add(a.name)
            w.emit(t, "auth.user_disabled", a.name, detail={"by": ADMIN}, source_ip=OFFICES[0])
            w.emit(t + 5, "auth.session_revoked", a.name, detail={"by": ADMIN}, source_ip=OFFICES[0])

    def shift_of(a: Agent, lo: int, hi: int) -> tuple[int, tuple[float, float, str, str, str]]:
        options = [d for d in range(lo, hi) if (a.name, d) in shifts]
        d = rng.choice(options)
        return d, shifts[(a.name, d)]

    def reads(a: Agent, tag: int, times: Iterable[float], refs: Iterable[str], ip: str, ua: str, session: str,
              purpose: Any = None, action: str = "records.read", classes: tuple[str, ...] | None = None) -> None:
        for t, ref in zip(times, refs, strict=False):
            p = purpose() if callable(purpose) else purpose
            w.emit(t, action, a.name, tag, role=a.role, source_ip=ip, user_agent=ua, session_id=session, purpose=p,
                   subjects=(ref,), data_classes=classes or w.classes(a), detail={"records": 1})

    def own_case() -> Any:
        return lambda: a.cases[rng.randrange(len(a.cases))][0] if a.cases else None

    for a in plans["night_bulk_read"]:
        tag = labels.new("night_bulk_read", a.name)
        day = rng.randrange(first, days - 1)
        t0 = w.start + day * DAY + rng.uniform(0.5, 4.0) * HOUR
        ip, ua, session = w.ip(a, day), w.ua(a, day), w.session()
        t = w.login(a, t0, ip, ua, session, tag)
        n, minutes = rng.randint(150, 500), rng.uniform(8, 40)
        times = sorted(t + rng.random() * minutes * 60 for _ in range(n))
        purpose = own_case() if rng.random() < 0.5 else None
        reads(a, tag, times, (w.customer() for _ in range(n)), ip, ua, session, purpose)

    for a in plans["slow_exfiltration"]:
        tag = labels.new("slow_exfiltration", a.name)
        n_days = rng.randint(4, 6)
        lo = first + rng.randrange(max(1, days - first - 8))
        worked = [d for d in range(lo, days) if (a.name, d) in shifts][:n_days]
        extra_rate = rng.uniform(0.5, 1.0) * a.rate * DOW[2]
        for d in worked:
            b, e, ip, ua, session = shifts[(a.name, d)]
            n = _poisson(rng, extra_rate * (e - b) / HOUR)
            times = sorted(rng.uniform(b + 600, e - 600) for _ in range(n))
            reads(a, tag, times, (w.customer() for _ in range(n)), ip, ua, session, own_case())

    for _ in range(per):
        ip = f"185.220.{rng.randrange(100, 200)}.{rng.randrange(1, 250)}"
        tag = labels.new("credential_stuffing", None, ip)
        t0 = w.start + rng.uniform(first, days - 0.2) * DAY
        n, minutes = rng.randint(30, 120), rng.uniform(10, 60)
        ua = "python-requests/2.31.0"
        names = [x.name for x in w.agents]
        times = sorted(t0 + rng.random() * minutes * 60 for _ in range(n))
        won = rng.random() < 0.3
        for i, t in enumerate(times):
            who = rng.choice(names) if rng.random() < 0.75 else "anonymous"
            if won and i == n // 2 and who != "anonymous":
                w.emit(t, "auth.login_succeeded", who, tag, source_ip=ip, user_agent=ua, session_id=w.session())
                w.emit(t + 3, "auth.mfa_failed", who, tag, outcome="failed", source_ip=ip, user_agent=ua)
                w.emit(t + 9, "auth.mfa_failed", who, tag, outcome="failed", source_ip=ip, user_agent=ua)
            else:
                w.emit(t, "auth.login_failed", who, tag, outcome="failed", source_ip=ip, user_agent=ua)

    for a in plans["shared_account"]:
        tag = labels.new("shared_account", a.name)
        day, (b, e, _, _, _) = shift_of(a, first, days)
        ip = f"100.66.{rng.randrange(250)}.{rng.randrange(1, 250)}"
        ua = BROWSERS[(a.browser + 1) % len(BROWSERS)].format(v=121)
        session = w.session()
        t0 = rng.uniform(b + HOUR, e - 2.5 * HOUR)
        t = w.login(a, t0, ip, ua, session, tag)
        minutes = rng.uniform(40, 120)
        n = max(8, _poisson(rng, a.rate * 1.2 * minutes / 60))
        times = sorted(t + rng.random() * minutes * 60 for _ in range(n))
        reads(a, tag, times, (w.customer() for _ in range(n)), ip, ua, session, own_case())

    for a in plans["access_after_dismissal"]:
        tag = labels.new("access_after_dismissal", a.name)
        t0 = dismissed[a.name] + rng.uniform(1, 4) * DAY
        ip, ua, session = f"100.67.{rng.randrange(250)}.{rng.randrange(1, 250)}", w.ua(a, days - 1), w.session()
        if a.name in disabled:
            for k in range(rng.randint(1, 3)):
                w.emit(t0 + 20 * k, "auth.login_failed", a.name, tag, outcome="failed", source_ip=ip, user_agent=ua,
                       detail={"reason": "disabled"})
        else:
            t = w.login(a, t0, ip, ua, session, tag)
            n = rng.randint(10, 60)
            times = sorted(t + rng.random() * rng.uniform(15, 60) * 60 for _ in range(n))
            reads(a, tag, times, (w.customer() for _ in range(n)), ip, ua, session, own_case())

    for a in plans["off_case_access"]:
        fake = a.covered and rng.random() < 0.5
        tag = labels.new("off_case_access", a.name, note="fake purpose" if fake else "no purpose")
        day, (b, e, ip, ua, session) = shift_of(a, first, days)
        n = rng.randint(4, 12)
        t0 = rng.uniform(b + 600, e - 3 * HOUR)
        times = sorted(rng.uniform(t0, t0 + rng.uniform(1, 3) * HOUR) for _ in range(n))
        reads(a, tag, times, (w.customer() for _ in range(n)), ip, ua, session, own_case() if fake else None)

    for a in plans["snooping"]:
        kinds = ["vip", "coworker"] + (["surname"] if a.covered else [])
        kind = rng.choice(kinds)
        tag = labels.new("snooping", a.name, note=kind)
        day, (b, e, ip, ua, session) = shift_of(a, first, days)
        if kind == "vip":
            targets = rng.sample(w.vips, rng.randint(1, 3))
        elif kind == "coworker":
            others = [r for r, who in w.staff.items() if who != a.name]
            targets = rng.sample(others, min(len(others), rng.randint(1, 2)))
        else:
            same = [w.customers[i] for i in range(w.first_regular, w.n_customers) if w.surname_of[i] == a.surname]
            targets = rng.sample(same, min(len(same), rng.randint(1, 2))) or [w.customer()]
        times = sorted(rng.uniform(b + 600, e - 600) for _ in targets)
        reads(a, tag, times, targets, ip, ua, session, own_case())

    for a in plans["sensitive_class_overuse"]:
        tag = labels.new("sensitive_class_overuse", a.name)
        day, (b, e, ip, ua, session) = shift_of(a, first, days)
        n = rng.randint(60, 200)
        t0 = rng.uniform(b + 600, e - 3 * HOUR)
        span = rng.uniform(2, 5) * HOUR
        refs = [c[1] for c in a.cases] or [w.customer()]
        times = sorted(rng.uniform(t0, min(e, t0 + span)) for _ in range(n))
        reads(a, tag, times, (rng.choice(refs) for _ in range(n)), ip, ua, session, own_case(),
              action="records.detokenize", classes=("card",))

    for a in plans["find_enumeration"]:
        tag = labels.new("find_enumeration", a.name)
        day, (b, e, ip, ua, session) = shift_of(a, first, days)
        n, minutes = rng.randint(50, 200), rng.uniform(15, 50)
        t0 = rng.uniform(b + 600, e - HOUR)
        for t in sorted(t0 + rng.random() * minutes * 60 for _ in range(n)):
            hit = rng.random() < 0.08
            w.emit(t, "records.find", a.name, tag, role=a.role, source_ip=ip, user_agent=ua, session_id=session,
                   purpose=None, subjects=(w.customer(),) if hit else (), detail={"field": "nik", "records": int(hit)})

    # time order, sequence numbers as a fresh log would give them, labels with their evidence
    w.out.sort(key=lambda item: (item[0], item[1]))
    events = [ev for _, _, ev, _ in w.out]
    seqs: dict[int, list[int]] = defaultdict(list)
    for i, (_, _, _, tag) in enumerate(w.out):
        if tag >= 0:
            seqs[tag].append(i + 1)
    out: dict[str, list[Instance]] = {name: [] for name in SCENARIOS}
    for tag, (scenario, actor, ip, note) in enumerate(labels.items):
        evidence = seqs.get(tag, [])
        if not evidence:
            continue
        start, end = events[evidence[0] - 1].at or 0.0, events[evidence[-1] - 1].at or 0.0
        out[scenario].append(Instance(scenario, actor, start, end, ip, tuple(evidence), note))
    context = StaticContext(
        cases={a.name: frozenset(a.subjects) for a in w.agents if a.covered},
        vip_subjects=frozenset(w.vips),
        staff_subjects=dict(w.staff),
        actor_surnames={a.name: a.surname for a in w.agents},
        subject_surnames=dict(zip(w.customers, w.surname_of, strict=True)),
        dismissed=dismissed,
    )
    conditions = {"case_coverage": case_coverage, "instances_per_scenario": per, "customers": w.n_customers,
                  "supervisors": sum(a.role == "supervisor" for a in w.agents), "service_accounts": len(w.service),
                  "legit_leavers": len(leavers)}
    return Simulation(events, out, context, agents, days, seed, w.start, warmup_days, conditions)


# -- evaluation ----------------------------------------------------------------------------------


def _matches(alert: Alert, inst: Instance) -> bool:
    who = (inst.actor is not None and alert.actor == inst.actor) or (
        inst.source_ip is not None and alert.source_ip == inst.source_ip)
    return who and alert.window_end >= inst.start - 60 and alert.window_start <= inst.end + 60


def worked_agent_days(sim: Simulation) -> int:
    """(actor, local day) pairs with data access in the evaluated period: the unit of the false-alert rate."""
    off, seen = UTC_OFFSET_HOURS * HOUR, set()
    for ev in sim.events:
        if ev.at is not None and ev.at >= sim.eval_start and ev.action.startswith("records."):
            seen.add((ev.actor, int((ev.at + off) // DAY)))
    return len(seen)


def run_engine(sim: Simulation, policy: AuditPolicy) -> tuple[list[Alert], dict[str, float]]:
    """Warm up on the first days, then detect; (alerts of the evaluated period, timing)."""
    bodies = [ev.body("sim", i + 1, ev.at or 0.0) for i, ev in enumerate(sim.events)]
    engine = DetectionEngine(policy, sim.context)
    eval_start = sim.eval_start
    alerts: list[Alert] = []
    began = time.perf_counter()
    for body in bodies:
        ev = Observed.from_body(body)
        found = engine.observe(ev, emit=ev.at >= eval_start)
        if found:
            alerts.extend(found)
    alerts.extend(engine.flush(math.inf))
    seconds = time.perf_counter() - began
    return alerts, {"events": len(bodies), "seconds": seconds, "events_per_s": len(bodies) / seconds}


def score_alerts(sim: Simulation, alerts: list[Alert], agent_days: int) -> dict[str, Any]:
    """Recall per scenario, false alerts per 100 agent-days, detection delay."""
    matched: dict[int, list[tuple[str, int]]] = defaultdict(list)
    instances = [inst for items in sim.labels.values() for inst in items]
    false = 0
    by_detector: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for n, alert in enumerate(alerts):
        hit = False
        for k, inst in enumerate(instances):
            if _matches(alert, inst):
                matched[k].append((alert.detector, n))
                hit = True
        by_detector[alert.detector][0 if hit else 1] += 1
        false += not hit
    scenarios: dict[str, Any] = {}
    delays_all: list[float] = []
    for name in SCENARIOS:
        ks = [k for k, inst in enumerate(instances) if inst.scenario == name]
        found = [k for k in ks if matched.get(k)]
        delays = [max(0.0, min(alerts[n].at for _, n in matched[k]) - instances[k].start) / 60 for k in found]
        delays_all += delays
        scenarios[name] = {
            "instances": len(ks), "detected": len(found), "recall": len(found) / len(ks) if ks else None,
            "delay_median_min": statistics.median(delays) if delays else None,
            "delay_max_min": max(delays) if delays else None,
            "by": sorted({d for k in found for d, _ in matched[k]}),
            "missed": [f"{instances[k].actor or instances[k].source_ip} {instances[k].note}".strip()
                       for k in ks if not matched.get(k)],
        }
    return {"alerts": len(alerts), "false_alerts": false,
            "false_per_100_agent_days": 100 * false / max(1, agent_days), "scenarios": scenarios,
            "delay_median_min": statistics.median(delays_all) if delays_all else None,
            "delay_max_min": max(delays_all) if delays_all else None,
            "by_detector": {k: {"true": v[0], "false": v[1]} for k, v in sorted(by_detector.items())}}


def naive_peer(sim: Simulation, false_budget: int, agent_days: int) -> dict[str, Any]:
    """Fixed 'more than X records read in an hour', X the lowest value within the same false-item budget."""
    off = UTC_OFFSET_HOURS * HOUR
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for ev in sim.events:
        if ev.at is not None and ev.at >= sim.eval_start and ev.action in ("records.read", "records.detokenize"):
            counts[(ev.actor, int((ev.at + off) // HOUR))] += int(ev.detail.get("records", 1))
    instances = [inst for items in sim.labels.values() for inst in items]
    hours = []
    for (actor, bucket), n in counts.items():
        start = bucket * HOUR - off
        hits = [k for k, inst in enumerate(instances)
                if inst.actor == actor and start + HOUR >= inst.start and start <= inst.end]
        hours.append((n, actor, bucket // 24, hits))

    def flagged(threshold: int) -> tuple[int, set[int], int]:
        items: dict[tuple[str, int], bool] = {}
        found: set[int] = set()
        for n, actor, day, hits in hours:
            if n > threshold:
                items[(actor, day)] = items.get((actor, day), False) or bool(hits)
                found.update(hits)
        return sum(not v for v in items.values()), found, len(items)

    best = next(t for t in range(1, 5000) if flagged(t)[0] <= false_budget)
    false, found, n_items = flagged(best)
    recall = {}
    for name in SCENARIOS:
        ks = [k for k, inst in enumerate(instances) if inst.scenario == name]
        recall[name] = sum(k in found for k in ks) / len(ks) if ks else None
    return {"rule": f"more than {best} records read in an hour", "threshold": best, "items": n_items,
            "false_per_100_agent_days": 100 * false / max(1, agent_days), "recall": recall}


def triage_items(alerts: list[Alert]) -> dict[tuple[str, int], list[Alert]]:
    """Alerts grouped as an analyst reviews them: one actor (or address) on one local day."""
    off = UTC_OFFSET_HOURS * HOUR
    items: dict[tuple[str, int], list[Alert]] = defaultdict(list)
    for a in alerts:
        items[(a.actor or a.source_ip or "?", int((a.at + off) // DAY))].append(a)
    return items


def within_budget(sim: Simulation, alerts: list[Alert], false_budget: int) -> list[Alert]:
    """Alerts of the highest-scoring triage items, down to where the false items would exceed *false_budget*.

    In production nearly every alert is false (misuse is rare), so the analysts' capacity is in effect a
    budget of false alerts; the simulation injects misuse far more densely, so the budget is applied to
    the false items only, exactly as "recall at 5% false positives" is read in the insider-threat studies.
    """
    instances = [inst for items in sim.labels.values() for inst in items]
    items = sorted(triage_items(alerts).values(), key=lambda g: (-max(a.score for a in g), min(a.at for a in g)))
    out: list[Alert] = []
    false = 0
    for group in items:
        true = any(_matches(a, inst) for a in group for inst in instances)
        if not true:
            if false + 1 > false_budget:
                break
            false += 1
        out.extend(group)
    return out


def evaluate(sim: Simulation, policy: AuditPolicy | None = None) -> dict[str, Any]:
    """Run the engine over *sim* and score it (all alerts, and within the alert budget), plus the naive peer."""
    policy = policy or load_audit_policy()
    alerts, timing = run_engine(sim, policy)
    agent_days = worked_agent_days(sim)
    budget = max(1, math.floor(policy.alert_budget_per_100_agent_days * agent_days / 100))
    ranked = within_budget(sim, alerts, budget)
    everything = score_alerts(sim, alerts, agent_days)
    within = score_alerts(sim, ranked, agent_days)
    naive = naive_peer(sim, budget, agent_days)
    return {
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "conditions": {"agents": sim.agents, "days": sim.days, "seed": sim.seed, "warmup_days": sim.warmup_days,
                       "events": len(sim.events), "agent_days": agent_days, "alert_budget": budget,
                       "alert_budget_per_100_agent_days": policy.alert_budget_per_100_agent_days,
                       "triage_items": len(triage_items(alerts)),
                       **sim.conditions},
        "engine": timing,
        "all_alerts": everything,
        "at_budget": within,
        "naive": naive,
    }


def _fmt(value: Any, spec: str = ".2f") -> str:
    return "-" if value is None else format(value, spec)


def report(result: dict[str, Any]) -> str:
    c, e, a, b, n = (result["conditions"], result["engine"], result["all_alerts"], result["at_budget"],
                     result["naive"])
    m = result["machine"]
    lines = [
        f"machine: {m['platform']}, Python {m['python']}, {m['cpus']} CPUs",
        f"conditions: {c['agents']} agents + {c['service_accounts']} service accounts, {c['days']} days "
        f"(warm-up {c['warmup_days']}), seed {c['seed']}, {c['events']:,} events, {c['agent_days']} worked "
        f"agent-days evaluated, case links known for {c['case_coverage']:.0%} of agents, "
        f"{c['instances_per_scenario']} instances per scenario",
        f"engine: {e['events']:,} events in {e['seconds']:.1f} s = {e['events_per_s']:,.0f} events/s (one core)",
        f"alert budget: {c['alert_budget']} false triage items (an actor or address on one day; "
        f"{c['alert_budget_per_100_agent_days']} per 100 agent-days); {c['triage_items']} items raised",
        "",
        f"{'scenario':26} {'n':>3} {'recall':>7} {'@budget':>8} {'naive':>6} {'delay med':>10} {'max (min)':>10}  by",
    ]
    for name in SCENARIOS:
        s, sb = a["scenarios"][name], b["scenarios"][name]
        lines.append(f"{name:26} {s['instances']:>3} {_fmt(s['recall']):>7} {_fmt(sb['recall']):>8} "
                     f"{_fmt(n['recall'][name]):>6} {_fmt(s['delay_median_min'], '.0f'):>10} "
                     f"{_fmt(s['delay_max_min'], '.0f'):>10}  {','.join(s['by'])}")
    lines += [
        "",
        f"false alerts per 100 agent-days: {a['false_per_100_agent_days']:.2f} (all {a['alerts']} alerts, "
        f"{a['false_alerts']} false); within budget {b['false_per_100_agent_days']:.2f}",
        f"detection delay: median {_fmt(a['delay_median_min'], '.0f')} min, max {_fmt(a['delay_max_min'], '.0f')} min",
        f"naive peer ({n['rule']}): {n['items']} items, {n['false_per_100_agent_days']:.2f} false per 100 "
        f"agent-days",
        "alerts by detector (true/false): " + ", ".join(
            f"{k} {v['true']}/{v['false']}" for k, v in a["by_detector"].items()),
    ]
    missed = {k: v["missed"] for k, v in a["scenarios"].items() if v["missed"]}
    if missed:
        lines.append(f"missed: {missed}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agents", type=int, default=300)
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--warmup-days", type=int, default=7)
    parser.add_argument("--case-coverage", type=float, default=0.8)
    parser.add_argument("--instances", type=int, default=None, help="per scenario (default: scaled)")
    parser.add_argument("--policy-dir", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    sim = simulate(args.agents, args.days, args.seed, warmup_days=args.warmup_days,
                   case_coverage=args.case_coverage, instances=args.instances)
    generated = time.perf_counter() - began
    result = evaluate(sim, load_audit_policy(args.policy_dir))
    result["conditions"]["generation_s"] = round(generated, 1)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
