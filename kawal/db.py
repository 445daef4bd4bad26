"""Database engine and schema checks, shared by the app and the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, exc as sa_exc, inspect, text
from sqlalchemy.engine import make_url

import audit
import auth
import compliance.models
import dbcore
import privacy
import vault
from kawal.files import create_private
from kawal.migrations import HEAD

#: Every package's tables: what the migrations must produce and `alembic` compares against.
MODEL_METADATA = (vault.metadata, auth.metadata, audit.metadata, compliance.models.metadata, privacy.metadata)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be used: unreachable, bad URL, or schema not at the code's revision."""


class SchemaBehind(DatabaseError):
    """The schema is older than the code; `kawal db upgrade` fixes it."""


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with Kawal's connection settings for SQLite or PostgreSQL.

    SQLite gets WAL (readers do not block the writer), `secure_delete` (freed cells, such as a
    destroyed data key, are zeroed), foreign keys, a busy timeout, and BEGIN IMMEDIATE for writers
    that ask for it, so that concurrent writers wait instead of failing.
    """
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        raise DatabaseError("KAWAL_DATABASE_URL is not a valid database URL") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith("file:"):
            Path(parsed.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            create_private(Path(parsed.database))  # 0600 like the root key, before SQLite creates it 0644
        engine = create_engine(parsed, connect_args={"timeout": 30}, **kwargs)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 5}, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (pysqlite quirk)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(dbcore.SQLITE_BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


def alembic_config(url: str) -> Config:
    """Alembic configuration pointing at Kawal's migrations, without an alembic.ini on disk."""
    # Deferred: alembic is for schema commands only; every other command starts without it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest revision, as alembic computes it from the migration scripts."""
    # Deferred: alembic is for schema commands only.
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    """The database's revision (None when it was never migrated), read with plain SQL."""
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except sa_exc.OperationalError as exc:
        raise DatabaseError(f"database unavailable ({type(exc.orig).__name__})") from None


def require_current_schema(engine: Engine) -> None:
    """Refuse to run against a schema that is not at the code's head revision."""
    current, head = current_revision(engine), HEAD
    if current != head:
        state = "empty" if current is None else f"at revision {current}"
        raise SchemaBehind(f"database schema is {state}, this Kawal needs {head}: run `kawal db upgrade`")


def upgrade(engine: Engine, url: str) -> None:
    """Migrate the database to head, on the given engine's connection."""
    # Deferred: alembic is for schema commands only.
    from alembic import command

    config = alembic_config(url)
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
    except sa_exc.OperationalError as exc:
        raise DatabaseError(f"database unavailable ({type(exc.orig).__name__})") from None
