"""`kawal db`: migrate and inspect the schema."""

from __future__ import annotations

import typer

from kawal.cli.context import load_settings
from kawal.db import current_revision, head_revision, make_engine, upgrade

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
