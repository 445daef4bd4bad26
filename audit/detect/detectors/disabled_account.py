"""`disabled_account`: anything done by an account after it was disabled or its owner dismissed.

Access after dismissal is one of the few findings that needs no baseline at all: the person has no
reason to touch the system. Two sources say when that started: `auth.user_disabled` in the log and
the HR feed's dismissal time (through the context), which catches the account nobody disabled.
Events about the account done by an administrator (`detail.by`) are the clean-up, not the person.
A successful action is critical; failed attempts (the account is disabled, so they fail) are still
worth knowing about, at a lower score.
"""

from __future__ import annotations

from collections.abc import Sequence

from audit.detect.alert import Alert
from audit.detect.base import Detector, Env
from audit.detect.observed import Observed
from audit.detect.profile import ActorProfile

#: Events that describe the account being handled rather than being used.
_BOOKKEEPING = frozenset({"auth.user_disabled", "auth.session_revoked", "auth.api_key_revoked",
                          "auth.mfa_reset", "auth.account_unlocked", "auth.user_created"})


class DisabledAccount(Detector):
    name = "disabled_account"
    policy_section = "disabled_account"
    prefixes = ("",)

    def __init__(self, env: Env) -> None:
        super().__init__(env)
        self.grace = self.policy.disabled_account.grace_minutes * 60.0
        self._disabled: dict[str, float] = {}

    def observe(self, ev: Observed, prof: ActorProfile) -> Sequence[Alert] | None:
        action = ev.action
        if action == "auth.user_disabled":
            self._disabled.setdefault(ev.actor, ev.at)
            return None
        if action == "auth.user_created":
            self._disabled.pop(ev.actor, None)
            return None
        since = self._disabled.get(ev.actor)
        dismissed = self.context.dismissed_at(ev.actor)
        if since is None and dismissed is None:  # the common case: nothing known against this actor
            return None
        reason = "disabled"
        if dismissed is not None and (since is None or dismissed < since):
            since, reason = dismissed, "dismissed"
        if since is None or ev.at <= since + self.grace or action in _BOOKKEEPING or "by" in ev.detail:
            return None
        ok = ev.outcome == "ok"
        days = (ev.at - since) / 86400.0
        after = f"{days:.1f} days" if days >= 1 else f"{(ev.at - since) / 3600.0:.1f} hours"
        what = f"read {ev.records} customer record(s)" if ev.records and ok else f"{ev.action} ({ev.outcome})"
        message = (f"{ev.actor} {what} at {self.clock.stamp(ev.at)}, {after} after being {reason} "
                   f"({self.clock.stamp(since)})")
        if ev.source_ip:
            message += f", from {ev.source_ip}"
        score = (95 if ev.records else 90) if ok else 70
        day = int((ev.at + self.env.baselines.offset) // 86400)
        return [self.alert(score, ev.actor, message, [ev.seq], at=ev.at, start=ev.at, end=ev.at,
                           key=f"{ev.actor}:{'used' if ok else 'tried'}:{ev.source_ip}:{day}", source_ip=ev.source_ip)]
