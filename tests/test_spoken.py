"""Spoken forms -> shadow text: the rewrites, the things left alone, and the offset map's invariants.

The redactor runs its detectors on `ShadowText.text` and maps every span back with `to_original`,
so the map must be exact: in bounds, monotone, on word boundaries wherever something was rewritten,
and the identity wherever nothing was.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings, strategies as st

from redaction import spoken
from redaction.spoken import ShadowText, normalize_spoken

# --------------------------------------------------------------------------------------------------
# Rewrites


@pytest.mark.parametrize(
    ("text", "shadow"),
    [
        # Indonesian digit strings, "double", mixed-in digits
        (
            "nomor saya kosong delapan satu tiga double dua empat lima lima sembilan delapan satu ya",
            "nomor saya 081322455981 ya",
        ),
        (
            "empat lima tiga dua satu satu dua tiga empat lima enam tujuh delapan sembilan kosong kosong",
            "4532112345678900",
        ),
        ("kosong delapan satu dua tiga", "08123"),
        ("kosong 8 satu", "081"),
        ("nol dobel tujuh tripel satu", "077111"),
        # Indonesian compounds: a run splits into number groups, concatenated
        ("tujuh belas agustus sembilan belas delapan puluh lima", "17 agustus 1985"),
        ("dua puluh satu", "21"),
        ("sembilan belas", "19"),
        ("delapan puluh lima", "85"),
        ("seratus dua puluh", "120"),
        ("dua ribu satu", "2001"),
        ("seribu sembilan ratus delapan puluh lima", "1985"),
        ("sepuluh", "10"),
        ("sebelas", "11"),
        ("dua puluh satu dua", "212"),
        ("seratus ribu", "100000"),
        ("dua juta lima ratus ribu", "2500000"),
        ("dua ribu dua ribu", "20002000"),
        ("sebelas ratus", "1100"),
        # English
        ("oh eight one two double seven three four", "08127734"),
        ("nineteen eighty five", "1985"),
        ("twenty one", "21"),
        ("twenty-one", "21"),
        ("two thousand one", "2001"),
        ("two thousand and five", "2005"),
        ("one hundred and twenty", "120"),
        ("nineteen oh five", "1905"),
        ("triple nine", "999"),
        ("zero", "0"),
        ("seventeenth", "17"),
        ("the twenty first of june", "the 21 of june"),
        ("thirty-first", "31"),
        ("the first of may", "the 1 of may"),
        ("august third", "august 3"),
        ("born on the seventeenth of august nineteen eighty five", "born on the 17 of august 1985"),
        # case does not matter for recognition, and the rest keeps its case
        ("Nomor Saya Kosong Delapan Satu", "Nomor Saya 081"),
        # pauses join a run, punctuation and line breaks do not
        ("kosong delapan satu tiga     dua dua", "081322"),
        ("kosong delapan satu, dua dua", "081, 22"),
        ("satu dua\ntiga", "12\n3"),
        # IDs: a single letter next to at least seven spoken digits
        ("s eight eight one two three four five z", "S8812345Z"),
        ("nric saya t satu dua tiga empat lima enam tujuh d ya", "nric saya T1234567D ya"),
        ("paspor a satu dua tiga empat lima enam tujuh", "paspor a 1234567"),
        # emails
        ("budi dot santoso at gmail dot com", "budi.santoso@gmail.com"),
        ("rina titik kusuma et yahoo titik co titik id", "rina.kusuma@yahoo.co.id"),
        ("budi tiga dua at gmail dot com", "budi32@gmail.com"),
        ("budi underscore santoso at gmail dot com", "budi_santoso@gmail.com"),
        ("budi garis bawah santoso at gmail dot com", "budi_santoso@gmail.com"),
        ("budi dash santoso at gmail dot com", "budi-santoso@gmail.com"),
        ("budi strip santoso at gmail dot com", "budi-santoso@gmail.com"),
        ("budi minus santoso at gmail dot com", "budi-santoso@gmail.com"),
        ("email saya budi dot santoso at gmail dot com ya", "email saya budi.santoso@gmail.com ya"),
        ("my email is b u d i at gmail dot com", "my email is budi@gmail.com"),
        ("budi o seven at gmail dot com", "budi07@gmail.com"),
        ("j o h n at gmail dot com", "john@gmail.com"),
        ("budi at gmail.com", "budi@gmail.com"),
        ("budi @ gmail dot com", "budi@gmail.com"),
        ("budi @ gmail.com", "budi@gmail.com"),  # the spaced "@" is the only cue
        ("b u d i@gmail.com", "budi@gmail.com"),
        ("Budi Dot Santoso At Gmail Dot Com", "Budi.Santoso@Gmail.Com"),
        ("budi at bank dash jaya dot co dot id", "budi@bank-jaya.co.id"),
        ("budi at bank dash jaya.co.id", "budi@bank-jaya.co.id"),
        ("budi at b c a.co.id", "budi@bca.co.id"),
        ("kirim ke budi at gmail dot com dan nomor kosong delapan satu", "kirim ke budi@gmail.com dan nomor 081"),
    ],
)
def test_rewrites(text: str, shadow: str) -> None:
    result = normalize_spoken(text)
    assert result.text == shadow
    assert result.original == text
    assert result.changed


@pytest.mark.parametrize(
    "text",
    [
        "oh ok",
        "oh, i see",
        "double check the address please",
        "0812 8877 4410",
        "s 8812345 z",
        "beberapa ribu orang",
        "a hundred times",
        "first name please",
        "wait a second",
        "the third party",
        "see you at the office",
        "budi@gmail.com",
        "budi.satu@gmail.com",
        "reach me at home dot",
        "",
        "   ",
        "Halo kak, pesanan saya belum sampai.",
    ],
)
def test_left_alone(text: str) -> None:
    result = normalize_spoken(text)
    assert result.text == text
    assert not result.changed
    assert result.to_original(0, len(text)) == (0, len(text))


@pytest.mark.parametrize(
    ("text", "shadow"),
    [
        ("see you at five", "see you at 5"),  # a plain "at" in prose is no email
        ("satu hal lagi", "1 hal lagi"),
        ("satu hal dua", "1 hal 2"),  # never merged across a non-number word
        ("dua orang dan tiga anak", "2 orang dan 3 anak"),
        ("one and two", "1 and 2"),  # "and" joins only after hundred/thousand
        ("one two three four five six seven i think", "1234567I think"),  # the pragmatic ID-letter rule
        ("satu-satunya", "1-satunya"),
        ("kosong delapan satu dua oh iya tiga", "0812 oh iya 3"),  # a trailing "oh" before a word is a word
        ("five six oh sorry seven", "56 oh sorry 7"),
        ("it is two oh.", "it is 20."),
        ("two oh", "20"),
        ("nomor 0812 8877 empat empat satu kosong", "nomor 081288774410"),  # digits inside a spoken run join
        ("satu dua budi at gmail dot com", "12 budi@gmail.com"),
    ],
)
def test_boundaries_of_rewrites(text: str, shadow: str) -> None:
    assert normalize_spoken(text).text == shadow


# --------------------------------------------------------------------------------------------------
# The map


def _span_of(result: ShadowText, needle: str) -> str:
    start = result.text.index(needle)
    a, b = result.to_original(start, start + len(needle))
    return result.original[a:b]


def test_detector_spans_map_back_to_the_spoken_words() -> None:
    text = "nomor saya kosong delapan satu tiga double dua empat lima lima sembilan delapan satu ya"
    result = normalize_spoken(text)
    whole = "kosong delapan satu tiga double dua empat lima lima sembilan delapan satu"
    assert _span_of(result, "081322455981") == whole
    assert _span_of(result, "0813") == "kosong delapan satu tiga"
    assert _span_of(result, "22") == "double dua"
    assert _span_of(result, "2") == "double dua"  # part of a rewritten piece: the whole piece
    assert _span_of(result, "nomor saya ") == "nomor saya "  # identity around it
    assert _span_of(result, " ya") == " ya"


def test_compound_groups_and_ids_map_to_whole_words() -> None:
    result = normalize_spoken("lahir tujuh belas agustus sembilan belas delapan puluh lima")
    assert result.text == "lahir 17 agustus 1985"
    assert _span_of(result, "1985") == "sembilan belas delapan puluh lima"
    assert _span_of(result, "19") == "sembilan belas"
    assert _span_of(result, "9") == "sembilan belas"
    assert _span_of(result, "17 agustus") == "tujuh belas agustus"
    result = normalize_spoken("ic s eight eight one two three four five z ok")
    assert _span_of(result, "S8812345Z") == "s eight eight one two three four five z"
    assert _span_of(result, "S") == "s"


def test_email_pieces_map_to_their_words() -> None:
    result = normalize_spoken("email budi dot santoso at gmail dot com ok")
    assert result.text == "email budi.santoso@gmail.com ok"
    assert _span_of(result, "budi.santoso@gmail.com") == "budi dot santoso at gmail dot com"
    assert _span_of(result, "@") == "at"
    assert _span_of(result, ".santoso") == "dot santoso"
    assert _span_of(result, "budi") == "budi"
    assert _span_of(result, "gmail.com") == "gmail dot com"


def test_empty_and_invalid_spans() -> None:
    result = normalize_spoken("nomor kosong delapan")
    assert result.text == "nomor 08"
    assert result.to_original(6, 6) == (6, 6)
    assert result.to_original(7, 7) == (13, 13)  # inside a rewritten piece: its start
    assert result.to_original(8, 8) == (20, 20)
    for bad in [(-1, 2), (3, 2), (0, 9)]:
        with pytest.raises(ValueError):
            result.to_original(*bad)


def test_public_api() -> None:
    assert spoken.__all__ == ["ShadowText", "alternation", "normalize_spoken"]
    plain = ShadowText("abc", "abc")
    assert not plain.changed
    assert plain.to_original(1, 3) == (1, 3)
    with pytest.raises(AttributeError):
        plain.text = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------
# Properties

_WORD = re.compile(r"\w", re.UNICODE)
_SPOKEN = sorted(spoken._VOCAB) + [
    "at", "et", "dot", "titik", "underscore", "garis", "bawah", "dash", "strip", "gmail", "yahoo",
    "com", "co", "id", "sg", "budi", "saya", "nomor", "a", "i", "s", "z", "t", "of", "the", "may",
    "august", "agustus", "ok", "satu-satunya", "kosong8",
]  # fmt: skip
_FRAGMENTS = [
    "at gmail dot com", "et yahoo titik co titik id", "dot santoso at", "underscore", "garis bawah",
    "at b c a dot co dot id", "@ gmail dot com", "at gmail.com", "double", "oh", "and", "of may",
    "s eight eight one two three four five z", "kosong delapan satu", "sembilan belas", "dua puluh",
    "at bank dash jaya.co.id", "at b c a.com", "at x-y.sg", "dash", ".com", "gmail.com",
]  # fmt: skip
_SEPARATORS = [" "] * 8 + ["  ", "\t", "\n", "-", ".", ", ", "@", "", "\u00a0", " - ", "_", "\u3000"]


def _case(word: str, style: int) -> str:
    return (word, word, word, word.upper(), word.capitalize())[style]


_spoken_word = st.builds(_case, st.sampled_from(_SPOKEN), st.integers(0, 4))
_token = st.one_of(
    _spoken_word,
    _spoken_word,
    _spoken_word,
    st.sampled_from(_FRAGMENTS),
    st.from_regex(r"[0-9]{1,5}", fullmatch=True),
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=3),
    st.sampled_from(["\u0130", "\u212a", "é", "ß", "中文", "😀", "’"]),
)
_texts = st.lists(st.tuples(_token, st.sampled_from(_SEPARATORS)), max_size=40).map(
    lambda pairs: "".join(word + sep for word, sep in pairs)
)
_NO_CUE = [
    "hello", "budi", "saya", "nomor", "ok", "the", "gmail", "com", "a", "i", "s", "z", "double", "dobel",
    "triple", "oh", "o", "and", "ribu", "hundred", "thousand", "belas", "puluh", "ratus", "check",
    "underscore", "garis", "bawah", "someone", "phone", "often", "seven11", "satuan", "kesatuan",
    "atas", "that", "date", "dots", "at", "et", "gmail com", "gmail.com",
]  # fmt: skip
_NO_CUE_SEPARATORS = [sep for sep in _SEPARATORS if "@" not in sep]  # "@" is a cue
_no_cue_texts = st.lists(
    st.tuples(
        st.one_of(
            st.builds(_case, st.sampled_from(_NO_CUE), st.integers(0, 2)),
            st.from_regex(r"[0-9]{1,5}", fullmatch=True),
            st.text(
                st.characters(blacklist_categories=("Cs", "L", "N"), blacklist_characters="@"), min_size=1, max_size=3
            ),
            st.sampled_from(["é", "中文", "😀", "’", "\u0130"]),
        ),
        st.sampled_from(_NO_CUE_SEPARATORS),
    ),
    max_size=40,
).map(lambda pairs: "".join(word + sep for word, sep in pairs))


def _on_word_boundary(text: str, pos: int) -> bool:
    """Not strictly inside a run of word characters."""
    return pos == 0 or pos == len(text) or not (_WORD.match(text[pos - 1]) and _WORD.match(text[pos]))


def _char_map(result: ShadowText) -> list[tuple[int, int]]:
    return [result.to_original(i, i + 1) for i in range(len(result.text))]


def _is_identity_char(result: ShadowText, i: int, mapped: tuple[int, int]) -> bool:
    a, b = mapped
    return b == a + 1 and result.original[a] == result.text[i]


@settings(max_examples=300, deadline=None)
@given(text=_texts, data=st.data())
def test_map_is_in_bounds_monotone_and_on_word_boundaries(text: str, data: st.DataObject) -> None:
    result = normalize_spoken(text)
    assert result.original == text
    n, size = len(result.text), len(text)
    chars = _char_map(result)
    for i, (a, b) in enumerate(chars):
        assert 0 <= a < b <= size
        if not _is_identity_char(result, i, (a, b)):  # a rewritten region: whole original words
            assert _on_word_boundary(text, a), (text, result.text, i)
            assert _on_word_boundary(text, b), (text, result.text, i)
        if i:
            assert chars[i - 1][0] <= a and chars[i - 1][1] <= b  # monotone
            assert chars[i - 1][1] <= a or chars[i - 1] == (a, b)  # pieces never overlap
    pairs = data.draw(st.lists(st.tuples(st.integers(0, n), st.integers(0, n)), max_size=40))
    for s, e in [(0, n), *pairs]:
        s, e = min(s, e), max(s, e)
        if s == e:
            continue
        a, b = result.to_original(s, e)
        assert (a, b) == (chars[s][0], chars[e - 1][1])  # the span is the hull of its characters
    # Every rewritten segment spans whole original words, and the rest of the text is untouched.
    for s_start, s_end, o_start, o_end in result._segments:
        assert _on_word_boundary(text, o_start) and _on_word_boundary(text, o_end)
        assert o_start < o_end and s_start <= s_end


@settings(max_examples=300, deadline=None)
@given(text=_no_cue_texts)
def test_text_without_cue_words_is_the_identity(text: str) -> None:
    result = normalize_spoken(text)
    assert result.text == text
    assert not result.changed
    for s in range(0, len(text) + 1, 3):
        assert result.to_original(s, len(text)) == (s, len(text))
        assert result.to_original(0, s) == (0, s)


@settings(max_examples=300, deadline=None)
@given(text=_texts)
def test_text_outside_rewritten_segments_is_preserved_in_order(text: str) -> None:
    result = normalize_spoken(text)
    kept_original: list[str] = []
    kept_shadow: list[str] = []
    o_pos = s_pos = 0
    for s_start, s_end, o_start, o_end in result._segments:
        kept_original.append(text[o_pos:o_start])
        kept_shadow.append(result.text[s_pos:s_start])
        assert s_start - s_pos == o_start - o_pos  # identity pieces have equal length
        o_pos, s_pos = o_end, s_end
    kept_original.append(text[o_pos:])
    kept_shadow.append(result.text[s_pos:])
    assert kept_original == kept_shadow
    assert result.changed == (result.text != text)


@settings(max_examples=100, deadline=None)
@given(text=_texts)
def test_normalizing_is_deterministic_and_rewrites_only_spoken_forms(text: str) -> None:
    first = normalize_spoken(text)
    assert normalize_spoken(text) == first
    # Every rewritten piece produces only digits, ID letters, or email punctuation.
    for s_start, s_end, _, _ in first._segments:
        assert re.fullmatch(r"[0-9A-Z.@_\-\u212a]*", first.text[s_start:s_end]), first.text[s_start:s_end]


@settings(max_examples=300, deadline=None)
@given(text=_texts)
def test_the_cheap_cue_check_never_skips_a_rewrite(text: str) -> None:
    """The fast path decides from a C-level tokenize which passes to run; running both must agree."""
    assert normalize_spoken(text) == spoken._shadow(text, spoken._lower(text), True, True)


@pytest.mark.parametrize(
    ("spoken", "shadow"),
    [
        ("sure it's four six five eight two seven eight six", "sure it's 46582786"),  # no "S" from "it's"
        ("rekening lima tiga tiga sembilan tujuh delapan tiga sembilan lima empat a n nasim",
         "rekening 5339783954 a n nasim"),  # "a n" (a.n.) is not an ID letter
        ("nomor saya plus enam dua delapan satu dua", "nomor saya +62812"),
        ("april twenty four nineteen eighty", "april 24 1980"),
        ("sebelas tiga sembilan belas enam puluh tujuh", "11 3 1967"),
        ("s eight eight one two three four five z", "S8812345Z"),
    ],
)
def test_ids_plus_and_dates(spoken: str, shadow: str) -> None:
    assert normalize_spoken(spoken).text == shadow
