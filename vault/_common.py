"""What the vault's modules share: validation of ids and kinds, record serialisation, AAD layouts,
the database-error translation, and the clock.

Private to `vault`; the public API is `Vault` (vault/store.py).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import Connection, exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite

from vault._aead import bind
from vault.contracts import (
    AccessContext,
)
from vault.errors import (
    InvalidRecord,
    InvalidSubject,
    RecordTooDeep,
    RecordTooLarge,
    StoreError,
    StoreUnavailable,
)

P = ParamSpec("P")
T = TypeVar("T")

_INDEX_KEY_NAME = "index-key"
_SYSTEM = AccessContext()
_MAX_SUBJECT_ID = 256
#: The kind of a record stored without one (and of every record written before kinds existed).
DEFAULT_KIND = "record"
_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
_REF = re.compile(r"[0-9a-f]{64}")
#: Retention destroys a month's data keys only this long after the month ended, so that no write
#: that chose the month's key just before midnight can still be on its way.
_KEY_GRACE = timedelta(days=1)


def _translate_db_errors(method: Callable[P, T]) -> Callable[P, T]:
    """Turn driver exceptions into the vault's typed errors; never leak statements or parameters."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except (sa_exc.OperationalError, sa_exc.InterfaceError) as exc:
            raise StoreUnavailable(f"database unavailable ({type(exc.orig).__name__})") from None
        except sa_exc.DBAPIError as exc:
            raise StoreError(f"database error ({type(exc.orig).__name__})") from None
        except sa_exc.SQLAlchemyError as exc:
            raise StoreError(f"database error ({type(exc).__name__})") from None

    return wrapper


def _now() -> datetime:
    return datetime.now(UTC)


def json_depth(value: Any) -> int:
    """How deeply *value* nests objects and arrays ({"a": 1} is 1), without recursing.

    Iterative on purpose: the value may come from outside nested far deeper than Python's stack.
    """
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, Mapping):
            children: Iterable[Any] = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in children)
    return deepest


def _serialize(record: Mapping[str, Any], limit: int, max_depth: int) -> bytes:
    """The record as compact UTF-8 JSON, refused when it is not an object, too deep or too large.

    The depth limit holds at write time because a record stored deeper than readers can serialise
    (pydantic stops at 255 levels, the stdlib near 1,000) could be stored but never read back.
    """
    if not isinstance(record, Mapping):
        raise InvalidRecord("a record must be a JSON object")
    depth = json_depth(record)
    if depth > max_depth:
        raise RecordTooDeep(depth, max_depth)
    try:
        raw = json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise InvalidRecord(f"record is not serialisable as JSON: {exc}") from None
    except UnicodeEncodeError:
        raise InvalidRecord("record contains text that is not valid Unicode (lone surrogate)") from None
    if len(raw) > limit:
        raise RecordTooLarge(len(raw), limit)
    return raw


def _aware(at: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time the vault stores is UTC."""
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _check_kind(kind: str) -> None:
    if not isinstance(kind, str) or not _KIND.fullmatch(kind):
        raise InvalidRecord("a record kind is 1-40 lowercase letters, digits or underscores, starting with a letter")


def _check_ref(ref: str) -> None:
    if not isinstance(ref, str) or not _REF.fullmatch(ref):
        raise InvalidSubject("a subject reference is 64 lowercase hex digits")


def _scope(kind: str, at: datetime) -> str:
    """The data-key scope of records of *kind* written at *at*: one key per subject, kind and month."""
    return f"{kind}/{at:%Y-%m}"


def _check_subject(subject_id: str) -> None:
    if not isinstance(subject_id, str) or not subject_id.strip():
        raise InvalidSubject("subject id must be a non-empty string")
    if len(subject_id) > _MAX_SUBJECT_ID:
        raise InvalidSubject(f"subject id is longer than {_MAX_SUBJECT_ID} characters")
    if not subject_id.isprintable():
        raise InvalidSubject("subject id must be printable text (no NUL or control characters)")


def _record_context(tenant: str, subject_ref: str, key_id: str) -> bytes:
    """Constant part of a record blob's associated data; the record id is appended per record."""
    return bind("kawal/v1/record", tenant, subject_ref, key_id)


def _dek_aad(tenant: str, subject_ref: str, key_id: str) -> bytes:
    return bind("kawal/v1/data-key", tenant, subject_ref, key_id)


def _meta_aad(tenant: str, name: str) -> bytes:
    return bind("kawal/v1/vault-meta", tenant, name)


def _insert_ignore(conn: Connection, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for the two dialects Kawal supports."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()
