"""Schema of the audit detection policy (`policies/audit.yaml`).

Every threshold and window of the anomaly detectors lives here, owned by the security officer: how
loud the detectors are is a trade between missed misuse and the analysts' time, which is a policy
decision, not a code change. Unknown keys are refused so that a misspelt threshold cannot silently
fall back to a default.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True


class VolumeRules(_Section):
    """Records read per hour and per day against the actor's own median/MAD and the peer group's."""

    hourly_k: float = Field(default=6.0, gt=0, description="Robust z (MADs) above the own hourly median")
    hourly_min_ratio: float = Field(default=2.5, ge=1, description="... and at least this times the median")
    hourly_min_records: int = Field(default=40, ge=1, description="Never alert below this many records/hour")
    daily_k: float = Field(default=5.0, gt=0)
    daily_min_ratio: float = Field(default=2.2, ge=1)
    daily_min_spread_ratio: float = Field(
        default=0.2, ge=0, description="Robust sigma of a day is at least this fraction of the median day"
    )
    slow_allowance: float = Field(
        default=1.0, ge=0, description="CUSUM: robust z a day must exceed before it adds to the sum"
    )
    slow_threshold: float = Field(default=5.0, gt=0, description="CUSUM sum that raises the slow-leak alert")
    slow_min_ratio: float = Field(default=1.3, ge=1, description="Mean of the run's days vs the median day")
    slow_min_baseline_days: int = Field(default=5, ge=2, description="Days of history before the run")
    min_spread_ratio: float = Field(
        default=0.1, ge=0, description="Robust sigma is at least this fraction of the median (quiet agents)"
    )
    peer_k: float = Field(default=8.0, gt=0)
    peer_min_ratio: float = Field(default=4.0, ge=1)
    peer_min_actors: int = Field(default=5, ge=2, description="Peer group must have this many actors")


class OffHoursRules(_Section):
    """Activity at an hour of the day the actor has not worked in the baseline period."""

    usual_min_day_fraction: float = Field(
        default=0.15, gt=0, le=1, description="An hour is usual if active in it on this fraction of days"
    )
    margin_hours: int = Field(default=1, ge=0, le=6, description="Hours next to a usual hour are not off")
    min_records: int = Field(default=10, ge=1, description="Records read in the off hour before alerting")


class BulkRules(_Section):
    """Many distinct subjects in a short window, one huge read (export), fishing with `find`."""

    window_minutes: int = Field(default=10, gt=0, le=240)
    distinct_subjects: int = Field(default=60, ge=2)
    export_min_records: int = Field(default=200, ge=2, description="One request returning this many records")
    find_window_minutes: int = Field(default=30, gt=0, le=480)
    find_min_lookups: int = Field(default=40, ge=2)
    find_max_hit_rate: float = Field(default=0.3, ge=0, le=1, description="Share of finds with a hit")


class PurposeRules(_Section):
    """Reads without a purpose, or of subjects outside the actor's known cases."""

    roles: frozenset[str] = Field(default=frozenset({"agent", "supervisor"}), description="Roles held to it")
    actions: frozenset[str] = Field(
        default=frozenset({"records.read", "records.detokenize", "records.write"}), min_length=1
    )
    window_hours: float = Field(default=8.0, gt=0, le=48)
    no_purpose_min_subjects: int = Field(default=4, ge=1)
    unlinked_min_subjects: int = Field(default=4, ge=1)


class SensitiveSubjectRules(_Section):
    """VIPs, co-workers, the actor's own record, customers sharing the actor's surname."""

    vip: bool = True
    coworker: bool = True
    same_surname: bool = True
    alert_when_linked: bool = Field(default=False, description="Alert even when the subject is on a case")


class AuthRules(_Section):
    """Failure bursts per account, one address trying many accounts, lockouts."""

    window_minutes: int = Field(default=15, gt=0, le=1440)
    password_failures: int = Field(default=6, ge=2)
    mfa_failures: int = Field(default=5, ge=2)
    mfa_replays: int = Field(default=2, ge=1)
    ip_window_minutes: int = Field(default=60, gt=0, le=1440)
    ip_failed_accounts: int = Field(
        default=8, ge=2, description="Accounts failing from one address (and not then succeeding)"
    )
    lockout_window_minutes: int = Field(default=60, gt=0, le=1440)
    lockout_accounts: int = Field(default=3, ge=2, description="Distinct accounts locked: a spraying attack")
    repeat_lockouts: int = Field(default=2, ge=2, description="Locks of one account within the window")


class NewSourceRules(_Section):
    """First use of an address or device after a learnt baseline; one account used from two places."""

    min_history_days: int = Field(default=5, ge=1)
    org_known_ip_actors: int = Field(
        default=3, ge=2, description="An address seen for this many actors is the organisation's (office, VPN)"
    )
    new_device: bool = True
    shared_window_minutes: int = Field(default=20, gt=0, le=240)
    shared_min_switches: int = Field(default=4, ge=2, description="Back-and-forth between two sources")


class DisabledRules(_Section):
    """Activity after `auth.user_disabled` or after the HR feed's dismissal time."""

    grace_minutes: float = Field(default=5.0, ge=0, description="In-flight requests right after disabling")


class SensitiveClassRules(_Section):
    """Card/NIK (the `sensitive_classes`) read far above the actor's own daily baseline."""

    k: float = Field(default=5.0, gt=0)
    min_ratio: float = Field(default=3.0, ge=1)
    min_records: int = Field(default=25, ge=1)
    no_history_records: int = Field(default=150, ge=1, description="Alert threshold before a baseline exists")


class AuditPolicy(BaseModel):
    """Thresholds and windows of every detector, plus the data-class map the vault uses."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    utc_offset_hours: float = Field(default=7.0, ge=-12, le=14, description="Local time of the contact center")
    baseline_days: int = Field(default=28, ge=7, le=366, description="History kept; warm up a restart from it")
    min_history_days: int = Field(default=4, ge=1, description="Active days before own-baseline rules alert")
    min_history_hours: int = Field(default=12, ge=1, description="Active hours before the hourly rule alerts")
    alert_budget_per_100_agent_days: float = Field(
        default=1.0, gt=0, description="Alerts the analysts can triage per 100 worked agent-days"
    )
    max_evidence: int = Field(default=200, ge=1, le=10_000)
    volume: VolumeRules = VolumeRules()
    off_hours: OffHoursRules = OffHoursRules()
    bulk_enumeration: BulkRules = BulkRules()
    purpose: PurposeRules = PurposeRules()
    sensitive_subjects: SensitiveSubjectRules = SensitiveSubjectRules()
    auth_attacks: AuthRules = AuthRules()
    new_source: NewSourceRules = NewSourceRules()
    disabled_account: DisabledRules = DisabledRules()
    sensitive_class_use: SensitiveClassRules = SensitiveClassRules()
    #: Classes (as named by the vault policy's `data_classes`) whose reads `sensitive_class_use` watches.
    sensitive_classes: frozenset[str] = frozenset({"card", "nik", "npwp", "bank_account"})
