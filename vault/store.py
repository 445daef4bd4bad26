"""The record vault: envelope encryption of JSON records, one data key per data subject.

Layout of trust: root key (provider) -> wraps data keys (database, wrapped only) -> seal records.
A subject's records are sealed under its active data key, which is rotated after
`max_encryptions_per_key` uses; destroying all of a subject's data keys (`shred`) makes every one of
its records unreadable while the rest of the vault is untouched (crypto-shredding).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Connection, Engine, bindparam, exc as sa_exc, func, select, update

import dbcore
from policies import VaultPolicy
from vault import _common
from vault._aead import DataKey, bind, new_key
from vault._common import (
    _INDEX_KEY_NAME,
    _SYSTEM,
    DEFAULT_KIND,
    _aware,
    _check_kind,
    _check_subject,
    _dek_aad,
    _insert_ignore,
    _meta_aad,
    _record_context,
    _scope,
    _serialize,
    _translate_db_errors,
)
from vault._expiry import Expiring
from vault._rotation import Rotating
from vault.blind_index import BlindIndex
from vault.cache import KeyCache
from vault.contracts import (
    AccessContext,
    AccessEvent,
    AccessObserver,
    Record,
    VaultStatus,
    ignore_access,
)
from vault.errors import (
    InvalidRecord,
    RecordNotFound,
    RootKeyExists,
    StoreError,
    StoreUnavailable,
    SubjectShredded,
    WrongRootKey,
)
from vault.keyring import RootKeyProvider
from vault.models import vault_blind_index, vault_data_keys, vault_meta, vault_records, vault_subjects
from vault.sealer import Sealer


class Vault(Expiring, Rotating):
    """Encrypted, searchable, shreddable storage of customer records.

    Construct one per process and share it: it caches unwrapped data keys. All methods take an
    optional `AccessContext`; every access is reported to the `observer` before it takes effect.
    Set-up, writing, reading and facts live here; erasure and expiry (`vault/_expiry.py`) and root
    key rotation (`vault/_rotation.py`) are mixed in; shared checks and layouts are `vault/_common.py`.
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
                    created_at=_common._now(),
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
        now = _common._now()
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
        now = _common._now()
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
