"""Tamper-evident access audit (issue 5, in progress) and compliance evidence (issue 6).

The vault reports every access to an `AccessObserver` before it takes effect; auth reports its
events to a sink; both are turned into `AuditEvent`s in the shell and appended here. Built so far:
the hash-chained, MAC'd, append-only log with a verifier. Not yet: checkpoints with Merkle proofs,
the detectors, the query API.

    log = AuditLog(engine, hmac_sha256(key), tenant="default")
    log.append(AuditEvent(action="records.read", actor="agent:a17", purpose="CASE-1", subjects=("ref",)))
    log.verify()   # VerifyReport(ok=True, ...) or the first bad sequence number and why
"""

from audit.chain import hmac_sha256
from audit.checkpoints import Checkpoint, CheckpointSigner, Checkpoints, ProofCheck, load_public_key, verify_proof
from audit.log import AuditError, AuditEvent, AuditLog, AuditWriteFailed, StoredEvent, VerifyReport
from audit.models import metadata

__all__ = [
    "Checkpoint",
    "CheckpointSigner",
    "Checkpoints",
    "ProofCheck",
    "load_public_key",
    "verify_proof",
    "AuditError",
    "AuditEvent",
    "AuditLog",
    "AuditWriteFailed",
    "StoredEvent",
    "VerifyReport",
    "hmac_sha256",
    "metadata",
]
