"""TOTP: RFC 6238 appendix B vectors, the window, the format check and the enrolment URI."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from hypothesis import given, strategies as st

from auth import MalformedCode, Totp, new_secret
from policies.auth import TotpPolicy

# RFC 6238 appendix B: seeds are ASCII "1234567890" repeated to the hash's block of key length.
SEEDS = {
    "SHA1": b"12345678901234567890",
    "SHA256": b"12345678901234567890123456789012",
    "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
VECTORS = [
    (59, {"SHA1": "94287082", "SHA256": "46119246", "SHA512": "90693936"}),
    (1111111109, {"SHA1": "07081804", "SHA256": "68084774", "SHA512": "25091201"}),
    (1111111111, {"SHA1": "14050471", "SHA256": "67062674", "SHA512": "99943326"}),
    (1234567890, {"SHA1": "89005924", "SHA256": "91819424", "SHA512": "93441116"}),
    (2000000000, {"SHA1": "69279037", "SHA256": "90698825", "SHA512": "38618901"}),
    (20000000000, {"SHA1": "65353130", "SHA256": "77737706", "SHA512": "47863826"}),
]


def _factor(algorithm: str, **policy: object) -> Totp:
    secret = base64.b32encode(SEEDS[algorithm]).decode()
    return Totp(secret, TotpPolicy(algorithm=algorithm, digits=8, **policy))  # type: ignore[arg-type]


@pytest.mark.parametrize(("at", "codes"), VECTORS)
@pytest.mark.parametrize("algorithm", ["SHA1", "SHA256", "SHA512"])
def test_rfc6238_appendix_b(algorithm: str, at: int, codes: dict[str, str]) -> None:
    factor = _factor(algorithm)
    assert factor.now(at) == codes[algorithm]
    assert factor.match(codes[algorithm], at) == at // 30


def test_window_accepts_one_step_either_side_and_no_more() -> None:
    factor = _factor("SHA1")
    at = 1111111111
    step = at // 30
    for offset in (-1, 0, 1):
        assert factor.match(factor.code_at_step(step + offset), at) == step + offset
    for offset in (-3, -2, 2, 3):
        assert factor.match(factor.code_at_step(step + offset), at) is None


@pytest.mark.parametrize("code", ["12345", "1234567", "12a456", "", "١٢٣٤٥٦", "123456\n"])
def test_malformed_codes_are_refused_before_any_check(code: str) -> None:
    factor = Totp(new_secret(), TotpPolicy())
    with pytest.raises(MalformedCode):
        factor.match(code, 1_700_000_000)


def test_spaces_inside_a_code_are_allowed() -> None:
    factor = Totp(new_secret(), TotpPolicy())
    code = factor.now(1_700_000_000)
    assert factor.match(f"{code[:3]} {code[3:]}", 1_700_000_000) is not None


def test_secrets_have_at_least_160_bits_and_differ() -> None:
    secrets = {new_secret() for _ in range(50)}
    assert len(secrets) == 50
    assert all(len(base64.b32decode(s + "=" * (-len(s) % 8))) >= 20 for s in secrets)
    with pytest.raises(ValueError):
        new_secret(10)


def test_provisioning_uri_is_what_authenticator_apps_read() -> None:
    factor = Totp(new_secret(), TotpPolicy(issuer="Kawal CC"))
    uri = factor.provisioning_uri("siti@example.id")
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    query = parse_qs(parsed.query)
    assert query["secret"] == [factor.secret] and query["issuer"] == ["Kawal CC"]
    assert query["digits"] == ["6"] and query["period"] == ["30"] and query["algorithm"] == ["SHA1"]
    # pyotp (what many apps' libraries follow) parses it back to the same generator.
    parsed_otp = pyotp.parse_uri(uri)
    assert parsed_otp.now() == pyotp.TOTP(factor.secret).now()


@given(st.integers(min_value=0, max_value=2**33))
def test_agrees_with_pyotp_everywhere(at: int) -> None:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    assert Totp(secret, TotpPolicy()).now(at) == pyotp.TOTP(secret).at(at)
