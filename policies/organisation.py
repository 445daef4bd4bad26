"""Schema of `policies/organisation.yaml`: is each tenant a controller or a processor, and for whom.

A BPO contact center often runs Kawal for its clients' customers: it is then a processor (GDPR),
a data intermediary (PDPA), a Prosesor (UU PDP) or a service provider (CCPA). Its breach duty is to
tell the controller, not the authority (GDPR 33(2), PDPA 26C(3)(a), UU PDP 51, Civ. Code
1798.82(b)); its reports and access answers name the controller it acts for. Where the law says
"without undue delay", the processing agreement usually fixes hours: `notify_controller_hours`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["DataRole", "OrganisationPolicy", "TenantRole"]

DataRole = Literal["controller", "processor"]


class TenantRole(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: DataRole
    controller: str | None = Field(default=None, max_length=200, description="Whom a processor acts for")
    controller_contact: str | None = Field(default=None, max_length=300)
    notify_controller_hours: int | None = Field(default=None, gt=0, le=720,
                                                description="The processing agreement's period for breach notice")

    @model_validator(mode="after")
    def _processor_names_its_controller(self) -> TenantRole:
        if self.role == "processor" and not (self.controller and self.controller_contact):
            raise ValueError("a processor names the controller it acts for and how to reach it")
        if self.role == "controller" and (self.controller or self.notify_controller_hours):
            raise ValueError("controller, controller_contact and notify_controller_hours are for processors")
        return self

    def describe(self) -> str:
        return "controller" if self.role == "controller" else f"processor for {self.controller}"


class OrganisationPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tenants: dict[str, TenantRole] = Field(description="Per tenant id; `default` for every tenant not listed")

    @model_validator(mode="after")
    def _has_default(self) -> OrganisationPolicy:
        if "default" not in self.tenants:
            raise ValueError("tenants needs a `default` entry (the role of every tenant not listed)")
        return self

    def role_of(self, tenant: str) -> TenantRole:
        return self.tenants.get(tenant, self.tenants["default"])
