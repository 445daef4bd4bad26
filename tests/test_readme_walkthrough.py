"""The README's sign-in walk-through, run as written (bash + curl) against a real `kawal serve`."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database", ["sqlite"], indirect=True)]


def walkthrough() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- walkthrough:begin -->\s*```bash\n(.*?)```\s*<!-- walkthrough:end -->", text, re.S)
    assert match, "README.md lost its walk-through block"
    return match.group(1)


@pytest.fixture
def server(cli_env: dict[str, str], database: object, tmp_path: Path) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen([str(BIN / "kawal"), "serve", "--port", str(port)], env=cli_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not become ready")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def test_readme_walkthrough_runs(server: str, cli_env: dict[str, str], tmp_path: Path) -> None:
    if shutil.which("curl") is None:
        message = "curl is not installed"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    env = {**cli_env, "BASE": server, "KAWAL": str(BIN / "kawal"), "PY": sys.executable}
    result = subprocess.run(["bash", "-c", walkthrough()], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert '"Budi Santoso"' in result.stdout  # step 6 printed the decrypted record
    assert "MFA is active" in result.stdout
    assert result.stdout.count("\"Budi Santoso\"") == 2  # read again after the second, TOTP sign-in
