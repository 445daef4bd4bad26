"""Spoken forms in speech-to-text transcripts, rewritten into a "shadow text" with an exact offset map.

Speech-to-text writes "kosong delapan satu tiga ..." where a chat would have "0813...", and
"budi dot santoso at gmail dot com" where a chat would have an address. The PII detectors are regexes
over digits and addresses, so they run on a shadow text in which those spoken forms are written out;
every span they find is then mapped back to the original words so that redaction covers exactly
what the customer said. Everything that is not rewritten stays byte-for-byte identical (case
included) so that name and context detectors see the original.

The map is a short tuple of rewritten segments ``(shadow_start, shadow_end, orig_start, orig_end)``
with identity in between, searched with `bisect`. A segment is one number group ("dua puluh satu"
-> "21"), one email connector ("dot" -> "."), one joined ID letter ("s" -> "S"), or a deleted pause
between joined pieces (``shadow_start == shadow_end``). Segments start and end on original word
boundaries, so a mapped span never splits an original word that was rewritten; a pause that was
deleted produced nothing, so it is only covered when a span reaches across it.

Most text (chat, email) contains nothing spoken. That is decided in C: the lowercased text is
encoded, its non-word bytes turned into spaces, split, and checked against a set of cue words
(definite number words, "dot"/"titik"), plus a look for "@" and for "at <domain>."; with no cue the
result is the identity at once. Regexes then run on the lowercased copy (same offsets), never with
IGNORECASE, which makes Python's regex engine several times slower.

Choices made where the spoken form is ambiguous:

* a run of number words joins across horizontal whitespace and a single hyphen ("twenty-one"), but
  not across a line break: in transcripts a line is a speaker turn or segment, and gluing digits of
  two turns together would produce a number that matches no detector;
* a run is rewritten only when it holds at least one unambiguous number word: runs of digits alone
  ("0812 8877 4410") are left to the detectors, and "o"/"oh"/"double" alone ("oh ok", "double
  check") are words; digits inside a spoken run join it ("0812 8877 empat empat" -> "0812887744");
* a trailing "o"/"oh" followed by a word is an interjection ("... lima lima oh iya"), not a zero;
* "first", "second" and "third" on their own are common words ("first name", "wait a second"): they
  count as ordinals only inside a compound ("twenty first") or next to a month ("first of may");
* "and" belongs to a number only right after "hundred"/"thousand"/"million" ("two thousand and one");
* "hundred"/"ratus", "thousand"/"ribu" and "million"/"juta" with nothing to multiply, and
  "belas"/"puluh" with no digit before them, are left as words ("beberapa ribu orang");
* a single letter is joined to an adjacent rewritten digit run only when that run has at least 7
  digits (Singapore NRIC/FIN, Indonesian passports); this includes "a" and "i", because next to seven
  spoken digits the letter reading is the likely one and over-redacting one letter is the safe side;
* in an email, the local part is the word right before "at" plus any spoken digits or spelled
  letters after it, extended left only through spoken or written connectors ("dot", ".", ...); a
  short list of function words ("saya", "is", "email", ...) never starts a local part; an email that
  is already written ("budi.satu@gmail.com") is left alone, spoken number words in it included.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["ShadowText", "alternation", "normalize_spoken"]

Segment = tuple[int, int, int, int]


@dataclass(frozen=True, slots=True)
class ShadowText:
    """A transcript and its shadow text, with the map from shadow offsets back to original offsets.

    ``_segments`` lists the rewritten pieces as ``(shadow_start, shadow_end, orig_start, orig_end)``
    in order; between them the two texts are identical. Only ``normalize_spoken`` should build one
    with segments.
    """

    original: str
    text: str
    _segments: tuple[Segment, ...] = field(default=(), repr=False)
    _ends: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self._segments:
            object.__setattr__(self, "_ends", tuple(seg[1] for seg in self._segments))

    @property
    def changed(self) -> bool:
        """True when something was rewritten (the shadow differs from the original)."""
        return bool(self._segments)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a shadow span [start, end) to the smallest original span covering every original
        character that produced it.

        A bound that falls inside a rewritten segment widens to the whole original words of that
        segment; identity positions map to themselves shifted by the length changes before them.
        An empty span maps to an empty span at the mapped start.
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span [{start}, {end}) is outside the shadow text (length {len(self.text)})")
        segs = self._segments
        if not segs:
            return start, end
        ends = self._ends
        count = len(segs)

        k = bisect_right(ends, start)
        if k < count and segs[k][0] <= start:
            o_start = segs[k][2]
        elif k:
            prev = segs[k - 1]
            o_start = start + prev[3] - prev[1]
        else:
            o_start = start
        if end == start:
            return o_start, o_start

        last = end - 1
        k = bisect_right(ends, last)
        if k < count and segs[k][0] <= last:
            o_end = segs[k][3]
        elif k:
            prev = segs[k - 1]
            o_end = end + prev[3] - prev[1]
        else:
            o_end = end
        return o_start, o_end


# --------------------------------------------------------------------------------------------------
# Vocabulary

(
    K_ZERO,
    K_WEAK,
    K_UNIT,
    K_TEEN,
    K_TENS,
    K_BELAS,
    K_PULUH,
    K_MUL,
    K_SEHUND,
    K_SEBIG,
    K_REPEAT,
    K_AND,
    K_ORD_UNIT,
    K_ORD_TEEN,
    K_ORD_TENS,
) = range(15)

_ID_UNITS = ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
_EN_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_EN_TEENS = [
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
]  # fmt: skip
_EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORD_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_EN_ORD_TEENS = [
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
    "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
]  # fmt: skip
_EN_ORD_TENS = [
    "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth",
]  # fmt: skip

_VOCAB: dict[str, tuple[int, int]] = {}
for _word in ("nol", "kosong", "zero"):
    _VOCAB[_word] = (K_ZERO, 0)
for _word in ("o", "oh"):
    _VOCAB[_word] = (K_WEAK, 0)
for _words in (_ID_UNITS, _EN_UNITS):
    for _value, _word in enumerate(_words, 1):
        _VOCAB[_word] = (K_UNIT, _value)
for _value, _word in enumerate(_EN_TEENS, 10):
    _VOCAB[_word] = (K_TEEN, _value)
_VOCAB["sepuluh"] = (K_TEEN, 10)
_VOCAB["sebelas"] = (K_TEEN, 11)
for _value, _word in enumerate(_EN_TENS, 2):
    _VOCAB[_word] = (K_TENS, _value * 10)
_VOCAB["belas"] = (K_BELAS, 0)
_VOCAB["puluh"] = (K_PULUH, 0)
for _word, _value in (
    ("ratus", 100), ("hundred", 100), ("ribu", 1000), ("thousand", 1000), ("juta", 10**6), ("million", 10**6),
):  # fmt: skip
    _VOCAB[_word] = (K_MUL, _value)
_VOCAB["seratus"] = (K_SEHUND, 100)
_VOCAB["seribu"] = (K_SEBIG, 1000)
_VOCAB["sejuta"] = (K_SEBIG, 10**6)
for _word, _value in (("double", 2), ("dobel", 2), ("triple", 3), ("tripel", 3)):
    _VOCAB[_word] = (K_REPEAT, _value)
_VOCAB["and"] = (K_AND, 0)
for _value, _word in enumerate(_EN_ORD_UNITS, 1):
    _VOCAB[_word] = (K_ORD_UNIT, _value)
for _value, _word in enumerate(_EN_ORD_TEENS, 10):
    _VOCAB[_word] = (K_ORD_TEEN, _value)
for _value, _word in enumerate(_EN_ORD_TENS, 2):
    _VOCAB[_word] = (K_ORD_TENS, _value * 10)
del _word, _words, _value

#: Words that make a run a number on their own; a run without one is left alone.
_DEFINITE = frozenset(
    w
    for w, (k, _) in _VOCAB.items()
    if k in {K_ZERO, K_UNIT, K_TEEN, K_TENS, K_SEHUND, K_SEBIG, K_ORD_UNIT, K_ORD_TEEN, K_ORD_TENS}
)
#: Tokens a run may start with before its first definite word ("oh eight", "double dua", "0812 empat").
_LEADERS = frozenset({"o", "oh", "double", "dobel", "triple", "tripel"})
_LEADER_LAST_CHARS = frozenset("0123456789" + "".join(w[-1] for w in _LEADERS))
_WEAK_ZEROS = frozenset({"o", "oh"})
#: Standalone ordinals that are ordinary words unless a month is next to them.
_WEAK_ORDINALS = frozenset({"first", "second", "third"})

_MONTHS = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "januari", "februari", "maret", "mei", "juni", "juli", "agustus",
    "oktober", "desember",
]  # fmt: skip

_TLDS = [
    "com", "net", "org", "id", "co", "sg", "my", "edu", "gov", "ac", "io", "info", "biz", "xyz",
    "mil", "int", "me", "us", "uk", "au", "in", "ph", "th", "vn", "hk", "tw", "jp", "kr", "cn", "nz",
    "ca", "de", "fr", "nl", "eu", "asia", "ai", "app", "dev", "tech", "online", "site", "store",
    "web", "cloud", "pro", "name", "mobi", "tv",
]  # fmt: skip
#: Spoken connectors inside an email local part, and what they stand for.
_CONNECTORS = {
    "dot": ".", "titik": ".", "underscore": "_", "dash": "-", "strip": "-", "minus": "-", "hyphen": "-",
}  # fmt: skip
_DOT_WORDS = frozenset({"dot", "titik"})
_DASH_WORDS = frozenset({"dash", "strip", "minus", "hyphen"})
_AT_WORDS = frozenset({"at", "et"})
#: Words that never start an email local part: they are what people say before the address.
_LOCAL_STOP = frozenset(
    {
        "saya", "aku", "gue", "gua", "kami", "email", "imel", "emel", "surel", "mail", "alamat",
        "adalah", "yaitu", "yakni", "ialah", "itu", "ini", "ke", "di", "dari", "nya", "dan", "atau",
        "pakai", "pake", "ya", "iya", "yes", "no", "nomor", "number", "is", "my", "me", "the", "to",
        "it", "its", "and", "or", "send", "kirim", "ok", "oke", "okay", "your", "our", "his", "her",
        "their", "mine", "via", "using", "under", "garis", "bawah",
    }
    | _AT_WORDS
    | set(_CONNECTORS)
)  # fmt: skip

# --------------------------------------------------------------------------------------------------
# Regexes and tables (all built once). Every regex runs on `low`, a lowercased copy of the text with
# the same offsets, so none needs IGNORECASE (which makes the regex engine several times slower).

#: Horizontal whitespace: what a pause becomes. Line breaks (turn boundaries) are excluded.
_HS = r"[^\S\n\v\f\r\x1c-\x1e\x85\u2028\u2029]"
_HS_CHARS = frozenset(chr(c) for c in range(0x3001) if re.fullmatch(_HS, chr(c)))
_HS_RUN = re.compile(_HS + "+")
#: A token is a maximal run of word characters, as for the regex `\w`.
_TOKEN = re.compile(r"\w+")


def alternation(words: Iterable[str]) -> str:
    """A prefix-factored alternation: the regex engine rejects most positions on one character.

    A flat alternation of ~130 words is tried word by word at every position; the factored form
    costs one character test per distinct first letter.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


_DEF_ALT = alternation(_DEFINITE)
_ANY_ALT = alternation(_VOCAB)
_TLD_ALT = alternation(_TLDS)
_MONTH_ALT = alternation(_MONTHS)

#: A run of number tokens: starts at a definite word (digits and leaders before it are added by
#: `_extend_back`), continues over number words or digits separated by a pause or one hyphen.
#: There is deliberately no `\b` in front: a pattern that opens with an alternation of literals
#: lets the regex engine skip ahead to candidate first letters, twice as fast; `_runs` rejects the
#: matches that start inside a word ("someone").
_RUN = re.compile(rf"(?:{_DEF_ALT})\b(?:(?:{_HS}+|-)(?:{_ANY_ALT}|[0-9]+)\b)*")
#: A spoken "at"/"et" with pauses on both sides; the first form has a literal prefix, which the
#: regex engine searches for much faster, and is exact when the only pause character is " ".
_AT_WORD_SPACE = re.compile(rf" [ae]t(?: sign| symbol)?(?={_HS})")  # "budi at sign gmail dot com"
_AT_WORD_ANY = re.compile(rf"{_HS}[ae]t(?:{_HS}+(?:sign|symbol))?(?={_HS})")
_LABEL_PART = rf"(?:[a-z]\b(?:{_HS}+[a-z]\b)+|\w+(?:-\w+)*)"  # spelled ("b c a") or a word
_LABEL = rf"{_LABEL_PART}(?:{_HS}+(?:dash|strip|minus|hyphen){_HS}+{_LABEL_PART})*"
#: A spoken "at" before a written domain ("at gmail.com"): the one email cue with no spoken dot.
#: It is exactly the start of `_DOMAIN_AFTER_WORD` when the domain's first dot is written.
_AT_LITERAL_SPACE = re.compile(rf" [ae]t{_HS}+{_LABEL}\.")
_AT_LITERAL_ANY = re.compile(rf"{_HS}[ae]t{_HS}+{_LABEL}\.")
_SEP = rf"(?:{_HS}+(?:dot|titik){_HS}+|\.)"
_DOMAIN_BODY = rf"{_LABEL}(?:{_SEP}{_LABEL})*{_SEP}(?:{_TLD_ALT})\b"
#: The domain after a spoken "at": a pause, labels, at least one dot, a known top-level domain.
_DOMAIN_AFTER_WORD = re.compile(rf"{_HS}+({_DOMAIN_BODY})")
_DOMAIN_AFTER_SIGN = re.compile(rf"{_HS}*({_DOMAIN_BODY})")
_MONTH_AFTER = re.compile(rf"{_HS}+(?:of{_HS}+)?(?:{_MONTH_ALT})\b")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH_ALT}){_HS}+(?:the{_HS}+)?\Z")

#: The fast path tokenizes in C: non-ASCII bytes become "?" and every byte that is not a word
#: character becomes a space, so `split()` yields (at least) every ASCII token of the text.
_SEPARATE = bytes(c if chr(c).isalnum() or chr(c) == "_" else 0x20 for c in range(128)) + b" " * 128
_NUMBER_CUES = frozenset(w.encode() for w in _DEFINITE)
_DOT_CUES = frozenset(w.encode() for w in _DOT_WORDS)
_ALL_CUES = _NUMBER_CUES | _DOT_CUES

#: How far back from an "at" the local part of an email may start: a short window first (most
#: local parts are short, and tokenizing costs), the long one when the parse reaches its edge.
_LOCAL_WINDOWS = (64, 256)
#: Digits a run needs before an adjacent single letter is taken as part of an ID (NRIC: 7).
_ID_MIN_DIGITS = 7
#: NRIC/FIN series letters: the only letters that may start a spoken ID ("s eight eight ...").
_ID_PREFIXES = frozenset("stfgm")

# Units produced by `_parse`: (first token, end token (exclusive), digits or None, definite, ordinal).
# Digits None means "not a number here": the token stays as it is.
Unit = tuple[int, int, "str | None", bool, bool]

# Element types inside `_parse`.
_E_LIT, _E_BREAK, _E_UNIT, _E_TEEN, _E_TENS, _E_HUNDREDS, _E_MUL, _E_SEBIG, _E_AND = range(9)
_COMPOUND_STARTERS = frozenset({_E_UNIT, _E_TEEN, _E_TENS, _E_HUNDREDS, _E_SEBIG})
_BIG = 10**12

Edit = tuple[int, int, str]


def _is_word_char(ch: str) -> bool:
    """Same test as the regex class `\\w`."""
    return ch.isalnum() or ch == "_"


def _is_hs(low: str, start: int, end: int) -> bool:
    """True when low[start:end] is a non-empty run of horizontal whitespace."""
    return end > start and _HS_RUN.fullmatch(low, start, end) is not None


def _space_only(low: str) -> bool:
    """True when " " is the only horizontal whitespace character the text can contain."""
    return low.isascii() and "\t" not in low and "\x1f" not in low


def _at_literal(low: str, words: list[bytes]) -> bool:
    """Does a spoken "at" precede a written domain ("budi at gmail.com")?"""
    if (b"at" not in words and b"et" not in words) or "." not in low:
        return False
    pattern = _AT_LITERAL_SPACE if _space_only(low) else _AT_LITERAL_ANY
    return pattern.search(low) is not None


def _month_adjacent(low: str, start: int, end: int) -> bool:
    """Is the word at [start, end) next to a month name ("first of may", "august the first")?"""
    if _MONTH_AFTER.match(low, end) is not None:
        return True
    return _MONTH_BEFORE.search(low, max(0, start - 24), start) is not None


def _parse(low: str, toks: list[tuple[int, int]], lows: list[str]) -> list[Unit]:
    """Split a run of tokens into number groups and tokens left alone.

    A group is either a compound number ("dua puluh satu" = 21, "seribu sembilan ratus delapan puluh
    lima" = 1985) or one digit-like item ("kosong", "oh", "8", "double dua"). A compound grows while
    each new element fills a lower, still empty position; anything else starts a new group, which is
    how "sembilan belas delapan puluh lima" becomes 19 and 85 and "satu dua" becomes 1 and 2.
    """
    out: list[Unit] = []
    n = len(lows)
    g0 = -1  # first token of the open compound group, -1 when none is open
    total = chunk = 0
    big = _BIG
    h = t = u = last_mul = False
    chunk_start = -1  # token where the current below-a-thousand chunk began
    and_at = -1  # a pending "and" inside the open group

    i = 0
    while i < n:
        low_tok = lows[i]
        span = 1
        val = 0
        lit = ""
        definite = False
        ordinal = False
        kv = _VOCAB.get(low_tok)
        if kv is None:
            if low_tok.isascii() and low_tok.isdigit():
                el, lit = _E_LIT, low_tok
            else:
                el = _E_BREAK
        else:
            kind, val = kv
            if kind == K_UNIT:
                el = _E_UNIT
                if i + 1 < n:
                    nk = _VOCAB.get(lows[i + 1])
                    if nk is not None:
                        if nk[0] == K_BELAS:
                            el, val, span = _E_TEEN, 10 + val, 2
                        elif nk[0] == K_PULUH:
                            el, val, span = _E_TENS, 10 * val, 2
                        elif nk[0] == K_MUL and nk[1] == 100:
                            el, val, span = _E_HUNDREDS, 100 * val, 2
            elif kind == K_TEEN:
                el = _E_TEEN
            elif kind == K_TENS:
                el = _E_TENS
            elif kind == K_ZERO:
                el, lit, definite = _E_LIT, "0", True
            elif kind == K_WEAK:
                el, lit = _E_LIT, "0"
            elif kind == K_MUL:
                el = _E_MUL
            elif kind == K_SEHUND:
                el = _E_HUNDREDS
            elif kind == K_SEBIG:
                el = _E_SEBIG
            elif kind == K_REPEAT:
                el = _E_BREAK
                if i + 1 < n:
                    nxt = lows[i + 1]
                    nk = _VOCAB.get(nxt)
                    if nk is not None and nk[0] in (K_ZERO, K_WEAK, K_UNIT):
                        el, lit, span, definite = _E_LIT, str(nk[1]) * val, 2, nk[0] != K_WEAK
                    elif len(nxt) == 1 and nxt.isascii() and nxt.isdigit():
                        el, lit, span = _E_LIT, nxt * val, 2
            elif kind == K_AND:
                el = _E_AND
            elif kind == K_ORD_UNIT:
                el, ordinal = _E_UNIT, True
            elif kind == K_ORD_TEEN:
                el, ordinal = _E_TEEN, True
            elif kind == K_ORD_TENS:
                el, ordinal = _E_TENS, True
            else:  # K_BELAS, K_PULUH without a digit before them
                el = _E_BREAK

        # Can the element extend the open compound group?
        accepted = False
        if g0 >= 0:
            if el == _E_UNIT:
                accepted = not u
            elif el == _E_TEEN or el == _E_TENS:
                accepted = not t and not u
            elif el == _E_HUNDREDS:
                accepted = chunk == 0
            elif el == _E_MUL:
                accepted = (1 <= chunk <= 99 and not h) if val == 100 else (chunk >= 1 and big > val)
            elif el == _E_SEBIG:
                accepted = chunk == 0 and big > val
            elif el == _E_AND and last_mul and and_at < 0 and i + 1 < n:
                and_at = i
                i += 1
                continue

        if g0 >= 0 and not accepted and and_at >= 0:
            # The pending "and" did not lead into this group: it ends the group and stays a word.
            out.append((g0, and_at, str(total + chunk), True, False))
            out.append((and_at, and_at + 1, None, False, False))
            g0 = -1
        and_at = -1
        if accepted:
            pass
        elif el == _E_MUL and val > 100 and g0 >= 0 and chunk >= 1 and chunk_start > g0:
            # "dua ribu dua ribu": the second multiplier cannot extend the group, but the chunk
            # before it can start a new one. Split the group where that chunk began.
            cut = chunk_start - 1 if lows[chunk_start - 1] == "and" else chunk_start
            out.append((g0, cut, str(total), True, False))
            if cut < chunk_start:
                out.append((cut, chunk_start, None, False, False))
            g0 = chunk_start
            total, big = 0, _BIG
        elif el in _COMPOUND_STARTERS:
            if g0 >= 0:
                out.append((g0, i, str(total + chunk), True, False))
                g0 = -1
            if ordinal and low_tok in _WEAK_ORDINALS and not _month_adjacent(low, toks[i][0], toks[i][1]):
                out.append((i, i + 1, None, False, False))
                i += 1
                continue
            g0 = chunk_start = i
            total = chunk = 0
            big = _BIG
            h = t = u = False
        else:
            if g0 >= 0:
                out.append((g0, i, str(total + chunk), True, False))
                g0 = -1
            out.append((i, i + span, lit if el == _E_LIT else None, definite, False))
            i += span
            continue

        # Apply the accepted element to the open group.
        if chunk == 0 and el != _E_MUL and el != _E_SEBIG:
            chunk_start = i
        if el == _E_UNIT:
            chunk += val
            u = True
            last_mul = False
        elif el == _E_TENS:
            chunk += val
            t = True
            last_mul = False
        elif el == _E_TEEN:
            chunk += val
            t = u = True
            last_mul = False
        elif el == _E_HUNDREDS:
            chunk = val
            h = last_mul = True
        elif el == _E_MUL:
            if val == 100:
                chunk *= 100
                h = True
            else:
                total += chunk * val
                chunk = 0
                big = val
                h = False
            t = u = False
            last_mul = True
        else:  # _E_SEBIG
            total += val
            big = val
            last_mul = True
        i += span
        if ordinal:
            out.append((g0, i, str(total + chunk), True, True))
            g0 = -1

    if g0 >= 0:
        if and_at >= 0:
            out.append((g0, and_at, str(total + chunk), True, False))
            out.append((and_at, and_at + 1, None, False, False))
        else:
            out.append((g0, n, str(total + chunk), True, False))
    return out


def _sub_runs(units: list[Unit]) -> list[tuple[list[Unit], bool, int]]:
    """Groups that are joined together, each with "has a definite group" and its digit count.

    Sub-runs end at tokens left alone and after ordinals ("seventeenth august" keeps its space).
    """
    runs: list[tuple[list[Unit], bool, int]] = []
    cur: list[Unit] = []
    definite = False
    digits = 0
    for unit in units:
        if unit[2] is None:
            if cur:
                runs.append((cur, definite, digits))
                cur, definite, digits = [], False, 0
            continue
        cur.append(unit)
        definite = definite or unit[3]
        digits += len(unit[2])
        if unit[4]:
            runs.append((cur, definite, digits))
            cur, definite, digits = [], False, 0
    if cur:
        runs.append((cur, definite, digits))
    return runs


def _group_edit(text: str, toks: list[tuple[int, int]], unit: Unit, edits: list[Edit]) -> None:
    """The edit for one number group, unless it already reads as its digits ("0812")."""
    start, end = toks[unit[0]][0], toks[unit[1] - 1][1]
    digits = unit[2] or ""
    if text[start:end] != digits:
        edits.append((start, end, digits))


def _extend_back(low: str, start: int, lo: int) -> int:
    """Move a run's start back over digits and leaders ("oh", "double") before its first definite word."""
    while True:
        k = start
        if k <= lo:
            return start
        ch = low[k - 1]
        if ch != "-" and ch not in _HS_CHARS:
            return start
        while k > lo and low[k - 1] in _HS_CHARS:
            k -= 1
        if k > lo and low[k - 1] not in _LEADER_LAST_CHARS and k < start:
            return start  # the word before cannot be a leader or digits: the common case
        k = start
        while k > lo and low[k - 1] in _HS_CHARS:
            k -= 1
        if k == start:
            if k > lo and low[k - 1] == "-":
                k -= 1
            else:
                return start
        tok_end = k
        while k > lo and _is_word_char(low[k - 1]):
            k -= 1
        if k == tok_end or (k == lo and k > 0 and _is_word_char(low[k - 1])):
            return start
        word = low[k:tok_end]
        if not ((word.isascii() and word.isdigit()) or word in _LEADERS):
            return start
        start = k


def _word_follows(low: str, pos: int) -> bool:
    """Does a word follow `pos` after a pause (rather than punctuation, a line break or the end)?"""
    k = pos
    while k < len(low) and low[k] in _HS_CHARS:
        k += 1
    return k > pos and k < len(low) and _is_word_char(low[k])


def _letter_before(low: str, pos: int, lo: int) -> int:
    """Offset of a single-letter token that a pause separates from `pos`, or -1."""
    k = pos
    while k > lo and low[k - 1] in _HS_CHARS:
        k -= 1
    if k == pos or k - 1 < lo or low[k - 1] not in _ID_PREFIXES:
        return -1
    if k >= 2 and (_is_word_char(low[k - 2]) or low[k - 2] in "'’"):
        return -1  # "it's": the s of a contraction, not an ID letter
    return k - 1


def _plus_before(low: str, pos: int, lo: int) -> int:
    """Offset of a spoken "plus" (a country-code prefix) that a pause separates from `pos`, or -1."""
    k = pos
    while k > lo and low[k - 1] in _HS_CHARS:
        k -= 1
    if k == pos or k - 4 < lo or low[k - 4 : k] != "plus" or (k >= 5 and _is_word_char(low[k - 5])):
        return -1
    return k - 4


def _date_gaps(groups: list[str]) -> frozenset[int]:
    """Indexes of groups that keep the pause before them because the run reads as a date.

    "twenty four nineteen eighty" is day 24, year 1980, and "sebelas tiga sembilan belas enam
    puluh tujuh" is 11 3 1967: joined into one number ("241980") no date reader would see them.
    Shapes: day [month] year, the year as one group ("1985", "2001") or two ("19" "85").
    """
    values = [int(g) if g.isdigit() else -1 for g in groups]
    if len(groups) < 2 or any(v < 0 for v in values):
        return frozenset()
    if len(groups[-1]) == 4 and 1900 <= values[-1] <= 2039:
        head = values[:-1]
        year_start = len(groups) - 1
    elif len(groups) >= 3 and values[-2] in (19, 20) and len(groups[-1]) == 2 and len(groups[-2]) == 2:
        head = values[:-2]
        year_start = len(groups) - 2
    else:
        return frozenset()
    if len(head) == 1 and 1 <= head[0] <= 31:
        return frozenset({year_start})
    if len(head) == 2 and 1 <= head[0] <= 31 and 1 <= head[1] <= 12:
        return frozenset({1, year_start})
    return frozenset()


def _letter_after(low: str, pos: int, hi: int) -> int:
    """Offset of a single-letter token that a pause separates from `pos`, or -1."""
    k = pos
    while k < hi and low[k] in _HS_CHARS:
        k += 1
    if k == pos or k >= hi or not "a" <= low[k] <= "z":
        return -1
    if k + 1 < len(low) and _is_word_char(low[k + 1]):
        return -1
    return k


def _runs(text: str, low: str, lo: int, hi: int, space_only: bool, edits: list[Edit]) -> None:
    """Rewrite the number-word runs in text[lo:hi] (a stretch between emails).

    `space_only` (" " is the only pause character in the text) allows splitting runs on " ".
    """
    claimed = lo  # nothing before this may be taken again (a joined letter, a run's tokens)
    pos = lo
    while True:
        m = _RUN.search(low, pos, hi)
        if m is None:
            return
        start = m.start()
        if start > 0 and _is_word_char(low[start - 1]):  # "one" in "someone": skip that word
            pos = _TOKEN.match(low, start).end()  # type: ignore[union-attr]
            continue
        pos = end = m.end()
        start = _extend_back(low, start, claimed)
        lows = low[start:end].split(" ")
        if not space_only or "" in lows or "-" in low[start:end]:
            toks = [t.span() for t in _TOKEN.finditer(low, start, end)]
            lows = [low[a:b] for a, b in toks]
        else:  # single spaces only (the usual case): offsets follow from the word lengths
            toks = []
            a = start
            for word in lows:
                b = a + len(word)
                toks.append((a, b))
                a = b + 1
        for sub, definite, n_digits in _sub_runs(_parse(low, toks, lows)):
            while sub and lows[sub[-1][0]] in _WEAK_ZEROS and _word_follows(low, toks[sub[-1][0]][1]):
                sub = sub[:-1]  # "... lima lima oh iya": a trailing "oh" before a word is an interjection
                n_digits -= 1
                definite = any(unit[3] for unit in sub)
            if not definite:
                continue
            first, last = toks[sub[0][0]][0], toks[sub[-1][1] - 1][1]
            plus = _plus_before(low, first, claimed)
            if plus >= 0:
                edits.append((plus, first, "+"))  # "plus enam dua ..." -> "+62..."
            keep_gaps = _date_gaps([unit[2] or "" for unit in sub])
            if not keep_gaps and len(sub) == 2 and _MONTH_BEFORE.search(low, max(0, first - 24), first):
                day = sub[0][2] or ""
                if day.isdigit() and 1 <= int(day) <= 31 and day not in ("19", "20") and len(sub[1][2] or "") == 2:
                    keep_gaps = frozenset({1})  # "january twenty seven twenty two": day 27, year (20)22
            letter_after = -1
            if n_digits == _ID_MIN_DIGITS:  # NRIC/FIN: letter + 7 digits + letter
                letter = _letter_before(low, first, claimed)
                if letter >= 0:
                    if text[letter].islower():
                        edits.append((letter, letter + 1, text[letter].upper()))
                    edits.append((letter + 1, first, ""))
                letter_after = _letter_after(low, last, hi)
            prev_end = -1
            for index, (i0, i1, digits, _, _) in enumerate(sub):
                a, b = toks[i0][0], toks[i1 - 1][1]
                if prev_end >= 0 and index not in keep_gaps:
                    edits.append((prev_end, a, ""))
                if text[a:b] != digits:
                    edits.append((a, b, digits))  # type: ignore[arg-type]
                prev_end = b
            claimed = last
            if letter_after >= 0:
                edits.append((last, letter_after, ""))
                if text[letter_after].islower():
                    edits.append((letter_after, letter_after + 1, text[letter_after].upper()))
                claimed = letter_after + 1
        claimed = max(claimed, m.end())


def _is_local_piece(word: str) -> bool:
    """Tokens that glue onto the end of a local part: spoken digits, digits, spelled letters."""
    if word in _VOCAB:
        return word != "and"
    return word.isascii() and (word.isdigit() or (len(word) == 1 and word.isalpha()))


def _atom_back(low: str, toks: list[tuple[int, int]], lows: list[str], i: int) -> int:
    """First token of the local-part atom that ends at token i, or -1 when there is none.

    An atom is one word optionally followed by spoken digits or spelled letters ("budi tiga dua"),
    or such pieces alone ("b u d i", "satu dua").
    """
    k = i
    while k >= 0 and _is_local_piece(lows[k]) and (k == i or _is_hs(low, toks[k][1], toks[k + 1][0])):
        k -= 1
    if k >= 0 and (k == i or _is_hs(low, toks[k][1], toks[k + 1][0])):
        word = lows[k]
        if word not in _LOCAL_STOP and not _is_local_piece(word):
            return k
    return -1 if k == i else k + 1


def _local_part(
    low: str, at_start: int, word_at: bool, lo: int
) -> tuple[list[tuple[int, int]], list[list[int]], list[Edit]] | None:
    """Parse an email local part backwards from an "at".

    Returns (tokens, atoms as lists of token indices in text order, connector edits), or None when
    no local part is there.
    """
    toks = [t.span() for t in _TOKEN.finditer(low, lo, at_start)]
    if toks and toks[0][0] == lo and lo > 0 and _is_word_char(low[lo - 1]):
        toks.pop(0)  # cut by the window
    if not toks:
        return None
    gap = toks[-1][1]
    if (word_at or gap != at_start) and not _is_hs(low, gap, at_start):
        return None
    lows = [low[a:b] for a, b in toks]
    last = len(toks) - 1
    first = _atom_back(low, toks, lows, last)
    if first < 0:
        return None
    atoms = [list(range(first, last + 1))]
    conn_edits: list[Edit] = []
    while first > 0:
        g0, g1 = toks[first - 1][1], toks[first][0]
        edit: Edit | None
        if g1 == g0 + 1 and low[g0] in ".-+":
            nxt, edit = first - 1, None
        elif not _is_hs(low, g0, g1):
            break
        elif lows[first - 1] in _CONNECTORS and first >= 2 and _is_hs(low, toks[first - 2][1], toks[first - 1][0]):
            a, b = toks[first - 1]
            nxt, edit = first - 2, (a, b, _CONNECTORS[lows[first - 1]])
        elif (
            lows[first - 1] == "bawah"
            and first >= 3
            and lows[first - 2] == "garis"
            and _is_hs(low, toks[first - 2][1], toks[first - 1][0])
            and _is_hs(low, toks[first - 3][1], toks[first - 2][0])
        ):
            nxt, edit = first - 3, (toks[first - 2][0], toks[first - 1][1], "_")
        else:
            break
        prev_first = _atom_back(low, toks, lows, nxt)
        if prev_first < 0:
            break
        if edit is not None:
            conn_edits.append((toks[nxt][1], edit[0], ""))
            conn_edits.append(edit)
            conn_edits.append((edit[1], toks[first][0], ""))
        atoms.append(list(range(prev_first, nxt + 1)))
        first = prev_first
    atoms.reverse()
    return toks, atoms, conn_edits


def _atom_edits(text: str, low: str, toks: list[tuple[int, int]], edits: list[Edit], numbers: list[Edit]) -> None:
    """Join one local-part atom: its pauses go (into `edits`), spoken digits become digits (into `numbers`)."""
    lows = [low[a:b] for a, b in toks]
    covered: set[int] = set()  # tokens whose following pause lies inside a rewritten group
    for sub, definite, _ in _sub_runs(_parse(low, toks, lows)):
        if definite:
            for unit in sub:
                _group_edit(text, toks, unit, numbers)
                covered.update(range(unit[0], unit[1] - 1))
    for j in range(len(toks) - 1):
        if j not in covered:
            edits.append((toks[j][1], toks[j + 1][0], ""))


def _at_positions(low: str) -> list[tuple[int, int]]:
    """Every "@" and every spoken "at"/"et" between pauses, in text order."""
    found: list[tuple[int, int]] = []
    pos = low.find("@")
    while pos >= 0:
        found.append((pos, pos + 1))
        pos = low.find("@", pos + 1)
    pattern = _AT_WORD_SPACE if _space_only(low) else _AT_WORD_ANY
    found.extend((m.start() + 1, m.end()) for m in pattern.finditer(low))
    found.sort()
    return found


def _emails(text: str, low: str, edits: list[Edit], spans: list[tuple[int, int]]) -> None:
    """Rewrite spoken emails ("budi dot santoso at gmail dot com") and record every email's span.

    Written emails are recorded too (with no edits) so that the number pass leaves them alone.
    """
    prev_end = 0
    for at_start, at_end in _at_positions(low):
        if at_start < prev_end:
            continue
        word_at = low[at_start] != "@"
        dm = (_DOMAIN_AFTER_WORD if word_at else _DOMAIN_AFTER_SIGN).match(low, at_end)
        if dm is None:
            continue
        for window in _LOCAL_WINDOWS:
            start = max(prev_end, at_start - window)
            local = _local_part(low, at_start, word_at, start)
            if local is None or start == prev_end or local[1][0][0] > 0:
                break  # the local part did not reach the window's first token
        if local is None:
            continue
        toks, atoms, email_edits = local
        dom_start, dom_end = dm.span(1)

        number_edits: list[Edit] = []
        for atom in atoms:
            _atom_edits(text, low, [toks[j] for j in atom], email_edits, number_edits)

        # "at" and the pauses around it.
        email_edits.append((toks[-1][1], at_start, ""))
        if word_at:
            email_edits.append((at_start, at_end, "@"))
        email_edits.append((at_end, dom_start, ""))

        # Domain: spoken dots and the pauses around them, pauses inside spelled labels.
        after_label = False
        prev_tok_end = dom_start
        for t in _TOKEN.finditer(low, dom_start, dom_end):
            a, b = t.span()
            pause = a > prev_tok_end and _is_hs(low, prev_tok_end, a)
            word = low[a:b]
            if after_label and pause and (word in _DOT_WORDS or word in _DASH_WORDS):
                email_edits.append((prev_tok_end, a, ""))
                email_edits.append((a, b, _CONNECTORS[word]))
                after_label = False
            else:
                if pause:
                    email_edits.append((prev_tok_end, a, ""))
                after_label = True
            prev_tok_end = b

        spans.append((toks[atoms[0][0]][0], dom_end))
        prev_end = dom_end
        if any(e[0] < e[1] for e in email_edits):  # spoken; a written email is left as it is
            edits.extend(email_edits)
            edits.extend(number_edits)


def _lower(text: str) -> str:
    """The text lowercased with the same offsets (only U+0130 lowercases to two characters)."""
    low = text.lower()
    if len(low) != len(text):
        low = text.replace("\u0130", "\u0131").lower()
    return low


def normalize_spoken(text: str) -> ShadowText:
    """Rewrite spoken numbers, IDs and emails in a transcript into their written form, with an offset map.

    The common case (chat, email: nothing spoken) costs one tokenize-and-lookup in C and returns the
    identity; only texts with a cue (a number word, a spoken dot, an "@", "at <domain>.") are parsed.
    """
    low = _lower(text)
    words = low.encode("ascii", "replace").translate(_SEPARATE).split()
    if _ALL_CUES.isdisjoint(words):
        if "@" not in low and not _at_literal(low, words):
            return ShadowText(text, text)
        numbers = False
    else:
        numbers = not _NUMBER_CUES.isdisjoint(words)
    emails = "@" in low or not _DOT_CUES.isdisjoint(words) or _at_literal(low, words)
    return _shadow(text, low, numbers, emails)


def _shadow(text: str, low: str, numbers: bool, emails: bool) -> ShadowText:
    """The full rewrite; `numbers`/`emails` say which passes can find anything (the cues decide)."""
    edits: list[Edit] = []
    spans: list[tuple[int, int]] = []
    if emails:
        _emails(text, low, edits, spans)
    if numbers:
        space_only = _space_only(low)
        lo = 0
        for a, b in spans:
            _runs(text, low, lo, a, space_only, edits)
            lo = b
        _runs(text, low, lo, len(text), space_only, edits)
    if not edits:
        return ShadowText(text, text)

    edits.sort()
    parts: list[str] = []
    segments: list[Segment] = []
    pos = 0
    shift = 0  # shadow offset minus original offset
    for o_start, o_end, repl in edits:
        if o_start == o_end:
            continue
        parts.append(text[pos:o_start])
        s_start = o_start + shift
        parts.append(repl)
        segments.append((s_start, s_start + len(repl), o_start, o_end))
        shift += len(repl) - (o_end - o_start)
        pos = o_end
    parts.append(text[pos:])
    return ShadowText(text, "".join(parts), tuple(segments))
