"""Customer records: create, read, find, and erase a subject."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, status
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from kawal.api.deps import Guard, VaultDep, get_services
from kawal.api.schemas import (
    Certificate,
    CreateRecord,
    ErrorBody,
    FindRecords,
    FoundRecords,
    RecordCreated,
    RecordOut,
    ShredSubject,
)
from kawal.dsar import shred_subject as shred
from kawal.retention import record_kind
from kawal.services import Services
from vault import AccessContext

router = APIRouter(prefix="/v1", tags=["records"])

_ERRORS = {code: {"model": ErrorBody} for code in (400, 401, 403, 404, 409, 410, 413, 422, 503)}
#: Marks a route as touching customer data; a test checks that each such route is guarded.
CUSTOMER_DATA = {"x-kawal-customer-data": True}

Writer = Annotated[AccessContext, Depends(Guard("records.write"))]
Reader = Annotated[AccessContext, Depends(Guard("records.read"))]
Finder = Annotated[AccessContext, Depends(Guard("records.find"))]
ServicesDep = Annotated[Services, Depends(get_services)]
Shredder = Annotated[AccessContext, Depends(Guard("subjects.shred", step_up=True))]


@router.post("/records", status_code=status.HTTP_201_CREATED, response_model=RecordCreated, responses=_ERRORS, openapi_extra=CUSTOMER_DATA)
async def create_record(body: CreateRecord, services: ServicesDep, context: Writer) -> RecordCreated:
    """Encrypt and store a record for a data subject, as a kind with a retention period (422 otherwise)."""
    kind = record_kind(services, body.kind)
    record_id = await run_in_threadpool(lambda: services.vault.put(body.subject_id, body.record, context, kind=kind))
    return RecordCreated(record_id=record_id)


@router.get("/records/{record_id}", response_model=RecordOut, responses=_ERRORS, openapi_extra=CUSTOMER_DATA)
async def read_record(record_id: str, vault: VaultDep, context: Reader) -> JSONResponse:
    """Decrypt one record. 410 when its subject was erased, 409 when its ciphertext was tampered with."""
    record = await run_in_threadpool(vault.get, record_id, context)
    # Answered with the stdlib encoder, not through the response model: the record is the vault's
    # own JSON, already validated at write time, and pydantic's serialiser would refuse a record
    # stored before the depth limit existed (it stops at 255 levels), leaving it unreadable.
    return JSONResponse({"record_id": record.record_id, "subject_ref": record.subject_ref, "record": record.data})


@router.post("/records/find", response_model=FoundRecords, responses=_ERRORS, openapi_extra=CUSTOMER_DATA)
async def find_records(body: FindRecords, vault: VaultDep, context: Finder) -> FoundRecords:
    """Ids of records whose searchable field equals the value (after normalisation)."""
    ids = await run_in_threadpool(vault.find, body.field, body.value, context)
    return FoundRecords(record_ids=ids)


@router.post("/subjects/shred", response_model=Certificate, responses=_ERRORS, openapi_extra=CUSTOMER_DATA)
async def shred_subject(body: ShredSubject, services: ServicesDep, context: Shredder) -> Certificate:
    """Crypto-shred a subject: destroy its data keys and return the erasure certificate. Needs a step-up code;
    409 `legal_hold_active` while the subject is under legal hold."""
    certificate = await run_in_threadpool(lambda: shred(services, body.subject_id, context, approval_id=body.approval_id))
    return Certificate(**certificate.to_dict())
