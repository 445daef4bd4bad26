"""Alembic environment: migrates every domain package's tables on the connection it is given."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from kawal.db import MODEL_METADATA

target_metadata = list(MODEL_METADATA)


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:  # plain `alembic` invocation: open our own
        engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: run `kawal db upgrade`")
run_migrations()
