"""`kawal db`: migrate and inspect the schema."""

from __future__ import annotations

from pathlib import Path

import typer

from kawal.cli.context import load_settings
from kawal.db import current_revision, head_revision, make_engine, upgrade
from kawal.db_roles import grant_app_role

app = typer.Typer(help="Database schema.", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd() -> None:
    """Migrate the database to the newest schema (safe to run again)."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine, settings.database_url)
        typer.echo(f"database {settings.redacted_database_url()} is at revision {current_revision(engine)}")
    finally:
        engine.dispose()


@app.command("current")
def current_cmd() -> None:
    """Print the schema revision of the database and of this code; exit 1 when they differ."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        current, head = current_revision(engine), head_revision()
    finally:
        engine.dispose()
    typer.echo(f"database: {current or '(empty)'}\ncode:     {head}")
    if current != head:
        raise typer.Exit(1)


@app.command("grant-app-role")
def grant_app_role_cmd(
    role: str = typer.Argument(..., help="The role the server connects as, e.g. kawal_app"),
    password_file: Path = typer.Option(None, "--password-file", help="Create the role (or reset its password) with this file's content"),
) -> None:
    """PostgreSQL: give the application role what it needs, and only INSERT/SELECT on the audit trail."""
    password = None
    if password_file is not None:
        try:
            password = password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            typer.echo(f"kawal: error: cannot read {password_file}: {exc.strerror}", err=True)
            raise typer.Exit(2) from None
        if len(password) < 16:
            typer.echo("kawal: error: the password file holds fewer than 16 characters", err=True)
            raise typer.Exit(2)
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        for line in grant_app_role(engine, role, password):
            typer.echo(line)
    except ValueError as exc:
        typer.echo(f"kawal: error: {exc}", err=True)
        raise typer.Exit(2) from None
    finally:
        engine.dispose()
