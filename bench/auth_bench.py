"""Benchmarks of agent sign-in (password + TOTP) and of guarded record reads, against the real server.

Run from the repository root::

    .venv/bin/python bench/auth_bench.py [--quick] [--json] [--concurrency N]
                                         [--postgres-url URL | --sqlite]

Every customer-data request in Kawal now passes the guard (bearer session, role, purpose), and every
agent signs in with an argon2id password check and then a single-use TOTP code. This benchmark asks
what that costs, end to end, on the real stack: `kawal serve` (uvicorn, one process) as a subprocess
against a fresh database, driven over HTTP by concurrent clients (one `httpx.Client` per thread,
--concurrency threads, 8 by default). What is measured, and why:

1. **Primitives, in-process.** One argon2id verification with the policy's parameters
   (`Passwords(policy.passwords).verify_or_dummy`, the work of every password step) and one TOTP
   check (`Totp.match`, every candidate of the window compared in constant time), each as the best
   and median of many timed calls. Peer: a plain `argon2.PasswordHasher()` verification with the
   library's default parameters, so the policy's cost can be read against a familiar reference.
   The argon2 time also bounds the password step: with 2 cores, at most 2 / verify-time per second.

2. **Sign-in over HTTP.** Agents are created in-process (`AuthService.create_user`, same database),
   then each enrols through the API exactly as a new agent would: POST /v1/auth/login -> mfa_token,
   POST /v1/auth/enrol -> otpauth URI, POST /v1/auth/enrol/confirm with the code an authenticator
   app would show (pyotp) -> session; that first sign-in is reported too. A TOTP code is accepted
   once per user, and only for a time step after the last accepted one (30 s steps, one step either
   side of now), so an agent can complete at most one TOTP sign-in per step. The benchmark therefore
   waits for the step after the last enrolment and then signs in *distinct* agents once each:
   - full logins (password step then TOTP step, one agent per task): logins/s, p50/p99 per step;
   - on a second set of agents, the two steps separately: every password step first (argon2-bound),
     then every TOTP step (a row-locked transaction, no argon2) - each step's throughput on its own.
   Every request must succeed (no failures, so the per-IP limit of failed attempts never comes into
   play); an unexpected answer stops the run and is reported with its method, path, status and body.

3. **Record reads over HTTP.** A few hundred ~1 KiB customer records are stored in-process
   (`Vault.put_many`, distinct subjects); after one untimed pass that warms the server's key cache,
   the clients read random records with GET /v1/records/{id} (session bearer + X-Kawal-Purpose),
   each answer checked against what was stored: reads/s and p50/p99. Peer: `Vault.get` in-process
   on the same records in the same order, warm key cache, no HTTP - on one thread and on
   --concurrency threads - so the ratio shows what HTTP, the guard (session lookup, role, purpose)
   and serialisation add to the vault's own read.

4. A header with the machine: CPU model, cores, Python, database server, load average at start.
   Server, PostgreSQL and the client threads all share the same 2 cores, so the clients take CPU
   from the server they measure; for each HTTP phase the CPU time used by the server process and
   by this process (the clients) is shown per operation, to make that visible.

Each HTTP figure is one timed run (wall clock), so expect run-to-run noise. The database is a fresh
PostgreSQL schema per run (`?options=-csearch_path=<schema>` in the URL), migrated with
`kawal db upgrade`, given a root key with `kawal vault init-root-key`, and dropped at the end; the
server is stopped with SIGTERM at the end, also on failure. If PostgreSQL does not answer the run
is skipped ("skipped: <reason>", exit 0) unless --sqlite asks for a temporary SQLite database.
With --json, stdout carries one JSON object (progress goes to stderr either way).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import queue
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without install

import argon2  # noqa: E402
import httpx  # noqa: E402
import pyotp  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from auth.passwords import Passwords  # noqa: E402
from auth.totp import Totp, new_secret  # noqa: E402
from kawal.logging import configure_logging  # noqa: E402
from kawal.services import Services, build_services  # noqa: E402
from kawal.settings import Settings  # noqa: E402
from policies import load_auth_policy  # noqa: E402
from policies.auth import AuthPolicy  # noqa: E402
from vault import Vault  # noqa: E402
from _machine import cpu_model, log, postgres_probe  # noqa: E402

DEFAULT_POSTGRES_URL = os.environ.get(
    "KAWAL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PURPOSE_HEADER = "X-Kawal-Purpose"
HTTP_TIMEOUT = 60.0
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
TOTP_REPEAT_BATCH = 500  # TOTP checks per timed sample (one check is a few µs)
T = TypeVar("T")


class BenchError(RuntimeError):
    """The run cannot go on: a command failed or an endpoint answered unexpectedly."""


@dataclass(frozen=True)
class Sizes:
    """Sizes of one run."""

    quick: bool
    concurrency: int
    login_agents: int  # full logins, each agent once
    split_agents: int  # password step alone, then TOTP step alone, each agent once
    records: int
    reads: int
    argon2_calls: int
    totp_samples: int


def sizes_for(args: argparse.Namespace) -> Sizes:
    quick = bool(args.quick)
    agents = args.agents or (40 if quick else 200)
    return Sizes(
        quick=quick,
        concurrency=args.concurrency,
        login_agents=agents,
        split_agents=agents,
        records=args.records or (100 if quick else 300),
        reads=args.reads or (500 if quick else 5_000),
        argon2_calls=8 if quick else 30,
        totp_samples=5 if quick else 20,
    )


# -- machine ---------------------------------------------------------------------------------------


def machine_info(database: str) -> dict[str, Any]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "cpu_model": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "argon2_cffi": argon2.__version__ if hasattr(argon2, "__version__") else "unknown",
        "httpx": httpx.__version__,
        "database": database,
        "load_average_at_start": [round(x, 2) for x in load],
        "note": "server (uvicorn, 1 process), database and client threads share the same cores",
    }


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of process *pid* (all its threads), from /proc; 0 where unavailable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


# -- statistics ------------------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of a non-empty sequence."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def latency_summary(seconds: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(seconds, 0.50) * 1e3, 2),
        "p99_ms": round(percentile(seconds, 0.99) * 1e3, 2),
        "mean_ms": round(statistics.fmean(seconds) * 1e3, 2),
        "max_ms": round(max(seconds) * 1e3, 2),
    }


@dataclass
class Sample:
    """What one task measured: seconds per step, in order."""

    steps: dict[str, float]


@dataclass
class PhaseResult:
    """One timed phase: *count* tasks in *seconds* of wall clock, latencies per step."""

    count: int
    seconds: float
    steps: dict[str, list[float]]
    server_cpu_seconds: float | None = None
    client_cpu_seconds: float | None = None

    @classmethod
    def of(cls, samples: Sequence[Sample], seconds: float, **cpu: float | None) -> PhaseResult:
        steps: dict[str, list[float]] = {}
        for sample in samples:
            for name, value in sample.steps.items():
                steps.setdefault(name, []).append(value)
        return cls(len(samples), seconds, steps, **cpu)

    @property
    def per_second(self) -> float:
        return self.count / self.seconds

    def as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "count": self.count,
            "seconds": round(self.seconds, 3),
            "per_second": round(self.per_second, 1),
            "steps": {name: latency_summary(values) for name, values in self.steps.items()},
        }
        for key in ("server_cpu_seconds", "client_cpu_seconds"):
            value = getattr(self, key)
            if value is not None:
                result[key.replace("_seconds", "_ms_per_op")] = round(value / self.count * 1e3, 2)
        return result


# -- primitives ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Timing:
    """Per-call time of one primitive: best and median over timed samples."""

    name: str
    parameters: str
    best_us: float
    median_us: float
    calls: int


def time_calls(name: str, parameters: str, call: Callable[[], object], samples: int, batch: int = 1) -> Timing:
    """Time *samples* batches of *batch* calls (after one warm-up batch); per-call best and median."""
    for _ in range(batch):
        call()
    per_call: list[float] = []
    for _ in range(samples):
        start = time.perf_counter_ns()
        for _ in range(batch):
            call()
        per_call.append((time.perf_counter_ns() - start) / batch / 1e3)
    return Timing(name, parameters, min(per_call), statistics.median(per_call), samples * batch)


def policy_argon2(policy: AuthPolicy, calls: int) -> Timing:
    passwords = Passwords(policy.passwords)
    password = "bench passphrase 0001"
    stored = passwords.hash(password)

    def verify() -> None:
        if not passwords.verify_or_dummy(stored, password):
            raise BenchError("Passwords.verify_or_dummy refused the right password")

    p = policy.passwords
    params = f"argon2id t={p.argon2_time_cost}, m={p.argon2_memory_kib // 1024} MiB, p={p.argon2_parallelism}"
    return time_calls("argon2 verify, Kawal policy (verify_or_dummy)", params, verify, calls)


def default_argon2(calls: int) -> Timing:
    hasher = argon2.PasswordHasher()
    password = "bench passphrase 0001"
    stored = hasher.hash(password)
    params = (f"argon2{hasher.type.name.lower()} t={hasher.time_cost}, m={hasher.memory_cost // 1024} MiB, "
              f"p={hasher.parallelism}")
    return time_calls("argon2 verify, PasswordHasher() default", params, lambda: hasher.verify(stored, password), calls)


def totp_match(policy: AuthPolicy, samples: int) -> Timing:
    totp = Totp(new_secret(policy.totp.secret_bytes), policy.totp)
    now = time.time()
    code = totp.now(now)

    def match() -> None:
        if totp.match(code, now) is None:
            raise BenchError("Totp.match refused the current code")

    t = policy.totp
    params = f"{t.algorithm}, {t.digits} digits, {t.period_seconds} s, window +/-{t.valid_window}"
    return time_calls("TOTP verify (Totp.match)", params, match, samples, TOTP_REPEAT_BATCH)


def bench_primitives(policy: AuthPolicy, sizes: Sizes) -> dict[str, Any]:
    log(f"primitives: argon2 verify x {sizes.argon2_calls} (policy, then library default), TOTP match")
    ours = policy_argon2(policy, sizes.argon2_calls)
    default = default_argon2(sizes.argon2_calls)
    totp = totp_match(policy, sizes.totp_samples)
    cores = os.cpu_count() or 1
    return {
        "argon2_policy": ours.__dict__,
        "argon2_default": default.__dict__,
        "totp": totp.__dict__,
        "argon2_policy_vs_default_best": round(ours.best_us / default.best_us, 3),
        "argon2_policy_vs_default_median": round(ours.median_us / default.median_us, 3),
        "password_steps_per_second_ceiling": round(cores / (ours.best_us / 1e6), 1),
    }


# -- database and CLI ------------------------------------------------------------------------------
@contextmanager
def database(args: argparse.Namespace, workdir: Path) -> Iterator[str]:
    """The URL of an empty database: a temporary SQLite file, or a PostgreSQL schema dropped at the end."""
    if args.sqlite:
        yield f"sqlite:///{workdir / 'kawal-bench.db'}"
        return
    schema = f"kawal_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(args.postgres_url, connect_args={"connect_timeout": 5})
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        log(f"postgresql: schema {schema}")
        try:
            separator = "&" if "?" in args.postgres_url else "?"
            yield f"{args.postgres_url}{separator}options={quote(f'-csearch_path={schema}')}"
        finally:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            log(f"postgresql: schema {schema} dropped")
    finally:
        admin.dispose()


def kawal_executable() -> str:
    beside = Path(sys.executable).parent / "kawal"
    found = str(beside) if beside.exists() else shutil.which("kawal")
    if found is None:
        raise BenchError("the `kawal` command is not installed (run `make` first, or use .venv/bin/python)")
    return found


def server_env(url: str, key_file: Path) -> dict[str, str]:
    """This process's environment without any KAWAL_* of the caller, plus the run's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAWAL_")}
    env.update(KAWAL_DATABASE_URL=url, KAWAL_ROOT_KEY_FILE=str(key_file), KAWAL_LOG_LEVEL="warning")
    return env


def run_cli(env: Mapping[str, str], workdir: Path, *argv: str) -> None:
    command = [kawal_executable(), *argv]
    done = subprocess.run(command, env=dict(env), cwd=workdir, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise BenchError(f"`kawal {' '.join(argv)}` exited with {done.returncode}: {done.stderr.strip()[-800:]}")


def prepare_database(env: Mapping[str, str], workdir: Path, key_file: Path) -> None:
    log("kawal db upgrade; kawal vault init-root-key")
    run_cli(env, workdir, "db", "upgrade")
    run_cli(env, workdir, "vault", "init-root-key", "--path", str(key_file))


def open_services(url: str, key_file: Path) -> Services:
    """The same wiring as the server's, in this process, on the same database and root key."""
    configure_logging("warning", "json")  # auth events are logged at info: keep them off the output
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None, database_url=url, database_url_file=None, root_key_file=key_file, root_key=None,
        log_level="warning",
    )
    return build_services(settings)


# -- set-up: agents and records --------------------------------------------------------------------
@dataclass
class Agent:
    """One benchmark agent and what its sign-in produced so far."""

    username: str
    password: str
    totp: pyotp.TOTP | None = None
    enrolled_step: int = -1  # the time step of the code that confirmed enrolment
    mfa_token: str | None = None
    session: str | None = None


def make_agents(prefix: str, count: int) -> list[Agent]:
    return [Agent(f"{prefix}{i:04d}", f"bench passphrase {prefix} {i:04d}") for i in range(count)]


def create_agents(services: Services, agents: Sequence[Agent]) -> float:
    """Create every agent in-process (one argon2 hash each), on as many threads as cores; seconds."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(lambda a: services.auth.create_user(a.username, a.password, "agent"), agents))
    return time.perf_counter() - start


_FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Putri", "Andi", "Wulan", "Hendra", "Ayu", "Rudi"]
_LAST = ["Santoso", "Rahmawati", "Wijaya", "Kusuma", "Pratama", "Hidayat", "Saputra", "Lestari", "Nugroho"]
_WORDS = (
    "pelanggan menghubungi call center terkait tagihan kartu kredit bulan lalu meminta penjelasan "
    "biaya administrasi agen menjelaskan rincian transaksi dan menawarkan cicilan tanpa bunga "
    "pelanggan setuju verifikasi identitas berhasil tindak lanjut melalui email dalam dua hari kerja"
).split()


def customer_record(number: int) -> dict[str, str]:
    """A customer record of about 1 KiB of JSON."""
    rng = random.Random(number)
    notes = " ".join(rng.choice(_WORDS) for _ in range(120))[:760]
    return {
        "name": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
        "phone": f"0812{number:08d}",
        "email": f"pelanggan.{number}@contoh.co.id",
        "nik": f"3174{number:012d}",
        "address": f"Jl. Kemang Raya No. {rng.randint(1, 250)}, Kel. Bangka, Kec. Mampang Prapatan, Jakarta Selatan",
        "notes": notes,
    }


def store_records(vault: Vault, count: int) -> dict[str, dict[str, str]]:
    """Store *count* records for distinct subjects; record id -> record."""
    records = [customer_record(i) for i in range(count)]
    ids = vault.put_many([(f"customer-{i:06d}", record) for i, record in enumerate(records)])
    return dict(zip(ids, records, strict=True))


def record_json_bytes(records: Mapping[str, Mapping[str, str]]) -> int:
    sizes = [len(json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode()) for r in records.values()]
    return round(statistics.fmean(sizes))


# -- the server ------------------------------------------------------------------------------------
@dataclass
class Server:
    """A running `kawal serve` subprocess."""

    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    exit_code: int | None = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(server: Server) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"`kawal serve` exited with {server.process.returncode} before it was ready:\n"
                             f"{server.log_tail()}")
        try:
            if httpx.get(f"{server.base_url}/readyz", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise BenchError(f"`kawal serve` not ready after {READY_TIMEOUT:.0f} s:\n{server.log_tail()}")


def stop(server: Server) -> None:
    """SIGTERM (uvicorn's graceful shutdown), SIGKILL if it does not exit in time."""
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            log(f"server {server.pid} did not stop within {STOP_TIMEOUT:.0f} s of SIGTERM: SIGKILL")
            server.process.kill()
            server.process.wait()
    server.exit_code = server.process.returncode
    log(f"server stopped (exit code {server.exit_code})")


@contextmanager
def kawal_server(env: Mapping[str, str], workdir: Path, port: int) -> Iterator[Server]:
    """`kawal serve --port PORT` until the block ends, however it ends; its log tail on failure."""
    log_path = workdir / "server.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen([kawal_executable(), "serve", "--port", str(port)], env=dict(env), cwd=workdir,
                                   stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(process, f"http://127.0.0.1:{port}", log_path)
    try:
        wait_ready(server)
        log(f"server ready at {server.base_url} (pid {server.pid})")
        yield server
    except BaseException:
        log(f"server log (last lines):\n{server.log_tail()}")
        raise
    finally:
        stop(server)


# -- HTTP clients ----------------------------------------------------------------------------------
class Api:
    """One client connection (keep-alive) to the server; every call checks the status it expects."""

    def __init__(self, base_url: str) -> None:
        self._client = httpx.Client(base_url=base_url, timeout=HTTP_TIMEOUT)

    def close(self) -> None:
        self._client.close()

    def call(self, method: str, path: str, *, expect: int = 200, token: str | None = None,
             purpose: str | None = None, body: Mapping[str, Any] | None = None) -> tuple[float, Any]:
        """(seconds until the full response arrived, its JSON body); `BenchError` on any other status."""
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if purpose is not None:
            headers[PURPOSE_HEADER] = purpose
        start = time.perf_counter()
        response = self._client.request(method, path, json=body, headers=headers)
        elapsed = time.perf_counter() - start
        if response.status_code != expect:
            raise BenchError(f"{method} {path}: expected HTTP {expect}, got {response.status_code}: "
                             f"{response.text[:600]}")
        return elapsed, response.json() if response.content else None


def expect_field(answer: Any, key: str, where: str) -> Any:
    if not isinstance(answer, dict) or answer.get(key) is None:
        raise BenchError(f"{where}: answer has no {key!r}: {json.dumps(answer)[:600]}")
    return answer[key]


def run_phase(server: Server, label: str, items: Sequence[T], work: Callable[[Api, T], Sample],
              concurrency: int) -> PhaseResult:
    """Run *work* on every item from *concurrency* threads (one connection each); stop at the first error."""
    tasks: queue.SimpleQueue[T] = queue.SimpleQueue()
    for item in items:
        tasks.put(item)
    apis = [Api(server.base_url) for _ in range(max(1, min(concurrency, len(items))))]
    for api in apis:
        api.call("GET", "/healthz")  # connect before the clock starts
    samples: list[Sample] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(api: Api) -> None:
        try:
            while not errors:
                try:
                    item = tasks.get_nowait()
                except queue.Empty:
                    return
                sample = work(api, item)
                with lock:
                    samples.append(sample)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            errors.append(exc)

    log(f"{label}: {len(items):,} tasks on {len(apis)} client threads")
    threads = [threading.Thread(target=worker, args=(api,), daemon=True) for api in apis]
    server_cpu, client_cpu = process_cpu_seconds(server.pid), time.process_time()
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    server_cpu, client_cpu = process_cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
    for api in apis:
        api.close()
    if errors:
        raise BenchError(f"{label}: {errors[0]}") from errors[0]
    return PhaseResult.of(samples, seconds, server_cpu_seconds=server_cpu, client_cpu_seconds=client_cpu)


# -- sign-in flows ---------------------------------------------------------------------------------
def first_sign_in(api: Api, agent: Agent) -> Sample:
    """Password, then enrol the phone, then confirm with its first code: a full session."""
    t_password, answer = api.call("POST", "/v1/auth/login", body={"username": agent.username, "password": agent.password})
    if answer.get("next_step") != "enrol":
        raise BenchError(f"POST /v1/auth/login for a new agent: next_step {answer.get('next_step')!r}, expected 'enrol'")
    mfa_token = expect_field(answer, "mfa_token", "POST /v1/auth/login")
    t_enrol, enrolment = api.call("POST", "/v1/auth/enrol", token=mfa_token)
    totp = pyotp.parse_uri(expect_field(enrolment, "otpauth_uri", "POST /v1/auth/enrol"))
    if not isinstance(totp, pyotp.TOTP) or totp.secret != enrolment.get("secret"):
        raise BenchError("POST /v1/auth/enrol: otpauth_uri is not a TOTP URI with the returned secret")
    at = time.time()
    t_confirm, confirmed = api.call("POST", "/v1/auth/enrol/confirm", token=mfa_token, body={"code": totp.at(at)})
    session = expect_field(confirmed, "session", "POST /v1/auth/enrol/confirm")
    if len(confirmed.get("recovery_codes") or []) == 0:
        raise BenchError("POST /v1/auth/enrol/confirm: no recovery codes in the answer")
    agent.totp, agent.enrolled_step = totp, int(at // totp.interval)
    agent.session = expect_field(session, "session_token", "POST /v1/auth/enrol/confirm")
    return Sample({"password": t_password, "enrol": t_enrol, "confirm": t_confirm,
                   "total": t_password + t_enrol + t_confirm})


def password_step(api: Api, agent: Agent) -> Sample:
    """POST /v1/auth/login for an enrolled agent: an MFA-pending token, next step 'totp'."""
    seconds, answer = api.call("POST", "/v1/auth/login", body={"username": agent.username, "password": agent.password})
    if answer.get("next_step") != "totp":
        raise BenchError(f"POST /v1/auth/login for an enrolled agent: next_step {answer.get('next_step')!r}, "
                         f"expected 'totp'")
    agent.mfa_token = expect_field(answer, "mfa_token", "POST /v1/auth/login")
    return Sample({"password": seconds})


def totp_step(api: Api, agent: Agent) -> Sample:
    """POST /v1/auth/totp with the mfa_token and the code the agent's app shows now: a full session."""
    assert agent.totp is not None and agent.mfa_token is not None
    seconds, answer = api.call("POST", "/v1/auth/totp", token=agent.mfa_token, body={"code": agent.totp.now()})
    agent.session = expect_field(answer, "session_token", "POST /v1/auth/totp")
    agent.mfa_token = None
    return Sample({"totp": seconds})


def full_login(api: Api, agent: Agent) -> Sample:
    first = password_step(api, agent)
    second = totp_step(api, agent)
    steps = first.steps | second.steps
    return Sample(steps | {"total": sum(steps.values())})


def wait_for_next_step(agents: Sequence[Agent], period: int) -> float:
    """Sleep until the time step after every agent's enrolment step (a code is accepted once); seconds."""
    last = max(agent.enrolled_step for agent in agents)
    wait = max(0.0, (last + 1) * period - time.time()) + 0.05
    log(f"waiting {wait:.1f} s for the next {period}-s TOTP step: each code is accepted once per agent")
    time.sleep(wait)
    return wait


def bench_sign_in(server: Server, login_set: list[Agent], split_set: list[Agent], policy: AuthPolicy,
                  concurrency: int) -> dict[str, Any]:
    everyone = login_set + split_set
    phases: dict[str, PhaseResult] = {}
    phases["first_sign_in"] = run_phase(server, "first sign-in (login, enrol, confirm)", everyone, first_sign_in,
                                        concurrency)
    waited = wait_for_next_step(everyone, policy.totp.period_seconds)
    phases["full_login"] = run_phase(server, "full login (password + TOTP)", login_set, full_login, concurrency)
    phases["password_only"] = run_phase(server, "password step alone", split_set, password_step, concurrency)
    phases["totp_only"] = run_phase(server, "TOTP step alone", split_set, totp_step, concurrency)
    return {"waited_for_step_seconds": round(waited, 1)} | {k: v.as_dict() for k, v in phases.items()}


# -- record reads ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Read:
    """One GET /v1/records/{id}: by whom (a session), for which case, which record."""

    session: str
    purpose: str
    record_id: str


def http_read(expected: Mapping[str, Mapping[str, str]]) -> Callable[[Api, Read], Sample]:
    def read(api: Api, task: Read) -> Sample:
        seconds, answer = api.call("GET", f"/v1/records/{task.record_id}", token=task.session, purpose=task.purpose)
        if answer.get("record_id") != task.record_id or answer.get("record") != expected[task.record_id]:
            raise BenchError(f"GET /v1/records/{task.record_id}: the answer is not the stored record")
        return Sample({"read": seconds})

    return read


def read_tasks(order: Sequence[str], sessions: Sequence[str]) -> list[Read]:
    return [Read(sessions[i % len(sessions)], f"BENCH-{i % 97:04d}", rid) for i, rid in enumerate(order)]


def raw_reads(vault: Vault, order: Sequence[str], threads: int) -> PhaseResult:
    """`Vault.get` in-process, in *order*, split over *threads*; per-call latencies."""
    slices = [order[i::threads] for i in range(threads)]

    def run(ids: Sequence[str]) -> list[Sample]:
        samples = []
        for rid in ids:
            start = time.perf_counter()
            vault.get(rid)
            samples.append(Sample({"read": time.perf_counter() - start}))
        return samples

    cpu = time.process_time()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        samples = [s for chunk in pool.map(run, slices) for s in chunk]
    seconds = time.perf_counter() - start
    return PhaseResult.of(samples, seconds, client_cpu_seconds=time.process_time() - cpu)


def bench_raw_reads(services: Services, records: Mapping[str, Any], order: Sequence[str],
                    concurrency: int) -> dict[str, PhaseResult]:
    log(f"in-process Vault.get: warm-up over {len(records):,} records, then {len(order):,} reads "
        f"on 1 and on {concurrency} threads")
    for rid in records:
        services.vault.get(rid)
    return {"one_thread": raw_reads(services.vault, order, 1),
            "threads": raw_reads(services.vault, order, concurrency)}


def bench_http_reads(server: Server, sessions: Sequence[str], records: Mapping[str, Mapping[str, str]],
                     order: Sequence[str], concurrency: int) -> PhaseResult:
    read = http_read(records)
    run_phase(server, "read warm-up (untimed: fills the server's key cache)", read_tasks(list(records), sessions),
              read, concurrency)
    return run_phase(server, "GET /v1/records/{id}", read_tasks(order, sessions), read, concurrency)


# -- orchestration ---------------------------------------------------------------------------------
@dataclass
class SetUp:
    """What the in-process set-up produced: the records, the read order, and the in-process read peer."""

    create_agents_seconds: float
    records: dict[str, dict[str, str]]
    order: list[str]
    raw_reads: dict[str, PhaseResult] = field(default_factory=dict)

    def as_dict(self, agents: int) -> dict[str, Any]:
        return {"agents": agents, "create_agents_seconds": round(self.create_agents_seconds, 2),
                "records": len(self.records), "record_json_bytes": record_json_bytes(self.records)}


def random_order(ids: Sequence[str], count: int) -> list[str]:
    """*count* record ids drawn at random (fixed seed): the same order for the HTTP and in-process reads."""
    rng = random.Random(7)
    return [rng.choice(ids) for _ in range(count)]


def set_up_in_process(url: str, key_file: Path, agents: Sequence[Agent], sizes: Sizes) -> SetUp:
    """Agents and records through the Python API on the run's database, then the in-process read peer."""
    services = open_services(url, key_file)
    try:
        log(f"creating {len(agents):,} agents in-process (one argon2 hash each)")
        created = create_agents(services, agents)
        log(f"storing {sizes.records:,} records in-process (Vault.put_many, one subject each)")
        records = store_records(services.vault, sizes.records)
        setup = SetUp(created, records, random_order(list(records), sizes.reads))
        setup.raw_reads = bench_raw_reads(services, records, setup.order, sizes.concurrency)
    finally:
        services.close()
    return setup


def reads_result(setup: SetUp, http: PhaseResult) -> dict[str, Any]:
    one, many = setup.raw_reads["one_thread"], setup.raw_reads["threads"]
    return {
        "http": http.as_dict(),
        "raw_one_thread": one.as_dict(),
        "raw_threads": many.as_dict(),
        "ratio_http_vs_raw_one_thread": round(http.per_second / one.per_second, 4),
        "ratio_http_vs_raw_threads": round(http.per_second / many.per_second, 4),
    }


def run(args: argparse.Namespace, sizes: Sizes, database_label: str) -> dict[str, Any]:
    policy = load_auth_policy()
    result: dict[str, Any] = {"machine": machine_info(database_label), "settings": sizes.__dict__}
    result["primitives"] = bench_primitives(policy, sizes)
    login_set, split_set = make_agents("agent", sizes.login_agents), make_agents("split", sizes.split_agents)
    with tempfile.TemporaryDirectory(prefix="kawal-auth-bench-") as tmp, database(args, Path(tmp)) as url:
        workdir, key_file = Path(tmp), Path(tmp) / "root.key"
        env = server_env(url, key_file)
        prepare_database(env, workdir, key_file)
        setup = set_up_in_process(url, key_file, login_set + split_set, sizes)
        result["setup"] = setup.as_dict(len(login_set) + len(split_set))
        with kawal_server(env, workdir, args.port or free_port()) as server:
            result["sign_in"] = bench_sign_in(server, login_set, split_set, policy, sizes.concurrency)
            sessions = [agent.session for agent in login_set[: sizes.concurrency] if agent.session]
            http = bench_http_reads(server, sessions, setup.records, setup.order, sizes.concurrency)
        result["reads"] = reads_result(setup, http)
        result["server_exit_code"] = server.exit_code
    return result


# -- output ----------------------------------------------------------------------------------------
def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned first two columns, right-aligned others."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _num(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _ms(us: float) -> str:
    return f"{us / 1e3:.2f}" if us >= 100 else f"{us / 1e3:.4f}"


def render_header(result: dict[str, Any]) -> str:
    m, s = result["machine"], result["settings"]
    return "\n".join([
        "Kawal sign-in and guarded-read benchmark" + (" (--quick)" if s["quick"] else ""),
        f"CPU          {m['cpu_model']}, {m['cores']} cores",
        f"Python       {m['python']} (argon2-cffi {m['argon2_cffi']}, httpx {m['httpx']})",
        f"Database     {m['database']}",
        f"load avg     {' '.join(str(x) for x in m['load_average_at_start'])} (at start)",
        f"Note: the server (kawal serve: uvicorn, 1 process), the database and the {s['concurrency']} client "
        f"threads of this benchmark all share these {m['cores']} cores; figures are indicative.",
    ])


def render_primitives(p: dict[str, Any]) -> str:
    rows = [[t["name"], t["parameters"], _num(t["calls"]), _ms(t["best_us"]), _ms(t["median_us"])]
            for t in (p["argon2_policy"], p["argon2_default"], p["totp"])]
    return "\n".join([
        "1. Primitives, in-process (per call; best and median of the timed samples; TOTP in batches of "
        f"{TOTP_REPEAT_BATCH})",
        table(["operation", "parameters", "calls", "best ms", "median ms"], rows),
        f"argon2 policy / PasswordHasher() default = {p['argon2_policy_vs_default_best']:.2f}x on best, "
        f"{p['argon2_policy_vs_default_median']:.2f}x on medians",
        f"ceiling for the password step on this machine: cores / best policy verify = "
        f"{_num(p['password_steps_per_second_ceiling'], 1)} per second (argon2 alone, nothing else running)",
    ])


#: Sign-in phases in display order: key -> label.
SIGN_IN_PHASES = {
    "first_sign_in": "first sign-in: login, enrol, confirm",
    "full_login": "full login: password + TOTP",
    "password_only": "password step alone",
    "totp_only": "TOTP step alone",
}


def phase_rows(label: str, phase: dict[str, Any], unit: str) -> list[list[str]]:
    """One row with the phase's throughput (and its total latency), then one row per step."""
    steps = phase["steps"]
    head_step = "total" if "total" in steps else next(iter(steps))
    head = steps[head_step]
    rows = [[label, head_step, _num(phase["count"]), f"{phase['seconds']:.2f}", f"{_num(phase['per_second'], 1)} {unit}",
             f"{head['p50_ms']:.1f}", f"{head['p99_ms']:.1f}",
             f"{phase.get('server_cpu_ms_per_op', 0):.1f}" if "server_cpu_ms_per_op" in phase else "-",
             f"{phase.get('client_cpu_ms_per_op', 0):.2f}"]]
    for name, summary in steps.items():
        if name != head_step:
            rows.append(["", name, "", "", "", f"{summary['p50_ms']:.1f}", f"{summary['p99_ms']:.1f}", "", ""])
    return rows


def render_sign_in(result: dict[str, Any]) -> str:
    s, sign_in = result["settings"], result["sign_in"]
    rows = [row for key, label in SIGN_IN_PHASES.items() for row in phase_rows(label, sign_in[key], "/s")]
    return "\n".join([
        f"2. Sign-in over HTTP: {s['concurrency']} concurrent clients, distinct agents, each signs in once "
        f"per phase; every request must succeed",
        table(["phase", "step", "n", "s", "rate", "p50 ms", "p99 ms", "server CPU ms/op", "client CPU ms/op"], rows),
        f"{s['login_agents']:,} agents for full logins, {s['split_agents']:,} others for the separate steps "
        f"(all their password steps first, then all their TOTP steps). Before the logins the run waited "
        f"{sign_in['waited_for_step_seconds']} s for the TOTP step after the enrolments: a code is accepted once.",
        "Latency is per request, seen by the client (connection kept alive); 'total' is the sum of the steps.",
    ])


def render_reads(result: dict[str, Any]) -> str:
    s, r = result["settings"], result["reads"]
    rows = []
    for key, label in (("http", f"GET /v1/records/{{id}}, {s['concurrency']} clients"),
                       ("raw_one_thread", "Vault.get in-process, 1 thread"),
                       ("raw_threads", f"Vault.get in-process, {s['concurrency']} threads")):
        phase, read = r[key], r[key]["steps"]["read"]
        rows.append([label, _num(phase["count"]), f"{phase['seconds']:.2f}", _num(phase["per_second"], 1),
                     f"{read['p50_ms']:.2f}", f"{read['p99_ms']:.2f}",
                     f"{phase['server_cpu_ms_per_op']:.2f}" if "server_cpu_ms_per_op" in phase else "-",
                     f"{phase['client_cpu_ms_per_op']:.2f}"])
    setup = result["setup"]
    return "\n".join([
        f"3. Record reads: {setup['records']:,} records (~{setup['record_json_bytes']} bytes of JSON each), "
        f"random order (same for every row), warm key cache",
        table(["path", "reads", "s", "reads/s", "p50 ms", "p99 ms", "server CPU ms/op", "client CPU ms/op"], rows),
        f"HTTP / in-process reads/s = {r['ratio_http_vs_raw_one_thread']:.3f}x against 1 thread, "
        f"{r['ratio_http_vs_raw_threads']:.3f}x against {s['concurrency']} threads",
        "HTTP reads carry a session bearer and X-Kawal-Purpose: each one looks the session up, checks role and "
        "purpose, then runs the same Vault.get; each answer is compared with the stored record.",
    ])


def render(result: dict[str, Any]) -> str:
    setup = result["setup"]
    footer = (f"Set-up (untimed in the tables): {setup['agents']:,} agents created in-process in "
              f"{setup['create_agents_seconds']:.1f} s; server stopped with SIGTERM, exit code "
              f"{result['server_exit_code']}.")
    parts = [render_header(result), render_primitives(result["primitives"]), render_sign_in(result),
             render_reads(result), footer]
    return "\n\n".join(parts)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test, not a measurement")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL,
                        help="SQLAlchemy URL of a PostgreSQL database (default: %(default)s)")
    parser.add_argument("--sqlite", action="store_true", help="use a temporary SQLite database instead of PostgreSQL")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent HTTP clients (default 8)")
    parser.add_argument("--agents", type=int, default=0,
                        help="agents per sign-in set; two sets are used (200; quick 40)")
    parser.add_argument("--records", type=int, default=0, help="records stored (300; quick 100)")
    parser.add_argument("--reads", type=int, default=0, help="timed record reads (5000; quick 500)")
    parser.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    args = parser.parse_args(argv)
    if args.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    return args


def database_label(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(label for the header, None), or (None, reason to skip) when PostgreSQL does not answer."""
    if args.sqlite:
        return f"SQLite {sqlite3.sqlite_version} (temporary file)", None
    version, reason = postgres_probe(args.postgres_url)
    if version is None:
        return None, reason
    return f"PostgreSQL {version} (fresh schema per run)", None


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    label, reason = database_label(args)
    if label is None:
        note = "nothing measured; start PostgreSQL, pass --postgres-url, or use --sqlite"
        print(json.dumps({"skipped": reason, "note": note}) if args.json else f"skipped: {reason}\nNote: {note}")
        return 0
    try:
        result = run(args, sizes_for(args), label)
    except BenchError as exc:
        print(f"auth_bench: error: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, ensure_ascii=False) if args.json else render(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
