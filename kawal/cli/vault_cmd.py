"""`kawal vault`: the operator's tool for the encrypted record store."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from audit import AuditEvent
from kawal.cli.context import cli_context, load_settings, open_services, operator_context
from kawal.db import make_engine
from kawal.dsar import shred_subject
from kawal.keys import init_root_key
from kawal.retention import record_kind
from vault import InvalidRecord

app = typer.Typer(help="Encrypted customer records and their keys.", no_args_is_help=True)

PurposeOpt = typer.Option(None, "--purpose", help="Case or ticket id this access is for")


def _read_json(source: str) -> dict[str, Any]:
    """Parse a JSON object from a file or stdin, with a one-line reason for every way it can fail."""
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise InvalidRecord(f"cannot read {source}: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidRecord(f"input is not valid UTF-8 (byte {exc.start})") from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecord(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    if not isinstance(value, dict):
        raise InvalidRecord("a record must be a JSON object")
    return value


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


@app.command("init-root-key")
def init_root_key_cmd(
    path: Path = typer.Option(None, help="Write the key here instead of KAWAL_ROOT_KEY_FILE (e.g. a secret for compose)"),
    if_missing: bool = typer.Option(False, "--if-missing", help="Succeed quietly when the key file exists"),
) -> None:
    """Create the root key file (mode 0600). Refuses when the database already holds keys."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        created = init_root_key(settings, engine, path=path, if_missing=if_missing)
    finally:
        engine.dispose()
    target = path or settings.root_key_file
    typer.echo(f"root key {'created at' if created else 'already present at'} {target}", err=True)


@app.command("put")
def put(
    subject: str = typer.Option(..., "--subject", help="The data subject (customer) id"),
    json_file: str = typer.Option("-", "--json", help="JSON file with the record, or - for stdin"),
    kind: str = typer.Option(None, "--kind", help="Its retention class (policies/retention.yaml), e.g. call_transcript"),
    purpose: str = PurposeOpt,
) -> None:
    """Encrypt and store a record; print its id."""
    record = _read_json(json_file)
    services = open_services()
    try:
        context = operator_context(services, "records.write", purpose=purpose, purpose_required=True)
        typer.echo(services.vault.put(subject, record, context, kind=record_kind(services, kind)))
    finally:
        services.close()


@app.command("get")
def get(record_id: str, purpose: str = PurposeOpt) -> None:
    """Decrypt a record and print it as JSON."""
    services = open_services()
    try:
        context = operator_context(services, "records.read", purpose=purpose, purpose_required=True)
        _print_json(services.vault.get(record_id, context).data)
    finally:
        services.close()


@app.command("find")
def find(
    field: str = typer.Option(..., "--field", help="A searchable field (policies/vault.yaml)"),
    value: str = typer.Option(..., "--value", help="The value to match, normalised like the stored one"),
    purpose: str = PurposeOpt,
) -> None:
    """Print the ids of matching records, one per line (exit 1 when none match)."""
    services = open_services()
    try:
        ids = services.vault.find(field, value, operator_context(services, "records.find", purpose=purpose,
                                                                 purpose_required=True))
    finally:
        services.close()
    for record_id in ids:
        typer.echo(record_id)
    if not ids:
        typer.echo("no matching records", err=True)
        raise typer.Exit(1)


@app.command("shred")
def shred(subject: str = typer.Option(..., "--subject"), purpose: str = PurposeOpt,
          approval: str = typer.Option(None, "--approval", help="A second person's approval id (kawal approve)")) -> None:
    """Crypto-shred a subject and print the erasure certificate (JSON); refused under legal hold or without approval."""
    services = open_services()
    try:
        context = operator_context(services, "subjects.shred", purpose=purpose, purpose_required=True)
        _print_json(shred_subject(services, subject, context, approval_id=approval).to_dict())
    finally:
        services.close()


def _key_event(services: Any, action: str, outcome: str, **detail: Any) -> None:
    """Key operations are audited: "started" before (no event, no operation), then the outcome."""
    context = cli_context(None)
    assert services.trail is not None
    services.trail.record(AuditEvent(action=f"keys.{action}", actor=context.actor, role="admin", outcome=outcome,
                                     source_ip=context.source, detail=detail))


@app.command("rotate-root")
def rotate_root() -> None:
    """Create a new root key version; run `rewrap` afterwards to move existing keys onto it."""
    services = open_services()
    try:
        _key_event(services, "rotate_root", "started", from_version=services.vault.root_version)
        version = services.vault.rotate_root()
        _key_event(services, "rotate_root", "ok", version=version)
    finally:
        services.close()
    typer.echo(f"root key version {version} is now current; run `kawal vault rewrap`")


@app.command("rewrap")
def rewrap(batch_size: int = typer.Option(None, "--batch-size", min=1, help="Keys per transaction")) -> None:
    """Re-wrap every key under the newest root version (resumable: run it again after a crash)."""
    services = open_services()

    def progress(done: int, total: int) -> None:
        typer.echo(f"rewrapped {done}/{total}", err=True)

    try:
        _key_event(services, "rewrap", "started")
        report = services.vault.rewrap(batch_size, progress)
        _key_event(services, "rewrap", "ok", target_version=report.target_version, rewrapped=report.rewrapped,
                   remaining=report.remaining)
    finally:
        services.close()
    typer.echo(f"rewrapped {report.rewrapped} keys under root version {report.target_version}; {report.remaining} remaining")


@app.command("retire-root")
def retire_root(
    below: int = typer.Option(..., "--below", min=1, help="Retire every version below this one"),
    destroy: bool = typer.Option(False, "--destroy", help="Also erase their key material (irreversible)"),
) -> None:
    """Retire old root versions once no key is wrapped under them."""
    services = open_services()
    try:
        _key_event(services, "retire_root", "started", below=below, destroy=destroy)
        services.vault.retire_root(below, destroy=destroy)
        _key_event(services, "retire_root", "ok", below=below, destroy=destroy)
    finally:
        services.close()
    typer.echo(f"root key versions below {below} are retired" + (" and destroyed" if destroy else ""))


@app.command("status")
def status() -> None:
    """Key and record counts by state and root version (JSON; no contents)."""
    services = open_services()
    try:
        _print_json(services.vault.status().__dict__)
    finally:
        services.close()
