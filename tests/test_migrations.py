"""Migrations: they produce exactly the models' schema, run twice safely, and stale schemas are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from kawal.db import (
    MODEL_METADATA,
    SchemaBehind,
    current_revision,
    head_revision,
    make_engine,
    require_current_schema,
    upgrade,
)


def test_migrations_match_the_models(database: Any) -> None:
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), list(MODEL_METADATA))  # type: ignore[arg-type]
    assert diff == []


def test_upgrade_is_idempotent(database: Any) -> None:
    upgrade(database.engine, database.url)
    assert current_revision(database.engine) == head_revision()
    require_current_schema(database.engine)


def test_an_unmigrated_database_is_refused_with_the_fix(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(SchemaBehind, match="kawal db upgrade"):
        require_current_schema(engine)


def test_schema_check_constant_matches_alembic_head() -> None:
    """kawal.migrations.HEAD spares every command an alembic import; it must name the real head."""
    from kawal.migrations import HEAD

    assert HEAD == head_revision()
