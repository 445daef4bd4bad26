"""`POST /v1/redact`: bounded batches of transcripts for pipeline service accounts."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator
from starlette.concurrency import run_in_threadpool

from audit import AuditEvent
from kawal.api.deps import Guard, get_services
from kawal.api.schemas import ErrorBody
from kawal.redaction_runs import RUN_ACTION, run_detail
from kawal.services import Services
from policies import load_redaction_policy
from redaction import ProfileError
from vault import AccessContext

router = APIRouter(prefix="/v1", tags=["redaction"])

_ERRORS = {code: {"model": ErrorBody} for code in (400, 401, 403, 413, 422, 503)}
CUSTOMER_DATA = {"x-kawal-customer-data": True}
Runner = Annotated[AccessContext, Depends(Guard("redaction.run"))]


class RedactItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str | None = Field(default=None, max_length=200)
    text: str
    subject: str | None = Field(default=None, max_length=200, description="Data subject for vault tokens")

    @field_validator("text", "id", "subject")
    @classmethod
    def _valid_unicode(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("holds a lone UTF-16 surrogate (not valid Unicode)") from None
        return value


class RedactRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: str = Field(default="default", max_length=64)
    items: list[RedactItem] = Field(min_length=1)


class EntityOut(BaseModel):
    type: str
    start: int
    end: int
    score: float
    recognizer: str


class RedactedItem(BaseModel):
    id: str | None
    text: str
    entities: list[EntityOut]


class RedactResponse(BaseModel):
    profile: str
    items: list[RedactedItem]
    counts: dict[str, int]


class _Redactors:
    """One redactor per profile per process, built on first use (building costs ~0.5 s)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._lock = threading.Lock()
        self._by_profile: dict[str, Any] = {}
        self.policy = load_redaction_policy(services.settings.policies_dir)

    def get(self, profile: str) -> Any:
        with self._lock:
            if profile not in self._by_profile:
                # Deferred: presidio takes ~1.5 s to import; a server that never redacts never pays it.
                from redaction import Redactor, VaultTokenStore

                vault = self.services.vault
                self._by_profile[profile] = Redactor(
                    profile,
                    policy=self.policy,
                    spacy_model=self.services.settings.spacy_model,
                    pseudonym_digest=vault.sealer("redaction/pseudonym").digest,
                    token_store=VaultTokenStore(vault),
                )
            return self._by_profile[profile]


def _redactors(request: Request, services: Annotated[Services, Depends(get_services)]) -> _Redactors:
    state = request.app.state
    if getattr(state, "redactors", None) is None:
        state.redactors = _Redactors(services)
    return state.redactors


@router.post("/redact", response_model=RedactResponse, responses=_ERRORS, openapi_extra=CUSTOMER_DATA)
async def redact(body: RedactRequest, context: Runner, redactors: Annotated[_Redactors, Depends(_redactors)]) -> RedactResponse:
    """Redact a batch of transcripts with a profile; entity offsets refer to the original texts."""
    policy = redactors.policy
    if body.profile not in policy.profiles:
        raise ProfileError(f"unknown redaction profile {body.profile!r}; known: {sorted(policy.profiles)}")
    if len(body.items) > policy.max_batch_items:
        raise HTTPException(413, f"at most {policy.max_batch_items} items per request")
    if any(len(item.text) > policy.max_text_chars for item in body.items):
        raise HTTPException(413, f"at most {policy.max_text_chars} characters per text")
    redactor = await run_in_threadpool(redactors.get, body.profile)

    def run() -> RedactResponse:
        out, counts = [], {}
        for item in body.items:
            result = redactor.redact(item.text, subject=item.subject or item.id)
            for entity in result.entities:
                counts[entity.type] = counts.get(entity.type, 0) + 1
            out.append(RedactedItem(id=item.id, text=result.text, entities=[EntityOut(**e.to_dict()) for e in result.entities]))
        record_run(body.profile, len(out), counts)
        return RedactResponse(profile=body.profile, items=out, counts=counts)

    def record_run(profile: str, transcripts: int, counts: dict[str, int]) -> None:
        trail = redactors.services.trail
        if trail is not None:  # counts only; a failed append refuses the batch (503), like any access
            trail.record(AuditEvent(action=RUN_ACTION, actor=context.actor, role=context.role,
                                    session_id=context.session_id, purpose=context.purpose, source_ip=context.source,
                                    detail=run_detail(profile, transcripts, counts)))

    return await run_in_threadpool(run)
