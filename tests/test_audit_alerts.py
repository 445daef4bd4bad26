"""Detection over the stored log: batch scan = in-memory engine, live monitor, alert handling, webhook, API, CLI."""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from audit import AlertStatusError, AuditEvent
from kawal.app import create_app
from kawal.audit_context import ContextFileError, load_context
from kawal.webhook import WebhookSender
from policies import load_audit_policy

BENCH = Path(__file__).resolve().parents[1] / "bench"
KAWAL = str(Path(sys.executable).parent / "kawal")
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def END(simulation: Any) -> float:  # noqa: N802 - reads like a constant at the call sites
    """Just after the last simulated event (the log also holds today's start-up events)."""
    return max(e.at for e in simulation.events) + 1.0


@pytest.fixture(scope="module")
def sim() -> Any:
    spec = importlib.util.spec_from_file_location("kawal_bench_audit_sim_alerts", BENCH / "audit_sim.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def simulation(sim: Any) -> Any:
    return sim.simulate(agents=20, days=11, seed=5, warmup_days=7, instances=1)


def _load(services: Any, events: list[AuditEvent]) -> None:
    for i in range(0, len(events), 2_000):
        services.trail.log.append_many(events[i : i + 2_000])


def test_scan_of_the_database_finds_what_the_engine_finds_in_memory(services: Any, sim: Any, simulation: Any) -> None:
    _load(services, simulation.events)
    expected, _ = sim.run_engine(simulation, load_audit_policy())
    report = services.alerting.scan(simulation.eval_start, END(simulation), actor="dpo", context=simulation.context)
    assert report.warmup_events > 0 and report.events > 0
    stored = services.alerting.store.list(status="open", limit=10_000)
    assert {a.dedup_key for a in stored} == {a.key for a in expected} and stored
    # every injected scenario instance is matched by a stored alert (recall on the real storage path)
    by_actor = {(a.actor, a.detector) for a in stored}
    missed = [i for items in simulation.labels.values() for i in items
              if not any(actor == i.actor for actor, _ in by_actor) and i.actor is not None]
    assert not missed, missed
    again = services.alerting.scan(simulation.eval_start, END(simulation), actor="dpo", context=simulation.context)
    assert again.alerts == [] and again.raised == report.raised  # de-duplicated, not raised twice
    raised = services.trail.log.search(action="alerts.raised", limit=1000)
    assert len(raised) == len(stored)
    assert services.trail.log.verify().ok


@SQLITE_ONLY
def test_live_monitor_follows_the_tail_and_survives_a_restart(services: Any, simulation: Any) -> None:
    cut = next(i for i, e in enumerate(simulation.events) if e.at >= simulation.eval_start)
    _load(services, simulation.events[:cut])
    alerting = services.alerting
    alerting._context = lambda: simulation.context  # the context file, as the server would load it
    assert alerting.poll() == []  # first poll: starts at the head, judges only what comes next
    _load(services, simulation.events[cut:])
    first = alerting.poll()
    assert first and all(a.status == "open" for a in first)
    assert alerting.poll() == []  # nothing new
    from kawal.alerting import Alerting

    restarted = Alerting(alerting.trail, alerting.store, alerting.policy, lambda: simulation.context)
    assert restarted.poll() == []  # cursor kept in the database: no repeats


def test_alert_status_moves_forward_only_with_who_and_why(services: Any, simulation: Any) -> None:
    _load(services, simulation.events)
    services.alerting.scan(simulation.eval_start, END(simulation), actor="dpo", context=simulation.context)
    alert = services.alerting.store.list(limit=1)[0]
    acked = services.alerting.set_status(alert.alert_id, "acknowledged", by="dpo")
    assert acked.status == "acknowledged" and acked.status_by == "dpo" and acked.status_at
    with pytest.raises(AlertStatusError, match="reason"):
        services.alerting.set_status(alert.alert_id, "closed", by="dpo")
    closed = services.alerting.set_status(alert.alert_id, "closed", by="dpo", reason="confirmed with team lead: benign")
    assert closed.status_reason.startswith("confirmed")
    with pytest.raises(AlertStatusError, match="closed"):
        services.alerting.set_status(alert.alert_id, "acknowledged", by="dpo")
    handled = [e.fields() for e in services.trail.log.search(action="alerts.", limit=10_000) if "status" not in e.action]
    changes = [e for e in handled if e["action"] in ("alerts.acknowledged", "alerts.closed")]
    assert [(e["action"], e["resource"]) for e in changes] == [("alerts.acknowledged", f"alert:{alert.alert_id}"),
                                                              ("alerts.closed", f"alert:{alert.alert_id}")]


@SQLITE_ONLY
def test_webhook_delivers_signed_alerts_and_retries_after_a_failure(services: Any, simulation: Any) -> None:
    received: list[tuple[bytes, str]] = []
    state = {"fail": True}

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if state["fail"]:
                self.send_response(503)
            else:
                received.append((body, self.headers["X-Kawal-Signature"]))
                self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        services.alerting._webhook = WebhookSender(f"http://127.0.0.1:{server.server_port}/hook", b"s3cret")
        _load(services, simulation.events)
        services.alerting.scan(simulation.eval_start, END(simulation), actor="dpo", context=simulation.context)
        total = len(services.alerting.store.unnotified(limit=10_000))
        assert services.alerting.deliver() == 0 and len(services.alerting.store.unnotified(limit=10_000)) == total
        state["fail"] = False
        delivered = 0
        while services.alerting.store.unnotified():
            delivered += services.alerting.deliver()
        assert delivered == total == len(received)
        body, signature = received[0]
        assert signature == "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
        assert json.loads(body)["alert"]["detector"]
    finally:
        server.shutdown()
    with pytest.raises(ValueError):
        WebhookSender("file:///etc/passwd", None)


@SQLITE_ONLY
def test_context_file_turns_ids_and_surnames_into_references(services: Any, tmp_path: Path) -> None:
    path = tmp_path / "context.json"
    path.write_text(json.dumps({
        "cases": {"a17": ["cust-1"]}, "vip": ["cust-777"], "staff": {"cust-55": "b2"},
        "surnames": {"actors": {"a17": "Santoso"}, "subjects": {"cust-9": " santoso "}},
        "dismissed": {"c9": "2026-11-20T17:00:00+07:00"}, "peer_groups": {"a17": "billing"},
    }))
    context = load_context(path, services.vault)
    ref = services.vault.subject_ref
    assert context.cases_of("a17") == {ref("cust-1")} and context.cases_of("zz") is None
    assert ref("cust-777") in context.vip_subjects and context.staff_subjects[ref("cust-55")] == "b2"
    assert context.same_surname("a17", ref("cust-9")) and "Santoso" not in repr(context)
    assert context.dismissed_at("c9") == datetime(2026, 11, 20, 10, 0, tzinfo=UTC).timestamp() and context.peer_group("a17", "agent") == "billing"
    for bad in ("[1, 2]", '{"cases": {"a": ["x"]}, "extra": 1}', '{"dismissed": {"a": "someday"}}', "{"):
        path.write_text(bad)
        with pytest.raises(ContextFileError):
            load_context(path, services.vault)


@pytest.fixture
def client(services: Any) -> Iterator[TestClient]:
    with TestClient(create_app(services), raise_server_exceptions=False) as test_client:
        yield test_client


@SQLITE_ONLY
def test_alert_api(client: TestClient, services: Any, sign_in_as: Any, simulation: Any) -> None:
    _load(services, simulation.events)
    services.alerting.scan(simulation.eval_start, END(simulation), actor="dpo", context=simulation.context)
    officer, agent = sign_in_as("security_officer", username="dpo").headers, sign_in_as("agent").headers
    assert client.get("/v1/audit/alerts", headers=agent).status_code == 403
    listed = client.get("/v1/audit/alerts", params={"min_severity": "high"}, headers=officer).json()
    assert listed["alerts"] and all(a["severity"] in ("high", "critical") for a in listed["alerts"])
    assert listed["counts"]["open"] >= len(listed["alerts"])
    alert_id = listed["alerts"][0]["alert_id"]
    url = f"/v1/audit/alerts/{alert_id}/status"
    assert client.post(url, json={"status": "acknowledged"}, headers=agent).status_code == 403
    assert client.post(url, json={"status": "acknowledged"}, headers=officer).json()["status_by"] == "dpo"
    refused = client.post(url, json={"status": "closed"}, headers=officer)
    assert refused.status_code == 409 and refused.json()["error"]["type"] == "alert_status"
    assert client.post(url, json={"status": "closed", "reason": "false positive: overtime"}, headers=officer).status_code == 200
    assert client.post(url, json={"status": "reopened"}, headers=officer).status_code == 422
    assert client.post(url, json={"status": "closed", "reason": "x", "extra": 1}, headers=officer).status_code == 422
    assert client.post("/v1/audit/alerts/nope/status", json={"status": "acknowledged"}, headers=officer).status_code == 404
    csv_text = client.get("/v1/audit/alerts", params={"status": "all", "format": "csv"}, headers=officer).text
    assert csv_text.splitlines()[0].startswith("alert_id,raised_at,detector")


@SQLITE_ONLY
def test_cli_scan_alerts_and_closing(cli_env: dict[str, str], services: Any, simulation: Any) -> None:
    _load(services, simulation.events)

    def kawal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([KAWAL, *args], env=cli_env, capture_output=True, text=True, timeout=300, check=False)

    from kawal.audit_views import iso

    window = ("--since", iso(simulation.eval_start) or "", "--until", iso(END(simulation)) or "")
    found = kawal("audit", "scan", *window, "--format", "json")
    assert found.returncode == 1, found.stderr  # new alerts are findings
    assert json.loads(found.stdout)["new_alerts"]
    assert kawal("audit", "scan", *window).returncode == 0  # nothing new
    rows = [json.loads(line) for line in kawal("audit", "alerts", "--format", "json").stdout.splitlines()]
    assert rows and all(r["status"] == "open" for r in rows)
    assert "Traceback" not in kawal("audit", "alert", rows[0]["alert_id"], "closed").stderr
    assert kawal("audit", "alert", rows[0]["alert_id"], "closed").returncode == 2
    closed = kawal("audit", "alert", rows[0]["alert_id"], "closed", "--reason", "checked the case notes")
    assert closed.returncode == 0 and "closed" in closed.stdout
    assert kawal("audit", "alert", "0" * 32, "acknowledged").returncode == 1
    assert kawal("audit", "scan", "--since", "whenever").returncode == 2


@SQLITE_ONLY
def test_events_between_server_start_and_the_first_poll_are_judged(services: Any, simulation: Any) -> None:
    cut = next(i for i, e in enumerate(simulation.events) if e.at >= simulation.eval_start)
    _load(services, simulation.events[:cut])
    alerting = services.alerting
    alerting._context = lambda: simulation.context
    alerting.mark_start()  # the server starts ...
    _load(services, simulation.events[cut:])  # ... agents work before the first tick comes round
    assert alerting.poll()  # the first poll still sees them
