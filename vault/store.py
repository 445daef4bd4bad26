"""The record vault: envelope encryption of JSON records, one data key per data subject.

Layout of trust: root key (provider) -> wraps data keys (database, wrapped only) -> seal records.
A subject's records are sealed under its active data key, which is rotated after
`max_encryptions_per_key` uses; destroying all of a subject's data keys (`shred`) makes every one of
its records unreadable while the rest of the vault is untouched (crypto-shredding).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import re
import uuid
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, TypeVar

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, Engine, and_, bindparam, exc as sa_exc, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

import dbcore
from policies import VaultPolicy
from vault._aead import DataKey, bind, new_key
from vault.blind_index import BlindIndex
from vault.cache import KeyCache
from vault.contracts import (
    AccessContext,
    AccessEvent,
    AccessObserver,
    ErasureCertificate,
    ExpiryReport,
    IntegrityReport,
    KindStats,
    Record,
    RecordInfo,
    RewrapReport,
    ShredReport,
    VaultStatus,
    ignore_access,
)
from vault.errors import (
    InvalidRecord,
    InvalidSubject,
    RecordNotFound,
    RecordTampered,
    RecordTooDeep,
    RecordTooLarge,
    RootKeyError,
    RootKeyExists,
    RootKeyInUse,
    StoreError,
    StoreUnavailable,
    SubjectNotFound,
    SubjectShredded,
    WrongRootKey,
)
from vault.keyring import RootKeyProvider
from vault.models import vault_blind_index, vault_data_keys, vault_meta, vault_records, vault_subjects
from vault.sealer import Sealer

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


class Vault:
    """Encrypted, searchable, shreddable storage of customer records.

    Construct one per process and share it: it caches unwrapped data keys. All methods take an
    optional `AccessContext`; every access is reported to the `observer` before it takes effect.
    """

    def __init__(
        self,
        engine: Engine,
        keys: RootKeyProvider,
        policy: VaultPolicy,
        *,
        tenant: str = "default",
        observer: AccessObserver = ignore_access,
    ) -> None:
        self._engine = engine
        # SQLite: take the write lock when the transaction starts, so that concurrent writers queue
        # on busy_timeout instead of failing on a read-to-write lock upgrade. Other dialects ignore it.
        self._writer = dbcore.writer(engine)
        self._keys = keys
        self._policy = policy
        self.tenant = tenant
        self._observer = observer
        self._field_classes = policy.class_of_field()
        self._cache = KeyCache(policy.key_cache_size, policy.key_cache_ttl_seconds)
        self._index: BlindIndex | None = None
        self._subject_key: bytes | None = None
        self.counters: dict[str, int] = dict.fromkeys(
            ("put", "get", "find", "shred", "unwrap", "keys_created", "keys_rotated", "rewrapped"), 0
        )

    def _classes(self, field_names: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted({self._field_classes.get(str(name), "other") for name in field_names}))

    # -- set-up -----------------------------------------------------------------------------
    @property
    def policy(self) -> VaultPolicy:
        return self._policy

    @property
    def cache(self) -> KeyCache:
        return self._cache

    @property
    def root_version(self) -> int:
        """The root key version that new data keys are wrapped under."""
        return self._keys.current_version()

    @_translate_db_errors
    def check_keys(self) -> None:
        """Load (or, in an empty vault, create) the index key; raise if the root key cannot open it.

        This is the start-up and readiness check: a wrong root key fails here with `WrongRootKey`
        instead of on the first customer request.
        """
        master = self._read_index_master()
        if self._index is None:
            self._install_index_key(master)

    def _load_index_key(self) -> BlindIndex:
        if self._index is None:
            self._install_index_key(self._read_index_master())
        assert self._index is not None
        return self._index

    def _read_index_master(self) -> bytes:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(vault_meta.c.wrapped_key, vault_meta.c.root_version).where(
                    vault_meta.c.tenant == self.tenant, vault_meta.c.name == _INDEX_KEY_NAME
                )
            ).first()
        if row is None:
            return self._create_index_key()
        return self._unwrap(row.root_version, row.wrapped_key, _meta_aad(self.tenant, _INDEX_KEY_NAME))

    def _install_index_key(self, master: bytes) -> None:
        self._subject_key = self._derive(master, b"kawal/v1/subject-reference")
        self._index = BlindIndex(
            self._derive(master, b"kawal/v1/blind-index"),
            self._policy.searchable_fields,
            self._policy.default_phone_region,
        )

    @staticmethod
    def _derive(master: bytes, label: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(master)

    def _create_index_key(self) -> bytes:
        """Create the tenant's index key, unless the vault already holds data (then the key is lost)."""
        with self._writer.begin() as conn:
            holds_data = conn.execute(
                select(func.count()).select_from(vault_data_keys).where(vault_data_keys.c.tenant == self.tenant)
            ).scalar_one()
            if holds_data:
                raise StoreError("the vault holds data keys but its index key is missing: restore the database")
            master = new_key()
            version, wrapped = self._keys.wrap(master, _meta_aad(self.tenant, _INDEX_KEY_NAME))
            inserted = conn.execute(
                _insert_ignore(conn, vault_meta).values(
                    tenant=self.tenant,
                    name=_INDEX_KEY_NAME,
                    wrapped_key=wrapped,
                    root_version=version,
                    created_at=_now(),
                )
            ).rowcount
        if inserted != 1:  # another process created it first: use theirs
            return self._read_index_master()
        return master

    def _unwrap(self, version: int, wrapped: bytes, aad: bytes) -> bytes:
        self.counters["unwrap"] += 1
        key = self._keys.unwrap(version, wrapped, aad)
        if key is None:
            raise WrongRootKey(
                f"root key version {version} does not open the keys stored in the database: "
                "wrong root key, or the stored key was altered"
            )
        return key

    def sealer(self, purpose: str) -> Sealer:
        """A `Sealer` for another module's secrets (e.g. purpose "auth/totp"), keyed from the vault master."""
        if not purpose or len(purpose) > 64:
            raise ValueError("a sealer purpose is 1 to 64 characters")
        master = self._read_index_master()
        label = purpose.encode("utf-8")
        return Sealer(
            self.tenant,
            purpose,
            self._derive(master, b"kawal/v1/sealer-encryption/" + label),
            self._derive(master, b"kawal/v1/sealer-mac/" + label),
        )

    def subject_ref(self, subject_id: str) -> str:
        """The pseudonymous, stable reference under which *subject_id* is stored (HMAC-SHA256)."""
        _check_subject(subject_id)
        self._load_index_key()
        assert self._subject_key is not None
        message = bind(self.tenant, subject_id)
        return hmac.new(self._subject_key, message, hashlib.sha256).hexdigest()

    @_translate_db_errors
    def live_subject_ref(self, subject_id: str) -> str:
        """`subject_ref`, refused (`SubjectShredded`) once the subject was erased.

        Lookups by customer id (whose trail is this?) must stop linking a person to the history
        once she is erased; the erasure certificate's reference still finds the pseudonymous
        events for whoever holds the certificate (proof that erasure happened).
        """
        ref = self.subject_ref(subject_id)
        with self._engine.connect() as conn:
            shredded = conn.execute(select(vault_subjects.c.shredded_at).where(
                vault_subjects.c.subject_ref == ref)).scalar_one_or_none()
        if shredded is not None:
            raise SubjectShredded("this customer was erased: her id no longer resolves to the audit trail "
                                  "(query by the erasure certificate's subject_ref)")
        return ref

    # -- writing ----------------------------------------------------------------------------
    @_translate_db_errors
    def put(
        self, subject_id: str, record: Mapping[str, Any], context: AccessContext = _SYSTEM, *, kind: str = DEFAULT_KIND,
        written_at: datetime | None = None,
    ) -> str:
        """Encrypt and store *record* of *kind* (its retention class) for *subject_id*; return its id."""
        return self.put_many([(subject_id, record)], context, kind=kind, written_at=written_at)[0]

    @_translate_db_errors
    def put_many(
        self, items: Iterable[tuple[str, Mapping[str, Any]]], context: AccessContext = _SYSTEM, *,
        kind: str = DEFAULT_KIND, written_at: datetime | None = None,
    ) -> list[str]:
        """Store several records of one *kind* in one transaction (all or nothing); return their ids in order.

        *written_at* (default now) is for imports of older records: retention counts from it, so a
        transcript migrated from a previous system keeps its real age.
        """
        _check_kind(kind)
        now = _now()
        if written_at is not None:
            written_at = _aware(written_at).astimezone(UTC)
            if written_at > now + timedelta(minutes=1):
                raise InvalidRecord("written_at is in the future")
        index = self._load_index_key()
        prepared = [
            (self.subject_ref(subject_id), _serialize(record, self._policy.max_record_bytes, self._policy.max_record_depth), record)
            for subject_id, record in items
        ]
        if not prepared:
            return []
        uses: dict[str, int] = {}
        for ref, _, _ in prepared:
            uses[ref] = uses.get(ref, 0) + 1
        now = written_at or now
        keys = self._active_keys(uses, _scope(kind, now))
        record_ids = [uuid.uuid4().hex for _ in prepared]
        classes = self._classes(name for _, _, record in prepared for name in record)
        self._observer(AccessEvent("put", self.tenant, context, tuple(uses), tuple(record_ids), data_classes=classes))
        rows, index_rows = [], []
        for record_id, (ref, raw, record) in zip(record_ids, prepared, strict=True):
            key = keys[ref]
            blob = key.seal(raw, record_id)
            rows.append(
                {"record_id": record_id, "tenant": self.tenant, "subject_ref": ref,
                 "key_id": key.key_id, "blob": blob, "kind": kind, "created_at": now}
            )
            index_rows.extend(
                {"record_id": record_id, "field": name, "digest": digest} for name, digest in index.entries(record)
            )
        with self._writer.begin() as conn:
            conn.execute(vault_records.insert(), rows)
            if index_rows:
                conn.execute(vault_blind_index.insert(), index_rows)
            self._count_uses(conn, {keys[ref].key_id: n for ref, n in uses.items()})
        self.counters["put"] += len(rows)
        return record_ids

    def _count_uses(self, conn: Connection, uses: Mapping[str, int]) -> None:
        """Add *uses* to each key's encryption count; fail (and roll back) if a key was destroyed meanwhile."""
        statement = (
            update(vault_data_keys)
            .where(vault_data_keys.c.key_id == bindparam("k"), vault_data_keys.c.state != "destroyed")
            .values(encryptions=vault_data_keys.c.encryptions + bindparam("n"))
        )
        params = [{"k": key_id, "n": n} for key_id, n in uses.items()]
        if conn.dialect.supports_sane_multi_rowcount:
            done = conn.execute(statement, params).rowcount
        else:
            done = sum(conn.execute(statement, [p]).rowcount for p in params)
        if done != len(params):
            raise StoreError("a data key was destroyed while records were being written under it; retry")

    def _active_keys(self, uses: Mapping[str, int], scope: str) -> dict[str, DataKey]:
        """Each subject's active data key for *scope*, created or rotated when it has no budget left for its uses."""
        refs = list(uses)
        rows: dict[str, Any] = {}
        with self._engine.connect() as conn:
            for start in range(0, len(refs), 500):
                rows.update(
                    (row.subject_ref, row)
                    for row in conn.execute(
                        select(
                            vault_data_keys.c.subject_ref,
                            vault_data_keys.c.key_id,
                            vault_data_keys.c.wrapped_key,
                            vault_data_keys.c.root_version,
                            vault_data_keys.c.encryptions,
                        ).where(
                            vault_data_keys.c.subject_ref.in_(refs[start : start + 500]),
                            vault_data_keys.c.scope == scope,
                            vault_data_keys.c.state == "active",
                        )
                    )
                )
        keys: dict[str, DataKey] = {}
        missing: dict[str, str | None] = {}  # subject ref -> the key it replaces, if any
        for ref, n in uses.items():
            row = rows.get(ref)
            if row is not None and row.encryptions + n <= self._policy.max_encryptions_per_key:
                keys[ref] = self._data_key(ref, row.key_id, row.root_version, row.wrapped_key)
            else:
                missing[ref] = row.key_id if row is not None else None
        created = self._new_data_keys(missing, scope) if missing else {}
        if created is not None:
            return {**keys, **created}
        for ref, retire in missing.items():
            keys[ref] = self._new_data_key(ref, scope, retire=retire)
        return keys

    def _new_data_keys(self, missing: Mapping[str, str | None], scope: str) -> dict[str, DataKey] | None:
        """Create the keys of many subjects in one transaction (imports, batches of new customers).

        None when another writer created or rotated one of them at the same moment: the caller then
        goes one key at a time, which resolves each conflict by using the other writer's key.
        """
        now = _now()
        made: dict[str, tuple[str, bytes, int, bytes]] = {}
        for ref in missing:
            material, key_id = new_key(), uuid.uuid4().hex
            version, wrapped = self._keys.wrap(material, _dek_aad(self.tenant, ref, key_id))
            made[ref] = (key_id, material, version, wrapped)
        retiring = [key_id for key_id in missing.values() if key_id is not None]
        try:
            with self._writer.begin() as conn:
                conn.execute(_insert_ignore(conn, vault_subjects),
                             [{"subject_ref": ref, "tenant": self.tenant, "created_at": now} for ref in missing])
                if retiring:
                    conn.execute(update(vault_data_keys)
                                 .where(vault_data_keys.c.key_id.in_(retiring), vault_data_keys.c.state == "active")
                                 .values(state="retired"))
                conn.execute(vault_data_keys.insert(), [
                    {"key_id": key_id, "tenant": self.tenant, "subject_ref": ref, "scope": scope, "state": "active",
                     "wrapped_key": wrapped, "root_version": version, "encryptions": 0, "created_at": now}
                    for ref, (key_id, _, version, wrapped) in made.items()])
        except sa_exc.IntegrityError:
            return None
        self.counters["keys_rotated"] += len(retiring)
        self.counters["keys_created"] += len(made) - len(retiring)
        keys = {}
        for ref, (key_id, material, _, _) in made.items():
            keys[ref] = DataKey(key_id, material, _record_context(self.tenant, ref, key_id))
            self._cache.put(keys[ref])
        return keys

    def _data_key(self, subject_ref: str, key_id: str, root_version: int, wrapped: bytes) -> DataKey:
        key = self._cache.get(key_id)
        if key is None:
            material = self._unwrap(root_version, wrapped, _dek_aad(self.tenant, subject_ref, key_id))
            key = DataKey(key_id, material, _record_context(self.tenant, subject_ref, key_id))
            self._cache.put(key)
        return key

    def _new_data_key(self, subject_ref: str, scope: str, retire: str | None) -> DataKey:
        created = self._new_data_keys({subject_ref: retire}, scope)
        if created is None:
            # Another writer created or rotated this subject's key at the same moment: use theirs.
            return self._active_keys({subject_ref: 0}, scope)[subject_ref]
        return created[subject_ref]

    # -- reading ----------------------------------------------------------------------------
    @_translate_db_errors
    def get(self, record_id: str, context: AccessContext = _SYSTEM) -> Record:
        """Decrypt one record; `RecordNotFound`, `SubjectShredded` or `RecordTampered` otherwise."""
        return self.get_many([record_id], context)[0]

    @_translate_db_errors
    def get_many(self, record_ids: Sequence[str], context: AccessContext = _SYSTEM) -> list[Record]:
        """Decrypt several records in one query; fails as a whole if any one is missing or bad."""
        wanted = list(dict.fromkeys(record_ids))
        if not wanted:
            return []
        for record_id in wanted:
            if not isinstance(record_id, str) or len(record_id) > 64 or not record_id.isprintable():
                # Ids are 32 hex digits; NUL or control characters would reach the driver (PostgreSQL
                # refuses NUL in text) for an answer that is known already.
                raise RecordNotFound(f"no record {record_id[:64]!r}")
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    vault_records.c.record_id,
                    vault_records.c.subject_ref,
                    vault_records.c.key_id,
                    vault_records.c.blob,
                    vault_data_keys.c.state,
                    vault_data_keys.c.wrapped_key,
                    vault_data_keys.c.root_version,
                )
                .join(vault_data_keys, vault_data_keys.c.key_id == vault_records.c.key_id)
                .where(vault_records.c.tenant == self.tenant, vault_records.c.record_id.in_(wanted))
            ).all()
        by_id = {row.record_id: row for row in rows}
        missing = [rid for rid in wanted if rid not in by_id]
        if missing:
            raise RecordNotFound(f"no record {missing[0]}")
        for row in rows:
            if row.state == "destroyed" or row.wrapped_key is None:
                raise SubjectShredded(f"record {row.record_id} belongs to an erased subject")
        out: dict[str, Record] = {}
        for row in rows:
            key = self._data_key(row.subject_ref, row.key_id, row.root_version, row.wrapped_key)
            plaintext = key.open(row.blob, row.record_id)
            out[row.record_id] = Record(row.record_id, row.subject_ref, json.loads(plaintext))
        # Reported after decryption (so the event can name the data classes read) and before anything
        # is returned: an observer that raises still stops the access.
        classes = self._classes(name for record in out.values() for name in record.data)
        self._observer(
            AccessEvent(
                "get", self.tenant, context, tuple(dict.fromkeys(r.subject_ref for r in rows)), tuple(wanted),
                data_classes=classes,
            )
        )
        self.counters["get"] += len(out)
        return [out[rid] for rid in record_ids]

    @_translate_db_errors
    def find(self, field: str, value: str, context: AccessContext = _SYSTEM) -> list[str]:
        """Ids of readable records whose *field* equals *value* after normalisation."""
        digest = self._load_index_key().digest(field, value)
        if digest is None:
            return []
        with self._engine.connect() as conn:
            ids = list(
                conn.execute(
                    select(vault_blind_index.c.record_id)
                    .join(vault_records, vault_records.c.record_id == vault_blind_index.c.record_id)
                    .where(
                        vault_records.c.tenant == self.tenant,
                        vault_blind_index.c.field == field,
                        vault_blind_index.c.digest == digest,
                    )
                    .order_by(vault_records.c.created_at, vault_records.c.record_id)
                ).scalars()
            )
        searched = self._policy.searchable_fields.get(field)
        self._observer(AccessEvent("find", self.tenant, context, (), tuple(ids), field,
                                   data_classes=self._classes([searched.path if searched else field])))
        self.counters["find"] += 1
        return ids

    @_translate_db_errors
    def subjects_matching(self, field: str, value: str, context: AccessContext = _SYSTEM) -> list[str]:
        """References of the subjects holding a record whose *field* equals *value* (a requester's phone,
        email or NIK), without decrypting anything."""
        digest = self._load_index_key().digest(field, value)
        if digest is None:
            return []
        with self._engine.connect() as conn:
            refs = list(conn.execute(
                select(vault_records.c.subject_ref).distinct()
                .join(vault_blind_index, vault_records.c.record_id == vault_blind_index.c.record_id)
                .where(vault_records.c.tenant == self.tenant, vault_blind_index.c.field == field,
                       vault_blind_index.c.digest == digest)
                .order_by(vault_records.c.subject_ref)
            ).scalars())
        searched = self._policy.searchable_fields.get(field)
        self._observer(AccessEvent("find", self.tenant, context, tuple(refs), (), field,
                                   data_classes=self._classes([searched.path if searched else field])))
        self.counters["find"] += 1
        return refs

    # -- erasure ----------------------------------------------------------------------------
    @_translate_db_errors
    def shred(self, subject_id: str, context: AccessContext = _SYSTEM) -> ErasureCertificate:
        """Destroy every data key of *subject_id*: its records become permanently unreadable."""
        return self.shred_ref(self.subject_ref(subject_id), context)

    @_translate_db_errors
    def shred_ref(self, ref: str, context: AccessContext = _SYSTEM) -> ErasureCertificate:
        """`shred` for a subject known by its reference (a data-subject request finds it by phone or email)."""
        _check_ref(ref)
        # Reported before the write transaction opens: on SQLite the audit append needs the same
        # database write lock, and the attempt is worth recording even if it then fails.
        self._observer(AccessEvent("shred", self.tenant, context, (ref,)))
        with self._writer.begin() as conn:
            if conn.execute(select(vault_subjects.c.subject_ref).where(vault_subjects.c.subject_ref == ref)).first() is None:
                raise SubjectNotFound("no records were ever stored for this subject")
            keys = conn.execute(
                select(vault_data_keys.c.key_id, vault_data_keys.c.root_version).where(
                    vault_data_keys.c.subject_ref == ref, vault_data_keys.c.state != "destroyed"
                )
            ).all()
            records = conn.execute(
                select(func.count()).select_from(vault_records).where(vault_records.c.subject_ref == ref)
            ).scalar_one()
            now = _now()
            conn.execute(
                update(vault_data_keys)
                .where(vault_data_keys.c.subject_ref == ref, vault_data_keys.c.state != "destroyed")
                .values(state="destroyed", wrapped_key=None, destroyed_at=now)
            )
            conn.execute(
                vault_blind_index.delete().where(
                    vault_blind_index.c.record_id.in_(
                        select(vault_records.c.record_id).where(vault_records.c.subject_ref == ref)
                    )
                )
            )
            conn.execute(update(vault_subjects).where(vault_subjects.c.subject_ref == ref).values(shredded_at=now))
        key_ids = [k.key_id for k in keys]
        self._cache.evict(key_ids)
        self._scrub_free_pages()
        self.counters["shred"] += 1
        return ErasureCertificate(
            certificate_id=uuid.uuid4().hex,
            tenant=self.tenant,
            subject_ref=ref,
            shredded_at=now.isoformat(timespec="seconds"),
            records_affected=int(records),
            keys_destroyed=tuple(key_ids),
            root_versions=tuple(sorted({k.root_version for k in keys})),
        )

    # -- data-subject requests and retention ----------------------------------------------
    @_translate_db_errors
    def records_of(self, ref: str, context: AccessContext = _SYSTEM) -> list[RecordInfo]:
        """Every record stored for the subject *ref*, oldest first, without decrypting any."""
        _check_ref(ref)
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(vault_records.c.record_id, vault_records.c.kind, vault_records.c.created_at,
                       vault_data_keys.c.wrapped_key.is_not(None).label("readable"))
                .join(vault_data_keys, vault_data_keys.c.key_id == vault_records.c.key_id)
                .where(vault_records.c.tenant == self.tenant, vault_records.c.subject_ref == ref)
                .order_by(vault_records.c.created_at, vault_records.c.record_id)
            ).all()
        found = [RecordInfo(r.record_id, r.kind, _aware(r.created_at).isoformat(timespec="seconds"), bool(r.readable))
                 for r in rows]
        self._observer(AccessEvent("find", self.tenant, context, (ref,), tuple(r.record_id for r in found), "subject"))
        self.counters["find"] += 1
        return found

    @_translate_db_errors
    def update(self, record_id: str, record: Mapping[str, Any], context: AccessContext = _SYSTEM) -> None:
        """Replace a record's content (rectification), keeping its id, subject, kind and age."""
        raw = _serialize(record, self._policy.max_record_bytes, self._policy.max_record_depth)
        index = self._load_index_key()
        with self._engine.connect() as conn:
            row = conn.execute(
                select(vault_records.c.subject_ref, vault_records.c.kind, vault_data_keys.c.wrapped_key)
                .join(vault_data_keys, vault_data_keys.c.key_id == vault_records.c.key_id)
                .where(vault_records.c.tenant == self.tenant, vault_records.c.record_id == record_id)
            ).first()
        if row is None:
            raise RecordNotFound(f"no record {record_id}")
        if row.wrapped_key is None:
            raise SubjectShredded(f"record {record_id} belongs to an erased subject")
        key = self._active_keys({row.subject_ref: 1}, _scope(row.kind, _now()))[row.subject_ref]
        self._observer(AccessEvent("update", self.tenant, context, (row.subject_ref,), (record_id,),
                                   data_classes=self._classes(record)))
        blob = key.seal(raw, record_id)
        with self._writer.begin() as conn:
            conn.execute(update(vault_records).where(vault_records.c.record_id == record_id)
                         .values(blob=blob, key_id=key.key_id))
            conn.execute(vault_blind_index.delete().where(vault_blind_index.c.record_id == record_id))
            entries = [{"record_id": record_id, "field": name, "digest": digest} for name, digest in index.entries(record)]
            if entries:
                conn.execute(vault_blind_index.insert(), entries)
            self._count_uses(conn, {key.key_id: 1})
        self._scrub_free_pages()
        self.counters["put"] += 1

    @_translate_db_errors
    def verify_sample(self, limit: int = 200, context: AccessContext = _SYSTEM) -> IntegrityReport:
        """Open a random sample of stored records under their own keys, to show they are ciphertext.

        Evidence that encryption covers the records has to be measured on the rows, not read off the
        cipher's name: each sampled blob must not be JSON in clear and must decrypt and authenticate
        (GCM tag and key commitment) under its subject's data key. The plaintexts are dropped; the
        check is reported to the observer as one `verify` access, with the subjects it touched.
        """
        t = self.tenant
        with self._engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(vault_records).where(vault_records.c.tenant == t)).scalar_one()
            rows = conn.execute(
                select(vault_records.c.record_id, vault_records.c.subject_ref, vault_records.c.key_id,
                       vault_records.c.blob, vault_data_keys.c.wrapped_key, vault_data_keys.c.root_version)
                .join(vault_data_keys, vault_data_keys.c.key_id == vault_records.c.key_id)
                .where(vault_records.c.tenant == t).order_by(func.random()).limit(max(0, limit))
            ).all()
        opened = failed = plaintext = erased = 0
        for row in rows:
            blob = bytes(row.blob)
            if blob[:1] in (b"{", b"[") or blob[:2] == b'"{':
                plaintext += 1
                continue
            if row.wrapped_key is None:
                erased += 1
                continue
            try:
                key = self._data_key(row.subject_ref, row.key_id, row.root_version, row.wrapped_key)
                key.open(blob, row.record_id)
            except (RecordTampered, RootKeyError, ValueError):
                failed += 1
                continue
            opened += 1
        self._observer(AccessEvent("verify", t, context, tuple(dict.fromkeys(r.subject_ref for r in rows)),
                                   tuple(r.record_id for r in rows)))
        return IntegrityReport(total, len(rows), opened, failed, plaintext, erased)

    @_translate_db_errors
    def shred_report(self) -> ShredReport:
        """Erased subjects and whether any data key of theirs still holds key material."""
        t = self.tenant
        with self._engine.connect() as conn:
            shredded = conn.execute(select(func.count()).select_from(vault_subjects).where(
                vault_subjects.c.tenant == t, vault_subjects.c.shredded_at.is_not(None))).scalar_one()
            live = conn.execute(
                select(func.count(func.distinct(vault_data_keys.c.subject_ref)))
                .join(vault_subjects, vault_subjects.c.subject_ref == vault_data_keys.c.subject_ref)
                .where(vault_subjects.c.tenant == t, vault_subjects.c.shredded_at.is_not(None),
                       vault_data_keys.c.wrapped_key.is_not(None))
            ).scalar_one()
            destroyed = conn.execute(select(func.count()).select_from(vault_data_keys).where(
                vault_data_keys.c.tenant == t, vault_data_keys.c.wrapped_key.is_(None))).scalar_one()
        return ShredReport(int(shredded), int(live), int(destroyed))

    @_translate_db_errors
    def records_written_since(self, since: datetime, kinds: Collection[str] | None = None) -> int:
        """How many records were written at or after *since* (of *kinds*, or all)."""
        query = select(func.count()).select_from(vault_records).where(
            vault_records.c.tenant == self.tenant, vault_records.c.created_at >= since)
        if kinds is not None:
            query = query.where(vault_records.c.kind.in_(list(kinds)))
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    @_translate_db_errors
    def kind_stats(
        self, cutoffs: Mapping[str, datetime] | None = None, *, keep: Collection[str] = ()
    ) -> dict[str, KindStats]:
        """Records per kind; with *cutoffs*, how many are older than their kind's cut-off (and of those,
        how many belong to the subjects in *keep*, such as those under legal hold)."""
        cutoffs = {kind: _aware(at).astimezone(UTC) for kind, at in (cutoffs or {}).items()}
        out: dict[str, KindStats] = {}
        r = vault_records.c
        with self._engine.connect() as conn:
            for kind, count, oldest in conn.execute(
                select(r.kind, func.count(), func.min(r.created_at)).where(r.tenant == self.tenant).group_by(r.kind)
            ).all():
                past = held = 0
                if kind in cutoffs:
                    old = (r.tenant == self.tenant) & (r.kind == kind) & (r.created_at < cutoffs[kind])
                    past = conn.execute(select(func.count()).where(old)).scalar_one()
                    if keep:
                        held = conn.execute(select(func.count()).where(old, r.subject_ref.in_(list(keep)))).scalar_one()
                out[kind] = KindStats(kind, int(count), _aware(oldest).isoformat(timespec="seconds") if oldest else None,
                                      int(past), int(held))
        return out

    @_translate_db_errors
    def expire(
        self, kind: str, created_before: datetime, *, keep: Collection[str] = (), dry_run: bool = False,
        batch_size: int = 2_000, context: AccessContext = _SYSTEM,
    ) -> ExpiryReport:
        """Remove records of *kind* created before *created_before*, except those of the subjects in *keep*.

        Records go in batches, one transaction each, every batch reported to the observer first; then
        the data keys of the kind's past months that no longer protect any record are destroyed, so the
        expired ciphertext left in backups becomes unreadable too (crypto-shredding). Safe to run again
        after a crash: each step picks up where the last one stopped.
        """
        _check_kind(kind)
        created_before = _aware(created_before).astimezone(UTC)
        r = vault_records.c
        keep = list(keep)
        expiring = (r.tenant == self.tenant) & (r.kind == kind) & (r.created_at < created_before)
        candidates = expiring & r.subject_ref.not_in(keep) if keep else expiring
        with self._engine.connect() as conn:
            held = conn.execute(select(func.count()).where(expiring, r.subject_ref.in_(keep))).scalar_one() if keep else 0
            if dry_run:
                records, subjects = conn.execute(select(func.count(), func.count(r.subject_ref.distinct())).where(candidates)).one()
                keys = len(self._spent_keys(conn, kind, candidates))
                return ExpiryReport(kind, created_before.isoformat(timespec="seconds"), True, int(records), keys,
                                    int(subjects), int(held))
        expired, touched = 0, set()
        while True:
            with self._engine.connect() as conn:
                rows = conn.execute(select(r.record_id, r.subject_ref).where(candidates)
                                    .order_by(r.created_at, r.record_id).limit(batch_size)).all()
            if not rows:
                break
            ids = [row.record_id for row in rows]
            refs = tuple(dict.fromkeys(row.subject_ref for row in rows))
            self._observer(AccessEvent("expire", self.tenant, context, refs, tuple(ids), kind))
            with self._writer.begin() as conn:
                conn.execute(vault_blind_index.delete().where(vault_blind_index.c.record_id.in_(ids)))
                # By id alone: the ids were just selected as candidates, and an extra range condition
                # can lead the planner away from the primary key into the whole expiry range.
                expired += conn.execute(vault_records.delete().where(r.record_id.in_(ids))).rowcount
            touched.update(refs)
        with self._engine.connect() as conn:
            spent = self._spent_keys(conn, kind, candidates)
        if spent:
            refs = tuple(dict.fromkeys(ref for _, ref in spent))
            self._observer(AccessEvent("expire_keys", self.tenant, context, refs, (), kind))
            ids = [key_id for key_id, _ in spent]
            with self._writer.begin() as conn:
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    conn.execute(
                        update(vault_data_keys)
                        .where(vault_data_keys.c.key_id.in_(chunk), vault_data_keys.c.state != "destroyed",
                               ~select(r.record_id).where(r.key_id == vault_data_keys.c.key_id).exists())
                        .values(state="destroyed", wrapped_key=None, destroyed_at=_now())
                    )
            self._cache.evict(ids)
            touched.update(refs)
        if expired or spent:
            self._scrub_free_pages()
        return ExpiryReport(kind, created_before.isoformat(timespec="seconds"), False, expired, len(spent),
                            len(touched), int(held))

    def _spent_keys(self, conn: Connection, kind: str, leaving: Any) -> list[tuple[str, str]]:
        """(key id, subject ref) of the kind's keys from months long closed that protect no record but
        those matched by *leaving*: after those records go, the keys protect nothing."""
        k, r = vault_data_keys.c, vault_records.c
        first_open_month = f"{_now() - _KEY_GRACE:%Y-%m}"
        month = func.substr(k.scope, len(kind) + 2)
        staying = select(r.record_id).where(r.key_id == k.key_id, ~leaving).exists()
        rows = conn.execute(
            select(k.key_id, k.subject_ref).where(
                k.tenant == self.tenant, k.state != "destroyed", k.scope.like(f"{kind}/%"), month < first_open_month, ~staying
            )
        ).all()
        return [(row.key_id, row.subject_ref) for row in rows]

    def _scrub_free_pages(self) -> None:
        """SQLite: fold the WAL back into the (secure_delete) database file and truncate it.

        With `secure_delete` on, SQLite zeroes freed cells; the checkpoint makes sure no copy of a
        destroyed wrapped key stays behind in the write-ahead log. PostgreSQL: see docs/vault-format.md.
        """
        if self._engine.dialect.name == "sqlite":
            with self._engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- root key rotation ------------------------------------------------------------------
    def rotate_root(self) -> int:
        """Create a new root key version; new keys are wrapped under it, old ones after `rewrap`."""
        return self._keys.rotate()

    @_translate_db_errors
    def rewrap(
        self, batch_size: int | None = None, progress: Callable[[int, int], None] | None = None
    ) -> RewrapReport:
        """Re-wrap every key under the newest root version, one committed batch at a time.

        Idempotent and resumable: each batch commits on its own and selects only keys still under
        an older version, so a run killed at any point is finished by running it again.
        """
        target = self._keys.current_version()
        size = batch_size or self._policy.rewrap_batch_size
        remaining = self._count_below(target)
        done = self._rewrap_meta(target)
        while True:
            with self._writer.begin() as conn:
                query = (
                    select(vault_data_keys.c.key_id, vault_data_keys.c.subject_ref,
                           vault_data_keys.c.wrapped_key, vault_data_keys.c.root_version)
                    .where(
                        vault_data_keys.c.tenant == self.tenant,
                        vault_data_keys.c.root_version < target,
                        vault_data_keys.c.wrapped_key.is_not(None),
                    )
                    .order_by(vault_data_keys.c.key_id)
                    .limit(size)
                )
                if conn.dialect.name == "postgresql":
                    query = query.with_for_update(skip_locked=True)
                rows = conn.execute(query).all()
                if not rows:
                    break
                params = []
                for row in rows:
                    aad = _dek_aad(self.tenant, row.subject_ref, row.key_id)
                    material = self._unwrap(row.root_version, row.wrapped_key, aad)
                    version, wrapped = self._keys.wrap(material, aad)
                    params.append({"k": row.key_id, "w": wrapped, "v": version, "old": row.root_version})
                conn.execute(
                    update(vault_data_keys)
                    .where(and_(vault_data_keys.c.key_id == bindparam("k"),
                                vault_data_keys.c.root_version == bindparam("old")))
                    .values(wrapped_key=bindparam("w"), root_version=bindparam("v")),
                    params,
                )
            done += len(rows)
            self.counters["rewrapped"] += len(rows)
            if progress is not None:
                progress(done, remaining)
        return RewrapReport(target_version=target, rewrapped=done, remaining=self._count_below(target))

    def _rewrap_meta(self, target: int) -> int:
        with self._writer.begin() as conn:
            rows = conn.execute(
                select(vault_meta.c.name, vault_meta.c.wrapped_key, vault_meta.c.root_version).where(
                    vault_meta.c.tenant == self.tenant, vault_meta.c.root_version < target
                )
            ).all()
            for row in rows:
                aad = _meta_aad(self.tenant, row.name)
                version, wrapped = self._keys.wrap(self._unwrap(row.root_version, row.wrapped_key, aad), aad)
                conn.execute(
                    update(vault_meta)
                    .where(vault_meta.c.tenant == self.tenant, vault_meta.c.name == row.name)
                    .values(wrapped_key=wrapped, root_version=version)
                )
        return len(rows)

    def _count_below(self, version: int) -> int:
        with self._engine.connect() as conn:
            keys = conn.execute(
                select(func.count()).select_from(vault_data_keys).where(
                    vault_data_keys.c.tenant == self.tenant,
                    vault_data_keys.c.root_version < version,
                    vault_data_keys.c.wrapped_key.is_not(None),
                )
            ).scalar_one()
            meta = conn.execute(
                select(func.count()).select_from(vault_meta).where(
                    vault_meta.c.tenant == self.tenant, vault_meta.c.root_version < version
                )
            ).scalar_one()
        return int(keys) + int(meta)

    @_translate_db_errors
    def retire_root(self, below_version: int, *, destroy: bool = False) -> None:
        """Retire root versions below *below_version*, once no key is wrapped under them any more.

        *destroy* also erases their key material from the provider: the step that makes earlier
        shreds final in backups and WAL archives that still hold the wrapped data keys.
        """
        still = self._count_below(below_version)
        if still:
            raise RootKeyInUse(
                f"{still} keys are still wrapped under root versions below {below_version}: "
                "run `kawal vault rewrap` first"
            )
        self._keys.retire_below(below_version, destroy=destroy)

    # -- facts ------------------------------------------------------------------------------
    @_translate_db_errors
    def status(self) -> VaultStatus:
        """Counts by key state and root version; no contents, no subject ids."""
        t = self.tenant
        with self._engine.connect() as conn:
            by_version = dict(
                conn.execute(
                    select(vault_data_keys.c.root_version, func.count())
                    .where(vault_data_keys.c.tenant == t, vault_data_keys.c.wrapped_key.is_not(None))
                    .group_by(vault_data_keys.c.root_version)
                ).all()
            )
            states = dict(
                conn.execute(
                    select(vault_data_keys.c.state, func.count())
                    .where(vault_data_keys.c.tenant == t)
                    .group_by(vault_data_keys.c.state)
                ).all()
            )
            records = conn.execute(
                select(func.count()).select_from(vault_records).where(vault_records.c.tenant == t)
            ).scalar_one()
            subjects, shredded = conn.execute(
                select(func.count(), func.count(vault_subjects.c.shredded_at)).where(vault_subjects.c.tenant == t)
            ).one()
        current = self._keys.current_version()
        created_at = getattr(self._keys, "created_at", None)  # optional: not every provider knows
        return VaultStatus(
            tenant=t,
            current_root_created=created_at(current) if callable(created_at) else None,
            current_root_version=current,
            min_decryption_version=self._keys.min_decryption_version(),
            keys_by_root_version={int(k): int(v) for k, v in by_version.items()},
            active_keys=int(states.get("active", 0)),
            destroyed_keys=int(states.get("destroyed", 0)),
            records=int(records),
            subjects=int(subjects),
            shredded_subjects=int(shredded),
        )


def _insert_ignore(conn: Connection, table: Any) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING for the two dialects Kawal supports."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def holds_keys(engine: Engine) -> bool:
    """Whether the database already holds wrapped keys (so a new root key must never be generated)."""
    try:
        with engine.connect() as conn:
            meta = conn.execute(select(func.count()).select_from(vault_meta)).scalar_one()
            keys = conn.execute(select(func.count()).select_from(vault_data_keys)).scalar_one()
    except sa_exc.ProgrammingError:
        return False  # tables not created yet
    except sa_exc.OperationalError as exc:
        if "no such table" in str(exc.orig):
            return False
        raise StoreUnavailable(f"database unavailable ({type(exc.orig).__name__})") from None
    return bool(meta or keys)


def ensure_no_keys(engine: Engine) -> None:
    """Raise `RootKeyExists` when creating a root key would orphan keys already in the database."""
    if holds_keys(engine):
        raise RootKeyExists(
            "the database already holds keys wrapped by an existing root key; restore that key "
            "instead of creating a new one"
        )


__all__ = ["DEFAULT_KIND", "Vault", "ensure_no_keys", "holds_keys"]
