"""Record kinds, retention expiry (records, then the month keys that protected them), rectification and
look-ups by subject reference, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

import vault._common as vault_clock
from vault import AccessEvent, InvalidRecord, InvalidSubject, RecordNotFound, SubjectShredded, Vault
from vault.models import vault_blind_index, vault_data_keys, vault_records

OLD = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
CUTOFF = datetime(2025, 1, 1, tzinfo=UTC)


def put_at(monkeypatch: pytest.MonkeyPatch, at: datetime, vault: Vault, subject: str, record: dict[str, Any],
           kind: str) -> str:
    """Write as if at *at*: the vault takes both the record's age and its key's month from its clock."""
    with monkeypatch.context() as patch:
        patch.setattr(vault_clock, "_now", lambda: at)
        return vault.put(subject, record, kind=kind)


def keys_of(vault: Vault, subject: str) -> list[Any]:
    with vault._engine.connect() as conn:
        return conn.execute(select(vault_data_keys.c.scope, vault_data_keys.c.state, vault_data_keys.c.wrapped_key)
                            .where(vault_data_keys.c.subject_ref == vault.subject_ref(subject))
                            .order_by(vault_data_keys.c.scope)).all()


def test_each_kind_and_month_gets_its_own_key(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    put_at(monkeypatch, OLD, vault, "cust-1", {"transcript": "halo"}, "call_transcript")
    vault.put("cust-1", {"transcript": "halo lagi"}, kind="call_transcript")
    vault.put("cust-1", {"phone": "0812 8877 4410"}, kind="customer_profile")
    vault.put("cust-1", {"phone": "0812 8877 4411"}, kind="customer_profile")
    scopes = [k.scope for k in keys_of(vault, "cust-1")]
    now = f"{datetime.now(UTC):%Y-%m}"
    assert scopes == ["call_transcript/2024-01", f"call_transcript/{now}", f"customer_profile/{now}"]


@pytest.mark.parametrize("kind", ["", "Call", "call transcript", "x" * 41, "1call"])
def test_a_malformed_kind_is_refused(vault: Vault, kind: str) -> None:
    with pytest.raises(InvalidRecord, match="kind"):
        vault.put("cust-1", {"a": 1}, kind=kind)


def test_records_of_lists_a_subject_without_decrypting(vault: Vault) -> None:
    first = vault.put("cust-1", {"phone": "0812 8877 4410"}, kind="customer_profile")
    second = vault.put("cust-1", {"transcript": "..."}, kind="call_transcript")
    vault.put("cust-2", {"phone": "0812 0000 0000"})
    found = vault.records_of(vault.subject_ref("cust-1"))
    assert [(r.record_id, r.kind, r.readable) for r in found] == [
        (first, "customer_profile", True), (second, "call_transcript", True)]
    vault.shred("cust-1")
    assert [r.readable for r in vault.records_of(vault.subject_ref("cust-1"))] == [False, False]
    with pytest.raises(InvalidSubject):
        vault.records_of("cust-1")  # a subject id is not a reference


def test_expire_removes_old_records_then_their_month_keys(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    old = put_at(monkeypatch, OLD, vault, "cust-1", {"phone": "0812 8877 4410", "transcript": "lama"}, "call_transcript")
    recent = vault.put("cust-1", {"transcript": "baru"}, kind="call_transcript")
    profile = put_at(monkeypatch, OLD, vault, "cust-1", {"phone": "0812 8877 4410"}, "customer_profile")

    dry = vault.expire("call_transcript", CUTOFF, dry_run=True)
    assert (dry.records_expired, dry.keys_destroyed, dry.subjects_affected, dry.dry_run) == (1, 1, 1, True)
    assert vault.get(old).data["transcript"] == "lama"  # a dry run changes nothing

    report = vault.expire("call_transcript", CUTOFF)
    assert (report.records_expired, report.keys_destroyed, report.subjects_affected) == (1, 1, 1)
    with pytest.raises(RecordNotFound):
        vault.get(old)
    assert vault.get(recent).data == {"transcript": "baru"}
    assert vault.get(profile).data == {"phone": "0812 8877 4410"}  # other kinds untouched
    assert vault.find("phone", "0812 8877 4410") == [profile]  # the expired record left the blind index
    states = {k.scope: (k.state, k.wrapped_key is None) for k in keys_of(vault, "cust-1")}
    assert states["call_transcript/2024-01"] == ("destroyed", True)  # backups of that month: unreadable now
    assert states["customer_profile/2024-01"] == ("active", False)
    again = vault.expire("call_transcript", CUTOFF)
    assert (again.records_expired, again.keys_destroyed) == (0, 0)


def test_a_month_key_survives_while_any_of_its_records_is_kept(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    put_at(monkeypatch, OLD, vault, "cust-1", {"t": 1}, "call_transcript")
    kept = put_at(monkeypatch, OLD + timedelta(days=10), vault, "cust-1", {"t": 2}, "call_transcript")  # same month
    report = vault.expire("call_transcript", OLD + timedelta(days=1))
    assert (report.records_expired, report.keys_destroyed) == (1, 0)
    assert vault.get(kept).data == {"t": 2}


def test_held_subjects_are_left_alone(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    held = put_at(monkeypatch, OLD, vault, "cust-1", {"t": "held"}, "call_transcript")
    gone = put_at(monkeypatch, OLD, vault, "cust-2", {"t": "gone"}, "call_transcript")
    keep = {vault.subject_ref("cust-1")}
    stats = vault.kind_stats({"call_transcript": CUTOFF}, keep=keep)["call_transcript"]
    assert (stats.records, stats.past_cutoff, stats.past_cutoff_held) == (2, 2, 1)
    report = vault.expire("call_transcript", CUTOFF, keep=keep)
    assert (report.records_expired, report.records_held, report.keys_destroyed) == (1, 1, 1)
    assert vault.get(held).data == {"t": "held"}
    with pytest.raises(RecordNotFound):
        vault.get(gone)


def test_expiry_resumes_after_a_crash_between_its_steps(make_vault: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The observer fails (as a crash would) before the key step: the rerun finishes the job."""
    failing = {"expire_keys"}
    events: list[AccessEvent] = []

    def observer(event: AccessEvent) -> None:
        if event.action in failing:
            raise RuntimeError("crash")
        events.append(event)

    vault = make_vault(observer=observer)
    for n in range(7):
        put_at(monkeypatch, OLD, vault, f"cust-{n}", {"t": n}, "call_transcript")
    with pytest.raises(RuntimeError):
        vault.expire("call_transcript", CUTOFF, batch_size=3)
    assert [len(e.record_ids) for e in events if e.action == "expire"] == [3, 3, 1]
    assert all(k.state == "active" for k in keys_of(vault, "cust-0"))
    failing.clear()
    report = vault.expire("call_transcript", CUTOFF)
    assert (report.records_expired, report.keys_destroyed, report.subjects_affected) == (0, 7, 7)
    assert all(k.state == "destroyed" for n in range(7) for k in keys_of(vault, f"cust-{n}"))


def test_expiry_refused_by_the_observer_removes_nothing(make_vault: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(event: AccessEvent) -> None:
        if event.action == "expire":
            raise RuntimeError("audit down")

    vault = make_vault(observer=refuse)
    record = put_at(monkeypatch, OLD, vault, "cust-1", {"t": 1}, "call_transcript")
    with pytest.raises(RuntimeError):
        vault.expire("call_transcript", CUTOFF)
    assert vault.get(record).data == {"t": 1}


def test_this_months_key_is_never_destroyed(vault: Vault) -> None:
    record = vault.put("cust-1", {"t": 1}, kind="chat_transcript")
    report = vault.expire("chat_transcript", datetime.now(UTC) + timedelta(seconds=5))
    assert (report.records_expired, report.keys_destroyed) == (1, 0)  # a write may still be on its way
    with pytest.raises(RecordNotFound):
        vault.get(record)
    assert [k.state for k in keys_of(vault, "cust-1")] == ["active"]


def test_update_rectifies_content_and_index_but_not_age_or_kind(vault: Vault) -> None:
    record = vault.put("cust-1", {"email": "budi@example.co.id", "name": "Budi"}, kind="customer_profile")
    with vault._engine.connect() as conn:
        before = conn.execute(select(vault_records.c.created_at, vault_records.c.kind)
                              .where(vault_records.c.record_id == record)).one()
    vault.update(record, {"email": "budi.santoso@example.co.id", "name": "Budi Santoso"})
    assert vault.get(record).data == {"email": "budi.santoso@example.co.id", "name": "Budi Santoso"}
    assert vault.find("email", "budi@example.co.id") == []
    assert vault.find("email", "budi.santoso@example.co.id") == [record]
    with vault._engine.connect() as conn:
        after = conn.execute(select(vault_records.c.created_at, vault_records.c.kind)
                             .where(vault_records.c.record_id == record)).one()
        assert conn.execute(select(vault_blind_index.c.field).where(vault_blind_index.c.record_id == record)).scalars().all() == ["email"]
    assert after == before
    with pytest.raises(RecordNotFound):
        vault.update("0" * 32, {"a": 1})
    vault.shred("cust-1")
    with pytest.raises(SubjectShredded):
        vault.update(record, {"a": 1})


def test_shred_ref_erases_a_subject_found_by_reference(vault: Vault) -> None:
    record = vault.put("cust-1", {"phone": "0812 8877 4410"})
    certificate = vault.shred_ref(vault.subject_ref("cust-1"))
    assert certificate.records_affected == 1 and certificate.subject_ref == vault.subject_ref("cust-1")
    with pytest.raises(SubjectShredded):
        vault.get(record)
    with pytest.raises(InvalidSubject):
        vault.shred_ref("not-a-ref")


def test_subjects_matching_finds_a_requester_through_the_blind_index(vault: Vault) -> None:
    vault.put("cust-1", {"phone": "0812 8877 4410"})
    vault.put("cust-1", {"phone": "0812 8877 4410", "email": "budi@example.co.id"})
    vault.put("cust-2", {"email": "budi@example.co.id"})
    assert vault.subjects_matching("phone", "+62 812-8877-4410") == [vault.subject_ref("cust-1")]
    assert vault.subjects_matching("email", "BUDI@example.co.id") == sorted(
        [vault.subject_ref("cust-1"), vault.subject_ref("cust-2")])
    assert vault.subjects_matching("phone", "0812 0000 0000") == []


def test_imports_keep_their_age_for_retention(vault: Vault) -> None:
    imported = vault.put("cust-1", {"t": "from the old CRM"}, kind="call_transcript", written_at=OLD)
    assert vault.records_of(vault.subject_ref("cust-1"))[0].created_at == OLD.isoformat()
    assert [k.scope for k in keys_of(vault, "cust-1")] == ["call_transcript/2024-01"]
    assert vault.expire("call_transcript", CUTOFF).records_expired == 1
    with pytest.raises(RecordNotFound):
        vault.get(imported)
    with pytest.raises(InvalidRecord, match="future"):
        vault.put("cust-1", {"t": 1}, written_at=datetime.now(UTC) + timedelta(hours=1))


def test_a_batch_of_new_subjects_gets_its_keys_in_one_go(vault: Vault) -> None:
    before = dict(vault.counters)
    ids = vault.put_many([(f"new-{n}", {"n": n}) for n in range(50)], kind="chat_transcript")
    assert vault.counters["keys_created"] - before["keys_created"] == 50
    assert [r.data["n"] for r in vault.get_many(ids)] == list(range(50))


def test_a_key_created_meanwhile_by_another_writer_is_used_not_duplicated(vault: Vault) -> None:
    """The batch insert conflicts on the one-active-key index; the caller falls back to one key at a time."""
    first = vault.put("cust-1", {"n": 1}, kind="chat_transcript")  # "the other writer" made cust-1's key
    scope = f"chat_transcript/{datetime.now(UTC):%Y-%m}"
    refs = {vault.subject_ref("cust-1"): None, vault.subject_ref("cust-2"): None}
    assert vault._new_data_keys(refs, scope) is None  # refused as a whole, nothing half-written
    assert [k.state for k in keys_of(vault, "cust-2")] == []
    keys = vault._active_keys(dict.fromkeys(refs, 1), scope)
    assert len({k.key_id for k in keys.values()}) == 2
    second = vault.put("cust-1", {"n": 2}, kind="chat_transcript")
    assert [r.data for r in vault.get_many([first, second])] == [{"n": 1}, {"n": 2}]
    assert [k.state for k in keys_of(vault, "cust-1")] == ["active"]
