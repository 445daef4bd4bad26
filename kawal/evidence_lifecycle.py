"""Evidence about the life of customer data: requests answered, retention kept, keys rotated, leaks measured.

Kept apart from `kawal.evidence` (controls in force) because these facts come from the registers and
runs that issue 6 added: data-subject requests, legal holds, retention, the root key's age and the
latest canary run of the redaction pipeline.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from compliance import Evidence
from compliance.evidence import Provider
from kawal.dsar import held_refs, requests_of
from kawal.retention import cutoffs, policy
from kawal.services import Services
from privacy.requests import KINDS, deadline_state

__all__ = ["CANARY_MAX_AGE_DAYS", "lifecycle_providers"]

DAY = 86_400.0
#: Request kinds of the frameworks that Kawal's register answers (portability is the access export).
_REGISTERED = {"portability": "access"}
#: A canary measurement older than this is not evidence of the pipeline in force today.
CANARY_MAX_AGE_DAYS = 31


def lifecycle_providers(services: Services) -> dict[str, Provider]:
    """Providers for `dsar.*`, `retention.*`, `vault.root_key_age` and `redaction.canary_leak_rate`."""

    def deadlines_met(params: Mapping[str, Any]) -> Evidence:
        framework = str(params.get("framework", ""))
        asked = list(params.get("kinds") or [])
        kinds = sorted({_REGISTERED.get(k, k) for k in asked} & set(KINDS)) if asked else None
        now = time.time()
        if asked and not kinds:
            return Evidence("dsar.deadlines_met", "unknown", f"Kawal does not register {'/'.join(asked)} requests: "
                            "track them where they are handled and attest this item instead", now,
                            resource="compliance_dsar_requests")
        requests = requests_of(services, framework, kinds)
        states = [(r, *deadline_state(r, now)) for r in requests]
        bad = ("late", "overdue")
        late = [(r, answer) for r, answer, confirm in states if answer in bad or confirm in bad]
        scope = f"{framework} {'/'.join(kinds) if kinds else 'all'} requests"
        if late:
            listed = "; ".join(f"{r.request_id[:8]} ({r.kind}, {answer})" for r, answer in late[:5])
            return Evidence("dsar.deadlines_met", "fail", f"{len(late)} of {len(requests)} {scope} answered late or "
                            f"overdue: {listed}", now, {"late": [r.request_id for r, _ in late]},
                            resource="compliance_dsar_requests")
        if not requests:
            return Evidence("dsar.deadlines_met", "not_tested", f"no {scope} received yet: no deadline to check", now,
                            {"requests": 0}, resource="compliance_dsar_requests")
        open_now = sum(1 for r in requests if r.open)
        return Evidence("dsar.deadlines_met", "pass", f"{len(requests)} {scope}, none late or overdue "
                        f"({open_now} open, within their deadlines)", now, {"requests": len(requests), "open": open_now},
                        resource="compliance_dsar_requests")

    def erasure_certificates(_: Mapping[str, Any]) -> Evidence:
        done = [r for r in requests_of(services, kinds=["erasure"]) if r.state == "completed"]
        missing = [r.request_id for r in done if not r.outcome.get("certificates") and r.subject_refs]
        if not done:
            return Evidence("dsar.erasure_certificates", "not_tested", "no erasure request completed yet: no "
                            "certificate to check", time.time(), {"completed": 0}, resource="compliance_dsar_requests")
        return Evidence("dsar.erasure_certificates", "fail" if missing else "pass",
                        (f"{len(missing)} completed erasure requests have no erasure certificate" if missing else
                         f"{len(done)} completed erasure requests, each with its crypto-shredding certificate"),
                        time.time(), {"completed": len(done), "missing": missing}, resource="compliance_dsar_requests")

    def export_available(_: Mapping[str, Any]) -> Evidence:
        done = [r for r in requests_of(services, kinds=["access"]) if r.state == "completed"]
        missing = [r.request_id for r in done if not r.outcome.get("export_digest")]
        if not done:
            return Evidence("dsar.export_available", "not_tested", "no access request answered yet: the export "
                            "exists (kawal dsar export) but none was made", time.time(), {"exported": 0},
                            resource="kawal dsar export")
        return Evidence("dsar.export_available", "fail" if missing else "pass",
                        (f"{len(missing)} completed access requests have no recorded export" if missing else
                         f"access requests are answered with a machine-readable JSON bundle (records + access history); "
                         f"{len(done)} exported so far, each digest in the audit chain"),
                        time.time(), {"exported": len(done)}, resource="kawal dsar export")

    def policy_defined(_: Mapping[str, Any]) -> Evidence:
        rules = policy(services)
        stored = services.vault.kind_stats()
        unnamed = sorted(kind for kind in stored if kind not in rules.classes)
        if unnamed:
            return Evidence("retention.policy_defined", "fail", f"records of kinds without a retention period: "
                            f"{', '.join(unnamed)}", time.time(), {"unclassified": unnamed}, resource="policies/retention.yaml")
        periods = ", ".join(f"{k} {c.retain_days} d" for k, c in sorted(rules.classes.items()))
        return Evidence("retention.policy_defined", "pass", f"every stored kind has a retention period ({periods})",
                        time.time(), {"classes": {k: c.retain_days for k, c in rules.classes.items()}},
                        resource="policies/retention.yaml")

    def past_retention(_: Mapping[str, Any]) -> Evidence:
        now = time.time()
        stats = services.vault.kind_stats(cutoffs(policy(services), now), keep=held_refs(services))
        overdue = {k: s.past_cutoff - s.past_cutoff_held for k, s in stats.items() if s.past_cutoff > s.past_cutoff_held}
        held = sum(s.past_cutoff_held for s in stats.values())
        note = f"; {held:,} kept past their period under legal hold" if held else ""
        if overdue:
            listed = ", ".join(f"{k}: {n:,}" for k, n in sorted(overdue.items()))
            return Evidence("retention.records_past_retention", "fail", f"{sum(overdue.values()):,} records kept past "
                            f"their retention period ({listed}){note}", now, {"past": overdue, "held": held},
                            resource="vault_records")
        total = sum(s.records for s in stats.values())
        return Evidence("retention.records_past_retention", "pass", f"none of {total:,} records is past its retention "
                        f"period{note}", now, {"records": total, "held": held}, resource="vault_records")

    def root_key_age(params: Mapping[str, Any]) -> Evidence:
        status = services.vault.status()
        policy_days = services.vault.policy.root_key_rotation_days
        limit = min(int(params.get("max_days", 365)), policy_days)
        now = time.time()
        resource = f"root key version {status.current_root_version}"
        if not status.current_root_created:
            return Evidence("vault.root_key_age", "unknown", "the key provider does not record when the root key was "
                            "created", now, resource=resource)
        age = (now - datetime.fromisoformat(status.current_root_created).timestamp()) / DAY
        return Evidence("vault.root_key_age", "pass" if age <= limit else "fail",
                        f"root key version {status.current_root_version} created {status.current_root_created}, "
                        f"{age:.0f} days old (rotation policy {policy_days} days, framework limit "
                        f"{params.get('max_days', 365)} days)", now, {"age_days": round(age, 1), "limit_days": limit},
                        resource=resource)

    def canary(params: Mapping[str, Any]) -> Evidence:
        assert services.trail is not None
        limit = float(params.get("max_rate", 0.01))
        latest = services.trail.log.latest("redaction.canary")
        now = time.time()
        if latest is None:
            return Evidence("redaction.canary_leak_rate", "unknown", "no canary run recorded yet: run "
                            "`kawal redact canary`", now, resource="audit_events")
        detail = latest.fields().get("detail", {})
        rate, age = float(detail.get("rate", 1.0)), (now - latest.at) / DAY
        if age > CANARY_MAX_AGE_DAYS:
            return Evidence("redaction.canary_leak_rate", "fail", f"the latest canary run is {age:.0f} days old "
                            f"(limit {CANARY_MAX_AGE_DAYS}); run `kawal redact canary`", now,
                            {"age_days": round(age, 1), "rate": rate}, resource=f"audit event {latest.seq}")
        return Evidence("redaction.canary_leak_rate", "pass" if rate <= limit else "fail",
                        f"{detail.get('leaked', '?')} of {detail.get('planted', '?')} planted canary values survived "
                        f"profile {detail.get('profile', '?')!r} ({rate:.2%}; limit {limit:.2%}), measured "
                        f"{age:.1f} days ago on canary set {detail.get('set_version', '?')}", now,
                        {"rate": rate, "by_type": detail.get("by_type", {})}, resource=f"audit event {latest.seq}")

    return {
        "dsar.deadlines_met": deadlines_met,
        "dsar.erasure_certificates": erasure_certificates,
        "dsar.export_available": export_available,
        "retention.policy_defined": policy_defined,
        "retention.records_past_retention": past_retention,
        "vault.root_key_age": root_key_age,
        "redaction.canary_leak_rate": canary,
    }
