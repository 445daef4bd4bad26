"""`kawal audit`: verify the audit chain, and write a checkpoint to keep outside the database."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kawal.cli.context import open_services

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)

EXIT_FINDINGS, EXIT_USAGE = 1, 2


def _log():  # type: ignore[no-untyped-def]
    from audit import AuditLog

    services = open_services()
    return services, AuditLog(services.engine, services.vault.sealer("audit/chain").digest, tenant=services.settings.tenant)


@app.command("checkpoint")
def checkpoint(output: Path = typer.Option(..., "-o", "--output", help="Where to write the checkpoint (keep it off this database)")) -> None:
    """Write the head of the chain (sequence number and hash) to OUTPUT."""
    services, log = _log()
    try:
        seq, digest = log.head()
    finally:
        services.close()
    output.write_text(json.dumps({"tenant": log.tenant, "seq": seq, "hash": digest.hex()}) + "\n", encoding="utf-8")
    typer.echo(f"checkpoint at event {seq} written to {output}")


@app.command("verify")
def verify(
    checkpoint_file: Path = typer.Option(None, "--checkpoint", help="A checkpoint from `kawal audit checkpoint`: catches a cut tail"),
    fmt: str = typer.Option("text", "--format", help="text or json"),
) -> None:
    """Walk the whole chain; exit 1 naming the first bad sequence number on any tampering."""
    head = None
    if checkpoint_file is not None:
        try:
            data = json.loads(checkpoint_file.read_text(encoding="utf-8"))
            head = (int(data["seq"]), bytes.fromhex(data["hash"]))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            typer.echo(f"kawal: error: unreadable checkpoint {checkpoint_file}: {type(exc).__name__}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
    services, log = _log()
    try:
        report = log.verify(head=head)
    finally:
        services.close()
    if fmt == "json":
        typer.echo(json.dumps(report.to_dict(), sort_keys=True))
    elif report.ok:
        typer.echo(f"audit chain intact: {report.checked} events, head {report.head_seq}")
    else:
        typer.echo(f"audit chain BROKEN at event {report.first_bad_seq}: {report.reason}")
    if not report.ok:
        raise typer.Exit(EXIT_FINDINGS)
