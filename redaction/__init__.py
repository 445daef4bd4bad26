"""PII redaction for contact-center transcripts (Indonesian and English, chat, e-mail, calls).

Built on presidio-analyzer (registry, recognizers) and presidio-anonymizer (operators), with
Kawal's own recognizers where Presidio has none (NIK, NPWP, bank accounts, NRIC check letters,
Indonesian phones and addresses, birth dates, names without a model) and a spoken-form
normaliser for speech-to-text ("kosong delapan satu dua ...").

    from redaction import Redactor
    result = Redactor(profile="default").redact("NIK saya 3174056708900003")
    result.text      # "NIK saya <ID_NIK>"
    result.entities  # (Entity(type="ID_NIK", start=9, end=25, score=0.99, recognizer=...),)
"""

from typing import TYPE_CHECKING, Any

from redaction.errors import (
    MalformedRecord,
    NlpModelError,
    ProfileError,
    PseudonymKeyMissing,
    RedactionError,
    TokenStoreMissing,
    UnlistedEntity,
)

if TYPE_CHECKING:
    from redaction.canary import CANARY_COUNT, CanaryResult, measure
    from redaction.redactor import Entity, RedactionResult, Redactor, hmac_digest
    from redaction.streams import StreamStats, detect_format, redact_stream
    from redaction.tokens import TokenStore, VaultTokenStore

#: Loaded on first use (PEP 562): importing Presidio costs about a second, which every `kawal`
#: command would otherwise pay just to know the error classes.
_LAZY = {
    "Entity": "redaction.redactor", "RedactionResult": "redaction.redactor", "Redactor": "redaction.redactor",
    "hmac_digest": "redaction.redactor", "StreamStats": "redaction.streams", "detect_format": "redaction.streams",
    "redact_stream": "redaction.streams", "TokenStore": "redaction.tokens", "VaultTokenStore": "redaction.tokens",
    "CANARY_COUNT": "redaction.canary", "CanaryResult": "redaction.canary", "measure": "redaction.canary",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib  # lazy attributes (PEP 562): heavy modules load on first use

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'redaction' has no attribute {name!r}")


__all__ = [
    "CANARY_COUNT",
    "CanaryResult",
    "Entity",
    "MalformedRecord",
    "NlpModelError",
    "ProfileError",
    "PseudonymKeyMissing",
    "RedactionError",
    "UnlistedEntity",
    "RedactionResult",
    "Redactor",
    "StreamStats",
    "TokenStore",
    "TokenStoreMissing",
    "VaultTokenStore",
    "detect_format",
    "hmac_digest",
    "measure",
    "redact_stream",
]
