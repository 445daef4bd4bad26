"""Attestations: a named person confirms a requirement the system cannot measure (or that it does not apply)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import Engine, select

from audit.log import AuditError
from compliance.evaluate import Attested
from compliance.models import compliance_attestations

__all__ = ["AttestationError", "AttestationStore", "attestation_row"]


class AttestationError(AuditError):
    """An attestation that cannot be recorded (no statement, an unknown requirement)."""


class AttestationStore:
    def __init__(self, engine: Engine, *, tenant: str = "default", clock: Any = time.time) -> None:
        self._engine = engine
        self.tenant = tenant
        self._clock = clock

    def attest(self, framework: str, requirement_id: str, *, by: str, statement: str,
               not_applicable: bool = False, role: str | None = None) -> Attested:
        """Record a named person's confirmation; *role* is the capacity they sign in (dpo, management ...)."""
        if not statement.strip():
            raise AttestationError("an attestation needs a statement (what was checked, or why it does not apply)")
        at = self._clock()
        attestation_id = uuid.uuid4().hex
        with self._engine.begin() as conn:
            conn.execute(compliance_attestations.insert().values(
                attestation_id=attestation_id, tenant=self.tenant, framework=framework, requirement_id=requirement_id,
                signed_by=by, signed_at=at, statement=statement.strip()[:4000], not_applicable=int(not_applicable),
                signer_role=role))
        return Attested(requirement_id, by, at, statement.strip()[:4000], not_applicable, role, attestation_id, framework)

    def latest(self, framework: str) -> dict[str, Attested]:
        """The newest attestation of each requirement of *framework*."""
        return {a.requirement_id: a for a in self._load(compliance_attestations.c.framework == framework)}

    def all(self) -> list[Attested]:
        return self._load()

    def _load(self, *where: Any) -> list[Attested]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(compliance_attestations).where(
                compliance_attestations.c.tenant == self.tenant, *where)
                .order_by(compliance_attestations.c.signed_at, compliance_attestations.c.attestation_id)).all()
        return [Attested(r.requirement_id, r.signed_by, r.signed_at, r.statement, bool(r.not_applicable), r.signer_role,
                         r.attestation_id, r.framework) for r in rows]


def attestation_row(attested: Attested) -> dict[str, Any]:
    """The fields of an attestation its chained event vouches for."""
    return {"framework": attested.framework, "requirement_id": attested.requirement_id, "signed_by": attested.signed_by,
            "signer_role": attested.signer_role, "signed_at": attested.signed_at, "statement": attested.statement,
            "not_applicable": attested.not_applicable}
