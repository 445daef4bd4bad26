"""`kawal demo seed`: fill a fresh development install with a small, fictional contact center."""

from __future__ import annotations

import json

import typer

from kawal.cli.context import open_services

app = typer.Typer(help="Demo data for development installs.", no_args_is_help=True)


@app.command("seed")
def seed_cmd(
    if_empty: bool = typer.Option(True, "--if-empty/--always", help="Skip when the vault already holds records"),
    customers: int = typer.Option(60, "--customers", min=1, max=10_000),
    fmt: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Customers, staff, case reads, requests, a legal hold, a breach, attestations and a canary run.

    Refused unless KAWAL_ENVIRONMENT=development. Staff passwords are random and discarded: create
    your own account with `kawal users create`.
    """
    # Deferred: the demo seeds redaction runs, which import presidio (~1.5 s).
    from kawal.demo import DemoRefused, seed

    services = open_services()
    try:
        summary = seed(services, if_empty=if_empty, customers=customers)
    except DemoRefused as exc:
        typer.echo(f"kawal: error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        services.close()
    if fmt == "json":
        typer.echo(json.dumps(summary.to_dict(), sort_keys=True))
    elif summary.skipped:
        typer.echo("the vault already holds records: demo data not seeded", err=True)
    else:
        typer.echo(f"demo data: {summary.customers} customers, {summary.records} records, {summary.staff} staff, "
                   f"{summary.reads} case reads, {summary.requests} data-subject requests", err=True)
