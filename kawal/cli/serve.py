"""`kawal serve`: run the HTTP API under uvicorn."""

from __future__ import annotations

import ipaddress

import structlog
import typer

from kawal.cli.context import load_settings
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
    """Serve the API. Every customer-data route requires a TOTP-verified session, a role and a purpose."""
    settings = load_settings()
    host = host or settings.host
    port = port or settings.port
    # The web stack is imported here, not at module level, so that every other command starts fast.
    import uvicorn

    # Deferred: FastAPI and every route load only when the server starts, not for other commands.
    from kawal.app import create_app

    services = build_services(settings)
    app = create_app(services)
    exposure = "loopback" if _is_loopback(host) else "network: put a TLS-terminating proxy in front (session cookies are Secure)"
    typer.echo(
        f"Kawal listening on http://{host}:{port} ({exposure}); customer data needs a TOTP session; "
        f"database {settings.redacted_database_url()}",
        err=True,
    )
    log.info("serve_start", host=host, port=port, loopback=_is_loopback(host))
    # Deferred with the app: the ticker runs only in the server.
    from kawal.audit_background import AuditTicker

    ticker = AuditTicker(services, settings.audit_tick_seconds)
    ticker.start()
    try:
        # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise: a local client could
        # then choose its own address. Only the proxies the operator names are believed.
        proxies = settings.trusted_proxy_list()
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, server_header=False,
                    proxy_headers=bool(proxies), forwarded_allow_ips=proxies or [])
    finally:
        ticker.stop()
        services.close()
