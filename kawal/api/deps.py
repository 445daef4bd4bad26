"""FastAPI dependencies: the process's services, and who is asking."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from kawal.services import Services
from vault import AccessContext, Vault


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_vault(services: Annotated[Services, Depends(get_services)]) -> Vault:
    return services.vault


def access_context(
    request: Request,
    purpose: Annotated[str | None, Header(alias="X-Kawal-Purpose", max_length=128)] = None,
) -> AccessContext:
    """Until agent sessions exist (issue 3) the actor is the loopback caller; the purpose travels already."""
    client = request.client.host if request.client else None
    return AccessContext(actor="local", purpose=purpose, source=client)


VaultDep = Annotated[Vault, Depends(get_vault)]
ContextDep = Annotated[AccessContext, Depends(access_context)]
