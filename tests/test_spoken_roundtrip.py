"""Spoken forms round-trip: numbers rendered into words by num2words come back as their digits.

num2words (a maintained library that speaks English and Indonesian) renders the numbers the way a
speech-to-text system writes them (lowercase, no punctuation); the normaliser must give the digits
back. Hypothesis picks the numbers, so the cases are not the ones the normaliser was written for.
"""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st
from num2words import num2words

from redaction.spoken import normalize_spoken

LANGS = st.sampled_from(["en", "id"])


def spoken(number: int, lang: str, **kwargs: str) -> str:
    """What speech-to-text writes: num2words' words, lowercase, without commas or hyphens."""
    return re.sub(r"[,-]", " ", num2words(number, lang=lang, **kwargs)).replace("  ", " ").lower()


def digits_in(text: str) -> list[str]:
    return re.findall(r"\d+", normalize_spoken(text).text)


@settings(max_examples=200, deadline=None)
@given(number=st.integers(min_value=0, max_value=999_999), lang=LANGS)
def test_a_compound_number_comes_back_as_its_digits(number: int, lang: str) -> None:
    words = spoken(number, lang)
    assert digits_in(f"jumlahnya {words} ya") == [str(number)], words


@settings(max_examples=200, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=6, max_size=16), lang=LANGS)
def test_digits_read_one_by_one_come_back_joined(digits: str, lang: str) -> None:
    words = " ".join(spoken(int(d), lang) for d in digits)
    assert "".join(digits_in(f"nomornya {words}")) == digits, words


@settings(max_examples=100, deadline=None)
@given(year=st.integers(min_value=1901, max_value=2039).filter(lambda y: y % 100 >= 10))
def test_a_year_read_as_two_pairs_comes_back(year: int) -> None:
    words = spoken(year, "en", to="year")  # "nineteen eighty seven"
    assert digits_in(f"born in {words}") == [str(year)], words


@settings(max_examples=100, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=8, max_size=14), split=st.integers(min_value=1, max_value=7),
       lang=LANGS)
def test_digits_then_words_from_inverse_text_normalisation_join(digits: str, split: int, lang: str) -> None:
    """ASR writes some digits as digits and the rest as words ("0812 tiga empat ...")."""
    head, tail = digits[:split], digits[split:]
    words = " ".join(spoken(int(d), lang) for d in tail)
    assert "".join(digits_in(f"nomor {head} {words}")) == digits, (head, words)


@settings(max_examples=100, deadline=None)
@given(prefix=st.text(alphabet="123456789", min_size=3, max_size=6), repeated=st.sampled_from("0123456789"),
       times=st.sampled_from([2, 3]), lang=LANGS)
def test_double_and_triple_expand(prefix: str, repeated: str, times: int, lang: str) -> None:
    word = {2: {"en": "double", "id": "dobel"}, 3: {"en": "triple", "id": "tripel"}}[times][lang]
    words = " ".join(spoken(int(d), lang) for d in prefix) + f" {word} {spoken(int(repeated), lang)}"
    assert "".join(digits_in(f"nomor saya {words}")) == prefix + repeated * times, words
