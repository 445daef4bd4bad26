"""Sign-in in two steps, enrolment, step-up and one's own sessions: a thin shell over `auth`."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from starlette.concurrency import run_in_threadpool

from auth import CredentialNotFound, NewSession, NotAuthenticated, Principal, StepUpRequired, qr_svg
from kawal.api.auth_schemas import (
    CodeIn,
    EnrolConfirmOut,
    EnrolOut,
    LoginIn,
    LoginOut,
    MeOut,
    SessionItem,
    SessionOut,
    StepUpIn,
    StepUpOut,
)
from kawal.api.deps import SESSION_COOKIE, AuthDep, FullPrincipalDep, PrincipalDep, client_ip, presented_token
from kawal.api.schemas import ErrorBody

router = APIRouter(prefix="/v1/auth", tags=["sign-in"])
_ERRORS = {code: {"model": ErrorBody} for code in (400, 401, 403, 409, 422, 429)}


def _user_agent(request: Request) -> str | None:
    return (request.headers.get("user-agent") or "")[:256] or None


def _session_out(auth: AuthDep, session: NewSession, response: Response, cookie: bool) -> SessionOut:
    """Bearer clients get the token; browsers get an HttpOnly, Secure, SameSite=Strict cookie and a CSRF token."""
    if not cookie:
        return SessionOut(session_token=session.token, session_id=session.session_id, expires_at=session.expires_at,
                          idle_timeout_seconds=session.idle_timeout_seconds, reenrol_required=session.reenrol_required)
    response.set_cookie(
        SESSION_COOKIE, session.token, max_age=auth.policy.sessions.absolute_lifetime_seconds,
        httponly=True, secure=True, samesite="strict", path="/",
    )
    return SessionOut(session_token=None, session_id=session.session_id, expires_at=session.expires_at,
                      idle_timeout_seconds=session.idle_timeout_seconds, reenrol_required=session.reenrol_required,
                      csrf_token=auth.csrf_token(session.token))


def _bearer(request: Request) -> str:
    presented = presented_token(request)
    if presented is None:
        raise NotAuthenticated("send the mfa_token from /v1/auth/login as `Authorization: Bearer <token>`")
    return presented[0]


@router.post("/login", response_model=LoginOut, responses=_ERRORS)
async def login(body: LoginIn, request: Request, auth: AuthDep) -> LoginOut:
    """Step 1: username and password. Returns a token that can only submit the second factor."""
    pending = await run_in_threadpool(
        auth.login_password, body.username, body.password, ip=client_ip(request), user_agent=_user_agent(request)
    )
    return LoginOut(mfa_token=pending.token, next_step=pending.next_step, expires_in=pending.expires_in)


@router.post("/totp", response_model=SessionOut, responses=_ERRORS)
async def totp(body: CodeIn, request: Request, response: Response, auth: AuthDep) -> SessionOut:
    """Step 2: the TOTP code, with the mfa_token as bearer. Returns a session."""
    session = await run_in_threadpool(
        auth.login_totp, _bearer(request), body.code, ip=client_ip(request), user_agent=_user_agent(request)
    )
    return _session_out(auth, session, response, body.cookie)


@router.post("/recovery", response_model=SessionOut, responses=_ERRORS)
async def recovery(body: CodeIn, request: Request, response: Response, auth: AuthDep) -> SessionOut:
    """Step 2 with a one-time recovery code instead of the phone; the session asks for re-enrolment."""
    session = await run_in_threadpool(
        auth.login_recovery, _bearer(request), body.code, ip=client_ip(request), user_agent=_user_agent(request)
    )
    return _session_out(auth, session, response, body.cookie)


@router.post("/enrol", response_model=EnrolOut, responses=_ERRORS)
async def enrol(principal: PrincipalDep, auth: AuthDep) -> EnrolOut:
    """Start (or show) a TOTP enrolment: with the first sign-in's token, or a session that just entered a code."""
    if principal.kind == "mfa":
        raise NotAuthenticated("this token can only submit a TOTP code")
    if principal.kind == "enrol":
        enrolment = await run_in_threadpool(auth.pending_enrolment, principal.actor)
    else:
        _require_fresh(auth, principal)
        enrolment = await run_in_threadpool(auth.begin_enrolment, principal.actor, actor=principal.actor)
    return EnrolOut(otpauth_uri=enrolment.uri, secret=enrolment.secret, qr_svg=qr_svg(enrolment.uri))


def _require_fresh(auth: AuthDep, principal: Principal) -> None:
    """Re-enrolment needs a code from the last minutes, except right after a recovery code (no phone to give one)."""
    if principal.kind == "full" and principal.reenrol_required:
        return
    if principal.kind != "full" or not auth.stepped_up(principal):
        raise StepUpRequired("re-enrolment needs a fresh code: POST /v1/auth/step-up first")


@router.post("/enrol/confirm", response_model=EnrolConfirmOut, responses=_ERRORS)
async def enrol_confirm(body: CodeIn, request: Request, response: Response, principal: PrincipalDep, auth: AuthDep) -> EnrolConfirmOut:
    """Activate the factor with its first code; returns ten recovery codes (and a session on first sign-in)."""
    if principal.kind == "enrol":
        session, codes = await run_in_threadpool(
            auth.confirm_first_factor, _bearer(request), body.code, ip=client_ip(request), user_agent=_user_agent(request)
        )
        return EnrolConfirmOut(recovery_codes=codes, session=_session_out(auth, session, response, body.cookie))
    if principal.kind != "full":
        raise NotAuthenticated("this token can only submit a TOTP code")
    codes = await run_in_threadpool(auth.confirm_enrolment, principal.actor, body.code, ip=client_ip(request))
    return EnrolConfirmOut(recovery_codes=codes)


@router.post("/step-up", response_model=StepUpOut, responses=_ERRORS)
async def step_up(body: StepUpIn, request: Request, principal: FullPrincipalDep, auth: AuthDep) -> StepUpOut:
    """Enter a fresh TOTP code before shredding, exports, key rotation or policy changes."""
    at = await run_in_threadpool(auth.step_up, principal, body.code, ip=client_ip(request))
    return StepUpOut(stepped_up_at=at)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
async def logout(response: Response, principal: PrincipalDep, auth: AuthDep) -> Response:
    """End this session (or abandon a pending sign-in)."""
    if principal.session_id is not None:
        await run_in_threadpool(auth.revoke_session, principal.session_id, user_id=principal.user_id,
                                actor=principal.actor, reason="logout")
    response.status_code = status.HTTP_204_NO_CONTENT
    response.delete_cookie(SESSION_COOKIE, path="/", secure=True, httponly=True, samesite="strict")
    return response


@router.get("/me", response_model=MeOut, responses=_ERRORS)
async def me(principal: FullPrincipalDep) -> MeOut:
    return MeOut(actor=principal.actor, role=principal.role, kind=principal.kind, session_id=principal.session_id)


@router.get("/sessions", response_model=list[SessionItem], responses=_ERRORS)
async def my_sessions(principal: FullPrincipalDep, auth: AuthDep) -> list[SessionItem]:
    """Your open sessions (no tokens: they are not stored)."""
    if principal.user_id is None:
        return []
    rows = await run_in_threadpool(auth.sessions, principal.user_id)
    return [SessionItem(**row.__dict__) for row in rows]


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT, responses={**_ERRORS, 404: {"model": ErrorBody}})
async def revoke_my_session(session_id: str, principal: FullPrincipalDep, auth: AuthDep) -> Response:
    """End one of your own sessions (e.g. on a lost laptop)."""
    done = await run_in_threadpool(auth.revoke_session, session_id[:64], user_id=principal.user_id,
                                   actor=principal.actor, reason="revoked_by_user")
    if not done:
        raise CredentialNotFound("no such open session of yours")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/sessions/revoke-all", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
async def revoke_all_mine(principal: FullPrincipalDep, auth: AuthDep) -> Response:
    """End every session of yours, this one included."""
    await run_in_threadpool(auth.revoke_all, principal.actor, actor=principal.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
