"""Identifier material in a turn: digits, spelled letters and separators, with fillers skipped.

After the spoken-form normaliser has written number words as digits, a dictated identifier is a
run of pieces: digit groups ("0812", "8877"), spelled letters ("g b", "p as in papa", "b seperti
bravo", Indonesian letter names "ge", "be"), separators ("dot"/"titik"/"point" -> ".", "colon" ->
":", "dash" -> "-", "plus" -> "+") and fillers between them ("umm", "let me see", "sebentar").
`runs()` finds those runs in one turn and gives each its value ("GB24LOYD4635...") and the spans of
its pieces, so that validators can decide what it is and redaction covers exactly what was said,
fillers inside included.

Letters are the risky part: "a", "i", "e" are words too. A letter is kept only inside a run that
holds digits, and a run's letters only count when the run has at least four digits; validators
(mod-97, check letters, octets) decide the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from redaction.dialogue import Vocabulary

__all__ = ["Run", "runs"]

_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:'[a-z]+)?|[^\s\w]")
_DIGIT = re.compile(r"\d")
PHONETIC = {
    "alpha": "a", "alfa": "a", "bravo": "b", "charlie": "c", "delta": "d", "echo": "e", "foxtrot": "f",
    "golf": "g", "hotel": "h", "india": "i", "juliet": "j", "juliett": "j", "kilo": "k", "mike": "m",
    "november": "n", "oscar": "o", "papa": "p", "quebec": "q", "romeo": "r", "sierra": "s", "tango": "t",
    "uniform": "u", "victor": "v", "whiskey": "w", "whisky": "w", "xray": "x", "x-ray": "x", "yankee": "y",
    "zulu": "z",
}  # fmt: skip
#: Indonesian names of letters ("ge" for G), said when spelling; only read as letters inside a run.
LETTER_NAMES = {
    "be": "b", "ce": "c", "de": "d", "ef": "f", "ge": "g", "ha": "h", "je": "j", "ka": "k", "el": "l",
    "em": "m", "en": "n", "pe": "p", "ki": "q", "er": "r", "es": "s", "te": "t", "ve": "v", "we": "w",
    "eks": "x", "ye": "y", "zet": "z", "zed": "z", "zee": "z", "dee": "d", "bee": "b", "cee": "c", "gee": "g",
    "pee": "p", "tee": "t", "vee": "v", "double-u": "w",
}  # fmt: skip
#: "b for bravo", "p as in papa", "g seperti golf", "i like india": the word after spells the letter.
_SPELL_LINKS = (("for",), ("as", "in"), ("seperti",), ("like",), ("untuk",), ("buat",), ("kayak",), ("kaya",), ("as",))
_SEPARATORS = {
    "dot": ".", "titik": ".", "point": ".", "poin": ".", "colon": ":", "dash": "-", "strip": "-",
    "hyphen": "-", "minus": "-", "plus": "+", ".": ".", ":": ":", "-": "-", "+": "+", "/": "/", "slash": "/",
}  # fmt: skip
_IGNORED_MARKS = frozenset("()#")
D, L, S, F, G = "digits", "letter", "separator", "filler", "group"


@dataclass(frozen=True, slots=True)
class Run:
    """One dictated value: its text as written ("GB24LOYD..."), its pieces' spans, digit and letter counts."""

    value: str
    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    digits: int
    letters: int

    @property
    def digit_string(self) -> str:
        """The digits, with every spoken "o"/"oh" read as zero."""
        return "".join(c for c in self.value.replace("o", "0") if c.isdigit())

    def readings(self) -> tuple[str, ...]:
        """The value with "o"/"oh" as zeros, and (when there are any) as the letter O."""
        zeros = self.value.replace("o", "0")
        return (zeros, self.value.replace("o", "O")) if "o" in self.value else (zeros,)


def _tokens(low: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(low, start, end)]


def _classify(toks: list[tuple[str, int, int]], vocab: Vocabulary) -> list[tuple[str, str, int, int]]:
    """Tokens as pieces (kind, value, start, end); anything else is a boundary (kind "")."""
    out: list[tuple[str, str, int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        word, a, b = toks[i]
        # Multi-word fillers ("let me see") first.
        phrase = next((p for p in vocab.filler_starts.get(word, ()) if tuple(t[0] for t in toks[i : i + len(p)]) == p),
                      None)
        if phrase:
            out.append((F, "", a, toks[i + len(phrase) - 1][2]))
            i += len(phrase)
            continue
        if word.isdigit():
            out.append((D, word, a, b))
        elif len(word) == 1 and word.isalpha() and word.isascii():
            # "b for bravo" / "p as in papa": the letter, the link and the spelling word are one piece.
            spelled = None
            for link in _SPELL_LINKS:
                k = i + 1 + len(link)
                if k < n and tuple(t[0] for t in toks[i + 1 : k]) == link and toks[k][0][:1] == word:
                    spelled = k
                    break
            if spelled is not None:
                out.append((L, word, a, toks[spelled][2]))
                i = spelled + 1
                continue
            out.append((L, word, a, b))
        elif 2 <= len(word) <= 4 and word.isascii() and word.isalpha() and (
            (i > 0 and toks[i - 1][2] == a and toks[i - 1][0].isdigit())
            or (i + 1 < n and toks[i + 1][1] == b and toks[i + 1][0].isdigit())
        ):
            out.append((G, word, a, b))  # letters written onto digits: "nl14", "abna3104..." (IBAN, codes)
        elif word in PHONETIC:
            out.append((L, PHONETIC[word], a, b))
        elif word in LETTER_NAMES:
            out.append((L + "?", LETTER_NAMES[word], a, b))  # a letter only between other material
        elif word in _SEPARATORS:
            if word == "titik" and i + 1 < n and toks[i + 1][0] == "2" and _hex_context(out):
                out.append((S, ":", a, toks[i + 1][2]))  # "titik dua": a colon, in an IPv6 read in Indonesian
                i += 2
                continue
            if word == "colon" and i > 0 and toks[i - 1][0] == "double":
                out.append((S, "::", a, b))
            else:
                out.append((S, _SEPARATORS[word], a, b))
        elif word == "double" and i + 1 < n and toks[i + 1][0] == "colon":
            out.append((F, "", a, b))
        elif word in ("o", "oh"):
            out.append((D + "?", "o", a, b))  # zero or the letter O: kept as "o", validators try both
        elif 2 <= len(word) <= 4 and word.isascii() and word.isalpha() and word not in vocab.fillers:
            out.append((G + "?", word, a, b))  # a letter group between digit groups: "nl14 abna 4127"
        elif word in vocab.fillers:
            out.append((F, "", a, b))
        elif word in _IGNORED_MARKS:
            out.append((F, "", a, b))
        else:
            out.append(("", "", a, b))
        i += 1
    return out


def _hex_context(pieces: list[tuple[str, str, int, int]]) -> bool:
    """Do the pieces before read like IPv6 (a 4-digit group or a letter), so "titik dua" is ":" not ".2"?"""
    for kind, value, _, _ in reversed(pieces):
        if kind == "":
            return False
        if kind.startswith(L) or kind.startswith(G) or (kind == D and len(value) == 4):
            return True
        if kind == D:
            return False
    return False


def runs(low: str, start: int, end: int, vocab: Vocabulary) -> list[Run]:
    """The dictated values in low[start:end] (one turn of the lowercased analysed text)."""
    if not _DIGIT.search(low, start, end):
        return []  # every value holds a digit (the normaliser has written spoken ones as digits)
    pieces = _classify(_tokens(low, start, end), vocab)
    found: list[Run] = []
    current: list[tuple[str, str, int, int]] = []

    def close() -> None:
        digits_so_far = sum(len(v) for k, v, _, _ in current if k == D)
        while current and (current[-1][0] in (F, S) or (current[-1][0] == L + "?" and digits_so_far < 6)) \
                and current[-1][1] != "+":
            current.pop()  # a letter name after a long number stays: an NRIC's check letter ("... je")
        while current and (current[0][0] == F or (current[0][0] == L + "?" and digits_so_far < 6)
                           or (current[0][0] == S and current[0][1] != "+")):
            current.pop(0)
        if current:
            digits = sum(len(v) for k, v, _, _ in current if k == D)
            if digits:
                letters = sum(len(v) if k == G else 1 for k, v, _, _ in current if k in (L, L + "?", D + "?", G))
                kept = [(k, v, a, b) for k, v, a, b in current if k != F]
                value = "".join(v.upper() if k.startswith(L) or k == G else v for k, v, _, _ in kept)  # "o": zero or O
                found.append(Run(value, kept[0][2], kept[-1][3], tuple((a, b) for _, _, a, b in kept), digits, letters))
        current.clear()

    # A letter group not written onto digits belongs to a run only between two digit groups.
    for k, piece in enumerate(pieces):
        if piece[0] == G + "?":
            before = next((p for p in reversed(pieces[:k]) if p[0] != F), None)
            after = next((p for p in pieces[k + 1 :] if p[0] != F), None)
            inside = before is not None and after is not None and before[0] in (D, G) and after[0] in (D, G)
            pieces[k] = (G, piece[1], piece[2], piece[3]) if inside else ("", "", piece[2], piece[3])
    for piece in pieces:
        if piece[0] == "":
            close()
        else:
            current.append(piece)
    close()
    return found
