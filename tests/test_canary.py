"""The canary set and the leak-rate measurement (`redaction.canary`): evidence for compliance checklists."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

import redaction
from policies.redaction import ENTITY_TYPES, OPT_IN_TYPES
from redaction import CANARY_COUNT, CanaryResult, Redactor, canary as canary_module, hmac_digest, measure
from redaction.canary import CANARIES, CANARY_SET_VERSION, FORMS, Planted, leaked
from redaction.operators import mask_alnum
from redaction.recognizers._numbers import luhn_valid
from redaction.recognizers.nik import is_valid_nik
from redaction.recognizers.sg_nric import is_valid_nric

KEY = bytes(range(32))

#: What the current recognizers miss on this set: nothing. (The names given as the bare answer to the
#: agent's question in the previous turn, call-id-55 and chat-en-56, are found by the name-answer
#: recognizer.) Anything in `leaks` is a new leak and fails the test.
KNOWN_LEAKS: set[tuple[str, str]] = set()
#: Measured 0/82 = 0.0 for both profiles (set kawal-canary-1/57).
LEAK_RATE_CEILING = 0.01


@dataclass(frozen=True)
class _Out:
    text: str


class _NoOp:
    """Returns the text unchanged: every planted value must count as leaked."""

    profile_name = "no-op"

    def redact(self, text: str) -> _Out:
        return _Out(text)


class _MaskAllNumbers:
    """Masks every number (digits and separators) keeping its last 4 digits, like the card mask."""

    profile_name = "mask-last-4"
    _RUN = re.compile(r"\d+(?:[ .\-/()+]{1,3}\d+)*")

    def redact(self, text: str) -> _Out:
        return _Out(self._RUN.sub(lambda m: mask_alnum(m.group(), 4), text))


@pytest.fixture(scope="module")
def default_redactor() -> Redactor:
    return Redactor(profile="default")


@pytest.fixture(scope="module")
def analytics_redactor() -> Redactor:
    return Redactor(profile="analytics", pseudonym_digest=hmac_digest(KEY))


def _all_planted() -> list[tuple[str, Planted]]:
    return [(c.id, p) for c in CANARIES for p in c.planted]


# -- the set -----------------------------------------------------------------------------------------


def test_the_set_is_deterministic_and_versioned() -> None:
    assert 40 <= CANARY_COUNT <= 60
    assert CANARY_COUNT == len(CANARIES)
    assert len({c.id for c in CANARIES}) == CANARY_COUNT
    assert canary_module._set_digest(CANARIES) == canary_module._set_digest(CANARIES)
    assert CANARY_SET_VERSION == f"kawal-canary-1/{CANARY_COUNT}/sha256:{canary_module._set_digest(CANARIES)}"
    # A fresh interpreter (another process, another hash seed) builds the same set.
    code = "from redaction.canary import CANARY_SET_VERSION; print(CANARY_SET_VERSION)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == CANARY_SET_VERSION


@pytest.mark.parametrize("canary", CANARIES, ids=lambda c: c.id)
def test_every_planted_value_occurs_in_its_canary(canary: canary_module.Canary) -> None:
    assert canary.planted
    for p in canary.planted:
        assert p.value in canary.text, (canary.id, p.type)
        assert p.type in ENTITY_TYPES
        assert p.form in FORMS


def test_the_set_covers_written_and_spoken_forms_of_the_types_kawal_redacts() -> None:
    types = {p.type for _, p in _all_planted()}
    assert types >= set(ENTITY_TYPES) - OPT_IN_TYPES - {"IP_ADDRESS"}
    spoken = {p.type for _, p in _all_planted() if p.form == "spoken"}
    assert {"PHONE_NUMBER", "ID_NIK", "CREDIT_CARD", "EMAIL_ADDRESS", "DATE_OF_BIRTH"} <= spoken
    values = [p.value for _, p in _all_planted()]
    assert any(v.startswith("kosong delapan") for v in values)
    assert any(v.startswith("nol delapan") for v in values)
    assert any(v.startswith("oh eight one two") for v in values)
    assert {c.channel for c in CANARIES} == {"chat", "email", "call"}
    assert {c.lang for c in CANARIES} == {"id", "en", "mixed"}


def test_written_values_are_structurally_valid_and_clearly_fake() -> None:
    for cid, p in _all_planted():
        if p.form == "spoken":
            continue
        digits = re.sub(r"\D", "", p.value)
        compact = re.sub(r"[^0-9A-Za-z]", "", p.value).upper()
        if p.type == "CREDIT_CARD":
            assert luhn_valid(digits), cid
        elif p.type == "ID_NIK":
            assert is_valid_nik(digits), cid
        elif p.type == "SG_NRIC":
            assert is_valid_nric(compact), cid
        elif p.type == "IBAN_CODE":
            assert int("".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])) % 97 == 1, cid
        elif p.type == "EMAIL_ADDRESS":
            assert re.search(r"@example\.(?:com|org|net|co\.id)$", p.value), cid
        elif p.type == "IP_ADDRESS":
            assert p.value.startswith(("192.0.2.", "198.51.100.", "203.0.113.")), cid  # TEST-NETs


# -- the leak rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planted", "output", "expected"),
    [
        (Planted("CREDIT_CARD", "4111 1111 1111 1111", "digits"), "kartu <CREDIT_CARD>", False),
        (Planted("CREDIT_CARD", "4111 1111 1111 1111", "digits"), "kartu **** **** **** 1111", False),
        (Planted("CREDIT_CARD", "4111 1111 1111 1111", "digits"), "kartu 4111-1111-1111-1111", True),
        (Planted("CREDIT_CARD", "4111 1111 1111 1111", "digits"), "no 4111 1111 dan 1111 1111", False),
        (Planted("PHONE_NUMBER", "0812-3000-4417", "digits"), "hp (0812) 3000 4417 ya", True),
        (Planted("IBAN_CODE", "GB82 WEST 1234 5698 7654 32", "code"), "iban gb82west12345698765432", True),
        (Planted("SG_NRIC", "S1234567D", "code"), "nric S***4567D", False),
        (Planted("PERSON", "Dimas Prasetyanto", "name"), "Terima kasih Pak Dimas", True),
        (Planted("PERSON", "Dimas Prasetyanto", "name"), "Pak <PERSON_0a1b2c3d4e5f> dari Dimasena", False),
        (Planted("PERSON", "Tan Wei Ming", "name"), "Mr TAN", True),
        (Planted("EMAIL_ADDRESS", "ratna.kusuma@example.co.id", "text"), "RATNA.KUSUMA@EXAMPLE.CO.ID", True),
        (Planted("PHONE_NUMBER", "kosong delapan satu dua", "spoken"), "kosong  delapan\nsatu dua", True),
        (Planted("PHONE_NUMBER", "kosong delapan satu dua", "spoken"), "<PHONE_NUMBER> satu dua", False),
    ],
)
def test_leak_rule(planted: Planted, output: str, expected: bool) -> None:
    assert leaked(planted, output) is expected


def test_a_no_op_redactor_leaks_everything() -> None:
    result = measure(_NoOp())
    assert result.planted == len(_all_planted()) > 0
    assert result.leaked == result.planted
    assert result.rate == 1.0
    assert len(result.leaks) == result.planted
    assert all(p == n for p, n in result.by_type.values())
    assert result.profile == "no-op"


def test_masking_numbers_to_their_last_4_digits_is_not_a_leak() -> None:
    stub = _MaskAllNumbers()
    for c in CANARIES:
        output = stub.redact(c.text).text
        for p in c.planted:
            if p.form in ("digits", "code") and p.type != "DATE_OF_BIRTH":
                assert not leaked(p, output), (c.id, p.type)
    result = measure(stub)
    masked_only = {(c.id, p.type) for c in CANARIES for p in c.planted if p.form in ("digits", "code")} - {
        (c.id, p.type) for c in CANARIES for p in c.planted if p.form not in ("digits", "code")
    }
    assert not (set(result.leaks) & masked_only)
    assert 0 < result.leaked < result.planted  # names, e-mails and spoken forms are untouched


# -- Kawal's profiles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", ["default", "analytics"])
def test_kawal_profiles_leak_little(profile: str, request: pytest.FixtureRequest) -> None:
    redactor = request.getfixturevalue(f"{profile}_redactor")
    result = measure(redactor)
    assert result.profile == profile
    assert result.set_version == CANARY_SET_VERSION
    assert result.planted == len(_all_planted())
    assert result.rate <= LEAK_RATE_CEILING, result.leaks
    assert set(result.leaks) <= KNOWN_LEAKS, sorted(set(result.leaks) - KNOWN_LEAKS)
    assert sum(n for _, n in result.by_type.values()) == result.leaked
    assert result.seconds >= 0


@pytest.mark.parametrize("which", ["no-op", "default"])
def test_the_result_holds_no_planted_value(which: str, default_redactor: Redactor) -> None:
    result = measure(_NoOp() if which == "no-op" else default_redactor)
    assert isinstance(result, CanaryResult)
    dumped = json.dumps(result.to_dict(), ensure_ascii=False)
    dumped_ascii = json.dumps(result.to_dict())
    for cid, p in _all_planted():
        assert p.value not in dumped and p.value not in dumped_ascii, (cid, p.type)
    assert set(result.to_dict()) == {
        "profile", "set_version", "planted", "leaked", "rate", "by_type", "leaks", "seconds"
    }


def test_exported_lazily_without_presidio() -> None:
    assert "CanaryResult" in redaction.__all__ and "measure" in redaction.__all__
    assert redaction.measure is canary_module.measure
    code = (
        "import sys, redaction; n = redaction.CANARY_COUNT; redaction.CanaryResult; "
        "assert 'presidio_analyzer' not in sys.modules, 'presidio imported'; print(n)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) == CANARY_COUNT
