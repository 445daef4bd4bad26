"""Shared fixtures: every storage test runs against SQLite and against the real PostgreSQL.

PostgreSQL comes from KAWAL_TEST_POSTGRES_URL (default: the local server, database `test`). Each
test gets its own schema, migrated with the real alembic migrations and dropped afterwards. Where
no PostgreSQL answers, those tests skip and say why; under CI=true that is a failure instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from kawal.db import make_engine, upgrade
from policies import VaultPolicy, load_vault_policy
from vault import AccessObserver, FileKeyProvider, RootKeyProvider, Vault

POSTGRES_URL = os.environ.get("KAWAL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

_pg_state: dict[str, str | None] = {}


def postgres_unavailable() -> str | None:
    """None when PostgreSQL answers, else the reason (checked once per process)."""
    if "reason" not in _pg_state:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            _pg_state["reason"] = None
        except Exception as exc:  # noqa: BLE001 - any failure means "not available"
            _pg_state["reason"] = f"PostgreSQL at {make_url(POSTGRES_URL).render_as_string()} unavailable: {type(exc).__name__}"
        finally:
            engine.dispose()
    return _pg_state["reason"]


def require_postgres() -> None:
    reason = postgres_unavailable()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing PostgreSQL is a failure, not a skip)")
    pytest.skip(reason)


@dataclass
class Database:
    """A migrated, empty database for one test."""

    kind: str
    url: str
    engine: Engine


def _sqlite_database(tmp_path: Path) -> Iterator[Database]:
    url = f"sqlite:///{tmp_path / 'kawal.db'}"
    engine = make_engine(url)
    upgrade(engine, url)
    yield Database("sqlite", url, engine)
    engine.dispose()


def _postgres_database() -> Iterator[Database]:
    require_postgres()
    schema = f"kawal_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    engine = make_engine(url)
    try:
        upgrade(engine, url)
        yield Database("postgresql", url, engine)
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh migrated database, once on SQLite and once on PostgreSQL.

    A test that concerns one engine only narrows it with
    `@pytest.mark.parametrize("database", ["sqlite"], indirect=True)`.
    """
    if request.param == "sqlite":
        yield from _sqlite_database(tmp_path)
    else:
        yield from _postgres_database()


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "root.key"
    FileKeyProvider.create(path)
    return path


@pytest.fixture
def policy() -> VaultPolicy:
    return load_vault_policy()


VaultFactory = Callable[..., Vault]


@pytest.fixture
def make_vault(database: Database, key_file: Path) -> VaultFactory:
    """Build vaults over the test database; keyword arguments replace policy fields."""

    def build(*, provider: RootKeyProvider | None = None, observer: AccessObserver | None = None,
              tenant: str = "default", **overrides: object) -> Vault:
        policy = load_vault_policy().model_copy(update=overrides)
        extra = {"observer": observer} if observer is not None else {}
        built = Vault(database.engine, provider or FileKeyProvider(key_file), policy, tenant=tenant, **extra)
        built.check_keys()
        return built

    return build


@pytest.fixture
def vault(make_vault: VaultFactory) -> Vault:
    return make_vault()


@pytest.fixture
def cli_env(database: Database, key_file: Path, tmp_path: Path) -> dict[str, str]:
    """Environment for running `kawal` against the test database and key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAWAL_")}
    env.update(
        KAWAL_DATABASE_URL=database.url,
        KAWAL_ROOT_KEY_FILE=str(key_file),
        KAWAL_LOG_LEVEL="warning",
    )
    return env


class FakeClock:
    """A settable clock for expiry and lockout tests (seconds since the epoch)."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def auth_events() -> list[Any]:
    return []


@pytest.fixture
def make_auth(vault: Vault, database: Database, clock: FakeClock, auth_events: list[Any]) -> Callable[..., Any]:
    """Build AuthService objects over the test database; keyword arguments go to the constructor."""
    from auth import AuthService
    from policies import load_auth_policy

    def build(**kwargs: Any) -> Any:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("events", auth_events.append)
        policy = kwargs.pop("policy", load_auth_policy())
        return AuthService(database.engine, vault.sealer("auth/totp"), policy, **kwargs)

    return build


TEST_PASSWORD = "correct horse battery staple"


@pytest.fixture
def services(database: Database, key_file: Path, vault: Vault, clock: FakeClock) -> Any:
    """The app's services as production wires them (vault and auth write to the audit trail),
    over the test database, with auth on the fake clock."""
    from kawal.services import build_services
    from kawal.settings import Settings

    settings = Settings(database_url=database.url, root_key_file=key_file, max_body_bytes=4096)
    return build_services(settings, engine=database.engine, clock=clock)


@dataclass
class SignedIn:
    """A user who has enrolled and signed in: request headers, and their authenticator (the factor)."""

    username: str
    headers: dict[str, str]
    factor: Any
    token: str


@pytest.fixture
def sign_in_as(services: Any, clock: FakeClock) -> Callable[..., SignedIn]:
    """sign_in_as("agent") -> a fresh user of that role with a full session and a purpose header."""
    from auth import Totp

    counter = iter(range(1_000_000))

    def sign_in(role: str, *, username: str | None = None, purpose: str | None = "CASE-1001") -> SignedIn:
        auth = services.auth
        name = username or f"{role.replace('_', '-')}-{next(counter)}"
        auth.create_user(name, TEST_PASSWORD, role)
        factor = Totp(auth.begin_enrolment(name).secret, auth.policy.totp)
        auth.confirm_enrolment(name, factor.now(clock.now))
        clock.advance(30)
        session = auth.login_totp(auth.login_password(name, TEST_PASSWORD).token, factor.now(clock.now))
        headers = {"Authorization": f"Bearer {session.token}"}
        if purpose:
            headers["X-Kawal-Purpose"] = purpose
        return SignedIn(name, headers, factor, session.token)

    return sign_in


@pytest.fixture
def cli_operator(cli_env: dict[str, str], database: Database, key_file: Path, tmp_path: Path) -> Callable[..., dict[str, str]]:
    """cli_operator("dpo") -> an environment in which `kawal` runs as a new, signed-in user of that role.

    What `kawal login` does (password, then a TOTP code), on the real clock the CLI checks sessions
    with; the session token goes to the file KAWAL_CLI_SESSION_FILE names.
    """
    import time

    from auth import Totp
    from kawal.services import build_services
    from kawal.settings import Settings

    counter = iter(range(1_000_000))

    def operator(role: str, *, username: str | None = None) -> dict[str, str]:
        name = username or f"{role.replace('_', '-')}-op{next(counter)}"
        services = build_services(Settings(database_url=database.url, root_key_file=key_file))
        try:
            auth = services.auth
            auth.create_user(name, TEST_PASSWORD, role)
            factor = Totp(auth.begin_enrolment(name).secret, auth.policy.totp)
            now = time.time()
            auth.confirm_enrolment(name, factor.now(now - 30))  # the step before: the next code is fresh
            session = auth.login_totp(auth.login_password(name, TEST_PASSWORD).token, factor.now(now))
        finally:
            services.close()
        path = tmp_path / f"session-{name}"
        path.write_text(session.token + "\n")
        path.chmod(0o600)
        return {**cli_env, "KAWAL_CLI_SESSION_FILE": str(path)}

    return operator


# -- the real server ---------------------------------------------------------------------------

KAWAL_BIN = str(Path(__import__("sys").executable).parent / "kawal")


@dataclass
class Server:
    """A running `kawal serve` process and where it logs."""

    base_url: str
    process: Any
    log_path: Path

    def logs(self) -> str:
        return self.log_path.read_text(errors="replace")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(env: dict[str, str], log_path: Path, *args: str, timeout: float = 60) -> Iterator[Server]:
    """Start `kawal serve` with *env*, wait for /readyz, stop it with SIGTERM afterwards."""
    import signal
    import subprocess
    import time

    import httpx

    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen([KAWAL_BIN, "serve", "--port", str(port), *args], env=env, stdout=log,
                                   stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                pytest.fail(f"kawal serve exited with {process.returncode}: {server.logs()}")
            try:
                if httpx.get(f"{server.base_url}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"kawal serve did not become ready: {server.logs()}")
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def start_server() -> Callable[..., Any]:
    """`with start_server(env, log_path) as server:` a real `kawal serve` (see `running_server`)."""
    return running_server
