"""The breach register's workflows: record, assess, notify, and where each law's clocks stand.

Like `privacy.desk`, the `BreachDesk` writes the chained event of every change itself (through the
`record` callable), so the CLI, the API and the demo, which all call it, cannot drift. The notice
rules per law come from the framework files, for this tenant's role: a processor owes its
controller a notice and leaves the authority's and the individuals' to the controller.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from audit import AuditEvent
from audit.registers import change_event
from policies import Framework, TenantRole
from policies.frameworks import UnknownFramework
from privacy.breaches import (
    Assessment,
    Breach,
    BreachError,
    BreachRegister,
    NoticeRule,
    assessment_due,
    obligations,
    register_row,
    rules_from,
)
from vault import AccessContext

__all__ = ["BreachDesk", "notice_rules"]


def notice_rules(frameworks: Mapping[str, Framework], role: TenantRole) -> dict[str, list[NoticeRule]]:
    """Each framework's breach notices (recipient, the law's test, clock), for a tenant in *role*."""
    return {f.id: rules_from(f.id, f.deadlines, processor=role.role == "processor",
                             processor_hours=role.notify_controller_hours) for f in frameworks.values()}


@dataclass(frozen=True)
class BreachDesk:
    register: BreachRegister
    record: Callable[[AuditEvent], object]
    rules: Mapping[str, list[NoticeRule]]
    #: Per law, its period for the assessment itself (PDPA: 30 days); None where it sets none or
    #: where the assessment is not this tenant's (a processor's controller assesses).
    assessment_days: Mapping[str, int | None]

    @classmethod
    def for_role(cls, register: BreachRegister, record: Callable[[AuditEvent], object],
                 frameworks: Mapping[str, Framework], role: TenantRole) -> BreachDesk:
        processor = role.role == "processor"
        return cls(register, record, notice_rules(frameworks, role),
                   {f.id: None if processor else f.deadlines.breach_assessment_days for f in frameworks.values()})

    def view(self, breach: Breach) -> dict[str, Any]:
        """*breach* with, per law, every notice it owes (state, due time) and the assessment's own clock."""
        now = time.time()
        laws = {}
        for framework_id, rules in sorted(self.rules.items()):
            state, due = assessment_due(breach, self.assessment_days.get(framework_id))
            laws[framework_id] = {"assessment": {"state": state, "due_at": due},
                                  "notices": [o.to_dict() for o in obligations(rules, breach, now)]}
        return {**breach.to_dict(), "deadlines": laws}

    def problems(self, framework_id: str, now: float | None = None) -> list[tuple[Breach, str]]:
        """(breach, what is wrong) under one law: an assessment or a notice overdue or late."""
        moment = time.time() if now is None else now
        rules = self.rules.get(framework_id, [])
        found = []
        for breach in self.register.all():
            state, _ = assessment_due(breach, self.assessment_days.get(framework_id))
            if state in ("overdue", "late"):
                found.append((breach, f"assessment {state}"))
            for owed in obligations(rules, breach, moment):
                if owed.state in ("overdue", "late"):
                    found.append((breach, f"{owed.recipient} notice {owed.state}"))
        return found

    def _changed(self, action: str, context: AccessContext, breach: Breach, **detail: Any) -> None:
        self.record(change_event(action, f"breach:{breach.breach_id}", register_row(breach), actor=context.actor,
                                 role=context.role, session_id=context.session_id, source=context.source, **detail))

    def record_breach(self, context: AccessContext, title: str, description: str, *, detected_at: float,
                      affected_subjects: int = 0, data_classes: Sequence[str] = ()) -> Breach:
        """Record an incident, notifiable or not (GDPR 33(5): every breach is documented)."""
        breach = self.register.record(title, description, detected_at=detected_at, by=context.actor,
                                      affected_subjects=affected_subjects, data_classes=data_classes)
        self._changed("breaches.recorded", context, breach, affected=breach.affected_subjects,
                      detected_at=breach.detected_at)
        return breach

    def assess(self, context: AccessContext, breach_id: str, assessment: Assessment, *,
               assessed_at: float | None = None, affected_subjects: int | None = None) -> Breach:
        """Record the assessment's facts; each law then applies its own test to them."""
        breach = self.register.assess(breach_id, assessment, by=context.actor, assessed_at=assessed_at,
                                      affected_subjects=affected_subjects)
        self._changed("breaches.assessed", context, breach, **assessment.facts, affected=breach.affected_subjects,
                      assessed_at=breach.assessed_at)
        return breach

    def notify(self, context: AccessContext, breach_id: str, framework: str, *, reference: str,
               recipient: str = "authority", notified_at: float | None = None) -> Breach:
        """Record a notice sent under *framework* to *recipient* (authority, subjects, public, attorney_general,
        controller): only a recipient that law requires for this tenant's role."""
        if framework not in self.rules:
            raise UnknownFramework(f"unknown framework {framework!r}: {', '.join(sorted(self.rules))}")
        recipients = {r.recipient for r in self.rules[framework]} or {"authority"}
        if recipient not in recipients:
            raise BreachError(f"{framework} requires no {recipient} notice; it requires: {', '.join(sorted(recipients))}")
        breach = self.register.notify(breach_id, framework, reference=reference, by=context.actor,
                                      notified_at=notified_at, recipient=recipient)
        self._changed("breaches.notified", context, breach, framework=framework, recipient=recipient)
        return breach
