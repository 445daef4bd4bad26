"""Normalisation and digests of the blind index (vault/blind_index.py)."""

from __future__ import annotations

import pytest

from policies import SearchableField
from vault import UnknownSearchField
from vault.blind_index import BlindIndex, normalize_phone

FIELDS = {
    "phone": SearchableField(path="phone", normalizer="phone"),
    "email": SearchableField(path="email", normalizer="email"),
    "nik": SearchableField(path="nik", normalizer="digits"),
    "card_last4": SearchableField(path="card_number", normalizer="last4"),
}
INDEX = BlindIndex(b"k" * 32, FIELDS, "ID")


@pytest.mark.parametrize(
    "written", ["0812 8877 4410", "+6281288774410", "62 812-8877-4410", "(0812) 8877.4410", "+62 812 8877 4410"]
)
def test_indonesian_phone_forms_meet_in_e164(written: str) -> None:
    assert normalize_phone(written, "ID") == "+6281288774410"
    assert INDEX.digest("phone", written) == INDEX.digest("phone", "+6281288774410")


def test_foreign_numbers_keep_their_country() -> None:
    assert normalize_phone("+65 9123 4567", "ID") == "+6591234567"
    assert INDEX.digest("phone", "+65 9123 4567") != INDEX.digest("phone", "0812 9123 4567")


def test_unparseable_phone_falls_back_to_digits_on_both_sides() -> None:
    assert normalize_phone("ext 12", "ID") == "12"
    assert INDEX.digest("phone", "ext 12") == INDEX.digest("phone", "12")


def test_email_nik_last4() -> None:
    assert INDEX.digest("email", " Budi.Santoso@Gmail.COM ") == INDEX.digest("email", "budi.santoso@gmail.com")
    assert INDEX.digest("nik", "3171-2345-6789-0001") == INDEX.digest("nik", "3171234567890001")
    assert INDEX.digest("card_last4", "4111 1111 1111 1234") == INDEX.digest("card_last4", "1234")
    assert INDEX.digest("card_last4", "12") is None


def test_fields_are_separated_and_keyed() -> None:
    assert INDEX.digest("nik", "1234") != INDEX.digest("card_last4", "1234")
    assert BlindIndex(b"x" * 32, FIELDS, "ID").digest("nik", "1") != INDEX.digest("nik", "1")


def test_unknown_field_names_the_searchable_ones() -> None:
    with pytest.raises(UnknownSearchField, match="phone"):
        INDEX.digest("name", "Budi")


def test_entries_cover_lists_numbers_and_skip_others() -> None:
    record = {"phone": ["0812 8877 4410", "+6281288774410", None], "nik": 3171234567890001, "email": {"x": 1}}
    entries = list(INDEX.entries(record))
    assert [name for name, _ in entries] == ["phone", "nik"]
