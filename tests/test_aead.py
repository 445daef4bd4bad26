"""The record format: round trip, tamper detection, key commitment (vault/_aead.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from vault import KeyCommitmentMismatch, RecordTampered, UnsupportedFormat
from vault._aead import COMMITMENT_BYTES, NONCE_BYTES, DataKey, KeyEncryptionKey, bind, new_key

CONTEXT = bind("kawal/v1/record", "default", "subject", "key-1")
AAD = "rec-1"
MATERIAL = new_key()
KEY = DataKey("key-1", MATERIAL, CONTEXT)


@given(st.binary(max_size=2048), st.text(max_size=40))
def test_seal_then_open_returns_the_plaintext(plaintext: bytes, record_id: str) -> None:
    assert KEY.open(KEY.seal(plaintext, record_id), record_id) == plaintext


@settings(max_examples=300)
@given(st.binary(min_size=0, max_size=256), st.data())
def test_any_single_byte_change_is_detected(plaintext: bytes, data: st.DataObject) -> None:
    blob = bytearray(KEY.seal(plaintext, AAD))
    position = data.draw(st.integers(0, len(blob) - 1), label="position")
    blob[position] ^= data.draw(st.integers(1, 255), label="xor")
    with pytest.raises(RecordTampered):
        KEY.open(bytes(blob), AAD)


def test_truncation_and_extension_are_detected() -> None:
    blob = KEY.seal(b"hello", AAD)
    for bad in (blob[:-1], blob[:10], b"", blob + b"\x00"):
        with pytest.raises(RecordTampered):
            KEY.open(bad, AAD)


def test_other_record_or_context_does_not_decrypt() -> None:
    blob = KEY.seal(b"hello", AAD)
    with pytest.raises(RecordTampered):
        KEY.open(blob, "rec-2")
    same_key_other_subject = DataKey("key-1", MATERIAL, bind("kawal/v1/record", "default", "other", "key-1"))
    with pytest.raises(RecordTampered):
        same_key_other_subject.open(blob, AAD)
    record_id = "0123456789abcdef0123456789abcdef"  # the fast path for 32-character ids
    assert KEY.open(KEY.seal(b"x", record_id), record_id) == b"x"
    with pytest.raises(RecordTampered):
        KEY.open(KEY.seal(b"x", record_id), record_id[:-1] + "0")


def test_a_blob_opens_under_exactly_one_key() -> None:
    """Key commitment: another key is rejected before AES-GCM runs (no invisible salamanders)."""
    other = DataKey("key-1", new_key(), CONTEXT)
    with pytest.raises(KeyCommitmentMismatch):
        other.open(KEY.seal(b"hello", AAD), AAD)


def test_unknown_format_version_is_typed() -> None:
    blob = bytearray(KEY.seal(b"hello", AAD))
    blob[0] = 2
    with pytest.raises(UnsupportedFormat):
        KEY.open(bytes(blob), AAD)


def test_layout_is_version_nonce_commitment_ciphertext() -> None:
    blob = KEY.seal(b"x" * 10, AAD)
    assert blob[0] == 1
    assert blob[1 + NONCE_BYTES : 1 + NONCE_BYTES + COMMITMENT_BYTES] == KEY.commitment
    assert len(blob) == 1 + NONCE_BYTES + COMMITMENT_BYTES + 10 + 16


def test_nonces_are_fresh() -> None:
    nonces = {KEY.seal(b"same", AAD)[1 : 1 + NONCE_BYTES] for _ in range(1000)}
    assert len(nonces) == 1000


def test_bind_is_unambiguous_and_composable() -> None:
    assert bind("ab", "c") != bind("a", "bc")
    assert bind("a", "b") + bind("c") == bind("a", "b", "c")


def test_key_wrapping_is_bound_to_its_context() -> None:
    kek = KeyEncryptionKey(new_key())
    dek = new_key()
    wrapped = kek.wrap(dek, b"subject-a")
    assert kek.unwrap(wrapped, b"subject-a") == dek
    assert kek.unwrap(wrapped, b"subject-b") is None
    assert KeyEncryptionKey(new_key()).unwrap(wrapped, b"subject-a") is None
    assert kek.unwrap(wrapped[:-1], b"subject-a") is None
