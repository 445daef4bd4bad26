"""Data-subject requests and legal holds end to end: find the subject, keep the law's clock, export, rectify, erase.

The `Desk` works over one tenant's vault and writes its own audit events (through the `record`
callable it is given), so the CLI, the API and the demo, which all call it, cannot drift. The
requester's identifiers (phone, email, NIK) are only used to search the vault's blind index and are
never stored; the request keeps the keyed subject references. Every step is written to the audit
chain before its effect, so a failed append stops it (fail closed), and each vault access the step
makes carries the purpose `dsar:<id>`. Hold release, export and erasure first spend a second
person's approval (the `approve` callable: four eyes).
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from audit import AuditEvent, AuditLog
from audit.chain import canonical
from audit.formats import iso_utc as iso
from audit.registers import row_digest
from policies import Framework, PrivacyNotice, RetentionPolicy
from policies.frameworks import UnknownFramework
from privacy import answer
from privacy.requests import KINDS, DsarError, DsarRegister, DsarRequest, LegalHold, LegalHolds, deadline_state
from vault import AccessContext, RecordInfo, RecordNotFound, RecordTampered, SubjectShredded, Vault, json_depth

__all__ = ["FULFILLED_BY_STATEMENT", "IDENTIFIER_FIELDS", "Approve", "Desk", "dsar_row", "hold_row", "hold_target",
           "request_target", "request_view", "subject_target"]

#: Searchable fields a requester can be found by (policies/vault.yaml must declare them searchable).
IDENTIFIER_FIELDS = ("phone", "email", "nik")
_PAGE = 1_000

#: (action, target, *, actor, approval_id): spends the approval the action needs, or raises.
Approve = Callable[..., object]


def hold_target(hold_id: str) -> str:
    """What an approval to release this hold names (`approve` checks it)."""
    return f"hold:{hold_id}"


def request_target(request_id: str) -> str:
    """What an approval to export or erase for this request names."""
    return f"dsar:{request_id}"


def subject_target(subject_ref: str) -> str:
    """What an approval to erase this subject directly names."""
    return f"subject:{subject_ref}"


def _context(actor: str, purpose: str, role: str | None = None) -> AccessContext:
    return AccessContext(actor=actor, purpose=purpose, role=role)


def dsar_row(request: DsarRequest) -> dict[str, Any]:
    """The fields of a request its chained events vouch for (`kawal audit verify` compares them)."""
    return request.to_dict()


def hold_row(hold: LegalHold) -> dict[str, Any]:
    return hold.to_dict()


def request_view(request: DsarRequest, now: float | None = None) -> dict[str, Any]:
    """A request as the CLI and the API show it: times in ISO 8601 and the deadline states."""
    answer, confirmation = deadline_state(request, time.time() if now is None else now)
    out = request.to_dict()
    for name in ("received_at", "due_at", "extendable_to", "confirm_by", "confirmed_at", "verified_at", "extended_at",
                 "closed_at", "answer_by"):
        out[name] = iso(out[name]) if out[name] is not None else None
    out["deadline"] = {"answer": answer, "confirmation": confirmation}
    return out


#: Kinds whose answer is an action taken outside the vault (stop a processing, restrict it, opt
#: out of sale): the officer records what was done. Opt-out needs no verified identity (11 CCR 7026(d)).
FULFILLED_BY_STATEMENT = {"withdrawal": ("verified",), "restriction": ("verified",), "objection": ("verified",),
                          "opt_out": ("received", "verified")}


@dataclass(frozen=True)
class Desk:
    """One tenant's requests and holds, over its vault, audit trail and the laws in force."""

    vault: Vault
    #: Writes one audit event (the trail's `record`): every step's event goes first.
    record: Callable[[AuditEvent], object]
    #: The chain, read for who accessed a subject (the export's access history).
    log: AuditLog
    requests: DsarRegister
    holds: LegalHolds
    frameworks: Mapping[str, Framework]
    approve: Approve
    notice: PrivacyNotice
    retention: RetentionPolicy
    tenant: str

    def framework(self, framework_id: str) -> Framework:
        if framework_id not in self.frameworks:
            raise UnknownFramework(f"unknown framework {framework_id!r}: {', '.join(sorted(self.frameworks))}")
        return self.frameworks[framework_id]

    def find_subjects(self, identifiers: Mapping[str, str], subject_ids: Sequence[str], *,
                      actor: str, purpose: str) -> list[str]:
        """Keyed references of every subject matching any identifier (blind index) or customer id given."""
        unknown = sorted(set(identifiers) - set(IDENTIFIER_FIELDS))
        if unknown:
            raise DsarError(f"cannot search by {', '.join(unknown)}: use {', '.join(IDENTIFIER_FIELDS)} or a customer id")
        if not any(v.strip() for v in identifiers.values()) and not subject_ids:
            raise DsarError("give at least one identifier (phone, email, NIK) or customer id to find the subject")
        context = _context(actor, purpose)
        refs: list[str] = [self.vault.subject_ref(s) for s in subject_ids]
        for field, value in identifiers.items():
            if value.strip():
                refs += self.vault.subjects_matching(field, value, context)
        return list(dict.fromkeys(refs))

    def open_request(self, kind: str, framework: str, *, identifiers: Mapping[str, str],
                     subject_ids: Sequence[str] = (), actor: str, received_at: float | None = None,
                     reference: str = "") -> DsarRequest:
        """Register a request under *framework*'s deadlines, with the subjects it was matched to."""
        law = self.framework(framework)
        if kind not in KINDS:
            raise DsarError(f"unknown request kind {kind!r}: {', '.join(KINDS)}")
        refs = self.find_subjects(identifiers, subject_ids, actor=actor, purpose=f"dsar intake {reference}".strip())
        request = self.requests.open(kind, framework, law.deadlines, subject_refs=refs, by=actor,
                                          received_at=received_at, reference=reference)
        self.record(AuditEvent(action="dsar.opened", actor=actor, resource=f"dsar:{request.request_id}",
                                     subjects=request.subject_refs,
                                     detail={"kind": kind, "framework": framework, "due_at": request.due_at,
                                             "subjects_found": len(refs), "row_digest": row_digest(dsar_row(request))}))
        return request

    def _step(self, request: DsarRequest, action: str, actor: str, **detail: Any) -> DsarRequest:
        self.record(AuditEvent(action=f"dsar.{action}", actor=actor, resource=f"dsar:{request.request_id}",
                                     subjects=request.subject_refs,
                                     detail={"state": request.state, **detail, "row_digest": row_digest(dsar_row(request))}))
        return request

    def confirm(self, request_id: str, *, actor: str) -> DsarRequest:
        return self._step(self.requests.confirm(request_id, by=actor), "confirmed", actor)

    def verify(self, request_id: str, *, actor: str, method: str) -> DsarRequest:
        return self._step(self.requests.verify(request_id, by=actor, method=method), "verified", actor)

    def extend(self, request_id: str, *, actor: str, reason: str, answer_by: float | None = None) -> DsarRequest:
        """The law's one extension; under the PDPA (reg. 5) *answer_by* is the date told to the applicant."""
        current = self.requests.get(request_id)
        clock = self.frameworks[current.framework].deadlines.request_clock(current.kind)
        by_notice = bool(clock is not None and clock.extension_by_notice)
        request = self.requests.extend(request_id, by=actor, reason=reason, answer_by=answer_by, by_notice=by_notice)
        return self._step(request, "extended", actor, answer_by=request.answer_by)

    def fulfil(self, request_id: str, *, actor: str, action: str) -> DsarRequest:
        """Close a withdrawal, restriction, objection or opt-out with what was done, and when."""
        request = self.requests.get(request_id)
        states = FULFILLED_BY_STATEMENT.get(request.kind)
        if states is None:
            raise DsarError(f"a {request.kind} request is answered by its own step (export, rectify, erase), not fulfil")
        if request.state not in states:
            raise DsarError("verify the requester's identity first" if request.state == "received"
                            else f"request is already {request.state}")
        if not action.strip():
            raise DsarError("say what was done (which processing stopped or was restricted, from when)")
        done = self.requests.complete(request_id, by=actor, outcome={"action": action.strip()[:1000]},
                                           from_states=states)
        return self._step(done, "completed", actor)

    def reject(self, request_id: str, *, actor: str, reason: str) -> DsarRequest:
        return self._step(self.requests.reject(request_id, by=actor, reason=reason), "rejected", actor)

    def _ready(self, request_id: str, kind: str) -> DsarRequest:
        request = self.requests.get(request_id)
        if request.kind != kind:
            raise DsarError(f"request {request_id} is a {request.kind} request, not {kind}")
        if request.state != "verified":
            raise DsarError(f"request is {request.state}: verify the requester's identity first"
                            if request.state == "received" else f"request is already {request.state}")
        return request

    def export(self, request_id: str, *, actor: str, role: str | None = None,
               approval_id: str | None = None) -> dict[str, Any]:
        """The access bundle: every readable record of the subjects, decrypted, and who accessed them.

        Needs a second person's approval (four eyes, the `approve` callable). Recorded as `records.export`
        (with the bundle's digest) before the request is completed; the bundle itself is not stored,
        since it is the personal data the request is about.
        """
        request = self._ready(request_id, "access")
        self.approve("records.export", request_target(request_id), actor=actor,
                          approval_id=approval_id)
        context = _context(actor, f"dsar:{request_id}", role)
        subjects, total = [], 0
        unreadable_total = 0
        for ref in request.subject_refs:
            infos = self.vault.records_of(ref, context)
            readable = [i for i in infos if i.readable]
            records, unreadable = self._read_for_export(readable, context)
            total += len(records)
            unreadable_total += len(unreadable)
            subjects.append({
                "subject_ref": ref,
                "records": records,
                "unreadable_records": unreadable,
                "erased_records": len(infos) - len(readable),
                "accesses": self._accesses(ref, before=time.time()),
            })
        privacy = self.notice
        law = self.frameworks[request.framework]
        info = answer.statutory_information(privacy, self.retention, law, subjects)
        bundle: dict[str, Any] = {
            "format": "kawal-dsar-export/2",
            "request": {"request_id": request_id, "framework": request.framework, "received_at": iso(request.received_at),
                        "answer_by": iso(request.answer_by), "reference": request.reference},
            # The requester learns who accessed her data by role and purpose; staff usernames stay internal.
            "tenant": self.tenant, "generated_at": iso(time.time()), "generated_by_role": role or "dpo",
            "statutory_information": info,
            "cover_letter": answer.cover_letters(
                privacy, info, framework=law,
                reference=request.reference or request_id, received_at=request.received_at, subjects=subjects),
            "subjects": subjects,
        }
        digest = "sha256:" + hashlib.sha256(canonical(bundle).encode()).hexdigest()
        bundle["digest"] = digest
        self.record(AuditEvent(action="records.export", actor=actor, role=role, resource=f"dsar:{request_id}",
                                     subjects=request.subject_refs, purpose=f"dsar:{request_id}",
                                     detail={"records": total, "unreadable": unreadable_total, "digest": digest}))
        done = self.requests.complete(request_id, by=actor, outcome={"export_digest": digest, "records": total,
                                                                           "unreadable": unreadable_total})
        self._step(done, "completed", actor, export_digest=digest)
        return bundle

    def _read_for_export(self, infos: Sequence[RecordInfo],
                         context: AccessContext) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        """The subject's records for the bundle, and those that cannot be given, each with its reason.

        One bad record (tampered ciphertext, or nested deeper than readers serialise because it was
        stored before the depth limit) must not deny the requester all the others: it is named in the
        bundle instead, so the DPO can answer for it.
        """
        if not infos:
            return [], []
        try:
            pairs: list[tuple[RecordInfo, Any]] = list(zip(
                infos, self.vault.get_many([i.record_id for i in infos], context), strict=True))
            failures: list[dict[str, str]] = []
        except (RecordTampered, SubjectShredded, RecordNotFound):
            pairs, failures = [], []
            for info in infos:
                try:
                    pairs.append((info, self.vault.get(info.record_id, context)))
                except (RecordTampered, SubjectShredded, RecordNotFound) as exc:
                    failures.append({"record_id": info.record_id, "kind": info.kind, "reason": str(exc)})
        limit = self.vault.policy.max_record_depth
        records = []
        for info, record in pairs:
            if json_depth(record.data) > limit:
                failures.append({"record_id": info.record_id, "kind": info.kind,
                                 "reason": f"nested deeper than {limit} levels (stored before the limit); rectify it"})
                continue
            records.append({"record_id": info.record_id, "kind": info.kind, "created_at": info.created_at, "data": record.data})
        return records, failures

    def _accesses(self, ref: str, *, before: float) -> list[dict[str, Any]]:
        """Who touched the subject, when, why: from the audit log, without other subjects or detail."""
        out: list[dict[str, Any]] = []
        after = 0
        while True:
            page = self.log.search(subject=ref, until=before, after=after, limit=_PAGE)
            for event in page:
                fields = event.fields()
                out.append({k: fields[k] for k in ("seq", "action", "role", "purpose", "outcome") if k in fields}
                           | {"at": iso(fields["at"])})
            if len(page) < _PAGE:
                return out
            after = page[-1].seq

    def rectify(self, request_id: str, changes: Sequence[tuple[str, Mapping[str, Any]]], *, actor: str,
                role: str | None = None) -> DsarRequest:
        """Apply corrections (record id, fields to set; a None value removes the field) and complete."""
        request = self._ready(request_id, "rectification")
        if not changes:
            raise DsarError("say which record to correct and how")
        context = _context(actor, f"dsar:{request_id}", role)
        owned = {i.record_id for ref in request.subject_refs for i in self.vault.records_of(ref, context)}
        foreign = [record_id for record_id, _ in changes if record_id not in owned]
        if foreign:
            raise DsarError(f"record {foreign[0]} does not belong to the subject of this request")
        fields: list[str] = []
        for record_id, patch in changes:
            data = dict(self.vault.get(record_id, context).data)
            for name, value in patch.items():
                if value is None:
                    data.pop(name, None)
                else:
                    data[name] = value
            self.vault.update(record_id, data, context)
            fields += [str(name) for name in patch]
        done = self.requests.complete(request_id, by=actor, outcome={
            "rectified": [record_id for record_id, _ in changes], "fields": sorted(set(fields))})
        return self._step(done, "completed", actor, rectified=len(changes))

    def erase(self, request_id: str, *, actor: str, role: str | None = None,
              approval_id: str | None = None) -> DsarRequest:
        """Crypto-shred every subject of the request, unless one is under legal hold (then nothing is erased).

        Needs a second person's approval (four eyes), spent only once the holds allow the erasure.
        """
        request = self._ready(request_id, "erasure")
        try:
            self.holds.check_erasable(request.subject_refs)
        except DsarError as refused:
            self.record(AuditEvent(action="dsar.erasure_refused", actor=actor, outcome="denied",
                                         resource=f"dsar:{request_id}", subjects=request.subject_refs,
                                         detail={"reason": str(refused)}))
            raise
        self.approve("subjects.erase", request_target(request_id), actor=actor,
                          approval_id=approval_id)
        context = _context(actor, f"dsar:{request_id}", role)
        certificates = [self.vault.shred_ref(ref, context).to_dict() for ref in request.subject_refs]
        done = self.requests.complete(request_id, by=actor, outcome={
            "certificates": certificates, "records_erased": sum(c["records_affected"] for c in certificates)})
        return self._step(done, "completed", actor, certificates=[c["digest"] for c in certificates])

    def place_hold(self, *, identifiers: Mapping[str, str], subject_ids: Sequence[str], reason: str,
                   actor: str) -> list[LegalHold]:
        """Hold every subject matching the identifiers: erasure and retention leave their records alone."""
        if not reason.strip():
            raise DsarError("a legal hold needs a reason (case, inquiry, claim)")
        refs = self.find_subjects(identifiers, subject_ids, actor=actor, purpose="legal hold")
        if not refs:
            raise DsarError("no stored subject matches: nothing to hold")
        store = self.holds
        placed = []
        for ref in refs:
            hold = store.place(ref, reason=reason, by=actor)
            self.record(AuditEvent(action="legal_hold.placed", actor=actor, subjects=(ref,), resource=f"hold:{hold.hold_id}",
                                         detail={"reason": reason.strip()[:500], "row_digest": row_digest(hold_row(hold))}))
            placed.append(hold)
        return placed

    def release_hold(self, hold_id: str, *, reason: str, actor: str, approval_id: str | None = None) -> LegalHold:
        """Lift a hold; needs a second person's approval (four eyes), so one insider cannot free a subject for erasure."""
        store = self.holds
        hold = store.get(hold_id)
        if not hold.active:
            raise DsarError("this legal hold was already released")
        if not reason.strip():
            raise DsarError("releasing a legal hold needs a reason")
        self.approve("hold.release", hold_target(hold_id), actor=actor, approval_id=approval_id)
        # The event goes first (a release nobody logged would free the subject for erasure), vouching for
        # the row the release will leave: the same time is given to both.
        at = time.time()
        after = dataclasses.replace(hold, released_at=at, released_by=actor, release_reason=reason.strip())
        self.record(AuditEvent(action="legal_hold.released", actor=actor, resource=f"hold:{hold_id}",
                                     subjects=(hold.subject_ref,),
                                     detail={"reason": reason.strip()[:500], "row_digest": row_digest(hold_row(after))}))
        return store.release(hold_id, reason=reason, by=actor, at=at)

    def shred_subject(self, subject_id: str, context: AccessContext, *,
                      approval_id: str | None = None) -> Any:
        """`Vault.shred`, unless the subject is under legal hold (`LegalHoldActive`, naming the hold);
        needs a second person's approval for `subject:<ref>` (four eyes)."""
        ref = self.vault.subject_ref(subject_id)
        self.holds.check_erasable([ref])
        self.approve("subjects.erase", subject_target(ref), actor=context.actor,
                          approval_id=approval_id)
        return self.vault.shred(subject_id, context)

    def held_refs(self) -> set[str]:
        return self.holds.held_refs()

    def requests_of(self, framework: str | None = None, kinds: Iterable[str] | None = None) -> list[DsarRequest]:
        wanted = set(kinds) if kinds else None
        return [r for r in self.requests.all()
                if (framework is None or r.framework == framework) and (wanted is None or r.kind in wanted)]
