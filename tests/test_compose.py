"""The production stack's files, checked statically: no Docker engine runs where the tests run.

These tests pin the properties that keep the stack safe (secrets only as files, non-root image,
API published on loopback only, migrations before the app) and catch typos that would otherwise
surface only on the first `docker compose up` (an unknown KAWAL_* variable is silently ignored).
"""

from __future__ import annotations

import json
import re
import shlex
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from kawal.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"

SECRETS_DIR = "/run/secrets/"


# --- helpers -----------------------------------------------------------------------------------


@cache
def compose() -> dict[str, Any]:
    """The parsed compose file (PyYAML resolves the `<<: *anchor` merge keys like compose does)."""
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "docker-compose.yml is not a mapping"
    return data


def services() -> dict[str, dict[str, Any]]:
    return compose()["services"]


def service(name: str) -> dict[str, Any]:
    assert name in services(), f"compose has no service {name!r}"
    return services()[name]


def environment(svc: dict[str, Any]) -> dict[str, str]:
    """A service's environment as a dict, whichever of compose's two forms it uses."""
    env = svc.get("environment") or {}
    if isinstance(env, list):
        pairs = (item.split("=", 1) if "=" in item else (item, "") for item in env)
        return {key: value for key, value in pairs}
    return {str(key): "" if value is None else str(value) for key, value in env.items()}


def command_words(value: str | list[str]) -> list[str]:
    """A compose `command`/`test` or a Dockerfile exec form, as a list of words."""
    return shlex.split(value) if isinstance(value, str) else [str(word) for word in value]


def depends_on(svc: dict[str, Any]) -> dict[str, str]:
    """Dependency name -> condition (the short list form means `service_started`)."""
    deps = svc.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def secret_names(svc: dict[str, Any]) -> set[str]:
    return {entry if isinstance(entry, str) else entry["source"] for entry in svc.get("secrets") or []}


def healthcheck_text(svc: dict[str, Any]) -> str:
    check = svc.get("healthcheck") or {}
    assert not check.get("disable"), "healthcheck is disabled"
    assert "test" in check, "healthcheck has no test"
    return " ".join(command_words(check["test"]))


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with line continuations joined and comments dropped."""
    joined: list[str] = []
    current = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        joined.append(current + line)
        current = ""
    if current:
        joined.append(current)
    result = []
    for line in joined:
        keyword, _, args = line.partition(" ")
        result.append((keyword.upper(), args.strip()))
    return result


def exec_form(args: str) -> list[str]:
    """Parse a JSON exec form (`["a", "b"]`) or fall back to shell words."""
    if args.startswith("["):
        return [str(word) for word in json.loads(args)]
    return shlex.split(args)


def copy_sources(args: str) -> list[str]:
    """Source paths of a COPY/ADD, without its --flags and its destination."""
    words = exec_form(args)
    words = [word for word in words if not word.startswith("--")]
    return words[:-1]


def local_copies() -> list[tuple[str, list[str]]]:
    """COPY/ADD instructions that read the build context (not `--from` another stage)."""
    copies = []
    for keyword, args in dockerfile_instructions():
        if keyword in {"COPY", "ADD"} and "--from=" not in args:
            copies.append((keyword, copy_sources(args)))
    return copies


def dockerignore_patterns() -> list[str]:
    lines = DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """Docker's .dockerignore matching: `**` spans directories, `*` and `?` stay within one."""
    pattern = pattern.strip("/")
    out = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            out += ".*"
            i += 2
        elif pattern[i] == "*":
            out += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            out += "[^/]"
            i += 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out += pattern[i : end + 1]
            i = end + 1
        else:
            out += re.escape(pattern[i])
            i += 1
    return re.compile(out + r"\Z")


def dockerignored(path: str) -> bool:
    """Whether *path* (relative to the repo) is left out of the build context.

    A pattern excludes a path when it matches the path or any of its parent directories; the last
    matching pattern wins, so a later `!pattern` brings a path back.
    """
    parts = path.strip("/").split("/")
    candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    excluded = False
    for pattern in dockerignore_patterns():
        negate = pattern.startswith("!")
        regex = _pattern_regex(pattern[1:] if negate else pattern)
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not negate
    return excluded


def settings_env_names() -> set[str]:
    prefix = Settings.model_config.get("env_prefix", "")
    return {f"{prefix}{name}".upper() for name in Settings.model_fields}


# --- the database -----------------------------------------------------------------------------


def test_db_is_postgres_16_with_a_healthcheck() -> None:
    """The app and migrations wait on `service_healthy`, which needs a real readiness check."""
    db = service("db")
    assert str(db["image"]).startswith("postgres:16")
    assert "pg_isready" in healthcheck_text(db)


def test_db_keeps_its_data_in_a_declared_named_volume() -> None:
    """A bind mount or anonymous volume would lose or scatter the data on `docker compose down`."""
    named = set((compose().get("volumes") or {}).keys())
    mounts = [str(entry).split(":", 1) for entry in service("db").get("volumes") or []]
    data_mounts = [source for source, *target in mounts if target and target[0].startswith("/var/lib/postgresql/data")]
    assert data_mounts, "db mounts nothing on /var/lib/postgresql/data"
    assert all(source in named for source in data_mounts), f"{data_mounts} not declared under top-level volumes: {named}"


def test_db_password_comes_from_a_secret_file() -> None:
    """POSTGRES_PASSWORD would put the password in `docker inspect` output."""
    db = service("db")
    env = environment(db)
    assert "POSTGRES_PASSWORD" not in env
    password_file = env.get("POSTGRES_PASSWORD_FILE", "")
    assert password_file.startswith(SECRETS_DIR)
    assert password_file.removeprefix(SECRETS_DIR) in secret_names(db)


def test_db_publishes_no_port() -> None:
    """Only the compose network reaches PostgreSQL."""
    assert not service("db").get("ports")


# --- migrations and the app ---------------------------------------------------------------------


def test_migrate_runs_kawal_db_upgrade_once_the_db_is_healthy() -> None:
    migrate = service("migrate")
    assert command_words(migrate["command"]) == ["kawal", "db", "upgrade"]
    assert depends_on(migrate).get("db") == "service_healthy"
    assert str(migrate.get("restart", "no")) == "no", "a one-shot migration must not be restarted"


def test_app_starts_only_after_migrations_succeed() -> None:
    """Otherwise the app would start against an old schema and fail readiness (or worse)."""
    deps = depends_on(service("app"))
    assert deps.get("migrate") == "service_completed_successfully"
    assert deps.get("db") == "service_healthy"


def test_app_runs_kawal_serve_and_probes_readyz() -> None:
    app = service("app")
    words = command_words(app.get("command", []))
    assert words[:2] == ["kawal", "serve"], words
    assert "/readyz" in healthcheck_text(app)


def test_app_root_key_is_a_secret_file() -> None:
    """The root key opens every record: a file under /run/secrets, declared as a file-backed secret."""
    app = service("app")
    key_file = environment(app).get("KAWAL_ROOT_KEY_FILE", "")
    assert key_file.startswith(SECRETS_DIR), key_file
    secret = key_file.removeprefix(SECRETS_DIR)
    assert secret in secret_names(app)
    declared = compose().get("secrets") or {}
    assert "file" in (declared.get(secret) or {}), f"secret {secret!r} is not declared with `file:`"


def test_app_connects_as_the_role_that_cannot_rewrite_the_audit_trail() -> None:
    """Migrations run as the owner; the server as kawal_app, set up by the one-shot `grant` service."""
    grant = service("grant")
    words = command_words(grant["command"])
    assert words[:4] == ["kawal", "db", "grant-app-role", "kawal_app"]
    password_file = words[words.index("--password-file") + 1]
    assert password_file.startswith(SECRETS_DIR) and password_file.removeprefix(SECRETS_DIR) in secret_names(grant)
    assert depends_on(grant).get("migrate") == "service_completed_successfully"
    assert depends_on(service("app")).get("grant") == "service_completed_successfully"
    app_url, owner_url = environment(service("app"))["KAWAL_DATABASE_URL_FILE"], environment(grant)["KAWAL_DATABASE_URL_FILE"]
    assert app_url != owner_url and owner_url == environment(service("migrate"))["KAWAL_DATABASE_URL_FILE"]
    assert owner_url.removeprefix(SECRETS_DIR) not in secret_names(service("app")), "the app must not hold the owner's URL"
    checkpoint_dir = environment(service("app"))["KAWAL_AUDIT_CHECKPOINT_DIR"]
    assert any(str(v).endswith(":" + checkpoint_dir) for v in service("app").get("volumes", []))
    assert checkpoint_dir in DOCKERFILE.read_text(encoding="utf-8"), "the image must create the mount point for uid 10001"


def test_services_read_the_database_url_from_a_secret_file() -> None:
    for name in ("app", "migrate", "grant"):
        svc = service(name)
        url_file = environment(svc).get("KAWAL_DATABASE_URL_FILE", "")
        assert url_file.startswith(SECRETS_DIR), f"{name}: {url_file!r}"
        assert url_file.removeprefix(SECRETS_DIR) in secret_names(svc), name


def test_every_used_secret_is_declared_with_a_file() -> None:
    declared = compose().get("secrets") or {}
    for name, svc in services().items():
        for secret in secret_names(svc):
            assert "file" in (declared.get(secret) or {}), f"{name} uses undeclared secret {secret!r}"


def test_no_environment_value_holds_a_key_or_password() -> None:
    """Secrets in `environment:` end up in `docker inspect`, in logs and in shell history."""
    secretish = re.compile(r"(KEY|PASSWORD|SECRET|TOKEN)")
    url_with_password = re.compile(r"://[^/@\s:]+:[^/@\s]+@")
    for name, svc in services().items():
        env = environment(svc)
        assert "KAWAL_ROOT_KEY" not in env, f"{name} puts the root key in the environment"
        assert "KAWAL_DATABASE_URL" not in env, f"{name} puts the database URL in the environment"
        for key, value in env.items():
            assert not url_with_password.search(value), f"{name}.{key} holds a URL with a password"
            if secretish.search(key) and value:
                assert value.startswith(SECRETS_DIR), f"{name}.{key} holds a literal, not a secret file path"


def test_app_port_is_published_on_loopback_only() -> None:
    """Agents come in through a TLS-terminating proxy on the host, never straight over the network."""
    ports = service("app").get("ports") or []
    assert ports, "app publishes no port"
    for entry in ports:
        if isinstance(entry, dict):
            assert entry.get("host_ip") == "127.0.0.1", entry
        else:
            assert str(entry).startswith("127.0.0.1:"), entry


def test_only_the_proxy_on_the_host_may_forward_client_addresses() -> None:
    """The app believes X-Forwarded-For from the network's gateway alone (the host-side TLS proxy)."""
    import ipaddress

    trusted = environment(service("app")).get("KAWAL_TRUSTED_PROXIES", "")
    assert trusted, "without KAWAL_TRUSTED_PROXIES every agent would appear as the proxy's address"
    pools = compose()["networks"]["default"]["ipam"]["config"]
    gateways = {pool["gateway"] for pool in pools}
    assert set(trusted.split(",")) <= gateways, f"{trusted} is not the compose network's gateway {gateways}"
    for pool in pools:
        assert ipaddress.ip_address(pool["gateway"]) in ipaddress.ip_network(pool["subnet"])
    Settings(trusted_proxies=trusted)  # a valid setting


def test_services_with_build_use_the_repo_dockerfile() -> None:
    built = {name: svc["build"] for name, svc in services().items() if "build" in svc}
    assert {"app", "migrate"} <= built.keys()
    for name, build in built.items():
        spec = {"context": build} if isinstance(build, str) else build
        context = (COMPOSE_FILE.parent / spec.get("context", ".")).resolve()
        dockerfile = (context / spec.get("dockerfile", "Dockerfile")).resolve()
        assert dockerfile == DOCKERFILE, f"{name} builds from {dockerfile}"


def test_kawal_variables_are_settings_fields() -> None:
    """pydantic-settings ignores unknown variables, so a typo here would silently do nothing."""
    known = settings_env_names()
    for name, svc in services().items():
        for key in environment(svc):
            if key.startswith("KAWAL_"):
                assert key in known, f"{name}: {key} is not a kawal.settings.Settings field"
    for keyword, args in dockerfile_instructions():
        if keyword == "ENV":
            for key in re.findall(r"\b(KAWAL_[A-Z0-9_]+)=", args):
                assert key in known, f"Dockerfile: {key} is not a kawal.settings.Settings field"


# --- the image ----------------------------------------------------------------------------------


def test_dockerfile_runs_as_a_non_root_user() -> None:
    users = [args for keyword, args in dockerfile_instructions() if keyword == "USER"]
    assert users, "no USER: the container would run as root"
    final = users[-1].split(":")[0]
    assert final not in {"root", "0"}, final


def test_dockerfile_copies_no_secrets_or_local_state() -> None:
    for keyword, sources in local_copies():
        for source in sources:
            normal = source.strip("/").removeprefix("./")
            assert normal not in {".", "*"}, f"{keyword} {source}: copies the whole context"
            assert not normal.endswith(".key"), f"{keyword} {source}"
            assert not normal.startswith(("var", ".env", "secrets")), f"{keyword} {source}"


def test_dockerfile_has_a_healthcheck_and_serves_kawal() -> None:
    instructions = dockerfile_instructions()
    checks = [args for keyword, args in instructions if keyword == "HEALTHCHECK"]
    assert checks and "/readyz" in checks[-1]
    commands = [args for keyword, args in instructions if keyword == "CMD"]
    assert commands, "no CMD"
    assert exec_form(commands[-1])[:2] == ["kawal", "serve"]


@pytest.mark.parametrize("path", [".git/HEAD", ".venv/bin/python", "var/root.key", "var/kawal.db",
                                  "root.key", "kawal/stray.key", ".env", "secrets/kawal_root_key"])
def test_dockerignore_keeps_secrets_and_local_state_out(path: str) -> None:
    assert dockerignored(path), f"{path} would be sent to the Docker build context"


def test_dockerfile_copy_sources_exist_and_reach_the_build() -> None:
    """A missing or ignored source fails `docker build` only on the first real build."""
    sources = [source for _, paths in local_copies() for source in paths]
    assert sources, "the Dockerfile copies nothing from the context"
    for source in sources:
        assert (ROOT / source).exists(), f"COPY source {source} does not exist"
        assert not dockerignored(source), f"COPY source {source} is excluded by .dockerignore"


def test_dockerfile_copies_every_packaged_top_level_package() -> None:
    """pyproject lists the packages explicitly; one not copied would be missing from the image."""
    import tomllib

    packages = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    copied = {source.strip("/").removeprefix("./") for _, paths in local_copies() for source in paths}
    missing = {name.split(".")[0] for name in packages} - copied
    assert not missing, f"not copied into the build stage: {sorted(missing)}"
