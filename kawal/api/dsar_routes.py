"""Routes for data-subject requests, legal holds and retention: a thin shell over kawal.dsar/retention.

Each route needs the DPO's permission (`dsar.manage` or `retention.manage`) and a full MFA session.
The requester's identifiers arrive in the body (never in a URL, where proxies would log them) and
are only searched in the vault's blind index.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from kawal.api.deps import Guard, get_services
from kawal.api.schemas import ErrorBody
from kawal.audit_views import parse_when
from kawal.dsar import (
    confirm,
    erase,
    export,
    extend,
    fulfil,
    holds,
    open_request as open_,
    place_hold as place,
    rectify,
    register,
    reject,
    release_hold as release,
    request_view,
    verify,
)
from kawal.retention import enforce
from kawal.services import Services
from vault import AccessContext

router = APIRouter(tags=["data-subject requests"])

_ERRORS = {code: {"model": ErrorBody} for code in (400, 401, 403, 404, 409, 422, 503)}
DsarManager = Annotated[AccessContext, Depends(Guard("dsar.manage", purpose=False))]
RetentionManager = Annotated[AccessContext, Depends(Guard("retention.manage", purpose=False))]
ServicesDep = Annotated[Services, Depends(get_services)]
RequestId = Annotated[str, Path(max_length=64)]
_Text = Annotated[str, Field(max_length=256)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Identifiers(_Body):
    phone: _Text | None = None
    email: _Text | None = None
    nik: _Text | None = None
    subject_ids: list[_Text] = Field(default_factory=list, max_length=16, description="Customer ids, if known")

    def fields(self) -> dict[str, str]:
        return {k: v for k, v in (("phone", self.phone), ("email", self.email), ("nik", self.nik)) if v}


class NewRequest(Identifiers):
    kind: Literal["access", "rectification", "erasure", "withdrawal", "restriction", "objection", "opt_out"] = Field(
        description="Each law gives its own kinds and clocks (UU PDP: 3 x 24 hours for access, correction, "
                    "withdrawal, restriction; none for erasure); a kind the law does not give is refused (409)")
    framework: str = Field(pattern=r"^[a-z][a-z0-9]*$", max_length=32,
                           description="A loaded framework id (GET /v1/audit/frameworks); unknown: 422")
    received_at: str | None = Field(default=None, max_length=64, description="ISO 8601; default now")
    reference: str = Field(default="", max_length=200, description="Your ticket id")


class Verification(_Body):
    method: str = Field(min_length=1, max_length=200, description="How the requester's identity was checked")


class Reason(_Body):
    reason: str = Field(min_length=1, max_length=2_000)


_ApprovalId = Annotated[str | None, Field(default=None, max_length=64,
                                          description="A second person's approval (POST /v1/approvals): four eyes")]


class Approved(_Body):
    approval_id: _ApprovalId = None


class Release(Reason):
    approval_id: _ApprovalId = None


class Extension(Reason):
    answer_by: str | None = Field(default=None, max_length=64, description="PDPA reg. 5: the date told to the "
                                  "applicant (ISO 8601); other laws fix the extended deadline themselves")


class Fulfilment(_Body):
    action: str = Field(min_length=1, max_length=1_000, description="What was done: which processing stopped "
                        "or was restricted, from when")


class Correction(_Body):
    record_id: str = Field(max_length=64)
    set: dict[str, Any] = Field(description="Fields to set; a null value removes the field")


class Rectification(_Body):
    changes: list[Correction] = Field(min_length=1, max_length=100)


class NewHold(Identifiers):
    reason: str = Field(min_length=1, max_length=2_000)


class RetentionRequest(_Body):
    dry_run: bool = True


def _view(request: Any) -> dict[str, Any]:
    return request_view(request)


@router.post("/v1/dsar", status_code=201, responses=_ERRORS)
async def open_request(body: NewRequest, services: ServicesDep, context: DsarManager) -> Any:
    """Register a request; the subject is found through the blind index and its deadlines set by the law."""
    try:
        received = parse_when(body.received_at) if body.received_at else None
    except ValueError as exc:
        raise HTTPException(422, f"received_at: {exc}") from None
    return _view(await run_in_threadpool(lambda: open_(
        services, body.kind, body.framework, identifiers=body.fields(), subject_ids=body.subject_ids,
        actor=context.actor, received_at=received, reference=body.reference)))


@router.get("/v1/dsar", responses=_ERRORS)
async def list_requests(services: ServicesDep, _: DsarManager, open_only: bool = False) -> Any:
    """Requests, oldest first, each with its deadline states."""
    return {"requests": [_view(r) for r in await run_in_threadpool(lambda: register(services).all(open_only=open_only))]}


@router.get("/v1/dsar/{request_id}", responses=_ERRORS)
async def show_request(request_id: RequestId, services: ServicesDep, _: DsarManager) -> Any:
    return _view(await run_in_threadpool(lambda: register(services).get(request_id)))


@router.post("/v1/dsar/{request_id}/verify", responses=_ERRORS)
async def verify_request(request_id: RequestId, body: Verification, services: ServicesDep, context: DsarManager) -> Any:
    return _view(await run_in_threadpool(lambda: verify(services, request_id, actor=context.actor, method=body.method)))


@router.post("/v1/dsar/{request_id}/confirm", responses=_ERRORS)
async def confirm_request(request_id: RequestId, services: ServicesDep, context: DsarManager) -> Any:
    return _view(await run_in_threadpool(lambda: confirm(services, request_id, actor=context.actor)))


@router.post("/v1/dsar/{request_id}/extend", responses=_ERRORS)
async def extend_request(request_id: RequestId, body: Extension, services: ServicesDep, context: DsarManager) -> Any:
    try:
        answer_by = parse_when(body.answer_by) if body.answer_by else None
    except ValueError as exc:
        raise HTTPException(422, f"answer_by: {exc}") from None
    return _view(await run_in_threadpool(lambda: extend(services, request_id, actor=context.actor, reason=body.reason,
                                                        answer_by=answer_by)))


@router.post("/v1/dsar/{request_id}/fulfil", responses=_ERRORS)
async def fulfil_request(request_id: RequestId, body: Fulfilment, services: ServicesDep, context: DsarManager) -> Any:
    """Close a withdrawal, restriction, objection or opt-out with what was done."""
    return _view(await run_in_threadpool(lambda: fulfil(services, request_id, actor=context.actor, action=body.action)))


@router.post("/v1/dsar/{request_id}/reject", responses=_ERRORS)
async def reject_request(request_id: RequestId, body: Reason, services: ServicesDep, context: DsarManager) -> Any:
    return _view(await run_in_threadpool(lambda: reject(services, request_id, actor=context.actor, reason=body.reason)))


@router.post("/v1/dsar/{request_id}/export", responses=_ERRORS)
async def export_request(request_id: RequestId, services: ServicesDep, context: DsarManager,
                         body: Approved | None = None) -> Any:
    """The access bundle (records decrypted + who accessed them); completes the request. Not stored.
    Needs `approval_id`, a second person's approval of records.export for this request (403 otherwise)."""
    approval = body.approval_id if body else None
    return await run_in_threadpool(lambda: export(services, request_id, actor=context.actor, role=context.role,
                                                  approval_id=approval))


@router.post("/v1/dsar/{request_id}/rectify", responses=_ERRORS)
async def rectify_request(request_id: RequestId, body: Rectification, services: ServicesDep,
                          context: DsarManager) -> Any:

    changes = [(c.record_id, c.set) for c in body.changes]
    return _view(await run_in_threadpool(lambda: rectify(services, request_id, changes, actor=context.actor,
                                                         role=context.role)))


@router.post("/v1/dsar/{request_id}/erase", responses=_ERRORS)
async def erase_request(request_id: RequestId, services: ServicesDep, context: DsarManager,
                        body: Approved | None = None) -> Any:
    """Crypto-shred the subject (409 `legal_hold_active`, with the hold's reason, while a hold stands).
    Needs `approval_id`, a second person's approval of subjects.erase for this request."""
    approval = body.approval_id if body else None
    return _view(await run_in_threadpool(lambda: erase(services, request_id, actor=context.actor, role=context.role,
                                                       approval_id=approval)))


@router.get("/v1/legal-holds", responses=_ERRORS)
async def list_holds(services: ServicesDep, _: DsarManager, active: bool = False) -> Any:
    return {"holds": [h.to_dict() for h in await run_in_threadpool(lambda: holds(services).all(active_only=active))]}


@router.post("/v1/legal-holds", status_code=201, responses=_ERRORS)
async def place_hold(body: NewHold, services: ServicesDep, context: DsarManager) -> Any:
    placed = await run_in_threadpool(lambda: place(services, identifiers=body.fields(), subject_ids=body.subject_ids,
                                                   reason=body.reason, actor=context.actor))
    return {"holds": [h.to_dict() for h in placed]}


@router.post("/v1/legal-holds/{hold_id}/release", responses=_ERRORS)
async def release_hold(hold_id: RequestId, body: Release, services: ServicesDep, context: DsarManager) -> Any:
    """Lift a hold; needs `approval_id`, a second person's approval of hold.release for this hold."""
    return (await run_in_threadpool(lambda: release(services, hold_id, reason=body.reason, actor=context.actor,
                                                    approval_id=body.approval_id))).to_dict()


@router.post("/v1/retention/enforce", responses=_ERRORS)
async def enforce_retention(body: RetentionRequest, services: ServicesDep, context: RetentionManager) -> Any:
    """Remove (or with `dry_run`, the default, count) records past their kind's retention period."""
    return (await run_in_threadpool(lambda: enforce(services, actor=context.actor, dry_run=body.dry_run))).to_dict()
