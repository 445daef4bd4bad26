"""Liveness, readiness and metrics: what an orchestrator and Prometheus ask."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.concurrency import run_in_threadpool

from kawal.db import require_current_schema
from kawal.errors import KNOWN_ERRORS, classify, describe

router = APIRouter(tags=["probes"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """The process is alive (touches no database)."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Ready when the schema is at head and the root key opens the vault's keys."""
    services = request.app.state.services

    def check() -> dict[str, object]:
        require_current_schema(services.engine)
        services.vault.check_keys()
        return {"status": "ready", "root_key_version": services.vault.root_version}

    try:
        body = await run_in_threadpool(check)
    except KNOWN_ERRORS as exc:
        _, _, kind = classify(exc)
        return JSONResponse({"status": "unavailable", "reason": kind, "message": describe(exc)}, status_code=503)
    return JSONResponse(body)


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)
