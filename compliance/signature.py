"""Detached signatures over rendered reports: the approver signs the file she read, with her own key.

Why detached and not PAdES: the same signature works for every format (PDF, HTML, JSON ...), needs
no PDF library beyond the one that draws it, and is checked with nothing but the approver's public
key. Why her own key: a signature made with a key the system holds would prove only that the
system produced the file (the content hash in the audit chain already does that); approval must
come from a person, so Kawal never stores or derives this key. The signature covers the SHA-256
of the file's bytes together with the signer's name and the time, as canonical JSON.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from audit.chain import canonical
from audit.checkpoints import key_id, load_private_key
from audit.formats import iso_utc

__all__ = ["FORMAT", "SignatureCheck", "SignatureError", "generate_key", "load_private_key", "read_signature", "sign_file",
           "verify_file"]

FORMAT = "kawal-report-signature/1"


class SignatureError(ValueError):
    """A key or a signature file that cannot be used (not Ed25519, malformed, wrong format)."""


@dataclass(frozen=True)
class SignatureCheck:
    valid: bool
    reason: str
    signer: str = ""
    signed_at: str = ""
    file_sha256: str = ""


def generate_key() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair as (private PEM, public PEM); the private key is for its owner alone."""
    private = Ed25519PrivateKey.generate()
    return (private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()),
            private.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo))


def _statement(file_sha256: str, signer: str, signed_at: str, key: str) -> bytes:
    return canonical({"format": FORMAT, "file_sha256": file_sha256, "signer": signer, "signed_at": signed_at,
                      "key_id": key}).encode()


def sign_file(data: bytes, private_key: Ed25519PrivateKey, *, signer: str, now: float | None = None) -> dict[str, Any]:
    """The detached signature of *data* by *signer* (a name and capacity, e.g. "Ayu Lestari, DPO")."""
    if not signer.strip():
        raise SignatureError("a signature names its signer")
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    signed_at = iso_utc(time.time() if now is None else now) or ""
    key = key_id(private_key.public_key())
    signature = private_key.sign(_statement(digest, signer.strip(), signed_at, key))
    return {"format": FORMAT, "file_sha256": digest, "signer": signer.strip(), "signed_at": signed_at, "key_id": key,
            "signature": base64.b64encode(signature).decode()}


def verify_file(data: bytes, signature: Mapping[str, Any], public_key: Ed25519PublicKey) -> SignatureCheck:
    """Whether *signature* is *public_key*'s over exactly *data*; the key is the verifier's trusted copy."""
    try:
        if signature.get("format") != FORMAT:
            raise SignatureError(f"not a {FORMAT} signature")
        fields = {k: str(signature[k]) for k in ("file_sha256", "signer", "signed_at", "key_id", "signature")}
        raw = base64.b64decode(fields["signature"], validate=True)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SignatureError(f"malformed signature file: {exc}") from None
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    base = {"signer": fields["signer"], "signed_at": fields["signed_at"], "file_sha256": digest}
    if fields["key_id"] != key_id(public_key):
        return SignatureCheck(False, "signed with another key than the trusted one", **base)
    if fields["file_sha256"] != digest:
        return SignatureCheck(False, "the file is not the one that was signed (its SHA-256 differs)", **base)
    try:
        public_key.verify(raw, _statement(digest, fields["signer"], fields["signed_at"], fields["key_id"]))
    except InvalidSignature:
        return SignatureCheck(False, "the signature does not verify (the signature file was altered)", **base)
    return SignatureCheck(True, "valid", **base)


def read_signature(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise SignatureError(f"the signature file is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise SignatureError("the signature file is not a JSON object")
    return value
