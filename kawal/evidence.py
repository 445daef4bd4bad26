"""Evidence providers: each measures one fact through a module's public API, for the checklists.

The compliance code in `compliance` sees only `Evidence` values; this module is the one place
that knows how to ask the vault, auth, the audit log and the redaction policy; the facts about data
subject requests, retention, key age and canary runs are in `kawal.evidence_lifecycle`. An evidence
id without a provider shows as `unknown` in the checklist, never as a pass.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from audit.registers import check
from compliance import Evidence
from compliance.evidence import Provider
from kawal.compliance import breach_problems, breach_rules, breaches
from kawal.evidence_lifecycle import lifecycle_providers
from kawal.redaction_runs import RUN_ACTION
from kawal.registers import REGISTERS, problems as register_problems
from kawal.services import Services
from policies import load_redaction_policy, load_retention_policy
from vault import AccessContext

__all__ = ["providers"]

HOUR = 3600.0
DAY = 86_400.0
#: Who opens sampled records to check them: the system, for the compliance report.
_EVIDENCE_CONTEXT = AccessContext(actor="system:compliance-evidence", role="system",
                                  purpose="compliance evidence: encryption sample")


def _now() -> float:
    return time.time()


def providers(services: Services) -> dict[str, Provider]:
    """Every evidence id this installation can measure, bound to *services*."""

    samples: dict[int, Any] = {}

    def sample_of(size: int) -> Any:
        """One sample per report: the encryption and the key-commitment items read the same rows."""
        if size not in samples:
            samples[size] = services.vault.verify_sample(size, _EVIDENCE_CONTEXT)
        return samples[size]

    def encryption(params: Mapping[str, Any]) -> Evidence:
        sample = sample_of(int(params.get("sample", 200)))
        details = {"records": sample.records, "sampled": sample.sampled, "opened": sample.opened,
                   "failed": sample.failed, "in_clear": sample.plaintext, "erased": sample.erased}
        if sample.records == 0:
            return Evidence("vault.encryption_coverage", "not_tested", "no customer record is stored yet: nothing to "
                            "sample", _now(), details, resource="vault_records")
        ok = sample.failed == 0 and sample.plaintext == 0
        return Evidence("vault.encryption_coverage", "pass" if ok else "fail",
                        f"sampled {sample.sampled:,} of {sample.records:,} stored records: {sample.opened:,} opened under "
                        f"their own data key (AES-256-GCM tag and key commitment checked), {sample.failed:,} would not "
                        f"open, {sample.plaintext:,} stored in clear, {sample.erased:,} of erased subjects (unreadable by "
                        "design)", _now(), details, resource="vault_records")

    def commitment(params: Mapping[str, Any]) -> Evidence:
        cipher = services.vault.status().cipher
        sample = sample_of(int(params.get("sample", 200)))
        details = {"cipher": cipher, "sampled": sample.sampled, "opened": sample.opened, "failed": sample.failed}
        if "commitment" not in cipher:
            return Evidence("vault.key_commitment", "fail", f"record format without key commitment: {cipher}", _now(),
                            details, resource="vault format 1")
        if sample.opened == 0:
            return Evidence("vault.key_commitment", "not_tested", "no readable record to open: the commitment of the "
                            f"format ({cipher}) was not exercised", _now(), details, resource="vault_records")
        ok = sample.failed == 0
        return Evidence("vault.key_commitment", "pass" if ok else "fail",
                        f"{sample.opened:,} sampled records opened with their key commitment checked ({cipher})"
                        + ("" if ok else f"; {sample.failed:,} failed the tag or commitment check"), _now(), details,
                        resource="vault_records")

    def shredding(_: Mapping[str, Any]) -> Evidence:
        shred = services.vault.shred_report()
        details = {"shredded_subjects": shred.shredded_subjects, "with_live_keys": shred.with_live_keys,
                   "destroyed_keys": shred.destroyed_keys}
        if shred.shredded_subjects == 0:
            return Evidence("vault.crypto_shredding", "not_tested", "no subject has been erased yet: there is no "
                            "erasure to check", _now(), details, resource="vault_data_keys")
        return Evidence("vault.crypto_shredding", "fail" if shred.with_live_keys else "pass",
                        f"{shred.shredded_subjects:,} erased subjects, {shred.with_live_keys:,} of them with a data key "
                        f"that still holds key material; {shred.destroyed_keys:,} keys destroyed", _now(), details,
                        resource="vault_data_keys")

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
        differing = register_problems(services)
        ok = report.ok and stored.ok and not differing
        if report.ok and stored.ok and differing:
            summary = (f"hash chain and checkpoints verified ({report.checked:,} events), but {len(differing)} register "
                       f"rows differ from their chained events: {'; '.join(p.resource for p in differing[:5])}")
        else:
            summary = (f"hash chain, MACs and signed checkpoints verified: {report.checked:,} events; every register "
                       "row (breaches, requests, holds, attestations) matches its last chained event" if ok else
                       f"verification FAILED at event {report.first_bad_seq if not report.ok else stored.seq}: "
                       f"{report.reason if not report.ok else stored.reason}")
        return Evidence("audit.chain_verified", "pass" if ok else "fail", summary, _now(),
                        {"events": report.checked, "first_bad_seq": report.first_bad_seq,
                         "register_rows_differing": [p.resource for p in differing]}, resource="audit_events")

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

    def access_logging(params: Mapping[str, Any]) -> Evidence:
        days = float(params.get("days", 30))
        if services.trail is None:
            return Evidence("audit.access_logging", "fail", "the audit trail is not wired", _now(), resource="kawal/auditing.py")
        since = _now() - days * DAY
        written = services.vault.records_written_since(datetime.fromtimestamp(since, UTC))
        logged = services.trail.log.detail_sum("records.write", "records", since=since)
        details = {"days": days, "records_written": written, "records_in_write_events": logged}
        if written == 0 and logged == 0:
            return Evidence("audit.access_logging", "not_tested", f"no record was written in the last {days:g} days: "
                            "no access to compare with the log", _now(), details, resource="audit_events")
        ok = logged >= written
        return Evidence("audit.access_logging", "pass" if ok else "fail",
                        f"{written:,} records written in the last {days:g} days, {logged:,} in records.write events of "
                        "the audit chain" + ("" if ok else f": {written - logged:,} writes have no event")
                        + "; reads, finds and erasures are refused when their event cannot be written (fail closed)",
                        _now(), details, resource="audit_events")

    def analytics_profile(params: Mapping[str, Any]) -> Evidence:
        name = str(params.get("profile", "analytics"))
        days = float(params.get("days", 30))
        policy = load_redaction_policy(services.settings.policies_dir)
        if name not in policy.profiles:
            return Evidence("redaction.analytics_profile", "fail", f"no redaction profile {name!r}", _now(),
                            resource="policies/redaction.yaml")
        since = _now() - days * DAY
        kinds = [k for k in load_retention_policy(services.settings.policies_dir).classes if k.endswith("_transcript")]
        ingested = services.vault.records_written_since(datetime.fromtimestamp(since, UTC), kinds)
        redacted = (services.trail.log.detail_sum(RUN_ACTION, "transcripts", since=since, where={"profile": name})
                    if services.trail is not None else 0)
        details = {"days": days, "transcripts_stored": ingested, "transcripts_redacted": redacted, "profile": name}
        if ingested == 0 and redacted == 0:
            return Evidence("redaction.analytics_profile", "not_tested", f"no transcript was stored or redacted in the "
                            f"last {days:g} days", _now(), details, resource="audit_events")
        ok = redacted >= ingested
        return Evidence("redaction.analytics_profile", "pass" if ok else "fail",
                        f"{ingested:,} transcripts stored in the last {days:g} days, {redacted:,} redacted with profile "
                        f"{name!r} (kawal redact and /v1/redact runs in the audit chain)", _now(), details,
                        resource="audit_events")

    def register(_: Mapping[str, Any]) -> Evidence:

        assert services.trail is not None
        found = breaches(services).all()
        now = _now()
        breach_register = REGISTERS[0]
        tampered = check(breach_register.rows(services), services.trail.log.vouched(breach_register.actions))
        late_entries = [n for b in found for n in b.notices if n.entered_late]
        undocumented = {b.breach_id: b.assessment.missing_records for b in found
                        if b.assessment is not None and b.assessment.missing_records}
        details = {"incidents": len(found), "rows_not_matching_chain": [p.resource for p in tampered],
                   "notices_entered_late": len(late_entries), "assessed_without_effects_or_remedy": undocumented}
        if tampered:
            return Evidence("breach.register_kept", "fail", f"{len(tampered)} of {len(found)} breach register rows differ "
                            "from their chained events (changed outside Kawal): "
                            + "; ".join(p.resource for p in tampered[:5]), now, details, resource="compliance_breaches")
        if not found:
            return Evidence("breach.register_kept", "not_tested", "the breach register is empty: nothing shows it is "
                            "used (record every incident, notifiable or not, GDPR 33(5))", now, details,
                            resource="compliance_breaches")
        if undocumented:
            return Evidence("breach.register_kept", "fail", f"{len(undocumented)} of {len(found)} assessed incidents do "
                            "not document their effects and the remedial action taken (GDPR 33(5)): "
                            + "; ".join(f"{b} lacks {', '.join(m)}" for b, m in list(undocumented.items())[:5]),
                            now, details, resource="compliance_breaches")
        return Evidence("breach.register_kept", "pass",
                        f"{len(found)} incidents in the breach register, each row matching its chained events"
                        + (f"; {len(late_entries)} notices entered more than a day after their date" if late_entries
                           else ""), now, details, resource="compliance_breaches")

    def on_time(params: Mapping[str, Any]) -> Evidence:

        framework = str(params.get("framework", ""))
        rules = breach_rules(services).get(framework)
        now = _now()
        if not rules:
            return Evidence("breach.notifications_on_time", "unknown", f"{framework!r} defines no breach notices", now)
        found = breaches(services).all()
        problems = breach_problems(services, framework, now)
        details = {"incidents": len(found), "problems": [{"breach_id": b.breach_id, "problem": p} for b, p in problems]}
        if problems:
            summary = "; ".join(f"{b.title!r}: {p}" for b, p in problems[:5])
            return Evidence("breach.notifications_on_time", "fail", f"{len(problems)} assessments or notices late or "
                            f"overdue under {framework}: {summary}", now, details, resource="compliance_breach_notices")
        if not found:
            return Evidence("breach.notifications_on_time", "not_tested", f"no breach recorded: no {framework} "
                            "notice to check", now, details, resource="compliance_breach_notices")
        owed = ", ".join(f"{r.recipient} ({r.citation})" for r in rules)
        return Evidence("breach.notifications_on_time", "pass",
                        f"{len(found)} incidents; every assessment and notice {framework} requires ({owed}) made on "
                        "time or still within its period", now, details, resource="compliance_breach_notices")


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
