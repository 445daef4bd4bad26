"""Tokenization into the vault: reversible only through the vault, for an authorised, audited read.

A tokenized value is stored as a vault record `{"entity_type", "value"}` under a data subject
(the customer the transcript belongs to when the pipeline knows it, else the transcript), so that
erasing the subject by crypto-shredding also makes every token of theirs unreadable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from vault import AccessContext, Vault

__all__ = ["TOKEN_PATTERN", "TokenStore", "VaultTokenStore"]

#: `<CREDIT_CARD#3f0c...>`: the entity type and the vault record id (32 hex digits).
TOKEN_PATTERN = re.compile(r"<([A-Z_]+)#([0-9a-f]{32})>")

_PIPELINE = AccessContext(actor="redaction", purpose="tokenize", source="pipeline")


class TokenStore(Protocol):
    """Where `vault`-operator values go; returns one token per value, in order."""

    def tokenize(self, subject: str, items: Sequence[tuple[str, str]]) -> list[str]: ...


class VaultTokenStore:
    """A `TokenStore` over Kawal's vault: one `put_many` (one transaction) per transcript."""

    def __init__(self, vault: Vault, context: AccessContext = _PIPELINE) -> None:
        self._vault = vault
        self._context = context

    def tokenize(self, subject: str, items: Sequence[tuple[str, str]]) -> list[str]:
        records = [(subject, {"entity_type": entity_type, "value": value}) for entity_type, value in items]
        ids = self._vault.put_many(records, self._context)
        return [f"<{entity_type}#{record_id}>" for (entity_type, _), record_id in zip(items, ids, strict=True)]

    def detokenize(self, token: str, context: AccessContext) -> str:
        """The original value; the vault checks and reports the access (purpose required upstream)."""
        match = TOKEN_PATTERN.fullmatch(token.strip())
        if match is None:
            raise ValueError("not a Kawal vault token")
        record = self._vault.get(match.group(2), context)
        return str(record.data["value"])
