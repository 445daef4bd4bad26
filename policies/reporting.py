"""Schema of the reporting policy (`policies/reporting.yaml`): what a compliance report states about itself.

An auditor signs a report only when it says what it covers and what it does not (Kawal's vault and
audit chain are not the CRM, the call recordings or the mail server), how the evidence was taken,
where it falls short, and who owns each open item by when. Those statements are the organisation's,
so they are declared here; the measurements stay Kawal's.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from policies.frameworks import Category

__all__ = ["OPEN_STATUSES", "ReportingPolicy", "Scope"]

#: Statuses that leave work to do: each gets an owner and a due date in the report.
OPEN_STATUSES = ("fail", "expired", "needs_attestation", "unknown", "not_tested")


class Scope(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    covered: list[str] = Field(min_length=1, description="Systems the evidence is measured on")
    not_covered: list[str] = Field(min_length=1, description="Systems that hold personal data but are not measured")


class ReportingPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    scope: Scope
    methodology: str = Field(min_length=1, max_length=3000)
    limitations: list[str] = Field(min_length=1)
    owners: dict[Category, str] = Field(default_factory=dict, description="Role owning the open items of a category")
    default_owner: str = Field(min_length=1, description="Role owning open items of any other category")
    due_days: dict[str, int] = Field(description="Days from the report to close an open item, per status")

    @field_validator("due_days")
    @classmethod
    def _open_statuses(cls, value: dict[str, int]) -> dict[str, int]:
        missing = [s for s in OPEN_STATUSES if s not in value]
        unknown = [s for s in value if s not in OPEN_STATUSES]
        if missing or unknown:
            raise ValueError(f"due_days needs exactly {', '.join(OPEN_STATUSES)}; missing {missing}, unknown {unknown}")
        if any(days <= 0 or days > 365 for days in value.values()):
            raise ValueError("due_days are between 1 and 365")
        return value

    def due_in(self, status: str) -> int:
        return self.due_days[status]

    def owner_of(self, category: str) -> str:
        return self.owners.get(category, self.default_owner)  # type: ignore[call-overload]
