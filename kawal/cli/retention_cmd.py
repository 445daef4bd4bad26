"""`kawal retention`: what is past its retention period, and removing it (a thin shell over kawal.retention)."""

from __future__ import annotations

import json

import typer

from kawal.cli.context import cli_context, open_services
from kawal.retention import enforce

app = typer.Typer(help="Retention per record kind (policies/retention.yaml).", no_args_is_help=True)


@app.command("enforce")
def enforce_cmd(
    dry_run: bool = typer.Option(False, "--dry-run", help="Count what would go; change nothing"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Remove records past their kind's period (skipping legal holds), then the month keys that protected them.

    Audited, batch by batch; safe to run again after an interruption. Exit 1 when records of a kind
    the policy does not name are stored (they would be kept for ever).
    """
    services = open_services()
    try:
        run = enforce(services, actor=cli_context(None).actor, dry_run=dry_run)
    finally:
        services.close()
    if fmt == "json":
        typer.echo(json.dumps(run.to_dict(), sort_keys=True))
    else:
        verb = "would remove" if dry_run else "removed"
        for report in run.reports:
            typer.echo(f"{report.kind:<18} before {report.cutoff}: {verb} {report.records_expired:,} records of "
                       f"{report.subjects_affected:,} subjects, {report.keys_destroyed:,} month keys; "
                       f"{report.records_held:,} held")
        for kind, count in sorted(run.unclassified.items()):
            typer.echo(f"{kind:<18} {count:,} records: no retention period in policies/retention.yaml", err=True)
    if run.unclassified:
        raise typer.Exit(1)
