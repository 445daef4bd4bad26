"""Policy files load and validate; a bad file is a clear error, not a weaker vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from policies import PolicyError, load_vault_policy
from policies.vault import NIST_RANDOM_NONCE_LIMIT


def test_bundled_vault_policy_is_valid_and_conservative() -> None:
    policy = load_vault_policy()
    assert policy.max_encryptions_per_key <= NIST_RANDOM_NONCE_LIMIT // 256
    assert {"phone", "email", "nik", "card_last4"} <= set(policy.searchable_fields)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("max_encryptions_per_key: 5000000000\n", "max_encryptions_per_key"),
        ("max_record_bytes: -1\n", "max_record_bytes"),
        ("searchable_fields:\n  phone: {path: phone, normalizer: soundex}\n", "normalizer"),
        ("unknown_knob: 1\n", "unknown_knob"),
        ("key_cache_size: [\n", "cannot read"),
    ],
)
def test_invalid_policy_is_refused(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "vault.yaml").write_text(content)
    with pytest.raises(PolicyError, match=message):
        load_vault_policy(tmp_path)


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="not found"):
        load_vault_policy(tmp_path)


def test_a_privacy_notice_text_needs_both_languages(tmp_path: Path) -> None:
    from policies import load_privacy_notice

    text = (Path(__file__).resolve().parents[1] / "policies" / "privacy_notice.yaml").read_text(encoding="utf-8")
    (tmp_path / "privacy_notice.yaml").write_text(text.replace('  id: "Tidak ada keputusan', '  xx: "Tidak ada keputusan'),
                                                  encoding="utf-8")
    with pytest.raises(PolicyError, match="automated_decisions"):
        load_privacy_notice(tmp_path)
