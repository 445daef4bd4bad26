"""Security-officer routes over the audit log: events (JSON or CSV), checkpoints and proofs, alerts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from audit import AuditEvent
from compliance.render import render_bytes
from kawal import compliance
from kawal.api.deps import PURPOSE_HEADER, Guard, get_services
from kawal.api.schemas import ErrorBody
from kawal.audit_views import ALERT_COLUMNS, EVENT_COLUMNS, alert_row, event_row, parse_when, to_csv
from kawal.compliance import breach_view, frameworks
from kawal.reports import build_report
from kawal.services import Services
from privacy.breaches import Assessment as Facts
from vault import AccessContext

router = APIRouter(prefix="/v1/audit", tags=["audit"])

_ERRORS = {code: {"model": ErrorBody} for code in (400, 401, 403, 404, 422, 503)}
Officer = Annotated[AccessContext, Depends(Guard("audit.read", purpose=False))]
ServicesDep = Annotated[Services, Depends(get_services)]


def _time(value: str | None, name: str) -> float | None:
    if value is None:
        return None
    try:
        return parse_when(value)
    except ValueError as exc:
        raise HTTPException(422, f"{name}: {exc}") from None


def _purpose(request: Request) -> str | None:
    raw = (request.headers.get(PURPOSE_HEADER) or "").strip()[:128]
    return raw if raw and raw.isprintable() else None


@router.get("/events", responses=_ERRORS)
async def list_events(
    request: Request,
    services: ServicesDep,
    context: Officer,
    actor: Annotated[str | None, Query(max_length=128)] = None,
    action: Annotated[str | None, Query(max_length=64, description="Exact, or a prefix ending in '.' or '*'")] = None,
    subject_id: Annotated[str | None, Query(max_length=256, description="A customer id; turned into its keyed reference")] = None,
    subject_ref: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[str | None, Query(max_length=64, description="ISO 8601 or a look-back like 24h")] = None,
    until: Annotated[str | None, Query(max_length=64)] = None,
    after: Annotated[int, Query(ge=0, le=2**62, description="Cursor: the last seq of the previous page")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    format: Annotated[Literal["json", "csv"], Query()] = "json",  # noqa: A002 - the public parameter name
) -> Any:
    """Events matching every filter, oldest first. Page with `after` = `next_after` of the previous page."""
    start, end = _time(since, "since"), _time(until, "until")
    trail = services.trail
    assert trail is not None
    ref = subject_ref or (services.vault.live_subject_ref(subject_id) if subject_id else None)

    def query() -> list[dict[str, Any]]:
        page = trail.log.search(actor=actor, action=action, subject=ref, since=start, until=end, after=after, limit=limit)
        if ref:
            # Looking up who accessed a customer is itself an access to that customer's history.
            trail.record(AuditEvent(
                action="audit.query", actor=context.actor, role=context.role, session_id=context.session_id,
                subjects=(ref,), purpose=_purpose(request), source_ip=context.source,
                user_agent=context.user_agent, detail={"found": len(page)},
            ))
        return [event_row(e, trail.log) for e in page]

    rows = await run_in_threadpool(query)
    next_after = rows[-1]["seq"] if len(rows) == limit else None
    if format == "csv":
        headers = {"Content-Disposition": 'attachment; filename="kawal-audit-events.csv"'}
        if next_after is not None:
            headers["X-Kawal-Next-After"] = str(next_after)
        return Response(to_csv(rows, EVENT_COLUMNS), media_type="text/csv; charset=utf-8", headers=headers)
    return {"events": rows, "next_after": next_after}


@router.get("/checkpoints/latest", responses=_ERRORS)
async def latest_checkpoint(services: ServicesDep, _: Officer) -> Any:
    """The newest signed checkpoint and the public key that checks it."""
    trail = services.trail
    assert trail is not None
    checkpoint = await run_in_threadpool(trail.checkpoints.latest)
    if checkpoint is None:
        raise HTTPException(404, "no checkpoint signed yet")
    return {"checkpoint": checkpoint.to_dict(), "public_key": trail.checkpoints.signer.public_pem()}


@router.get("/events/{seq}/proof", responses=_ERRORS)
async def event_proof(seq: Annotated[int, Path(ge=1, le=2**62)], services: ServicesDep, _: Officer) -> Any:
    """An inclusion proof of event *seq* in a signed checkpoint (404 until one covers it)."""
    trail = services.trail
    assert trail is not None
    try:
        return await run_in_threadpool(trail.checkpoints.prove, seq)
    except (KeyError, StopIteration):
        raise HTTPException(404, f"event {seq} is not covered by a signed checkpoint yet") from None


AlertManager = Annotated[AccessContext, Depends(Guard("alerts.manage", purpose=False))]


class StatusChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["acknowledged", "closed"]
    reason: str | None = Field(default=None, max_length=2000)


@router.get("/alerts", responses=_ERRORS)
async def list_alerts(
    services: ServicesDep,
    _: Officer,
    status: Annotated[Literal["open", "acknowledged", "closed", "all"], Query()] = "open",
    detector: Annotated[str | None, Query(max_length=64)] = None,
    actor: Annotated[str | None, Query(max_length=128)] = None,
    min_severity: Annotated[Literal["low", "medium", "high", "critical"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    format: Annotated[Literal["json", "csv"], Query()] = "json",  # noqa: A002 - the public parameter name
) -> Any:
    """Alerts, newest first."""
    alerting = services.alerting
    assert alerting is not None
    found = await run_in_threadpool(
        alerting.store.list, status=None if status == "all" else status, detector=detector, actor=actor,
        min_severity=min_severity, limit=limit, offset=offset,
    )
    rows = [alert_row(a) for a in found]
    if format == "csv":
        return Response(to_csv(rows, ALERT_COLUMNS), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="kawal-alerts.csv"'})
    return {"alerts": rows, "counts": await run_in_threadpool(alerting.store.counts)}


@router.get("/alerts/{alert_id}", responses=_ERRORS)
async def get_alert(alert_id: Annotated[str, Path(max_length=64)], services: ServicesDep, _: Officer) -> Any:
    assert services.alerting is not None
    return alert_row(await run_in_threadpool(services.alerting.store.get, alert_id))


@router.post("/alerts/{alert_id}/status", responses={**_ERRORS, 409: {"model": ErrorBody}})
async def change_alert(alert_id: Annotated[str, Path(max_length=64)], body: StatusChange, services: ServicesDep,
                       context: AlertManager) -> Any:
    """Acknowledge or close an alert; closing needs a reason. Recorded in the audit chain."""
    alerting = services.alerting
    assert alerting is not None
    changed = await run_in_threadpool(
        lambda: alerting.set_status(alert_id, body.status, by=context.actor, reason=body.reason, role=context.role,
                                    session_id=context.session_id, source_ip=context.source)
    )
    return alert_row(changed)


ReportReader = Annotated[AccessContext, Depends(Guard("reports.read", purpose=False))]
_REPORT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8",
                 "html": "text/html; charset=utf-8", "pdf": "application/pdf", "ocsf": "application/json"}
ReportFormat = Literal["json", "csv", "md", "html", "pdf", "ocsf"]


@router.get("/frameworks", responses=_ERRORS)
async def list_frameworks(services: ServicesDep, _: ReportReader) -> Any:
    """The frameworks loaded from `policies/frameworks/*.yaml`: what reports, requests and notices accept."""
    return {"frameworks": [{"id": f.id, "name": f.name, "jurisdiction": f.jurisdiction, "as_of": str(f.as_of),
                            "requirements": len(f.requirements), "request_kinds": list(f.deadlines.request_kinds)}
                           for f in frameworks(services).values()]}


@router.get("/reports/{framework}", responses=_ERRORS)
async def compliance_report(
    framework: Annotated[str, Path(pattern=r"^[a-z][a-z0-9]*$", max_length=32,
                                   description="A loaded framework id (GET /v1/audit/frameworks) or all")],
    services: ServicesDep,
    context: ReportReader,
    format: Annotated[ReportFormat, Query()] = "json",  # noqa: A002 - the public parameter name
    period_days: Annotated[int, Query(ge=1, le=3660, description="The period the report covers")] = 30,
    approver: Annotated[str | None, Query(max_length=128, description="Who approves it (not the preparer); she "
                                          "signs the file with `kawal audit sign-report`")] = None,
) -> Response:
    """The checklist filled with evidence from this system; its content hash is recorded in the audit chain.

    Formats: json, csv, md, html (one self-contained page), pdf (A4, paginated) and ocsf (a JSON array of
    OCSF Compliance Finding events). The `X-Kawal-Content-Hash` header is the same hash as in the document.
    """
    def build() -> tuple[str, bytes]:
        report = build_report(services, framework, actor=context.actor, fmt=format, period_days=period_days,
                              approver=approver)
        return report.content_hash, render_bytes(report, format)

    content_hash, body = await run_in_threadpool(build)
    headers = {"X-Kawal-Content-Hash": content_hash}
    if format == "pdf":
        headers["Content-Disposition"] = f'attachment; filename="kawal-compliance-{framework}.pdf"'
    return Response(body, media_type=_REPORT_TYPES[format], headers=headers)


BreachManager = Annotated[AccessContext, Depends(Guard("breaches.manage", purpose=False))]


class NewBreach(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=10_000, description="Facts only: no personal data")
    detected_at: str = Field(max_length=64, description="ISO 8601: when it became known")
    affected_subjects: int = Field(default=0, ge=0, le=10**9)
    data_classes: list[Annotated[str, Field(max_length=32)]] = Field(default_factory=list, max_length=32)


class Assessment(BaseModel):
    """The facts each law's test reads; UU PDP requires notice whatever they are."""
    model_config = ConfigDict(extra="forbid")

    risk: bool = Field(description="Likely to result in a risk to individuals (GDPR 33)")
    high_risk: bool = Field(default=False, description="Likely to result in a high risk (GDPR 34)")
    significant_harm: bool = Field(default=False, description="Likely to result in significant harm (PDPA 26B(1)(a))")
    encrypted: bool = Field(default=False, description="Encrypted, and the key was not taken (California 1798.82)")
    public_impact: bool = Field(default=False, description="Public services disrupted or the public seriously "
                                "affected (UU PDP 46(3): tell the public)")
    consequences: str = Field(default="", max_length=4000, description="The breach's likely consequences and "
                              "effects (GDPR 33(3)(c), 33(5))")
    remedial_action: str = Field(default="", max_length=4000, description="The measures taken or proposed to "
                                 "address it and mitigate its effects (GDPR 33(3)(d), 33(5))")
    affected_subjects: int | None = Field(default=None, ge=0, le=10**9)
    assessed_at: str | None = Field(default=None, max_length=64)


class Notice(BaseModel):
    model_config = ConfigDict(extra="forbid")

    framework: str = Field(pattern=r"^[a-z][a-z0-9]*$", max_length=32, description="A loaded framework id")
    recipient: Literal["authority", "subjects", "public", "attorney_general", "controller"] = "authority"
    reference: str = Field(min_length=1, max_length=200)
    notified_at: str | None = Field(default=None, max_length=64)


@router.get("/breaches", responses=_ERRORS)
async def list_breaches(services: ServicesDep, _: ReportReader) -> Any:
    """The breach register, with per law the assessment's clock and every notice's state and due time."""
    def views() -> list[dict[str, Any]]:
        desk = compliance.breach_desk(services)  # the laws' rules built once for the whole list
        return [desk.view(b) for b in desk.register.all()]

    return {"breaches": await run_in_threadpool(views)}


@router.post("/breaches", status_code=201, responses=_ERRORS)
async def record_breach(body: NewBreach, services: ServicesDep, context: BreachManager) -> Any:
    detected = _time(body.detected_at, "detected_at")
    assert detected is not None
    return await run_in_threadpool(lambda: breach_view(services, compliance.record_breach(
        services, context, body.title, body.description, detected_at=detected,
        affected_subjects=body.affected_subjects, data_classes=body.data_classes)))


@router.post("/breaches/{breach_id}/assessment", responses={**_ERRORS, 409: {"model": ErrorBody}})
async def assess_breach(breach_id: Annotated[str, Path(max_length=64)], body: Assessment, services: ServicesDep,
                        context: BreachManager) -> Any:
    when = _time(body.assessed_at, "assessed_at")
    facts = Facts(risk=body.risk, high_risk=body.high_risk, significant_harm=body.significant_harm,
                  unencrypted=not body.encrypted, public_impact=body.public_impact, consequences=body.consequences,
                  remedial_action=body.remedial_action)
    return await run_in_threadpool(lambda: breach_view(services, compliance.assess_breach(
        services, context, breach_id, facts, assessed_at=when, affected_subjects=body.affected_subjects)))


@router.post("/breaches/{breach_id}/notices", responses={**_ERRORS, 409: {"model": ErrorBody}})
async def notify_breach(breach_id: Annotated[str, Path(max_length=64)], body: Notice, services: ServicesDep,
                        context: BreachManager) -> Any:
    when = _time(body.notified_at, "notified_at")
    return await run_in_threadpool(lambda: breach_view(services, compliance.notify_breach(
        services, context, breach_id, body.framework, reference=body.reference, recipient=body.recipient,
        notified_at=when)))
