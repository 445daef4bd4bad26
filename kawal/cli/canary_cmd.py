"""`kawal canary`: measure the leak rate of a redaction profile on the built-in canary set."""

from __future__ import annotations

import json

import typer

from kawal.cli.context import cli_context, open_services


def canary(
    profile: str = typer.Option("analytics", "--profile", "-p", help="Redaction profile (policies/redaction.yaml)"),
    max_rate: float = typer.Option(0.01, "--max-rate", min=0.0, max=1.0, help="Exit 1 above this leak rate"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Redact the canary set (planted, fictional PII) and record the leak rate in the audit chain."""
    # Deferred: the canary run imports presidio (~1.5 s); `kawal --help` should not wait for it.
    from kawal.canary import run_canaries

    services = open_services()
    try:
        result = run_canaries(services, actor=cli_context(None).actor, profile=profile)
    finally:
        services.close()
    if fmt == "json":
        typer.echo(json.dumps(result.to_dict(), sort_keys=True))
    else:
        typer.echo(f"profile {profile!r}: {result.leaked} of {result.planted} planted values survived "
                   f"({result.rate:.2%}) on canary set {result.set_version}")
        for entity_type, (planted, leaked) in sorted(result.by_type.items()):
            if leaked:
                typer.echo(f"    {entity_type}: {leaked} of {planted} leaked")
    if result.rate > max_rate:
        raise typer.Exit(1)
