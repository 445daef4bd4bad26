"""The house rules, enforced: layering, no environment reads in domain packages, small public APIs."""

from __future__ import annotations

import ast
import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ["compliance", "privacy", "vault", "redaction", "auth", "audit", "policies", "dbcore"]


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("package", DOMAIN)
def test_domain_packages_never_read_the_environment(package: str) -> None:
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "environb"}:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("package", [*DOMAIN, "kawal"])
def test_each_package_declares_its_public_api(package: str) -> None:
    module = importlib.import_module(package)
    assert isinstance(module.__all__, list)
    for name in module.__all__:
        assert hasattr(module, name), f"{package}.__all__ names missing {name}"


def test_only_the_aead_module_touches_aesgcm() -> None:
    users = [
        str(p.relative_to(ROOT))
        for package in [*DOMAIN, "kawal"]
        for p in (ROOT / package).rglob("*.py")
        if "AESGCM" in p.read_text(encoding="utf-8")
    ]
    assert users == ["vault/_aead.py"]


def test_every_package_is_in_the_wheel() -> None:
    """pyproject lists packages explicitly (generic names like `auth`): a forgotten sub-package would be
    missing from the wheel and the Docker image while every test here still passed."""
    import tomllib

    root = Path(__file__).resolve().parent.parent
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(root).parts)
        for top in ("kawal", *DOMAIN)
        for init in (root / top).rglob("__init__.py")
    }
    assert found == listed


def test_no_import_circles_in_any_package() -> None:
    """No module reaches back to one that imports it, deferred imports inside functions included.

    A circle hidden by an import inside a function is still a circle: it decides import order at
    run time and couples the two modules both ways. grimp (import-linter's graph) sees both kinds.
    """
    import grimp

    graph = grimp.build_graph("kawal", *DOMAIN)
    circles = sorted({tuple(sorted((module, imported))) for module in graph.modules
                      for imported in graph.find_modules_directly_imported_by(module)
                      if graph.find_shortest_chain(importer=imported, imported=module)})
    assert circles == []


def test_every_import_inside_a_function_says_why() -> None:
    """An import deferred into a function hides a dependency; it must be deliberate, and say so.

    The comment sits on the import line or on the line above a run of imports (a deferred heavy
    library, a lazy attribute, an optional extra); everything else is imported at the top.
    """
    silent = []
    for package in [*DOMAIN, "kawal"]:
        for path in (ROOT / package).rglob("*.py"):
            source = path.read_text(encoding="utf-8").splitlines()
            for function in ast.walk(ast.parse("\n".join(source))):
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                for node in ast.walk(function):
                    if not isinstance(node, (ast.Import, ast.ImportFrom)):
                        continue
                    line = node.lineno - 1
                    while line > 0 and source[line - 1].strip().startswith(("from ", "import ")):
                        line -= 1  # the first import of a run: its comment covers the run
                    if "#" not in source[node.lineno - 1] and not source[line - 1].strip().startswith("#"):
                        silent.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert silent == []
