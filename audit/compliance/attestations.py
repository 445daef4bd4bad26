"""Attestations: a named person confirms a requirement the system cannot measure (or that it does not apply)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlalchemy import Engine, select

from audit.compliance.evaluate import Attested
from audit.log import AuditError
from audit.models import compliance_attestations

__all__ = ["AttestationStore"]


class AttestationStore:
    def __init__(self, engine: Engine, *, tenant: str = "default", clock: Any = time.time) -> None:
        self._engine = engine
        self.tenant = tenant
        self._clock = clock

    def attest(self, framework: str, requirement_id: str, *, by: str, statement: str,
               not_applicable: bool = False) -> Attested:
        if not statement.strip():
            raise AuditError("an attestation needs a statement (what was checked, or why it does not apply)")
        at = self._clock()
        with self._engine.begin() as conn:
            conn.execute(compliance_attestations.insert().values(
                attestation_id=uuid.uuid4().hex, tenant=self.tenant, framework=framework, requirement_id=requirement_id,
                signed_by=by, signed_at=at, statement=statement.strip()[:4000], not_applicable=int(not_applicable)))
        return Attested(requirement_id, by, at, statement.strip()[:4000], not_applicable)

    def latest(self, framework: str) -> dict[str, Attested]:
        """The newest attestation of each requirement of *framework*."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(compliance_attestations).where(
                compliance_attestations.c.tenant == self.tenant, compliance_attestations.c.framework == framework)
                .order_by(compliance_attestations.c.signed_at)).all()
        return {r.requirement_id: Attested(r.requirement_id, r.signed_by, r.signed_at, r.statement, bool(r.not_applicable))
                for r in rows}
