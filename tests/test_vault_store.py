"""The vault against real databases (SQLite and PostgreSQL): every behaviour of vault/store.py."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select, update

from vault import (
    AccessContext,
    AccessEvent,
    FileKeyProvider,
    InvalidRecord,
    InvalidSubject,
    KeyCommitmentMismatch,
    RecordNotFound,
    RecordTampered,
    RecordTooLarge,
    RootKeyInUse,
    RootKeyRetired,
    StoreUnavailable,
    SubjectNotFound,
    SubjectShredded,
    UnknownSearchField,
    Vault,
    WrongRootKey,
)
from vault.models import vault_blind_index, vault_data_keys, vault_records

BUDI = {"name": "Budi Santoso", "phone": "0812 8877 4410", "email": "budi@example.co.id", "nik": "3171234567890001"}
SITI = {"name": "Siti Rahma", "phone": "+65 9123 4567", "card_number": "4111 1111 1111 1234"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)


def test_put_get_round_trip(vault: Vault) -> None:
    record_id = vault.put("cust-1", BUDI)
    record = vault.get(record_id)
    assert record.data == BUDI
    assert record.record_id == record_id
    assert record.subject_ref == vault.subject_ref("cust-1") != "cust-1"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.text(max_size=20), json_values, max_size=8))
def test_any_json_record_round_trips(vault: Vault, record: dict[str, Any]) -> None:
    assert vault.get(vault.put("prop-subject", record)).data == record


def test_find_normalises_the_query(vault: Vault) -> None:
    budi = vault.put("cust-1", BUDI)
    siti = vault.put("cust-2", SITI)
    assert vault.find("phone", "+62 812-8877-4410") == [budi]
    assert vault.find("email", "BUDI@EXAMPLE.CO.ID") == [budi]
    assert vault.find("nik", "3171 2345 6789 0001") == [budi]
    assert vault.find("card_last4", "1234") == [siti]
    assert vault.find("phone", "0812 0000 0000") == []
    with pytest.raises(UnknownSearchField):
        vault.find("name", "Budi Santoso")


def test_batched_put_and_get(vault: Vault) -> None:
    items = [(f"cust-{i % 7}", {"n": i, "phone": f"0812000000{i:02d}"}) for i in range(50)]
    ids = vault.put_many(items)
    assert len(set(ids)) == 50
    records = vault.get_many(list(reversed(ids)))
    assert [r.data["n"] for r in records] == list(reversed(range(50)))
    with pytest.raises(RecordNotFound):
        vault.get_many([ids[0], "0" * 32])


def test_bad_records_are_refused_before_any_write(make_vault: Any, database: Any) -> None:
    vault = make_vault(max_record_bytes=200)
    with pytest.raises(RecordTooLarge, match="limit is 200"):
        vault.put("cust-1", {"notes": "x" * 300})
    for bad in ({"x": float("nan")}, ["a", "list"], {"x": {1, 2}}, {"x": "\ud800"}):
        with pytest.raises(InvalidRecord):
            vault.put("cust-1", bad)  # type: ignore[arg-type]
    for subject in ("", "   ", "x" * 300):
        with pytest.raises(InvalidSubject):
            vault.put(subject, {"a": 1})
    with pytest.raises(InvalidRecord):
        vault.put_many([("ok", {"a": 1}), ("ok", {"b": float("inf")})])
    with database.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(vault_records)).scalar_one() == 0


def test_unknown_record(vault: Vault) -> None:
    with pytest.raises(RecordNotFound):
        vault.get("does-not-exist")


def _blob(database: Any, record_id: str) -> bytes:
    with database.engine.connect() as conn:
        return conn.execute(select(vault_records.c.blob).where(vault_records.c.record_id == record_id)).scalar_one()


def _set_blob(database: Any, record_id: str, blob: bytes) -> None:
    with database.engine.begin() as conn:
        conn.execute(update(vault_records).where(vault_records.c.record_id == record_id).values(blob=blob))


@pytest.mark.parametrize("position", [0, 1, 12, 13, 44, 45, 60, -17, -1])
def test_a_flipped_byte_in_the_database_is_detected(vault: Vault, database: Any, position: int) -> None:
    record_id = vault.put("cust-1", BUDI)
    blob = bytearray(_blob(database, record_id))
    blob[position] ^= 0x01
    _set_blob(database, record_id, bytes(blob))
    with pytest.raises(RecordTampered):
        vault.get(record_id)


def test_ciphertext_moved_to_another_row_does_not_decrypt(vault: Vault, database: Any) -> None:
    same_subject_a = vault.put("cust-1", BUDI)
    same_subject_b = vault.put("cust-1", {"note": "second"})
    other_subject = vault.put("cust-2", SITI)
    _set_blob(database, same_subject_b, _blob(database, same_subject_a))
    with pytest.raises(RecordTampered):
        vault.get(same_subject_b)  # same key, other record id: the AAD differs
    _set_blob(database, other_subject, _blob(database, same_subject_a))
    with pytest.raises(KeyCommitmentMismatch):
        vault.get(other_subject)  # other subject's key: the commitment differs
    assert vault.get(same_subject_a).data == BUDI


def test_hot_path_does_no_unwrapping(vault: Vault) -> None:
    ids = [vault.put("cust-1", {"i": i}) for i in range(5)]
    before = vault.counters["unwrap"]
    for record_id in ids * 3:
        vault.get(record_id)
    vault.put("cust-1", {"i": 99})
    assert vault.counters["unwrap"] == before
    assert vault.cache.hits >= 15


def test_cold_cache_unwraps_once_per_key(make_vault: Any) -> None:
    writer = make_vault()
    ids = [writer.put("cust-1", {"i": i}) for i in range(5)]
    reader = make_vault()
    start = reader.counters["unwrap"]
    for record_id in ids:
        reader.get(record_id)
    assert reader.counters["unwrap"] - start == 1


def test_data_keys_rotate_after_their_encryption_budget(make_vault: Any, database: Any) -> None:
    vault = make_vault(max_encryptions_per_key=3)
    ids = [vault.put("cust-1", {"i": i}) for i in range(7)]
    ids += vault.put_many([("cust-1", {"i": i}) for i in range(7, 10)])
    with database.engine.connect() as conn:
        keys = conn.execute(
            select(vault_data_keys.c.state, vault_data_keys.c.encryptions).order_by(vault_data_keys.c.created_at)
        ).all()
    assert len(keys) == 4
    assert [k.state for k in keys].count("active") == 1
    assert all(k.encryptions <= 3 for k in keys)
    assert sum(k.encryptions for k in keys) == 10
    assert [r.data["i"] for r in vault.get_many(ids)] == list(range(10))


def test_shred_erases_one_subject_only(vault: Vault, database: Any) -> None:
    budi = [vault.put("cust-1", BUDI), vault.put("cust-1", {"note": "call back"})]
    siti = vault.put("cust-2", SITI)
    certificate = vault.shred("cust-1", AccessContext(actor="dpo", purpose="DSAR-7"))
    assert certificate.records_affected == 2
    assert certificate.subject_ref == vault.subject_ref("cust-1")
    assert len(certificate.keys_destroyed) == 1
    assert certificate.digest.startswith("sha256:")
    assert "cust-1" not in str(certificate.to_dict())
    for record_id in budi:
        with pytest.raises(SubjectShredded):
            vault.get(record_id)
    assert vault.find("phone", BUDI["phone"]) == []
    assert vault.get(siti).data == SITI
    assert vault.find("card_last4", "1234") == [siti]
    with database.engine.connect() as conn:
        wrapped = conn.execute(
            select(vault_data_keys.c.wrapped_key).where(vault_data_keys.c.key_id == certificate.keys_destroyed[0])
        ).scalar_one()
        index_rows = conn.execute(
            select(func.count()).select_from(vault_blind_index).where(vault_blind_index.c.record_id.in_(budi))
        ).scalar_one()
    assert wrapped is None
    assert index_rows == 0
    # A second vault (another process, cold cache) cannot read them either.
    assert vault.status().shredded_subjects == 1


def test_shred_survives_a_warm_cache_in_another_process(make_vault: Any) -> None:
    server = make_vault()
    record_id = server.put("cust-1", BUDI)
    server.get(record_id)  # the data key is now cached in the "server"
    make_vault().shred("cust-1")  # the operator shreds from the CLI
    with pytest.raises(SubjectShredded):
        server.get(record_id)


def test_shred_unknown_subject(vault: Vault) -> None:
    with pytest.raises(SubjectNotFound):
        vault.shred("never-seen")


def test_a_returning_customer_gets_a_fresh_key(vault: Vault) -> None:
    old = vault.put("cust-1", BUDI)
    vault.shred("cust-1")
    new = vault.put("cust-1", {"note": "new relationship"})
    assert vault.get(new).data == {"note": "new relationship"}
    with pytest.raises(SubjectShredded):
        vault.get(old)


def test_rotate_rewrap_keeps_reads_and_lookups(vault: Vault) -> None:
    ids = vault.put_many([(f"cust-{i}", {**BUDI, "i": i}) for i in range(30)])
    assert vault.rotate_root() == 2
    new_id = vault.put("cust-new", SITI)  # new keys already use version 2
    report = vault.rewrap(batch_size=7)
    assert report.target_version == 2
    assert report.rewrapped == 31  # 30 data keys + the index key
    assert report.remaining == 0
    assert vault.status().keys_by_root_version == {2: 31}
    assert vault.rewrap().rewrapped == 0  # idempotent
    vault.cache.clear()
    assert [r.data["i"] for r in vault.get_many(ids)] == list(range(30))
    assert sorted(vault.find("phone", BUDI["phone"])) == sorted(ids)
    assert vault.get(new_id).data == SITI


def test_retire_root_only_when_unused(make_vault: Any, key_file: Path) -> None:
    vault = make_vault()
    record_id = vault.put("cust-1", BUDI)
    vault.rotate_root()
    with pytest.raises(RootKeyInUse, match="rewrap"):
        vault.retire_root(2)
    vault.rewrap()
    vault.retire_root(2)
    fresh = make_vault()
    assert fresh.get(record_id).data == BUDI
    assert fresh.status().min_decryption_version == 2


def test_key_under_a_retired_version_fails_clearly(make_vault: Any, database: Any, key_file: Path) -> None:
    vault = make_vault()
    record_id = vault.put("cust-1", BUDI)
    vault.rotate_root()
    vault.rewrap()
    with database.engine.begin() as conn:  # simulate a key the rewrap never reached
        conn.execute(update(vault_data_keys).values(root_version=1))
    FileKeyProvider(key_file).retire_below(2)
    with pytest.raises(RootKeyRetired, match="retired"):
        make_vault().get(record_id)


def test_wrong_root_key_is_refused_at_start(make_vault: Any, tmp_path: Path) -> None:
    make_vault().put("cust-1", BUDI)
    other = FileKeyProvider.create(tmp_path / "other.key")
    with pytest.raises(WrongRootKey, match="wrong root key"):
        make_vault(provider=other)


def test_every_access_is_reported_first_and_a_failing_observer_stops_it(make_vault: Any, database: Any) -> None:
    events: list[AccessEvent] = []
    vault = make_vault(observer=events.append)
    context = AccessContext(actor="agent-7", purpose="CASE-1")
    record_id = vault.put("cust-1", BUDI, context)
    vault.get(record_id, context)
    vault.find("phone", BUDI["phone"], context)
    vault.shred("cust-1", context)
    assert [e.action for e in events] == ["put", "get", "find", "shred"]
    assert all(e.context.purpose == "CASE-1" for e in events)
    assert "0812 8877" not in repr(events) and "88774410" not in repr(events) and "Budi" not in repr(events) and "cust-1" not in repr(events)

    def refuse(event: AccessEvent) -> None:
        raise RuntimeError("audit log unavailable")

    closed = make_vault(observer=refuse)
    with pytest.raises(RuntimeError):
        closed.put("cust-2", SITI)
    with database.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(vault_records)).scalar_one() == 1


def test_concurrent_first_writes_for_one_subject_share_one_key(make_vault: Any, database: Any) -> None:
    vaults = [make_vault() for _ in range(4)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def write(v: Vault) -> None:
        try:
            barrier.wait()
            for i in range(5):
                v.put("busy-subject", {"i": i})
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(v,)) for v in vaults]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with database.engine.connect() as conn:
        states = conn.execute(select(vault_data_keys.c.state)).scalars().all()
        records = conn.execute(select(vault_records.c.record_id)).scalars().all()
    assert states == ["active"]
    assert len(records) == 20
    assert len(vaults[0].get_many(records)) == 20


def test_tenants_are_isolated(make_vault: Any) -> None:
    jakarta = make_vault(tenant="jakarta")
    singapore = make_vault(tenant="singapore")
    record_id = jakarta.put("cust-1", BUDI)
    assert jakarta.subject_ref("cust-1") != singapore.subject_ref("cust-1")
    with pytest.raises(RecordNotFound):
        singapore.get(record_id)
    assert singapore.find("phone", BUDI["phone"]) == []


def test_database_down_is_a_typed_error(key_file: Path) -> None:
    from kawal.db import make_engine
    from policies import load_vault_policy

    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/test")
    vault = Vault(engine, FileKeyProvider(key_file), load_vault_policy())
    with pytest.raises(StoreUnavailable, match="database unavailable"):
        vault.check_keys()
    with pytest.raises(StoreUnavailable):
        vault.get("x")
