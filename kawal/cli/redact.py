"""`kawal redact`: scrub transcripts (JSONL, CSV or text) before they reach analytics."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import typer

from audit import AuditError, AuditEvent
from kawal.cli.context import cli_context, load_settings
from kawal.db import DatabaseError
from kawal.redaction_runs import RUN_ACTION, run_detail
from kawal.services import build_services
from kawal.settings import Settings
from policies import load_redaction_policy
from vault import VaultError

EXIT_USAGE = 2


def _factory(settings: Settings, profile: str) -> tuple[Callable[[], Any], bool]:
    """(builder of a redactor, whether workers may inherit it through fork).

    Opens the vault only when the profile needs keys (pseudonyms, tokens); such a redactor holds a
    database connection, which must not cross a fork, so each worker then builds its own.
    """
    policy = load_redaction_policy(settings.policies_dir)
    if profile not in policy.profiles:
        from redaction import ProfileError  # deferred: presidio (~1.5 s), as for every redaction import here

        raise ProfileError(f"unknown redaction profile {profile!r}; known: {sorted(policy.profiles)}")
    operators = {policy.profiles[profile].rule(t).operator for t in policy.profiles[profile].active_types()}
    needs_vault = bool(operators & {"pseudonymize", "vault"})

    def build() -> Any:
        from redaction import Redactor, VaultTokenStore  # deferred: presidio loads once per worker, on use

        if not needs_vault:
            return Redactor(profile, policy=policy, spacy_model=settings.spacy_model)
        services = build_services(settings)  # one database engine per worker process
        return Redactor(
            profile,
            policy=policy,
            spacy_model=settings.spacy_model,
            pseudonym_digest=services.vault.sealer("redaction/pseudonym").digest,
            token_store=VaultTokenStore(services.vault),
        )

    return build, not needs_vault


def _record_run(settings: Settings, profile: str, stats: Any) -> None:
    """Write the run to the audit chain (counts only), for the evidence that transcripts were redacted.

    Best effort: a pipeline host may redact without the database; it is told that this run will not
    count as evidence, and the redacted output stands.
    """
    try:
        services = build_services(settings)
    except (DatabaseError, VaultError, AuditError, OSError) as exc:
        typer.echo(f"kawal: note: this run is not recorded in the audit chain ({exc})", err=True)
        return
    try:
        assert services.trail is not None
        services.trail.record(AuditEvent(action=RUN_ACTION, actor=cli_context(None).actor, role="pipeline",
                                         detail=run_detail(profile, stats.records, stats.entities)))
    except AuditError as exc:
        typer.echo(f"kawal: note: this run is not recorded in the audit chain ({exc})", err=True)
    finally:
        services.close()


@contextlib.contextmanager
def _open_inputs(paths: list[str]) -> Iterator[list[tuple[str, IO[bytes]]]]:
    with contextlib.ExitStack() as stack:
        streams: list[tuple[str, IO[bytes]]] = []
        for path in paths:
            if path == "-":
                streams.append(("<stdin>", sys.stdin.buffer))
                continue
            try:
                streams.append((path, stack.enter_context(open(path, "rb"))))
            except OSError as exc:
                raise OSError(f"cannot read {path}: {exc.strerror}") from None
        yield streams


@contextlib.contextmanager
def _open_output(path: str) -> Iterator[IO[str]]:
    """stdout, or a temporary file renamed over *path* only when the run succeeds (no half files)."""
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    tmp = target.with_name(f".{target.name}.partial")
    try:
        handle = open(tmp, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise OSError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with handle:
            yield handle
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _progress() -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A rich progress line with rate on a terminal; nothing when stderr is a pipe or a file."""
    if not sys.stderr.isatty():
        return None, lambda: None
    # Deferred: rich's progress line is only for a terminal.
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.completed:,} records"),
        TextColumn("{task.fields[rate]:,.0f}/s"),
        TextColumn("{task.fields[mb]:.1f} MB"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task("redact", total=None, rate=0.0, mb=0.0)
    bar.start()

    def update(records: int, characters: int) -> None:
        elapsed = bar.tasks[0].elapsed or 1e-9
        bar.update(task, completed=records, rate=records / elapsed, mb=characters / 1e6)

    return update, bar.stop


def redact(
    inputs: list[str] = typer.Argument(..., help="Input files (JSONL, CSV or text); '-' for stdin"),
    output: str = typer.Option(..., "-o", "--output", help="Output file; '-' for stdout"),
    profile: str = typer.Option("default", "--profile", "-p", help="Redaction profile from policies/redaction.yaml"),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64, help="Worker processes"),
    fmt: str = typer.Option(None, "--format", help="jsonl, csv or text (default: by extension, else jsonl)"),
    text_field: str = typer.Option("text", "--text-field", help="Field (JSONL) or column (CSV) holding the text"),
    id_field: str = typer.Option("id", "--id-field", help="Field holding the record id"),
    subject_field: str = typer.Option(None, "--subject-field", help="Field naming the data subject (vault tokens)"),
    rejects: Path = typer.Option(None, "--rejects", help="Where malformed records go (default: OUTPUT.rejects.jsonl)"),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first malformed record (exit 2)"),
    summary_format: str = typer.Option("text", "--summary-format", help="text or json (on stderr)"),
) -> None:
    """Redact PII from transcripts; offsets in `entities` refer to the original text."""
    # Deferred: `kawal --help` and the other commands should not wait ~1.5 s for presidio.
    from redaction import detect_format, redact_stream

    named = next((p for p in [*inputs, output] if p != "-"), "-")
    try:
        chosen = detect_format(named, fmt)
    except ValueError as exc:
        typer.echo(f"kawal: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if summary_format not in ("text", "json"):
        typer.echo("kawal: error: --summary-format is text or json", err=True)
        raise typer.Exit(EXIT_USAGE)
    settings = load_settings()
    factory, shareable = _factory(settings, profile)
    rejects_path = rejects or (Path(f"{output}.rejects.jsonl") if output != "-" else Path("kawal-rejects.jsonl"))
    others = [Path(p) for p in [*inputs, output] if p != "-"]
    if any(rejects_path.resolve() == other.resolve() for other in others):
        typer.echo(f"kawal: error: the rejects file {rejects_path} is also an input or the output", err=True)
        raise typer.Exit(EXIT_USAGE)
    update, stop = _progress()
    rejects_handle: IO[str] | None = None
    try:
        with _open_inputs(inputs) as streams, _open_output(output) as out:
            rejects_handle = open(rejects_path, "w", encoding="utf-8")
            stats = redact_stream(
                streams, out, factory=factory, fmt=chosen, text_field=text_field, id_field=id_field,
                subject_field=subject_field, workers=workers, share_redactor=shareable, strict=strict, rejects=rejects_handle, progress=update,
            )
    finally:
        stop()
        if rejects_handle is not None:
            rejects_handle.close()
            if rejects_path.stat().st_size == 0:
                rejects_path.unlink()
    _record_run(settings, profile, stats)
    if summary_format == "json":
        typer.echo(json.dumps(stats.to_dict(), sort_keys=True), err=True)
    else:
        typer.echo(f"redacted {stats.records:,} records ({stats.characters / 1e6:.1f} M chars), "
                   f"{stats.rejected:,} rejected" + (f" -> {rejects_path}" if stats.rejected else ""), err=True)
        for kind, count in sorted(stats.entities.items(), key=lambda kv: -kv[1]):
            typer.echo(f"  {kind:<15} {count:>10,}", err=True)
