"""Signed checkpoints: Merkle roots over batches of the chain, signed with Ed25519.

A checkpoint covers the events first_seq..last_seq. It names the RFC 6962 Merkle root of their
chain hashes, the chain head (the hash of event last_seq, which commits to everything before it)
and the digest of the previous checkpoint, and is signed with an Ed25519 key that the shell
derives from the vault (the private key is never stored; the public key can be handed out).

What this buys over the bare chain:

* truncation of the tail is visible to anyone holding a later checkpoint (exported to a file or
  another store), without trusting the database;
* any single event comes with a small inclusion proof (`prove`) that someone holding only the
  public key can check offline (`verify_proof`): the event's body and previous hash give its chain
  hash, the audit path gives the batch's root, the signature vouches for the root.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

import dbcore
from audit.chain import GENESIS, canonical, chain_hash
from audit.log import AuditError, AuditLog
from audit.merkle import InclusionProof, inclusion_proof, leaf_hash, root_from_hashes, verify_inclusion
from audit.models import audit_checkpoints, audit_events

__all__ = ["Checkpoint", "CheckpointSigner", "Checkpoints", "ProofCheck", "load_public_key", "verify_proof"]

FORMAT = "kawal-audit-checkpoint/1"


@dataclass(frozen=True)
class Checkpoint:
    """One signed checkpoint; `body` is exactly what the signature covers."""

    tenant: str
    first_seq: int
    last_seq: int
    merkle_root: bytes
    head_hash: bytes
    previous: str  # "sha256:<hex>" of the previous checkpoint's body, "" for the first
    signed_at: float
    key_id: str
    signature: bytes = b""

    @property
    def tree_size(self) -> int:
        return self.last_seq - self.first_seq + 1

    def body(self) -> str:
        return canonical({
            "format": FORMAT, "tenant": self.tenant, "first_seq": self.first_seq, "last_seq": self.last_seq,
            "tree_size": self.tree_size, "merkle_root": self.merkle_root.hex(), "head_hash": self.head_hash.hex(),
            "previous": self.previous, "signed_at": self.signed_at, "key_id": self.key_id,
        })

    def digest(self) -> str:
        return "sha256:" + hashlib.sha256(self.body().encode()).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {**json.loads(self.body()), "signature": self.signature.hex()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Checkpoint:
        """Parse an exported checkpoint (untrusted input): ValueError naming what is wrong."""
        if not isinstance(data, Mapping) or data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} checkpoint")
        try:
            checkpoint = cls(
                tenant=str(data["tenant"]), first_seq=int(data["first_seq"]), last_seq=int(data["last_seq"]),
                merkle_root=bytes.fromhex(data["merkle_root"]), head_hash=bytes.fromhex(data["head_hash"]),
                previous=str(data["previous"]), signed_at=float(data["signed_at"]), key_id=str(data["key_id"]),
                signature=bytes.fromhex(data["signature"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"malformed checkpoint: {type(exc).__name__} {exc}") from None
        if checkpoint.first_seq < 1 or checkpoint.last_seq < checkpoint.first_seq:
            raise ValueError("malformed checkpoint: bad sequence range")
        if int(data.get("tree_size", checkpoint.tree_size)) != checkpoint.tree_size:
            raise ValueError("malformed checkpoint: tree_size does not match the range")
        return checkpoint


class SigningKeyError(AuditError, ValueError):
    """A signing key file that cannot be used (not PEM, encrypted, not Ed25519)."""


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    """An Ed25519 private key from unencrypted PEM (what `kawal audit signing-key` writes)."""
    try:
        key = load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise SigningKeyError(f"not a readable private key (PEM, unencrypted): {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError("the key is not an Ed25519 private key")
    return key


class CheckpointSigner:
    """An Ed25519 key pair from a 32-byte seed; verification needs only `public_pem()`."""

    def __init__(self, seed: bytes) -> None:
        if len(seed) != 32:
            raise ValueError("an Ed25519 seed is 32 bytes")
        self._private = Ed25519PrivateKey.from_private_bytes(seed)
        self.public_key = self._private.public_key()
        self.key_id = key_id(self.public_key)

    @classmethod
    def from_pem(cls, pem: bytes) -> CheckpointSigner:
        """A signer from a key held apart from the root key (`KAWAL_AUDIT_SIGNING_KEY_FILE`)."""
        return cls(load_private_key(pem).private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()))

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)

    def public_pem(self) -> str:
        return self.public_key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "ed25519:" + hashlib.sha256(raw).hexdigest()[:16]


def load_public_key(pem: str | bytes) -> Ed25519PublicKey:
    """ValueError unless *pem* is an Ed25519 public key."""
    key = load_pem_public_key(pem.encode() if isinstance(pem, str) else pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def signature_ok(checkpoint: Checkpoint, public_key: Ed25519PublicKey) -> bool:
    if checkpoint.key_id != key_id(public_key):
        return False
    try:
        public_key.verify(checkpoint.signature, checkpoint.body().encode())
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class ProofCheck:
    ok: bool
    reason: str
    seq: int | None = None  # the first event found bad, when one can be named


class Checkpoints:
    """Create, list and check one tenant's checkpoints, and prove single events against them."""

    def __init__(
        self,
        engine: Engine,
        log: AuditLog,
        signer: CheckpointSigner | Callable[[], CheckpointSigner],
        *,
        clock: Any = time.time,
    ) -> None:
        """*signer* may be a factory, called on first use (its key may not be derivable yet at start)."""
        self._engine = engine
        self._writer = dbcore.writer(engine)
        self._log = log
        self._signer = signer
        self._clock = clock
        self.tenant = log.tenant
        self._lock_key = dbcore.advisory_key(f"kawal-audit-checkpoint:{self.tenant}")

    @property
    def signer(self) -> CheckpointSigner:
        if not isinstance(self._signer, CheckpointSigner):
            self._signer = self._signer()
        return self._signer

    def latest(self) -> Checkpoint | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(audit_checkpoints.c.body, audit_checkpoints.c.signature)
                .where(audit_checkpoints.c.tenant == self.tenant)
                .order_by(audit_checkpoints.c.last_seq.desc()).limit(1)
            ).first()
        return _parse(row.body, row.signature) if row else None

    def all(self) -> list[Checkpoint]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(audit_checkpoints.c.body, audit_checkpoints.c.signature)
                .where(audit_checkpoints.c.tenant == self.tenant).order_by(audit_checkpoints.c.last_seq)
            ).all()
        return [_parse(r.body, r.signature) for r in rows]

    def due(self, *, every_events: int, every_seconds: float) -> bool:
        """True when N events or T seconds have passed since the last checkpoint (and there is news)."""
        head_seq, _ = self._log.head()
        last = self.latest()
        done = last.last_seq if last else 0
        if head_seq <= done:
            return False
        if head_seq - done >= every_events:
            return True
        return last is None or self._clock() - last.signed_at >= every_seconds

    def create(self) -> Checkpoint | None:
        """Sign a checkpoint over the events since the last one; None when there are none.

        Serialised per tenant (advisory lock / BEGIN IMMEDIATE) so that two processes never sign
        overlapping batches.
        """
        try:
            with self._writer.begin() as conn:
                dbcore.lock(conn, self._lock_key)
                row = conn.execute(
                    select(audit_checkpoints.c.body, audit_checkpoints.c.signature)
                    .where(audit_checkpoints.c.tenant == self.tenant)
                    .order_by(audit_checkpoints.c.last_seq.desc()).limit(1)
                ).first()
                previous = _parse(row.body, row.signature) if row else None
                start = previous.last_seq + 1 if previous else 1
                hashes = conn.execute(
                    select(audit_events.c.hash).where(audit_events.c.tenant == self.tenant, audit_events.c.seq >= start)
                    .order_by(audit_events.c.seq)
                ).scalars().all()
                if not hashes:
                    return None
                unsigned = Checkpoint(
                    tenant=self.tenant, first_seq=start, last_seq=start + len(hashes) - 1,
                    merkle_root=root_from_hashes([leaf_hash(h) for h in hashes]), head_hash=hashes[-1],
                    previous=previous.digest() if previous else "", signed_at=round(self._clock(), 6),
                    key_id=self.signer.key_id,
                )
                body = unsigned.body()
                signature = self.signer.sign(body.encode())
                conn.execute(audit_checkpoints.insert().values(
                    tenant=self.tenant, last_seq=unsigned.last_seq, first_seq=start, signed_at=unsigned.signed_at,
                    body=body, signature=signature,
                ))
        except IntegrityError:
            return self.latest()
        except SQLAlchemyError as exc:
            raise AuditError(f"checkpoint not written ({type(exc).__name__})") from None
        return _parse(body, signature)

    def verify(self, public_key: Ed25519PublicKey | None = None) -> ProofCheck:
        """Every checkpoint: signature, link to the previous one, and root and head against the log."""
        key = public_key or self.signer.public_key
        previous: Checkpoint | None = None
        for checkpoint in self.all():
            where = f"checkpoint {checkpoint.first_seq}..{checkpoint.last_seq}"
            if not signature_ok(checkpoint, key):
                return ProofCheck(False, f"{where}: signature does not verify")
            expected_first = previous.last_seq + 1 if previous else 1
            if checkpoint.first_seq != expected_first or checkpoint.previous != (previous.digest() if previous else ""):
                return ProofCheck(False, f"{where}: does not follow the previous checkpoint")
            problem = self.check_against_log(checkpoint)
            if problem:
                return ProofCheck(False, f"{where}: {problem[1]}", problem[0])
            previous = checkpoint
        return ProofCheck(True, "all checkpoints signed, linked and matching the log")

    def check_against_log(self, checkpoint: Checkpoint) -> tuple[int, str] | None:
        """None if the log still holds exactly the events *checkpoint* signed, else (first bad seq, why)."""
        hashes = self._hashes(checkpoint.first_seq, checkpoint.last_seq)
        if len(hashes) < checkpoint.tree_size:
            return (checkpoint.first_seq + len(hashes),
                    f"the log holds {len(hashes)} of its {checkpoint.tree_size} events: truncated or deleted")
        if not hmac.compare_digest(root_from_hashes([leaf_hash(h) for h in hashes]), checkpoint.merkle_root):
            return checkpoint.first_seq, "Merkle root differs: events changed after signing"
        if not hmac.compare_digest(hashes[-1], checkpoint.head_hash):
            return checkpoint.last_seq, "chain head differs"
        return None

    def prove(self, seq: int) -> dict[str, Any]:
        """A self-contained proof that event *seq* is in a signed checkpoint (KeyError if not yet)."""
        with self._engine.connect() as conn:
            row = conn.execute(
                select(audit_checkpoints.c.body, audit_checkpoints.c.signature)
                .where(audit_checkpoints.c.tenant == self.tenant, audit_checkpoints.c.last_seq >= seq,
                       audit_checkpoints.c.first_seq <= seq)
            ).first()
        if row is None:
            raise KeyError(f"event {seq} is not covered by a checkpoint yet")
        checkpoint = _parse(row.body, row.signature)
        event = next(self._log.events(after=seq - 1, limit=1))
        hashes = self._hashes(checkpoint.first_seq, checkpoint.last_seq)
        leaves = [leaf_hash(h) for h in hashes]
        proof = InclusionProof(seq - checkpoint.first_seq, checkpoint.tree_size, leaves[seq - checkpoint.first_seq],
                               tuple(inclusion_proof(leaves, seq - checkpoint.first_seq)))
        return {"format": "kawal-audit-proof/1", "event": {"seq": event.seq, "body": event.body,
                "prev_hash": event.prev_hash.hex()}, "inclusion": proof.to_dict(), "checkpoint": checkpoint.to_dict(),
                "public_key": self.signer.public_pem()}

    def _hashes(self, first: int, last: int) -> list[bytes]:
        with self._engine.connect() as conn:
            return list(conn.execute(
                select(audit_events.c.hash)
                .where(audit_events.c.tenant == self.tenant, audit_events.c.seq >= first, audit_events.c.seq <= last)
                .order_by(audit_events.c.seq)
            ).scalars())


def verify_proof(proof: Mapping[str, Any], public_key: Ed25519PublicKey) -> ProofCheck:
    """Check a `prove` bundle with nothing but the trusted public key: never raises on bad input."""
    try:
        checkpoint = Checkpoint.from_dict(proof["checkpoint"])
        inclusion = InclusionProof.from_dict(proof["inclusion"])
        body = proof["event"]["body"]
        prev = bytes.fromhex(proof["event"]["prev_hash"])
        seq = int(json.loads(body)["seq"])
    except (KeyError, TypeError, ValueError) as exc:
        return ProofCheck(False, f"malformed proof: {exc}")
    if not isinstance(body, str) or len(prev) != len(GENESIS):
        return ProofCheck(False, "malformed proof: event body or previous hash")
    if not signature_ok(checkpoint, public_key):
        return ProofCheck(False, "checkpoint signature does not verify with this public key")
    if not checkpoint.first_seq <= seq <= checkpoint.last_seq or inclusion.index != seq - checkpoint.first_seq:
        return ProofCheck(False, "event is outside the checkpoint's range")
    if inclusion.tree_size != checkpoint.tree_size:
        return ProofCheck(False, "proof is for another tree size")
    leaf = leaf_hash(chain_hash(prev, body))
    if not hmac.compare_digest(leaf, inclusion.leaf_hash):
        return ProofCheck(False, "event body does not hash to the proven leaf")
    if not verify_inclusion(leaf, inclusion.index, inclusion.tree_size, inclusion.path, checkpoint.merkle_root):
        return ProofCheck(False, "audit path does not lead to the signed Merkle root")
    return ProofCheck(True, f"event {seq} is in checkpoint {checkpoint.first_seq}..{checkpoint.last_seq} "
                            f"signed by {checkpoint.key_id}")


def _parse(body: str, signature: bytes) -> Checkpoint:
    return Checkpoint.from_dict({**json.loads(body), "signature": bytes(signature).hex()})
