"""Four-eyes approvals over HTTP: a second person allows one hold release, export or erasure.

A thin shell over `kawal.approvals`: the approver needs `approvals.grant` and a full MFA session;
the target is named by its id (a hold, a request) or, for a direct erasure, by the customer id in
the body (never in the URL), turned into its keyed reference.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.concurrency import run_in_threadpool

from kawal.api.deps import Guard, get_services
from kawal.api.schemas import ErrorBody
from kawal.approvals import approvals, grant, target_of
from kawal.services import Services
from vault import AccessContext

router = APIRouter(tags=["approvals"])

_ERRORS = {code: {"model": ErrorBody} for code in (400, 401, 403, 404, 422, 503)}
Approver = Annotated[AccessContext, Depends(Guard("approvals.grant", purpose=False))]
ServicesDep = Annotated[Services, Depends(get_services)]


class NewApproval(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: Literal["hold.release", "records.export", "subjects.erase"]
    hold_id: str | None = Field(default=None, max_length=64)
    request_id: str | None = Field(default=None, max_length=64)
    subject_id: str | None = Field(default=None, max_length=256, description="For a direct erasure (subjects/shred)")
    reason: str = Field(min_length=1, max_length=500)

    @model_validator(mode="after")
    def _one_target(self) -> NewApproval:
        given = [n for n in ("hold_id", "request_id", "subject_id") if getattr(self, n)]
        allowed = {"hold.release": {"hold_id"}, "records.export": {"request_id"},
                   "subjects.erase": {"request_id", "subject_id"}}[self.action]
        if len(given) != 1 or given[0] not in allowed:
            raise ValueError(f"{self.action} names exactly one of: {', '.join(sorted(allowed))}")
        return self


@router.post("/v1/approvals", status_code=201, responses=_ERRORS)
async def grant_approval(body: NewApproval, services: ServicesDep, context: Approver) -> Any:
    """Allow one action on one target, once, by someone else, before the policy's expiry."""
    def run() -> dict[str, Any]:
        target = target_of(services, hold_id=body.hold_id, request_id=body.request_id, subject_id=body.subject_id)
        return grant(services, context, body.action, target, reason=body.reason).to_dict()

    return await run_in_threadpool(run)


@router.get("/v1/approvals", responses=_ERRORS)
async def list_approvals(services: ServicesDep, _: Approver) -> Any:
    return {"approvals": [a.to_dict() for a in await run_in_threadpool(lambda: approvals(services).all())]}
