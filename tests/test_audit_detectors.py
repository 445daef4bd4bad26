"""The audit detectors: each fires on its bad pattern and stays quiet on normal work.

Every test builds a small history by hand (an agent working 08:00-16:00 local on their own cases
from the office), then adds one pattern. Messages must read like a sentence and never carry a
subject reference in full.
"""

from __future__ import annotations

import calendar
import math
import random
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from audit.detect import DETECTORS, Alert, DetectionEngine, Observed, StaticContext
from audit.detect.alert import hour_ranges, severity_of
from audit.log import AuditEvent
from policies import AuditPolicy, PolicyError, load_audit_policy

OFFSET = 7 * 3600
MONDAY = calendar.timegm((2024, 3, 4, 0, 0, 0)) - OFFSET  # local midnight
OFFICE = "203.0.113.10"
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/122.0.0.0 Safari/537.36"


def at(day: int, hour: float, minute: float = 0) -> float:
    return MONDAY + day * 86400 + hour * 3600 + minute * 60


def ref(i: int) -> str:
    return f"{i:020x}"


def base_of(actor: str) -> int:
    """Where an actor's case subjects start (deterministic across processes)."""
    return zlib.crc32(actor.encode()) % 1000 * 10_000


class Feed:
    """Feeds hand-made events through an engine and keeps the alerts."""

    def __init__(self, policy: AuditPolicy | None = None, context: StaticContext | None = None) -> None:
        self.policy = policy or load_audit_policy()
        self.engine = DetectionEngine(self.policy, context)
        self.seq = 0
        self.alerts: list[Alert] = []
        self.refs: set[str] = set()

    def ev(self, when: float, action: str, actor: str, *, emit: bool = True, **kw: Any) -> list[Alert]:
        self.seq += 1
        kw.setdefault("source_ip", OFFICE)
        kw.setdefault("user_agent", UA)
        if action.startswith("records."):
            kw.setdefault("role", "agent")
        self.refs.update(kw.get("subjects", ()))
        body = AuditEvent(action=action, actor=actor, at=when, **kw).body("t", self.seq, when)
        out = self.engine.observe(Observed.from_body(body), emit=emit)
        self.alerts += out
        return out

    def read(self, when: float, actor: str, subject: str, **kw: Any) -> list[Alert]:
        kw.setdefault("purpose", "CASE-1")
        kw.setdefault("data_classes", ("name", "phone"))
        return self.ev(when, "records.read", actor, subjects=(subject,), detail={"records": 1}, **kw)

    def flush(self) -> list[Alert]:
        out = self.engine.flush(math.inf)
        self.alerts += out
        return out

    def of(self, detector: str) -> list[Alert]:
        return [a for a in self.alerts if a.detector == detector]


def workdays(feed: Feed, actor: str, days: range, *, per_hour: int = 12, seed: int = 1, cases: int = 200,
             ip: str = OFFICE, card_every: int = 0, emit: bool = False) -> None:
    """Normal work: 08:00-16:00, about *per_hour* reads an hour of the actor's own case subjects."""
    rng = random.Random(seed)
    base = base_of(actor)
    n = 0
    for day in days:
        feed.ev(at(day, 7, 58), "auth.login_succeeded", actor, source_ip=ip, emit=emit)
        for hour in range(8, 16):
            for minute in sorted(rng.uniform(0, 59) for _ in range(per_hour + rng.randint(-2, 2))):
                n += 1
                classes = ("name", "card") if card_every and n % card_every == 0 else ("name", "phone")
                feed.read(at(day, hour, minute), actor, ref(base + rng.randrange(cases)), source_ip=ip,
                          data_classes=classes, emit=emit)


@pytest.fixture()
def context() -> StaticContext:
    base = base_of("a17")
    return StaticContext(cases={"a17": frozenset(ref(base + i) for i in range(200))})


def test_observed_from_body() -> None:
    body = AuditEvent(action="records.read", actor="a17", role="agent", subjects=("r1", "r2"), purpose="CASE-9",
                      data_classes=("card",), source_ip="10.0.0.1", detail={"records": 2}).body("t", 5, 100.0)
    ev = Observed.from_body(body)
    assert (ev.seq, ev.at, ev.actor, ev.role, ev.subjects, ev.records, ev.purpose) == (
        5, 100.0, "a17", "agent", ("r1", "r2"), 2, "CASE-9")
    assert ev.outcome == "ok" and ev.data_classes == ("card",) and ev.session_id is None
    with pytest.raises(AttributeError):
        ev.actor = "other"  # type: ignore[misc]
    auth = Observed.from_body({"seq": 1, "at": 1, "action": "auth.login_failed", "actor": "x", "outcome": "failed"})
    assert auth.records == 0 and auth.detail == {}


# -- the policy -------------------------------------------------------------------------------------


def test_bundled_audit_policy_loads() -> None:
    policy = load_audit_policy()
    assert policy.baseline_days >= 14
    assert {"card", "nik"} <= policy.sensitive_classes
    from policies import load_vault_policy

    classes = load_vault_policy().data_classes
    assert policy.sensitive_classes <= classes.keys(), "watched classes must be classes the vault reports"
    assert {d.name for d in DETECTORS} == {
        "volume", "off_hours", "bulk_enumeration", "purpose", "sensitive_subjects", "auth_attacks", "new_source",
        "disabled_account", "sensitive_classes"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("volume:\n  hourly_kk: 6\n", "hourly_kk"),
        ("baseline_day: 28\n", "baseline_day"),
        ("volume:\n  hourly_k: -1\n", "hourly_k"),
        ("data_classes:\n  card: [pan]\n", "data_classes"),  # the vault policy owns them
        ("auth_attacks: [\n", "cannot read"),
    ],
)
def test_invalid_audit_policy_is_refused(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "audit.yaml").write_text(content)
    with pytest.raises(PolicyError, match=message):
        load_audit_policy(tmp_path)


def test_every_bundled_key_is_in_the_yaml() -> None:
    """The YAML states every threshold explicitly (the officer sees them all), none left to defaults."""
    import yaml

    raw = yaml.safe_load((Path(__file__).resolve().parents[1] / "policies" / "audit.yaml").read_text())
    policy = load_audit_policy()
    for name, value in policy:
        assert name in raw, name
        if isinstance(value, BaseModel):
            assert set(type(value).model_fields) == set(raw[name]), name


# -- volume and off hours ---------------------------------------------------------------------------


def test_night_bulk_read_raises_volume_off_hours_and_bulk(context: StaticContext) -> None:
    feed = Feed(context=context)
    workdays(feed, "a17", range(0, 10))
    for i in range(300):
        feed.read(at(10, 2, 20 * i / 300), "a17", ref(900_000 + i))
    feed.ev(at(10, 8), "auth.login_succeeded", "a17")  # the next morning: closes the night's hour
    feed.flush()
    volume = feed.of("volume")
    assert len(volume) == 1
    assert volume[0].message.startswith("a17 read 300 customer records between 02:00 and 02:19")
    assert "usual is 12/h, 08:00-16:00" in volume[0].message
    assert volume[0].severity in ("high", "critical") and volume[0].score >= 70
    assert len(feed.of("off_hours")) == 1
    assert "outside their usual hours (08:00-16:00)" in feed.of("off_hours")[0].message
    bulk = feed.of("bulk_enumeration")
    assert len(bulk) >= 1 and "distinct customer records" in bulk[0].message
    assert len(feed.of("purpose")) == 1  # 300 customers on none of the agent's cases
    _no_refs_in_messages(feed)


def test_normal_days_raise_nothing(context: StaticContext) -> None:
    feed = Feed(context=context)
    workdays(feed, "a17", range(0, 10))
    workdays(feed, "a17", range(10, 15), seed=2, emit=True)
    feed.flush()
    assert feed.alerts == []


def test_volume_against_own_baseline_needs_history() -> None:
    feed = Feed()
    workdays(feed, "a17", range(0, 2))
    for i in range(120):
        feed.read(at(2, 10, i / 2), "a17", ref(5_000_000 + i % 100))
    feed.flush()
    assert feed.of("volume") == []  # two days of history: own-baseline rules stay silent


def test_volume_against_the_peer_group() -> None:
    feed = Feed()
    for k in range(6):
        workdays(feed, f"p{k}", range(0, 3), seed=k)
    for i in range(200):  # a brand-new agent (no own history) reads far more than any peer
        feed.read(at(3, 10, i / 4), "newbie", ref(7_000_000 + i % 40))
    feed.flush()
    volume = feed.of("volume")
    assert len(volume) == 1 and "peers (agent) usually read 12/h" in volume[0].message


def test_slow_exfiltration_over_several_days() -> None:
    feed = Feed()
    workdays(feed, "a17", range(0, 10), per_hour=12)
    workdays(feed, "a17", range(10, 13), per_hour=21, seed=3, emit=True)  # 1.75x, under any hourly rule
    feed.flush()
    slow = [a for a in feed.of("volume") if "a sustained rise" in a.message]
    assert len(slow) == 1, [a.message for a in feed.alerts]
    assert re.search(r"over [23] active days \(2024-03-1[45] to 2024-03-1[56]\), 1\.[6-9]x the usual 9\d/day",
                     slow[0].message), slow[0].message


def test_slightly_busier_days_are_not_exfiltration() -> None:
    feed = Feed()
    workdays(feed, "a17", range(0, 10), per_hour=12)
    workdays(feed, "a17", range(10, 13), per_hour=14, seed=3, emit=True)  # +15%
    feed.flush()
    assert feed.of("volume") == []


def test_overtime_within_the_margin_is_not_off_hours() -> None:
    feed = Feed()
    workdays(feed, "a17", range(0, 10))
    for i in range(15):
        feed.read(at(10, 16, i * 3), "a17", ref(i))  # 16:00-16:45, right after the usual 08-16
    for i in range(15):
        feed.read(at(10, 21, i * 3), "a17", ref(i))  # 21:00: five hours away
    feed.flush()
    off = feed.of("off_hours")
    assert len(off) == 1 and "between 21:00 and 21:42" in off[0].message


# -- bulk enumeration -------------------------------------------------------------------------------


def test_find_fishing_and_export() -> None:
    feed = Feed()
    for i in range(45):
        feed.ev(at(1, 10, i / 2), "records.find", "a17", detail={"field": "nik", "records": int(i % 15 == 0)})
    fishing = feed.of("bulk_enumeration")
    assert len(fishing) == 1 and "ran 40 lookups by nik" in fishing[0].message
    feed.ev(at(1, 11), "records.read", "a17", subjects=tuple(ref(i) for i in range(3)), detail={"records": 500})
    assert "received 500 customer records in one request" in feed.of("bulk_enumeration")[-1].message


def test_finds_that_hit_are_normal_work() -> None:
    feed = Feed()
    for i in range(60):
        feed.ev(at(1, 10, i / 2), "records.find", "a17", detail={"field": "phone", "records": 1})
    assert feed.alerts == []


def test_one_alert_per_window_not_one_per_event() -> None:
    feed = Feed()
    for i in range(400):
        feed.read(at(1, 10, i * 0.05), "a17", ref(i))  # 400 distinct customers in 20 minutes
    bulk = feed.of("bulk_enumeration")
    assert len(bulk) == 1
    assert len({a.key for a in feed.alerts}) == len(feed.alerts)
    assert "a17 read 60 distinct customer records in 3 minutes" in bulk[0].message


# -- purpose and sensitive subjects -----------------------------------------------------------------


def test_reads_without_a_purpose(context: StaticContext) -> None:
    feed = Feed(context=context)
    for i in range(3):
        feed.read(at(1, 9, i), "a17", ref(i), purpose=None)
    assert feed.alerts == []  # a slip or two is not a pattern
    feed.read(at(1, 9, 10), "a17", ref(10), purpose=None)
    alert = feed.of("purpose")
    assert len(alert) == 1 and "a17 read 4 customer records without a stated purpose" in alert[0].message
    for i in range(10):
        feed.read(at(1, 9, 20 + i), "svc-crm", ref(i), purpose=None, role="service")
    assert len(feed.alerts) == 1  # service accounts are not held to purposes


def test_reads_outside_the_agents_cases(context: StaticContext) -> None:
    feed = Feed(context=context)
    base = base_of("a17")
    for i in range(30):
        feed.read(at(1, 9, i), "a17", ref(base + i))  # own cases
    assert feed.alerts == []
    for i in range(4):
        feed.read(at(1, 10, i), "a17", ref(9_999_000 + i))
    alert = feed.of("purpose")
    assert len(alert) == 1 and "on none of their cases" in alert[0].message
    for i in range(10):  # cases unknown for b22: no guessing
        feed.read(at(1, 11, i), "b22", ref(9_999_100 + i))
    assert len(feed.alerts) == 1


def test_vip_coworker_self_and_surname_lookups() -> None:
    base = base_of("a17")
    vip, coworker, me, cousin, vip_on_case = ref(1), ref(2), ref(3), ref(4), ref(5)
    ctx = StaticContext(cases={"a17": frozenset({ref(base), vip_on_case})}, vip_subjects=frozenset({vip, vip_on_case}),
                        staff_subjects={coworker: "b22", me: "a17"}, actor_surnames={"a17": "sn7", "c33": "sn7"},
                        subject_surnames={cousin: "sn7"})
    feed = Feed(context=ctx)
    feed.read(at(1, 9), "a17", vip_on_case)
    assert feed.alerts == []  # the VIP is on one of a17's cases: that is the job
    feed.read(at(1, 9, 5), "a17", vip)
    feed.read(at(1, 9, 6), "a17", coworker)
    feed.read(at(1, 9, 7), "a17", me)
    feed.read(at(1, 9, 8), "a17", cousin)
    feed.read(at(1, 9, 9), "c33", cousin)  # c33 shares the surname, but c33's cases are unknown
    feed.read(at(1, 9, 10), "a17", vip)  # same VIP again the same day: no second alert
    messages = [a.message for a in feed.of("sensitive_subjects")]
    assert len(messages) == 4, messages
    assert "opened a VIP customer (ref 000000…) at 2024-03-05 09:05; not linked to any of their cases" in messages[0]
    assert "a co-worker's record" in messages[1]
    assert "their own customer record" in messages[2]
    assert "a customer with their own surname" in messages[3]
    _no_refs_in_messages(feed)


# -- authentication ---------------------------------------------------------------------------------


def test_password_guessing_on_one_account() -> None:
    feed = Feed()
    for i in range(5):
        feed.ev(at(1, 9, i), "auth.login_failed", "a17", outcome="failed")
    assert feed.alerts == []
    feed.ev(at(1, 9, 6), "auth.login_failed", "a17", outcome="failed")
    assert "6 failed logins for a17" in feed.of("auth_attacks")[0].message


def test_credential_stuffing_from_one_address() -> None:
    feed = Feed()
    for i in range(7):
        feed.ev(at(1, 3, i), "auth.login_failed", f"u{i}", outcome="failed", source_ip="185.220.1.2")
    assert feed.alerts == []
    feed.ev(at(1, 3, 8), "auth.login_failed", "anonymous", outcome="failed", source_ip="185.220.1.2")
    stuffing = feed.of("auth_attacks")
    assert len(stuffing) == 1 and stuffing[0].actor is None and stuffing[0].source_ip == "185.220.1.2"
    assert "address 185.220.1.2 failed to log in to 8 accounts" in stuffing[0].message
    feed.ev(at(1, 3, 9), "auth.login_succeeded", "u3", source_ip="185.220.1.2")
    assert "may be taken over" in feed.of("auth_attacks")[-1].message


def test_office_typos_are_not_stuffing() -> None:
    feed = Feed()
    for i in range(40):  # shift start: everyone logs in through the office address, many mistype once
        feed.ev(at(1, 7, i), "auth.login_failed", f"u{i}", outcome="failed")
        feed.ev(at(1, 7, i + 0.3), "auth.login_succeeded", f"u{i}")
    assert feed.alerts == []


def test_lockout_wave_and_repeated_lockouts() -> None:
    feed = Feed()
    feed.ev(at(1, 9), "auth.account_locked", "u1", outcome="denied")
    feed.ev(at(1, 9, 5), "auth.account_locked", "u2", outcome="denied")
    assert feed.alerts == []
    feed.ev(at(1, 9, 10), "auth.account_locked", "u2", outcome="denied")
    feed.ev(at(1, 9, 15), "auth.account_locked", "u3", outcome="denied")
    messages = [a.message for a in feed.of("auth_attacks")]
    assert any("u2 was locked out 2 times" in m for m in messages)
    assert any("3 accounts were locked out" in m for m in messages)


# -- new sources and shared accounts ----------------------------------------------------------------


def test_new_address_after_a_baseline_but_not_the_vpn() -> None:
    feed = Feed()
    workdays(feed, "a17", range(0, 8))
    for k in range(3):
        feed.ev(at(8, 7, k), "auth.login_succeeded", f"v{k}", source_ip="192.0.2.10")
    feed.ev(at(8, 8), "auth.login_succeeded", "a17", source_ip="192.0.2.10")  # the company VPN
    feed.ev(at(8, 8, 1), "auth.login_succeeded", "a17",
            user_agent=UA.replace("122.0.0.0", "123.0.0.0"))  # browser update
    assert feed.alerts == []
    feed.ev(at(8, 9), "auth.login_succeeded", "a17", source_ip="198.51.100.7")
    alert = feed.of("new_source")
    assert len(alert) == 1 and "a17 used a new address 198.51.100.7 for the first time" in alert[0].message
    newbie = Feed()
    newbie.ev(at(0, 9), "auth.login_succeeded", "n1", source_ip="198.51.100.8")
    newbie.ev(at(0, 10), "auth.login_succeeded", "n1", source_ip="198.51.100.9")
    assert newbie.alerts == []  # no history yet


def test_shared_account_switching_between_places() -> None:
    feed = Feed()
    for i in range(10):  # moving from office to home once: one switch
        feed.read(at(1, 9, i), "a17", ref(i), source_ip=OFFICE if i < 5 else "198.51.100.7")
    assert feed.alerts == []
    for i in range(12):
        ip = OFFICE if i % 2 else "198.51.100.99"
        feed.read(at(1, 12, i), "a17", ref(i), source_ip=ip)
    shared = feed.of("new_source")
    assert len(shared) == 1 and "the account looks shared" in shared[0].message


# -- disabled and dismissed -------------------------------------------------------------------------


def test_activity_after_disabling_or_dismissal() -> None:
    ctx = StaticContext(dismissed={"b22": at(2, 17)})
    feed = Feed(context=ctx)
    feed.ev(at(2, 18), "auth.user_disabled", "a17", detail={"by": "admin1"})
    feed.ev(at(2, 18, 1), "auth.session_revoked", "a17", detail={"by": "admin1"})
    feed.read(at(2, 18, 2), "a17", ref(1))  # in-flight request within the grace period
    assert feed.alerts == []
    feed.ev(at(3, 9), "auth.login_failed", "a17", outcome="failed", source_ip="198.51.100.7")
    feed.read(at(3, 9, 5), "a17", ref(2))
    feed.read(at(4, 10), "b22", ref(3))
    messages = [(a.severity, a.message) for a in feed.of("disabled_account")]
    assert messages[0][0] == "high" and "a17 auth.login_failed (failed)" in messages[0][1]
    assert messages[1][0] == "critical" and "after being disabled" in messages[1][1]
    assert messages[2][0] == "critical" and "b22 read 1 customer record(s)" in messages[2][1]
    assert "after being dismissed" in messages[2][1]


# -- sensitive classes ------------------------------------------------------------------------------


def test_card_reads_far_above_baseline() -> None:
    feed = Feed()
    workdays(feed, "a17", range(0, 8), card_every=20)  # ~5 card reads a day
    workdays(feed, "a17", range(8, 9), card_every=15, seed=4, emit=True)  # a little more: fine
    assert feed.of("sensitive_classes") == []
    for i in range(40):
        feed.ev(at(9, 9, i), "records.detokenize", "a17", subjects=(ref(i),), data_classes=("card",),
                purpose="CASE-1", detail={"records": 1})
    alert = feed.of("sensitive_classes")
    assert len(alert) == 1 and "a17 read card data of 26 customer records" in alert[0].message
    assert "usual is" in alert[0].message


# -- engine behaviour -------------------------------------------------------------------------------


def test_warm_up_emits_nothing_but_learns() -> None:
    feed = Feed()
    workdays(feed, "a17", range(0, 10))
    for i in range(300):
        assert feed.read(at(10, 2, i / 20), "a17", ref(i), emit=False) == []
    assert feed.engine.flush(at(10, 4)) == []  # closed windows of warm-up events are not emitted...
    assert feed.engine.baselines.actors["a17"].history_days == 10  # ... but were learnt


def test_disabled_detector_is_not_run() -> None:
    policy = load_audit_policy()
    off = policy.bulk_enumeration.model_copy(update={"enabled": False})
    policy = policy.model_copy(update={"bulk_enumeration": off})
    feed = Feed(policy=policy)
    assert "bulk_enumeration" not in feed.engine.detector_names
    for i in range(100):
        feed.read(at(1, 10, i * 0.05), "a17", ref(i))
    assert feed.of("bulk_enumeration") == []


def test_evidence_is_capped_and_alert_serialises() -> None:
    feed = Feed()
    workdays(feed, "a17", range(0, 10))
    for i in range(450):
        feed.read(at(10, 2, i / 10), "a17", ref(i))
    feed.flush()
    volume = feed.of("volume")[0]
    assert len(volume.evidence) == 200 and "450 customer records" in volume.message
    data = volume.to_dict()
    assert data["detector"] == "volume" and isinstance(data["evidence"], list) and data["key"].startswith("volume:a17:")
    assert severity_of(95) == "critical" and severity_of(75) == "high" and severity_of(50) == "medium"
    assert severity_of(20) == "low"
    assert hour_ranges({22, 23, 0, 1, 2, 3, 4, 5}) == "22:00-06:00"
    assert hour_ranges(range(8, 16)) == "08:00-16:00"


def _no_refs_in_messages(feed: Feed) -> None:
    for alert in feed.alerts:
        for r in feed.refs:
            assert r not in alert.message, alert.message


def test_dismissed_account_with_no_history_is_flagged_on_its_first_access() -> None:
    """An account HR says has left, seen for the first time (no baseline): flagged at once."""
    from audit.detect import DetectionEngine, Observed, StaticContext

    engine = DetectionEngine(load_audit_policy(), StaticContext(dismissed={"rudi": 1_700_000_000.0}))
    body = AuditEvent(action="records.read", actor="rudi", role="agent", purpose="CASE-1", subjects=("r1",),
                      detail={"records": 1}).body("t", 1, 1_800_000_000.0)
    alerts = engine.observe(Observed.from_body(body))
    assert [a.detector for a in alerts] == ["disabled_account"] and alerts[0].actor == "rudi"
