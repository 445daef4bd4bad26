"""Read one YAML policy file into its pydantic schema; one typed error for every way it can be wrong.

The bottom of `policies`: it imports no other policy module, so every schema module (frameworks
included) can use it without an import circle.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

__all__ = ["PolicyError"]

M = TypeVar("M", bound=BaseModel)


class PolicyError(Exception):
    """A policy file is missing, is not YAML, or does not match its schema."""


def _load(path: Path, model: type[M]) -> M:
    """*path* parsed and validated as *model*, or `PolicyError` naming the file and the first bad field."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PolicyError(f"policy file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PolicyError(f"cannot read policy file {path}: {exc}") from exc
    try:
        return model.model_validate(raw or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise PolicyError(f"invalid policy {path}: {where}: {first['msg']}") from exc
