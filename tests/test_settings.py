"""Settings from KAWAL_* variables: defaults, secret files, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from kawal.errors import describe
from kawal.settings import Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("KAWAL_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults_are_sqlite_under_var() -> None:
    settings = Settings()
    assert settings.database_url == "sqlite:///./var/kawal.db"
    assert settings.root_key_file == Path("var/root.key")
    assert settings.host == "127.0.0.1"
    assert settings.environment == "development"


def test_database_url_from_a_secret_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "database_url"
    secret.write_text("postgresql+psycopg://kawal:s3cr3t-pw@db:5432/kawal\n")
    monkeypatch.setenv("KAWAL_DATABASE_URL_FILE", str(secret))
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://kawal:s3cr3t-pw@db:5432/kawal"
    assert "s3cr3t-pw" not in settings.redacted_database_url()


def test_placeholder_root_key_is_refused_without_echoing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAWAL_ROOT_KEY", "changeme")
    with pytest.raises(ValidationError) as info:
        Settings()
    assert "KAWAL_ROOT_KEY" in describe(info.value)
    assert "changeme" not in describe(info.value).split(":", 1)[0]


def test_placeholder_password_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAWAL_ENVIRONMENT", "production")
    monkeypatch.setenv("KAWAL_DATABASE_URL", "postgresql+psycopg://kawal:changeme@db/kawal")
    with pytest.raises(ValidationError):
        Settings()


def test_root_key_is_never_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAWAL_ROOT_KEY", "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWY=")
    settings = Settings()
    assert "QUJD" not in repr(settings) and "QUJD" not in str(settings.model_dump())


def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAWAL_PORT", "eighty")
    with pytest.raises(ValidationError) as info:
        Settings()
    assert describe(info.value).startswith("invalid setting KAWAL_PORT")
