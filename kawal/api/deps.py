"""FastAPI dependencies: the process's services, who is asking, and the guard on every data route.

The guard's order is the contract the route-walking test checks: no or bad credentials -> 401,
an MFA-pending token -> 401, a role or scope that may not -> 403, no purpose -> 400, a sensitive
action without a fresh TOTP code -> 401 step_up_required.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated

import structlog
from fastapi import Depends, Request

from audit import AuditError, AuditEvent
from auth import AuthService, CsrfFailed, Forbidden, NotAuthenticated, Principal, PurposeRequired, StepUpRequired
from kawal.services import Services
from vault import AccessContext, Vault

SESSION_COOKIE = "kawal_session"
CSRF_HEADER = "X-CSRF-Token"
PURPOSE_HEADER = "X-Kawal-Purpose"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_MAX_PURPOSE = 128
_log = structlog.get_logger("kawal.audit")


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_vault(services: Annotated[Services, Depends(get_services)]) -> Vault:
    return services.vault


def get_auth(services: Annotated[Services, Depends(get_services)]) -> AuthService:
    return services.auth


def client_ip(request: Request) -> str | None:
    """The peer's address as an IP, or None when it is not one.

    The peer is the TCP peer unless `KAWAL_TRUSTED_PROXIES` names it, in which case uvicorn has
    already replaced it with the proxy's X-Forwarded-For entry; whatever that header said, only a
    well-formed address reaches the throttle and the audit chain.
    """
    if request.client is None:
        return None
    try:
        return str(ipaddress.ip_address(request.client.host))
    except ValueError:
        return None


def presented_token(request: Request) -> tuple[str, bool] | None:
    """(token, came from the cookie) or None. A malformed Authorization header is an error, not anonymity."""
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("use `Authorization: Bearer <token>`")
        return token.strip(), False
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return cookie, True
    return None


def current_principal(request: Request, auth: Annotated[AuthService, Depends(get_auth)]) -> Principal:
    """Any valid token, including an MFA-pending one (the guard decides what it may do)."""
    presented = presented_token(request)
    if presented is None:
        raise NotAuthenticated("sign in first: POST /v1/auth/login, then /v1/auth/totp")
    token, via_cookie = presented
    principal = auth.authenticate(token, via_cookie=via_cookie)
    if via_cookie and request.method not in _SAFE_METHODS and not auth.check_csrf(token, request.headers.get(CSRF_HEADER)):
        raise CsrfFailed(f"a cookie session must send the {CSRF_HEADER} header it was given at sign-in")
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def full_principal(principal: PrincipalDep, auth: Annotated[AuthService, Depends(get_auth)]) -> Principal:
    auth.require_full(principal)
    return principal


FullPrincipalDep = Annotated[Principal, Depends(full_principal)]


def _purpose(request: Request) -> str:
    raw = request.headers.get(PURPOSE_HEADER, "").strip()
    if not raw:
        raise PurposeRequired(f"customer data is served only for a case: send {PURPOSE_HEADER}: <case or ticket id>")
    if len(raw) > _MAX_PURPOSE or not raw.isprintable():
        raise PurposeRequired(f"{PURPOSE_HEADER} must be printable and at most {_MAX_PURPOSE} characters")
    return raw


def _record_denial(request: Request, principal: Principal, permission: str, refused: Exception) -> None:
    """A signed-in user refused at the guard is worth an audit event (probing, a wrong role, no case).

    Best effort: the request is refused either way, so an audit failure here is logged, not raised.
    """
    services: Services = request.app.state.services
    if services.trail is None:
        return
    route = request.scope.get("route")
    try:
        services.trail.record(AuditEvent(
            action="access.denied", actor=principal.actor, role=principal.role or "service", outcome="denied",
            session_id=principal.session_id, resource=getattr(route, "path", None), source_ip=client_ip(request),
            user_agent=(request.headers.get("user-agent") or "")[:256] or None,
            detail={"permission": permission, "reason": type(refused).__name__},
        ))
    except AuditError as exc:
        _log.error("audit_denial_not_recorded", error=type(exc).__name__)


class Guard:
    """Depends(Guard("records.read")): full session, permission, purpose, and step-up if asked."""

    def __init__(self, permission: str, *, purpose: bool = True, step_up: bool = False) -> None:
        self.permission = permission
        self.purpose = purpose
        self.step_up = step_up

    def __call__(self, request: Request, principal: FullPrincipalDep, auth: Annotated[AuthService, Depends(get_auth)]) -> AccessContext:
        try:
            if not auth.allowed(principal, self.permission):
                who = principal.role or "this API key"
                raise Forbidden(f"{who} may not {self.permission}")
            purpose = _purpose(request) if self.purpose else None
            if self.step_up and principal.kind != "service" and not auth.stepped_up(principal):
                raise StepUpRequired("this action needs a fresh code: POST /v1/auth/step-up first")
            if self.step_up and principal.kind == "service":
                raise Forbidden("API keys cannot perform actions that need a TOTP step-up")
        except (Forbidden, PurposeRequired, StepUpRequired) as refused:
            _record_denial(request, principal, self.permission, refused)
            raise
        return AccessContext(
            actor=principal.actor,
            purpose=purpose,
            source=client_ip(request),
            role=principal.role or "service",
            session_id=principal.session_id,
            user_agent=(request.headers.get("user-agent") or "")[:256] or None,
        )


VaultDep = Annotated[Vault, Depends(get_vault)]
AuthDep = Annotated[AuthService, Depends(get_auth)]
