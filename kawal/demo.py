"""Demo data for a fresh development install: a small contact center with a few months of history.

`make run` calls `kawal demo seed --if-empty` so that the checklists, the breach register, data
subject requests and retention have real evidence to show on first start. Everything goes through
the same public APIs production uses (vault, auth, registers, audit trail), so the audit chain,
blind index and keys are the real thing. Values are fictional (example.co.id, test card numbers).
Staff get random passwords that are thrown away: create your own accounts with `kawal users create`.
Refused outside `environment=development`.
"""

from __future__ import annotations

import random
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from auth import Totp
from kawal import dsar
from kawal.approvals import grant, request_target
from kawal.canary import run_canaries
from kawal.compliance import assess_breach, attest, notify_breach, record_breach
from kawal.services import Services
from privacy.breaches import Assessment
from vault import AccessContext

__all__ = ["DemoRefused", "DemoSummary", "seed"]

DAY = 86_400.0
_FIRST = ["Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Putri", "Andi", "Wati", "Hendra", "Mei Ling", "Wei Jie",
          "Nurul", "Farhan", "Ayu", "Rizky", "Lestari", "Bayu", "Indah", "Kevin"]
_LAST = ["Santoso", "Rahmawati", "Wijaya", "Kusuma", "Halim", "Tan", "Lim", "Pratama", "Saputra", "Hidayat",
         "Nugroho", "Siregar", "Ong", "Lubis", "Setiawan"]
_CALLS = [
    "Agent: Selamat pagi, dengan {name}? Customer: Ya, saya mau tanya tagihan kartu kredit saya.",
    "Customer: Nomor saya kosong delapan satu dua, tolong dicek paket data saya. Agent: Baik, Bapak {name}.",
    "Agent: Good afternoon {name}, how can I help? Customer: My card was charged twice last week.",
    "Customer: Saya mau ganti alamat email. Agent: Baik Ibu {name}, email barunya apa?",
]


class DemoRefused(Exception):
    """Seeding would mix demo data into a real installation."""


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    records: int
    staff: int
    reads: int
    requests: int
    skipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def seed(services: Services, *, if_empty: bool = True, customers: int = 60, rng_seed: int = 7) -> DemoSummary:
    """Customers with profiles and transcripts (some past retention), staff with MFA (one without),
    agents' case reads, data-subject requests, a legal hold, a notified breach, attestations and a
    canary run of the analytics profile."""
    if services.settings.environment != "development":
        raise DemoRefused("demo data is only seeded when KAWAL_ENVIRONMENT=development")
    if services.vault.status().records and if_empty:
        return DemoSummary(0, 0, 0, 0, 0, skipped=True)
    rng = random.Random(rng_seed)
    agents, staff = _staff(services)
    profiles, records = _customers(services, rng, customers)
    reads = _case_reads(services, rng, agents, profiles)
    requests = _requests(services, profiles)
    _register(services)
    run_canaries(services, actor="dpo.ayu")
    assert services.trail is not None
    services.trail.checkpoint()
    return DemoSummary(customers, records, staff, reads, requests)


def _staff(services: Services) -> tuple[list[str], int]:
    """Agents, a supervisor, an officer and a DPO, all enrolled in TOTP except one new agent."""
    auth = services.auth
    names = [("agent", f"agent.{n.lower().replace(' ', '')}") for n in _FIRST[:8]]
    names += [("supervisor", "supervisor.rina"), ("security_officer", "officer.hendra"), ("dpo", "dpo.ayu")]
    for role, username in names:
        auth.create_user(username, secrets.token_urlsafe(24), role, actor="demo")
        code = Totp(auth.begin_enrolment(username, actor="demo").secret, auth.policy.totp).now(auth.now())
        auth.confirm_enrolment(username, code)
    auth.create_user("agent.newhire", secrets.token_urlsafe(24), "agent", actor="demo")  # not enrolled yet
    return [u for role, u in names if role == "agent"], len(names) + 1


def _phone(rng: random.Random) -> str:
    return f"08{rng.choice('12357')}{rng.randint(1, 9)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"


def _customers(services: Services, rng: random.Random, count: int) -> tuple[list[tuple[str, str]], int]:
    """(subject id, profile record id) per customer; transcripts spread over three years."""
    vault, now = services.vault, datetime.now(UTC)
    context = AccessContext(actor="demo", purpose="demo data import")
    profiles, written = [], 0
    for n in range(count):
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        subject = f"cust-{1000 + n}"
        profile = {"name": name, "phone": _phone(rng), "email": f"{name.lower().replace(' ', '.')}{n}@example.co.id",
                   "nik": f"3171{rng.randint(10, 99)}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(70, 99)}"
                          f"{rng.randint(1, 9999):04d}", "segment": rng.choice(["retail", "priority", "sme"])}
        opened = now - timedelta(days=rng.randint(30, 1500))
        profiles.append((subject, vault.put(subject, profile, context, kind="customer_profile", written_at=opened)))
        for _ in range(rng.randint(1, 4)):
            at = now - timedelta(days=rng.randint(1, 1000), minutes=rng.randint(0, 600))
            kind = rng.choice(["call_transcript", "chat_transcript", "email_transcript"])
            text = rng.choice(_CALLS).format(name=name.split()[0])
            vault.put(subject, {"transcript": text, "channel": kind.split("_")[0]}, context, kind=kind, written_at=at)
            written += 1
    return profiles, written + len(profiles)


def _case_reads(services: Services, rng: random.Random, agents: list[str], profiles: list[tuple[str, str]]) -> int:
    reads = 0
    for agent in agents:
        for _ in range(rng.randint(3, 8)):
            _, record_id = rng.choice(profiles)
            services.vault.get(record_id, AccessContext(actor=agent, role="agent", purpose=f"CASE-{rng.randint(1000, 9999)}"))
            reads += 1
    return reads


def _requests(services: Services, profiles: list[tuple[str, str]]) -> int:
    """An answered access request, an open withdrawal of consent, a rectification waiting, and a legal hold."""
    now = time.time()
    answered = dsar.open_request(services, "access", "uupdp", identifiers={}, subject_ids=[profiles[0][0]], actor="dpo.ayu",
                                 received_at=now - 3600, reference="TICKET-2101")
    dsar.verify(services, answered.request_id, actor="dpo.ayu", method="OTP to the registered phone")
    # Four eyes: the security officer approves the export the DPO then makes.
    approval = grant(services, AccessContext(actor="officer.hendra", role="security_officer"), "records.export",
                     request_target(answered.request_id), reason="Identity verified; TICKET-2101")
    dsar.export(services, answered.request_id, actor="dpo.ayu", approval_id=approval.approval_id)
    dsar.open_request(services, "withdrawal", "pdpa", identifiers={}, subject_ids=[profiles[1][0]], actor="dpo.ayu",
                      received_at=now - 4 * DAY, reference="TICKET-2107")
    dsar.open_request(services, "rectification", "gdpr", identifiers={}, subject_ids=[profiles[2][0]], actor="dpo.ayu",
                      received_at=now - 9 * DAY, reference="TICKET-2110")
    dsar.place_hold(services, identifiers={}, subject_ids=[profiles[3][0]], actor="dpo.ayu",
                    reason="Complaint before OJK, reference OJK-2026-0412 (demo)")
    return 3


def _register(services: Services) -> None:
    """A breach notified to everyone each law requires, and the attestations for the manual items."""
    now = time.time()
    officer = AccessContext(actor="officer.hendra", role="security_officer")
    dpo = AccessContext(actor="dpo.ayu", role="dpo")
    breach = record_breach(services, officer, "Misdirected statement e-mail",
                           "A monthly statement was e-mailed to the wrong customer.", detected_at=now - 12 * DAY,
                           affected_subjects=1, data_classes=["email", "card"])
    # A card number readable by a stranger: a risk (GDPR), significant harm (PDPA: prescribed financial data).
    assess_breach(services, dpo, breach.breach_id, Assessment(
        risk=True, significant_harm=True, consequences="The recipient could read one customer's name, e-mail "
        "and the last four digits of a card; a risk of fraud against that customer.",
        remedial_action="Recipient asked to delete the e-mail and confirmed it; the customer told; statement "
        "mailing now checks the address against the vault record before sending."), assessed_at=now - 11.5 * DAY)
    notices = (("gdpr", "authority", 1.5), ("uupdp", "authority", 2.0), ("uupdp", "subjects", 2.0),
               ("pdpa", "authority", 2.5), ("pdpa", "subjects", 2.5), ("ccpa", "subjects", 2.5))
    for framework, recipient, after in notices:
        notify_breach(services, dpo, breach.breach_id, framework, recipient=recipient,
                      reference=f"{framework.upper()}-{recipient.upper()}-DEMO-1", notified_at=now - 12 * DAY + after * DAY)
    board = AccessContext(actor="director.sari", role="management")
    for framework, requirement in (("gdpr", "GDPR-37"), ("pdpa", "PDPA-11-3"), ("uupdp", "UUPDP-53")):
        attest(services, board, framework, requirement, statement="DPO appointed by board resolution; contact "
               "published (demo).", role="management")
