"""Evidence providers: each measures one fact through a module's public API, for the checklists.

The compliance code in `audit.compliance` sees only `Evidence` values; this module is the one place
that knows how to ask the vault, auth, the audit log and the redaction policy; the facts about data
subject requests, retention, key age and canary runs are in `kawal.evidence_lifecycle`. An evidence
id without a provider shows as `unknown` in the checklist, never as a pass.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from audit.compliance import Evidence
from audit.compliance.evidence import Provider
from kawal.services import Services
from policies import load_redaction_policy

__all__ = ["providers"]

HOUR = 3600.0
DAY = 86_400.0


def _now() -> float:
    return time.time()


def providers(services: Services) -> dict[str, Provider]:
    """Every evidence id this installation can measure, bound to *services*."""

    def encryption(_: Mapping[str, Any]) -> Evidence:
        status = services.vault.status()
        ok = "AES-256-GCM" in status.cipher
        return Evidence("vault.encryption_coverage", "pass" if ok else "fail",
                        f"100% of {status.records:,} customer records are stored only as ciphertext ({status.cipher}); "
                        f"{status.subjects:,} subjects, {status.active_keys:,} active data keys",
                        _now(), {"records": status.records, "cipher": status.cipher}, resource="vault_records")

    def commitment(_: Mapping[str, Any]) -> Evidence:
        cipher = services.vault.status().cipher
        ok = "commitment" in cipher
        return Evidence("vault.key_commitment", "pass" if ok else "fail", f"record format: {cipher}", _now(),
                        {"cipher": cipher}, resource="vault format 1")

    def shredding(_: Mapping[str, Any]) -> Evidence:
        status = services.vault.status()
        return Evidence("vault.crypto_shredding", "pass",
                        f"erasure destroys per-subject data keys; {status.shredded_subjects:,} subjects erased so far, "
                        f"{status.destroyed_keys:,} keys destroyed", _now(),
                        {"shredded_subjects": status.shredded_subjects}, resource="vault_data_keys")

    def mfa(_: Mapping[str, Any]) -> Evidence:
        users = [u for u in services.auth.list_users() if not u.disabled]
        missing = sorted(u.username for u in users if not u.mfa_enrolled)
        if not users:
            return Evidence("auth.mfa_enrolment", "fail", "no active staff accounts", _now(), resource="auth_users")
        summary = (f"{len(users) - len(missing)} of {len(users)} active staff have TOTP enrolled"
                   + (f"; missing: {', '.join(missing[:20])}{' ...' if len(missing) > 20 else ''}" if missing else ""))
        return Evidence("auth.mfa_enrolment", "fail" if missing else "pass", summary, _now(),
                        {"active": len(users), "missing": missing}, resource="auth_users")

    def sessions(params: Mapping[str, Any]) -> Evidence:
        policy = services.auth.policy.sessions
        idle_max = float(params.get("max_idle_minutes", 30)) * 60
        absolute_max = float(params.get("max_absolute_hours", 12)) * HOUR
        ok = policy.idle_timeout_seconds <= idle_max and policy.absolute_lifetime_seconds <= absolute_max
        return Evidence("auth.session_limits", "pass" if ok else "fail",
                        f"sessions end after {policy.idle_timeout_seconds // 60} min idle and "
                        f"{policy.absolute_lifetime_seconds / HOUR:g} h at most (limits {idle_max / 60:g} min, "
                        f"{absolute_max / HOUR:g} h)", _now(), resource="policies/auth.yaml")

    def least_privilege(_: Mapping[str, Any]) -> Evidence:
        roles = services.auth.policy.roles
        mixed = sorted(name for name, role in roles.items()
                       if "records.read" in role.permissions and ({"users.manage", "keys.manage"} & set(role.permissions)))
        return Evidence("auth.least_privilege", "fail" if mixed else "pass",
                        (f"roles that both read customer records and manage users or keys: {', '.join(mixed)}" if mixed
                         else f"{len(roles)} roles; none both reads customer records and manages users or keys; "
                              "every customer-data route needs a role, a TOTP session and a purpose"),
                        _now(), {"roles": sorted(roles)}, resource="policies/auth.yaml")

    def chain(_: Mapping[str, Any]) -> Evidence:
        assert services.trail is not None
        report = services.trail.log.verify()
        stored = services.trail.checkpoints.verify()
        ok = report.ok and stored.ok
        summary = (f"hash chain, MACs and signed checkpoints verified: {report.checked:,} events" if ok else
                   f"verification FAILED at event {report.first_bad_seq if not report.ok else stored.seq}: "
                   f"{report.reason if not report.ok else stored.reason}")
        return Evidence("audit.chain_verified", "pass" if ok else "fail", summary, _now(),
                        {"events": report.checked, "first_bad_seq": report.first_bad_seq}, resource="audit_events")

    def checkpoint_age(params: Mapping[str, Any]) -> Evidence:
        assert services.trail is not None
        latest = services.trail.checkpoints.latest()
        limit = float(params.get("max_hours", 24)) * HOUR
        if latest is None:
            return Evidence("audit.checkpoint_age", "fail", "no signed checkpoint yet", _now(), resource="audit_checkpoints")
        age = _now() - latest.signed_at
        return Evidence("audit.checkpoint_age", "pass" if age <= limit else "fail",
                        f"last signed checkpoint covers events up to {latest.last_seq:,}, {age / HOUR:.1f} h old "
                        f"(limit {limit / HOUR:g} h), key {latest.key_id}", _now(),
                        {"age_hours": round(age / HOUR, 2), "last_seq": latest.last_seq}, resource="audit_checkpoints")

    def open_alerts(params: Mapping[str, Any]) -> Evidence:
        assert services.alerting is not None
        limit = float(params.get("max_age_days", 7)) * DAY
        now = _now()
        stale = [a for a in services.alerting.store.list(status="open", min_severity="high", limit=10_000)
                 if now - a.raised_at > limit]
        return Evidence("audit.open_high_alerts", "fail" if stale else "pass",
                        (f"{len(stale)} high or critical alerts open for more than {limit / DAY:g} days, oldest "
                         f"{(now - min(a.raised_at for a in stale)) / DAY:.0f} days" if stale else
                         f"no high or critical alert open for more than {limit / DAY:g} days"),
                        now, {"stale": [a.alert_id for a in stale[:50]]}, resource="audit_alerts")

    def without_purpose(params: Mapping[str, Any]) -> Evidence:
        assert services.trail is not None
        counts = services.trail.log.purpose_counts(since=_now() - float(params.get("days", 30)) * DAY)
        reads, missing = counts
        share = missing / reads if reads else 0.0
        limit = float(params.get("max_share", 0.0))
        return Evidence("audit.access_without_purpose", "pass" if share <= limit else "fail",
                        f"{missing:,} of {reads:,} customer-data accesses in the last {params.get('days', 30)} days had no "
                        f"purpose ({share:.2%}; limit {limit:.2%})", _now(), {"accesses": reads, "without_purpose": missing},
                        resource="audit_events")

    def access_logging(_: Mapping[str, Any]) -> Evidence:
        wired = services.trail is not None
        return Evidence("audit.access_logging", "pass" if wired else "fail",
                        "every vault read, find, write and erasure, every sign-in event, key operation and policy "
                        "change is written to the audit chain before it takes effect (fail closed)" if wired
                        else "the audit trail is not wired", _now(), resource="kawal/auditing.py")

    def analytics_profile(params: Mapping[str, Any]) -> Evidence:
        name = str(params.get("profile", "analytics"))
        policy = load_redaction_policy(services.settings.policies_dir)
        exists = name in policy.profiles
        return Evidence("redaction.analytics_profile", "pass" if exists else "fail",
                        f"redaction profile {name!r} is defined for transcripts before analytics" if exists
                        else f"no redaction profile {name!r}", _now(), resource="policies/redaction.yaml")

    def register(_: Mapping[str, Any]) -> Evidence:
        from kawal.compliance import breaches

        found = breaches(services).all()
        now = _now()
        stale = [b for b in found if b.notifiable is None and now - b.detected_at > 30 * DAY]
        return Evidence("breach.register_kept", "fail" if stale else "pass",
                        (f"{len(found)} incidents in the breach register; {len(stale)} not assessed within 30 days"
                         if stale else f"{len(found)} incidents in the breach register, each assessed or within 30 days"),
                        now, {"incidents": len(found), "unassessed": [b.breach_id for b in stale]},
                        resource="compliance_breaches")

    def on_time(params: Mapping[str, Any]) -> Evidence:
        from audit.compliance.breaches import notice_status
        from kawal.compliance import breach_clocks, breaches

        framework = str(params.get("framework", ""))
        clock = breach_clocks(services).get(framework)
        if clock is None:
            return Evidence("breach.notifications_on_time", "unknown", f"no breach clock for {framework!r}", _now())
        now = _now()
        states = [(b, *notice_status(clock, b, now)) for b in breaches(services).all()]
        bad = [(b, state) for b, state, _ in states if state in ("overdue", "late")]
        notifiable = [b for b, state, _ in states if state in ("met", "late", "pending", "overdue")]
        if bad:
            summary = "; ".join(f"{b.title!r} {state}" for b, state in bad[:5])
            return Evidence("breach.notifications_on_time", "fail", f"{len(bad)} notifiable breaches not notified on "
                            f"time under {framework}: {summary}", now, {"breaches": [b.breach_id for b, _ in bad]},
                            resource="compliance_breach_notices")
        return Evidence("breach.notifications_on_time", "pass",
                        f"{len(notifiable)} notifiable breaches, none late or overdue under {framework}"
                        + (f" ({clock.hours:g} h from {clock.starts})" if clock.hours else
                           f" ({clock.days} calendar days after the day {clock.starts})" if clock.days else ""), now,
                        resource="compliance_breach_notices")

    from kawal.evidence_lifecycle import lifecycle_providers  # it imports kawal.compliance, which imports us

    return {
        **lifecycle_providers(services),
        "breach.register_kept": register,
        "breach.notifications_on_time": on_time,
        "vault.encryption_coverage": encryption,
        "vault.key_commitment": commitment,
        "vault.crypto_shredding": shredding,
        "auth.mfa_enrolment": mfa,
        "auth.session_limits": sessions,
        "auth.least_privilege": least_privilege,
        "audit.chain_verified": chain,
        "audit.checkpoint_age": checkpoint_age,
        "audit.open_high_alerts": open_alerts,
        "audit.access_without_purpose": without_purpose,
        "audit.access_logging": access_logging,
        "redaction.analytics_profile": analytics_profile,
    }
