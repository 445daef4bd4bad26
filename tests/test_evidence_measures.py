"""Evidence that measures what it claims (issue 15): each item fails when the system is broken under it,
says `not_tested` when there is nothing to measure, and never passes vacuously. Registers outside the
audit chain are vouched for by it: a row rewritten in SQL is caught."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import select, text, update

from audit import AuditEvent
from compliance.attestations import AttestationError
from compliance.models import compliance_attestations
from kawal import dsar
from kawal.compliance import attest
from kawal.evidence import providers
from kawal.redaction_runs import RUN_ACTION, run_detail
from kawal.registers import adopt, problems
from kawal.reports import build_report
from privacy.models import compliance_dsar_requests, compliance_legal_holds
from vault import AccessContext
from vault.models import vault_data_keys, vault_records

DPO = AccessContext(actor="dpo", role="dpo", purpose="compliance")
DIRECTOR = AccessContext(actor="director", role="management", purpose="compliance")
PHONE = "0812 8877 4410"


def measure(services: Any, evidence_id: str, **params: Any) -> Any:
    return providers(services)[evidence_id](params)


def status(services: Any, framework: str, requirement: str) -> str:
    report = build_report(services, framework, actor="dpo", fmt="json")
    return next(i for c in report.checklists for i in c.items if i.requirement_id == requirement).status


def test_an_empty_installation_proves_nothing_and_says_so(services: Any) -> None:
    for evidence_id in ("vault.encryption_coverage", "vault.key_commitment", "vault.crypto_shredding",
                        "audit.access_logging", "redaction.analytics_profile", "breach.register_kept",
                        "dsar.deadlines_met", "dsar.erasure_certificates", "dsar.export_available"):
        found = measure(services, evidence_id, framework="gdpr")
        assert found.outcome == "not_tested", (evidence_id, found.outcome, found.summary)
        assert found.summary  # with why
    report = build_report(services, "gdpr", actor="dpo", fmt="json")
    assert report.checklists[0].counts()["not_tested"] >= 5


def test_encryption_is_measured_on_the_rows_not_the_cipher_name(services: Any) -> None:
    ids = [services.vault.put(f"cust-{n}", {"phone": f"0812 0000 {n:04d}"}) for n in range(6)]
    found = measure(services, "vault.encryption_coverage", sample=50)
    assert found.outcome == "pass" and found.details["opened"] == 6 and "sampled 6 of 6" in found.summary
    assert measure(services, "vault.key_commitment").outcome == "pass"
    with services.engine.begin() as conn:
        blob = bytes(conn.execute(select(vault_records.c.blob).where(vault_records.c.record_id == ids[0])).scalar_one())
        flipped = blob[:-1] + bytes([blob[-1] ^ 1])
        conn.execute(update(vault_records).where(vault_records.c.record_id == ids[0]).values(blob=flipped))
        conn.execute(update(vault_records).where(vault_records.c.record_id == ids[1])
                     .values(blob=b'{"phone": "0812 0000 0001"}'))
    broken = measure(services, "vault.encryption_coverage", sample=50)
    assert broken.outcome == "fail" and broken.details["failed"] == 1 and broken.details["in_clear"] == 1
    assert measure(services, "vault.key_commitment").outcome == "fail"


def test_crypto_shredding_counts_subjects_whose_keys_are_really_gone(services: Any) -> None:
    services.vault.put("cust-1", {"phone": PHONE})
    services.vault.put("cust-2", {"phone": "0813 1111 2222"})
    services.vault.shred("cust-1", AccessContext(actor="officer", purpose="erasure request"))
    found = measure(services, "vault.crypto_shredding")
    assert found.outcome == "pass" and found.details["shredded_subjects"] == 1
    with services.engine.begin() as conn:  # key material restored behind the vault's back
        conn.execute(update(vault_data_keys).where(vault_data_keys.c.subject_ref == services.vault.subject_ref("cust-1"))
                     .values(wrapped_key=b"\x00" * 60))
    assert measure(services, "vault.crypto_shredding").outcome == "fail"


def test_access_logging_compares_writes_with_their_events(services: Any) -> None:
    record_id = services.vault.put("cust-1", {"phone": PHONE})
    assert measure(services, "audit.access_logging").outcome == "pass"
    with services.engine.begin() as conn:  # a row that reached the table without the vault (and its event)
        row = conn.execute(select(vault_records).where(vault_records.c.record_id == record_id)).mappings().one()
        conn.execute(vault_records.insert().values({**row, "record_id": "f" * 32}))
    found = measure(services, "audit.access_logging")
    assert found.outcome == "fail" and "1 writes have no event" in found.summary


def test_the_analytics_profile_item_compares_transcripts_redacted_with_stored(services: Any) -> None:
    for n in range(3):
        services.vault.put(f"cust-{n}", {"transcript": "halo"}, kind="call_transcript")
    unredacted = measure(services, "redaction.analytics_profile", profile="analytics")
    assert unredacted.outcome == "fail" and unredacted.details["transcripts_stored"] == 3
    services.trail.record(AuditEvent(action=RUN_ACTION, actor="pipeline", detail=run_detail("default", 3, {})))
    assert measure(services, "redaction.analytics_profile", profile="analytics").outcome == "fail"  # wrong profile
    services.trail.record(AuditEvent(action=RUN_ACTION, actor="pipeline", detail=run_detail("analytics", 3, {})))
    assert measure(services, "redaction.analytics_profile", profile="analytics").outcome == "pass"


def test_the_dpo_cannot_vouch_for_her_own_appointment(services: Any) -> None:
    assert status(services, "gdpr", "GDPR-37") == "needs_attestation"
    attest(services, DPO, "gdpr", "GDPR-37", statement="I am appointed", role="dpo")
    assert status(services, "gdpr", "GDPR-37") == "needs_attestation"  # refused by independent_of: dpo
    attest(services, DIRECTOR, "gdpr", "GDPR-37", statement="Board minute 2026-11 appoints R. Dewi", role="management")
    assert status(services, "gdpr", "GDPR-37") == "pass"
    with pytest.raises(AttestationError):
        attest(services, DPO, "gdpr", "GDPR-999", statement="x", role="dpo")


def test_register_rows_rewritten_in_sql_are_caught_and_adopt_cannot_launder_them(services: Any) -> None:
    services.vault.put("cust-42", {"phone": PHONE})
    request = dsar.open_request(services, "access", "uupdp", identifiers={"phone": PHONE}, actor="dpo",
                                received_at=time.time() - 10 * 86_400)
    [hold] = dsar.place_hold(services, identifiers={"phone": PHONE}, subject_ids=[], reason="Claim 7", actor="legal")
    assert problems(services) == []
    assert status(services, "uupdp", "UUPDP-32") == "fail"  # 10 days for a 72-hour request

    with services.engine.begin() as conn:  # the operator hides the overdue request, lifts the hold, signs a pass
        conn.execute(update(compliance_dsar_requests).values(state="completed", closed_at=request.received_at + 3600))
        conn.execute(update(compliance_legal_holds).values(released_at=time.time(), release_reason="gone"))
        conn.execute(compliance_attestations.insert().values(
            attestation_id="a" * 32, tenant="default", framework="gdpr", requirement_id="GDPR-30",
            signed_by="dpo", signer_role="dpo", signed_at=time.time(), statement="forged", not_applicable=0))
    assert status(services, "gdpr", "GDPR-30") == "needs_attestation"  # a signature no event vouches for
    found = {p.resource for p in problems(services)}
    assert found == {f"dsar:{request.request_id}", f"hold:{hold.hold_id}", "attestation:" + "a" * 32}
    report = build_report(services, "uupdp", actor="dpo", fmt="json")
    chain = next(i for c in report.checklists for i in c.items
                 if i.evidence is not None and i.evidence.evidence_id == "audit.chain_verified")
    assert chain.status == "fail" and request.request_id in chain.detail
    # rows an event vouches for stay flagged, and so does a row inserted after the registers were chained
    assert adopt(services, actor="dpo") == 0
    assert {p.resource for p in problems(services)} == found

    with services.engine.begin() as conn:  # a row from before this check existed (an upgraded installation)
        conn.execute(text("INSERT INTO compliance_legal_holds (hold_id, tenant, subject_ref, reason, placed_by, "
                          "placed_at) VALUES ('old-hold', 'default', 'ref', 'legacy', 'legal', 1)"))
    assert "hold:old-hold" in {p.resource for p in problems(services)}
    assert adopt(services, actor="dpo") == 1
    assert {p.resource for p in problems(services)} == found
    [adopted] = [e.fields() for e in services.trail.log.search(action="registers.adopted")]
    assert adopted["actor"] == "dpo" and adopted["resource"] == "hold:old-hold"
