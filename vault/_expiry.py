"""Erasure by crypto-shredding, and what data-subject requests and retention ask of the vault:
records of a subject, updates, expiry of records and of month keys.

Part of `Vault` (vault/store.py), split by concern; the methods share the vault's state and helpers.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select, update

from vault import _common
from vault._common import (
    _KEY_GRACE,
    _SYSTEM,
    _aware,
    _check_kind,
    _check_ref,
    _scope,
    _serialize,
    _translate_db_errors,
)
from vault.contracts import (
    AccessContext,
    AccessEvent,
    ErasureCertificate,
    ExpiryReport,
    IntegrityReport,
    KindStats,
    RecordInfo,
    ShredReport,
)
from vault.errors import (
    RecordNotFound,
    RecordTampered,
    RootKeyError,
    SubjectNotFound,
    SubjectShredded,
)
from vault.models import vault_blind_index, vault_data_keys, vault_records, vault_subjects


class Expiring:
    """Mixed into `Vault`; not used alone."""

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
            now = _common._now()
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
        key = self._active_keys({row.subject_ref: 1}, _scope(row.kind, _common._now()))[row.subject_ref]
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
                        .values(state="destroyed", wrapped_key=None, destroyed_at=_common._now())
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
        first_open_month = f"{_common._now() - _KEY_GRACE:%Y-%m}"
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
