"""Tamper-evident access audit, anomaly detection, and (issue 6) compliance evidence.

The vault reports every access to an `AccessObserver` before it takes effect; auth reports its
events to a sink; the shell turns both into `AuditEvent`s and appends them here (fail closed).
The log is hash-chained and MAC'd (`AuditLog`), batched into Merkle trees whose roots are signed
checkpoints (`Checkpoints`, with offline-checkable proofs), and watched by the detectors of
`audit.detect`, in batch (`scan`) or live (`Monitor`), whose alerts an `AlertStore` keeps.

    log = AuditLog(engine, hmac_sha256(key), tenant="default")
    log.append(AuditEvent(action="records.read", actor="agent:a17", purpose="CASE-1", subjects=("ref",)))
    log.verify()   # VerifyReport(ok=True, ...) or the first bad sequence number and why
"""

from audit.alerts import AlertNotFound, AlertStatusError, AlertStore, StoredAlert
from audit.chain import hmac_sha256
from audit.checkpoints import Checkpoint, Checkpoints, CheckpointSigner, ProofCheck, load_public_key, verify_proof
from audit.group_commit import GroupCommit
from audit.log import AuditError, AuditEvent, AuditLog, AuditWriteFailed, StoredEvent, VerifyReport
from audit.models import metadata
from audit.monitor import Monitor, ScanReport, scan

__all__ = [
    "AlertNotFound",
    "AlertStatusError",
    "AlertStore",
    "Monitor",
    "ScanReport",
    "StoredAlert",
    "scan",
    "Checkpoint",
    "GroupCommit",
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
