"""`kawal serve`: run the HTTP API under uvicorn."""

from __future__ import annotations

import ipaddress

import structlog
import typer

from kawal.cli.context import load_settings
from kawal.errors import EXIT_USAGE
from kawal.services import build_services

log = structlog.get_logger("kawal.serve")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    host: str = typer.Option(None, help="Address to bind (default KAWAL_HOST, 127.0.0.1)"),
    port: int = typer.Option(None, help="Port (default KAWAL_PORT, 8000)", min=1, max=65535),
) -> None:
    """Serve the API. Binds to loopback only until agent authentication exists (issue 3)."""
    settings = load_settings()
    host = host or settings.host
    port = port or settings.port
    if not _is_loopback(host) and not settings.allow_remote_bind:
        typer.echo(
            f"kawal: error: refusing to bind {host}: customer-data routes have no agent authentication "
            "yet, so Kawal serves on loopback only (set KAWAL_ALLOW_REMOTE_BIND=true only behind a "
            "network boundary that does the authentication, as in docker-compose.yml)",
            err=True,
        )
        raise typer.Exit(EXIT_USAGE)
    # The web stack is imported here, not at module level, so that every other command starts fast.
    import uvicorn

    from kawal.app import create_app

    services = build_services(settings)
    app = create_app(services)
    scope = "loopback only: no agent authentication yet" if _is_loopback(host) else "REMOTE bind allowed"
    typer.echo(f"Kawal listening on http://{host}:{port} ({scope}); database {settings.redacted_database_url()}", err=True)
    log.info("serve_start", host=host, port=port, loopback_only=_is_loopback(host))
    try:
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, server_header=False)
    finally:
        services.close()
