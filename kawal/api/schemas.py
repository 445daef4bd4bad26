"""Request and response bodies of the HTTP API (kept apart from the database models)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Problem(BaseModel):
    """Every error answer: a stable machine-readable type and a sentence for a person."""

    type: str
    message: str


class ErrorBody(BaseModel):
    error: Problem


class CreateRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject_id: str = Field(min_length=1, max_length=256, description="The customer's id in your systems")
    record: dict[str, Any] = Field(description="The customer record, any JSON object")
    kind: str | None = Field(default=None, max_length=40,
                             description="Its retention class (policies/retention.yaml), e.g. call_transcript")


class RecordCreated(BaseModel):
    record_id: str


class RecordOut(BaseModel):
    record_id: str
    subject_ref: str = Field(description="Pseudonymous reference of the subject (HMAC)")
    record: dict[str, Any]


class FindRecords(BaseModel):
    """Search values travel in the body, never in a URL that proxies would log."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(min_length=1, max_length=64)
    value: str = Field(min_length=1, max_length=1024)


class FoundRecords(BaseModel):
    record_ids: list[str]


class ShredSubject(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subject_id: str = Field(min_length=1, max_length=256)
    approval_id: str | None = Field(default=None, max_length=64, description="A second person's approval "
                                    "(POST /v1/approvals, action subjects.erase, subject_id)")


class Certificate(BaseModel):
    certificate_id: str
    tenant: str
    subject_ref: str
    shredded_at: str
    records_affected: int
    keys_destroyed: list[str]
    root_versions: list[int]
    method: str
    digest: str
