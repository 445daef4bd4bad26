"""Canary runs become evidence: recorded in the audit chain (counts only), read back by the checklists."""

from __future__ import annotations

import json
import time
from typing import Any

from audit import AuditEvent
from kawal.canary import run_canaries
from kawal.reports import build_report
from redaction.canary import CANARIES


def canary_item(services: Any) -> Any:
    report = build_report(services, "gdpr", actor="dpo", fmt="json")
    return next(i for c in report.checklists for i in c.items
                if i.evidence and i.evidence.evidence_id == "redaction.canary_leak_rate")


def test_a_canary_run_is_recorded_without_values_and_read_as_evidence(services: Any) -> None:
    assert canary_item(services).status == "unknown"  # never measured: not a pass
    result = run_canaries(services, actor="dpo")
    [event] = [e.fields() for e in services.trail.log.search(action="redaction.canary")]
    body = json.dumps(event)
    for canary in CANARIES:
        for planted in canary.planted:
            assert planted.value not in body
    assert event["detail"]["planted"] == result.planted and event["detail"]["rate"] == round(result.rate, 6)
    item = canary_item(services)
    assert item.status == ("pass" if result.rate <= 0.01 else "fail")
    assert f"{result.leaked} of {result.planted}" in item.detail
    assert services.vault.status().records == 0  # no canary value reached the vault


def test_a_stale_canary_run_is_not_evidence(services: Any) -> None:
    services.trail.record(AuditEvent(action="redaction.canary", actor="dpo", at=time.time() - 40 * 86_400,
                                     detail={"rate": 0.0, "planted": 82, "leaked": 0, "profile": "analytics"}))
    item = canary_item(services)
    assert item.status == "fail" and "40 days old" in item.detail
