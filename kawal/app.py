"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from auth import AccountLocked
from kawal import __version__
from kawal.api import approval_routes, audit_routes, auth_routes, dsar_routes, probes, records, redact, users
from kawal.api.hygiene import InputHygiene
from kawal.api.middleware import AccessLog, BodyLimit
from kawal.api.problems import problem
from kawal.errors import DOMAIN_ERRORS, classify, describe
from kawal.metrics import Metrics
from kawal.services import Services, build_services
from kawal.settings import Settings

log = structlog.get_logger("kawal.app")


def create_app(services: Services | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app around *services* (or build them from *settings* at start-up).

    Start-up fails, rather than serving errors, when the schema is behind or the root key is wrong.
    """
    settings = services.settings if services is not None else (settings or Settings())
    owned = services is None
    services = services or build_services(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            services.close()

    app = FastAPI(
        title="Kawal",
        version=__version__,
        summary="Encrypted customer records for contact centers",
        lifespan=lifespan,
        # No redirects to the slashed or unslashed path: Starlette builds their Location from the
        # Host header, which a client chooses (an open redirect to any host).
        redirect_slashes=False,
    )
    app.state.services = services
    app.state.metrics = Metrics(services.vault)
    app.include_router(probes.router)
    app.include_router(auth_routes.router)
    app.include_router(records.router)
    app.include_router(users.router)
    app.include_router(redact.router)
    app.include_router(audit_routes.router)
    app.include_router(dsar_routes.router)
    app.include_router(approval_routes.router)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request", "type": ""}
        if first.get("type") == "json_invalid":
            return problem(400, "malformed_json", "request body is not valid JSON")
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        return problem(422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        kinds = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "body_too_large",
                 422: "invalid_request"}
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 400:
            detail = "request body could not be parsed (is it UTF-8 JSON?)"
        return problem(exc.status_code, kinds.get(exc.status_code, "http_error"), detail)

    async def _domain(_: Request, exc: Exception) -> JSONResponse:
        _, status, kind = classify(exc)
        response = problem(status, kind, describe(exc))
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="kawal"'
        if isinstance(exc, AccountLocked):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    for error in DOMAIN_ERRORS:
        app.add_exception_handler(error, _domain)

    # Added last = outermost: the access log sees the 413s of the body limit too, and the body limit
    # bounds what the input check reads.
    app.add_middleware(InputHygiene)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(AccessLog, metrics=app.state.metrics)
    return app
