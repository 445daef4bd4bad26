"""Addresses announced by a cue ("my address is ...") are found to the end of the utterance."""

from __future__ import annotations

import pytest

from redaction.recognizers.address_answer import AddressAnswerRecognizer

R = AddressAnswerRecognizer()


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("customer: my address is 284 bukit timah road unit 09 dash 139 singapore 258810\nagent: ok",
         "284 bukit timah road unit 09 dash 139 singapore 258810"),
        ("pelanggan: kirim ke perum graha permai blok c/40 jakarta pusat ya kak", "perum graha permai blok c/40 jakarta pusat"),
        ("Alamat: Komp. Bumi Asri B-12, Medan. Terima kasih", "Komp. Bumi Asri B-12, Medan"),
        ("cs: alamat pengirimannya di mana kak?\nuser: perum. villa mutiara blok d/92, kec. pedurungan, kab. semarang ya",
         "perum. villa mutiara blok d/92, kec. pedurungan, kab. semarang"),
        ("agent: what's the delivery address\ncustomer: sure it's 3982 rodney stravenue north michaelburgh oregon 77478\n",
         "3982 rodney stravenue north michaelburgh oregon 77478"),
    ],
)
def test_announced_addresses(text: str, address: str) -> None:
    found = [text[r.start : r.end] for r in R.analyze(text, ["LOCATION"])]
    assert found == [address]


@pytest.mark.parametrize(
    "text",
    [
        "customer: my address is the same as before",  # no number
        "alamat email saya sudah benar",  # no number
        "tolong kirim ke 2 alamat",  # too short
        "paket dikirim ke gudang",  # no number
        "IP address: 180.59.198.43 dari router",  # an IP address
        "CS: boleh dicek IP address perangkatnya Kak?\nUser: 180.142.103.2 kak",
        "alamat email saya budi99 at gmail",
    ],
)
def test_no_address_without_a_number_and_words(text: str) -> None:
    assert R.analyze(text, ["LOCATION"]) == []
