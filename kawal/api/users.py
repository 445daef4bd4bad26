"""User and API-key administration for admins and security officers: a thin shell over `auth`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status
from starlette.concurrency import run_in_threadpool

from auth import CredentialNotFound
from kawal.api.auth_schemas import ApiKeyOut, CreateApiKeyIn, CreateUserIn, RevokedOut, UserCreatedOut, UserItem
from kawal.api.deps import AuthDep, Guard
from kawal.api.schemas import ErrorBody
from vault import AccessContext

router = APIRouter(prefix="/v1", tags=["administration"])
_ERRORS = {code: {"model": ErrorBody} for code in (400, 401, 403, 404, 409, 422)}

UserAdmin = Annotated[AccessContext, Depends(Guard("users.manage", purpose=False))]
MfaAdmin = Annotated[AccessContext, Depends(Guard("users.reset_mfa", purpose=False, step_up=True))]
Unlocker = Annotated[AccessContext, Depends(Guard("users.reset_mfa", purpose=False))]
SessionAdmin = Annotated[AccessContext, Depends(Guard("sessions.revoke", purpose=False))]
KeyAdmin = Annotated[AccessContext, Depends(Guard("keys.manage", purpose=False, step_up=True))]


@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=UserCreatedOut, responses=_ERRORS)
async def create_user(body: CreateUserIn, auth: AuthDep, context: UserAdmin) -> UserCreatedOut:
    """Create a user with an initial password; they enrol their TOTP factor at first sign-in."""
    user_id = await run_in_threadpool(
        auth.create_user, body.username, body.password, body.role, display_name=body.display_name, actor=context.actor
    )
    return UserCreatedOut(user_id=user_id, username=body.username.strip().lower())


@router.get("/users", response_model=list[UserItem], responses=_ERRORS)
async def list_users(auth: AuthDep, context: UserAdmin) -> list[UserItem]:
    return [UserItem(**u.__dict__) for u in await run_in_threadpool(auth.list_users)]


@router.post("/users/{username}/disable", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
async def disable_user(username: str, auth: AuthDep, context: UserAdmin) -> Response:
    await run_in_threadpool(auth.disable_user, username, actor=context.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/users/{username}/reset-mfa", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
async def reset_mfa(username: str, auth: AuthDep, context: MfaAdmin) -> Response:
    """Remove the user's factor (lost phone); they enrol again at next sign-in. Needs a step-up code."""
    await run_in_threadpool(auth.reset_mfa, username, actor=context.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/users/{username}/unlock", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
async def unlock_user(username: str, auth: AuthDep, context: Unlocker) -> Response:
    await run_in_threadpool(auth.unlock_user, username, actor=context.actor)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/users/{username}/revoke-sessions", response_model=RevokedOut, responses=_ERRORS)
async def revoke_user_sessions(username: str, auth: AuthDep, context: SessionAdmin) -> RevokedOut:
    return RevokedOut(revoked=await run_in_threadpool(auth.revoke_all, username, actor=context.actor))


@router.post("/api-keys", status_code=status.HTTP_201_CREATED, response_model=ApiKeyOut, responses=_ERRORS)
async def create_api_key(body: CreateApiKeyIn, auth: AuthDep, context: KeyAdmin) -> ApiKeyOut:
    """An API key for a pipeline, limited to its scopes; the token is shown once. Needs a step-up code."""
    created = await run_in_threadpool(auth.create_api_key, body.name, body.scopes, actor=context.actor)
    return ApiKeyOut(key_id=created.key_id, name=created.name, scopes=list(created.scopes), token=created.token)


@router.delete("/api-keys/{key_id}", status_code=status.HTTP_204_NO_CONTENT, responses=_ERRORS)
async def revoke_api_key(key_id: str, auth: AuthDep, context: UserAdmin) -> Response:
    if not await run_in_threadpool(auth.revoke_api_key, key_id[:32], actor=context.actor):
        raise CredentialNotFound("no such active API key")
    return Response(status_code=status.HTTP_204_NO_CONTENT)
