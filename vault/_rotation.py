"""Root key rotation: a new version, re-wrapping every data key (resumable), retiring old versions.

Part of `Vault` (vault/store.py), split by concern; the methods share the vault's state and helpers.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import and_, bindparam, func, select, update

from vault._common import _dek_aad, _meta_aad, _translate_db_errors
from vault.contracts import (
    RewrapReport,
)
from vault.errors import (
    RootKeyInUse,
)
from vault.models import vault_data_keys, vault_meta


class Rotating:
    """Mixed into `Vault`; not used alone."""

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
