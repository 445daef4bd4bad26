"""DATE_OF_BIRTH: a calendar date that a birth cue introduces, not every date in the text.

Contact-center transcripts are full of dates that are not personal data (delivery dates, due dates,
order dates). What makes a date a date of birth is the words just before it: "tanggal lahir",
"TTL: Jakarta,", "DOB", "born on", "ulang tahun". So this recognizer is cue-driven: it finds the
(rare) cues first and only then looks for the first date that follows each one, instead of matching
every date and asking afterwards. That is both more precise (one cue claims one date) and cheaper
(texts without a cue cost a few substring checks).

Kawal runs one Presidio pass with language "en" over code-mixed Indonesian/English text, so the cue
list, the month names and the filler words are bilingual. Call transcripts arrive as "shadow text"
(lowercase, no punctuation, spoken numbers already turned into digits: "tanggal lahir saya 17 agustus
1985"), chat and e-mail as typed; the patterns accept both.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Final

from presidio_analyzer import AnalysisExplanation, RecognizerResult

from redaction.dialogue import parse_dialogue
from redaction.recognizers._context import SingleEntityRecognizer, cue_regex, result

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

__all__ = ["DateOfBirthRecognizer"]

ENTITY: Final = "DATE_OF_BIRTH"

# --- month names -------------------------------------------------------------------------------
# Indonesian and English, full and short, plus the spellings customers actually type ("Peb",
# "Nopember", "Febuari"). Listed per month so that the number comes from the same table.
_MONTH_NAMES: Final[dict[int, tuple[str, ...]]] = {
    1: ("januari", "january", "jan"),
    2: ("februari", "pebruari", "febuari", "february", "feb", "peb"),
    3: ("maret", "march", "mar"),
    4: ("april", "apr"),
    5: ("mei", "may"),
    6: ("juni", "june", "jun"),
    7: ("juli", "july", "jul"),
    8: ("agustus", "august", "agust", "agst", "agu", "agt", "ags", "aug"),
    9: ("september", "sept", "sep"),
    10: ("oktober", "october", "okt", "oct"),
    11: ("november", "nopember", "nov", "nop"),
    12: ("desember", "december", "des", "dec"),
}
_MONTH_NUMBER: Final[dict[str, int]] = {name: num for num, names in _MONTH_NAMES.items() for name in names}
# Longest first so that "maret" wins over "mar"; the trailing lookahead stops "des" matching "desa".
_MONTH: Final = "(?:" + "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True)) + r")(?![A-Za-z])\.?"

# --- date shapes -------------------------------------------------------------------------------
_SP = r"[ \t]*"
_ORD = r"(?:st|nd|rd|th)?"
# A date never starts inside a word or inside a longer run of digits and separators ("1.17.08.1985").
_LEFT = r"(?<![0-9A-Za-z])(?<![0-9][./-])"
# Numbers that are quantities, not years or days: "17 agustus 30 tahun", "Mei 12 hari".
_NOT_QTY = rf"(?!{_SP}(?:tahun|thn|th|hari|bulan|bln|minggu|jam|years?|yrs?|days?|months?|weeks?|y\.?o)(?![A-Za-z]))"
_DM_SEP = rf"(?:{_SP}[-/.,]{_SP}|[ \t]+|)"
_DATE_RE: Final = re.compile(
    _LEFT
    + "(?:"
    # 1985-08-17, 1985/08/17
    + r"(?P<y5>(?:19|20)\d\d)(?P<s5>[-/.])(?P<m5>\d{1,2})(?P=s5)(?P<d5>\d{1,2})(?![0-9]|[./-][0-9])"
    # 17-08-1985, 17/08/1985, 17.08.1985, 03/03/90, 08/17/1985 (US order is tried when D/M fails)
    + rf"|(?P<d3>\d{{1,2}}){_SP}(?P<s3>[-/.]){_SP}(?P<m3>\d{{1,2}}){_SP}(?P=s3){_SP}(?P<y3>\d{{4}}|\d{{2}})(?![0-9]|[./-][0-9])"
    # 17 8 1985: a call's shadow text after spoken numbers became digits
    + r"|(?P<d4>\d{1,2})[ \t]+(?P<m4>\d{1,2})[ \t]+(?P<y4>(?:19|20)\d\d)(?![0-9])"
    # "2 bulan 11 tahun 78", "17 bulan 11 tahun 1969": day, month and year read with their names
    + r"|(?P<d6>\d{1,2})[ \t]+(?:bulan|bln)[ \t]+(?P<m6>\d{1,2})[ \t]+(?:tahun|thn)[ \t]+(?P<y6>\d{4}|\d{2})(?![0-9])"
    # 29011965, 0112 1968: day and month read digit by digit, then the year (speech-to-text)
    + r"|(?P<d7>[0-3]\d)(?P<m7>[01]\d)[ \t]?(?P<y7>(?:19|20)\d\d)(?![0-9])"
    # 17 Agustus 1985, 17th of August 1985, 17-Agt-1985, 17 Agustus (birthday without year)
    + rf"|(?P<d1>\d{{1,2}}){_ORD}(?:[ \t]+of)?{_DM_SEP}(?P<m1>{_MONTH})"
    + rf"(?:(?:{_SP}[-/.,]{_SP}|[ \t]+)(?P<y1>\d{{4}}(?![0-9])|'\d\d(?![0-9])|\d\d(?![0-9:.]){_NOT_QTY}))?"
    # August 17, 1985, Aug 17th 1985, August 17 (birthday without year)
    + rf"|(?<![A-Za-z])(?P<m2>{_MONTH}){_SP}(?P<d2>\d{{1,2}}){_ORD}(?![0-9]){_NOT_QTY}"
    + rf"(?:{_SP},?{_SP}(?P<y2>\d{{4}}(?![0-9])|\d\d(?![0-9:.]){_NOT_QTY}))?"
    + ")",
    re.IGNORECASE,
)

# --- cues --------------------------------------------------------------------------------------
#: Words that say "the date that follows is someone's birth date". Phrases that contain a place
#: slot ("TTL: Jakarta, 17 ...") are also in _PLACE_CUES, which get a longer window and may carry a
#: multi-word place name in the gap.
_PLACE_CUES: Final = (
    "ttl", "t.t.l", "tempat tanggal lahir", "tempat, tanggal lahir", "tempat/tanggal lahir",
    "tempat/tgl lahir", "tempat / tgl lahir", "tempat/tgl. lahir", "tmpt tgl lahir", "tempat tgl lahir",
    "tempat lahir", "place and date of birth", "place of birth", "lahir di", "born in",
)
_CUES: Final = (
    *_PLACE_CUES,
    "tanggal lahir", "tanggal lahirnya", "tgl lahir", "tgl. lahir", "tgl.lahir", "tgl lhr", "tgl. lhr",
    "tanggal lhr", "tanggal kelahiran", "tgl kelahiran", "lahir", "lahirnya", "kelahiran",
    "date of birth", "dob", "d.o.b", "d.o.b.", "birth date", "birthdate", "birthday", "bday", "b'day",
    "born", "born on", "ulang tahun", "ulangtahun", "ultah",
)
# Not "lhr" on its own: that is also Heathrow ("flight to LHR 17 Aug 2025"); "tgl lhr" is enough.
_CUE_RE: Final = cue_regex(_CUES)
_PLACE_CUE_SET: Final = frozenset(_PLACE_CUES)
#: Cheap pre-check: every cue contains one of these, so a text with none of them has no date of birth.
_CUE_STEMS: Final = ("lahir", "lhr", "ttl", "t.t.l", "birth", "born", "dob", "d.o.b", "ulang", "ultah", "bday", "b'day")

#: Words allowed between a cue and its date without weakening the link ("tanggal lahir *saya adalah*
#: 17 ...", "born *on the* 17th ..."). Anything else in the gap counts against the score.
_FILLER: Final = frozenset(
    """
    saya sy aku gue gw ku anda kamu beliau dia ibu bapak bpk pak bu ayah mama papa mamah papah anak
    istri suami adik kakak nasabah pelanggan customer atas nama an nya adalah yaitu yakni ialah ya
    pada tanggal tgl tg tepatnya di sesuai ktp yang tercatat terdaftar tertera hari senin selasa rabu
    kamis jumat jum'at sabtu minggu ahad is was on the my his her their your of at in date i am me
    wife husband son daughter mother father mom dad a are it its s kak kakak mbak mba mas sis gan bro
    please pls berapa apa kapan iya yes yeah yup ok oke okay sure um umm eh ehm hmm oh lengkap lengkapnya
    full what when
    """.split()
)
#: Words that tie the following date to something other than a birth: "tanggal lahir sudah benar,
#: pesanan *dikirim* 12 Maret 2025", "ulang tahun *kemerdekaan* 17 Agustus 1945". A gap containing one
#: of them breaks the link.
_COMPETING_RE: Final = re.compile(
    r"(?<![A-Za-z])(?:kirim|dikirim|pengiriman|kiriman|order|pesan|pesanan|transaksi|transfer|bayar|"
    r"dibayar|pembayaran|tagihan|jatuh|tempo|expired?|exp|kadaluarsa|kedaluwarsa|berlaku|delivery|"
    r"delivered|deliver|ship|shipped|shipping|due|payment|paid|invoice|booking|appointment|jadwal|janji|"
    r"since|sejak|mulai|berangkat|flight|tiket|nikah|menikah|pernikahan|married|wedding|anniversary|"
    r"kerja|join|bergabung|hari ini|today|kemarin|yesterday|besok|tomorrow|dibuat|created|issued|terbit|"
    r"diterbitkan|valid|until|sampai|hingga|kemerdekaan|proklamasi|perusahaan|kantor|toko|ri|party|pesta|"
    r"acara|kue|cake|kado|gift|hadiah|promo|diskon|sale|voucher|event)"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)
#: A sentence end between cue and date breaks the link too. A period only counts after a long word or
#: a digit, so abbreviations ("tgl. 17", "Jl. ...") do not.
#: A question mark is not a break: the agent asks "tanggal lahirnya?" and the answer follows.
_BREAK_RE: Final = re.compile(r"[\n!;]|(?:[A-Za-z]{5,}|[0-9])\.(?=\s|$)")
#: A speaker label at the start of a transcript or chat line: "customer: ", "[10:31] Budi S: ".
_MAX_LABEL: Final = 40
_SPEAKER_RE: Final = re.compile(r"[ \t\r\n]*(?:\[[^\]\n]{0,24}\][ \t]*)?(?:[A-Za-z][A-Za-z0-9 ._'-]{0,20}:[ \t]*)?")
_WORD_RE: Final = re.compile(r"[A-Za-z][A-Za-z']*")
_DIGIT_RE: Final = re.compile(r"[0-9]")

#: How far after the end of a cue the date may start; place cues carry a city in between.
_WINDOW: Final = 40
_PLACE_WINDOW: Final = 56
#: Non-filler words allowed in the gap before the link counts as weak.
_MAX_OTHER_WORDS: Final = 3
_MAX_OTHER_WORDS_PLACE: Final = 4

_SCORE_TIGHT: Final = 0.95  # cue + only filler words + a full date
_SCORE_CUE: Final = 0.85  # cue + a few other words (a name, "yang terdaftar") + a full date
_SCORE_PLACE: Final = 0.9  # "TTL: Jakarta, 17-08-1985": the place is what the cue announces
_SCORE_NO_YEAR_TIGHT: Final = 0.85  # "ulang tahun saya 17 Agustus": still a DOB, less identifying
_SCORE_NO_YEAR: Final = 0.6
_SCORE_WEAK: Final = 0.4
#: A valid date in the answer to the agent's date-of-birth question, or in the agent's read-back of it.
_SCORE_ANSWER: Final = 0.85
#: Turns after the question that may still hold the answer or its read-back ("Jadi 23 Maret 1955, betul?").
_ANSWER_TURNS: Final = 3  # a cue, but too many unrelated words in between: kept, below the default threshold


def _year(raw: str, this_year: int) -> int:
    """Four-digit year from "1985", "85" or "'85" (two digits pivot on the current year)."""
    digits = raw.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    yy = int(digits)
    return 2000 + yy if 2000 + yy <= this_year else 1900 + yy


def _valid_birth(year: int | None, month: int, day: int, today: datetime.date) -> bool:
    """A real calendar day, and a year a living customer can have been born in (1900..today)."""
    try:
        born = datetime.date(2000 if year is None else year, month, day)  # 2000 is leap: Feb 29 ok
    except ValueError:
        return False
    if year is None:
        return True
    return 1900 <= year and born <= today


def _parse(m: re.Match[str], today: datetime.date) -> tuple[bool, bool]:
    """(is a valid birth date, has a year) for one match of _DATE_RE."""
    g = m.group
    this_year = today.year
    if g("y5") is not None:
        return _valid_birth(int(g("y5")), int(g("m5")), int(g("d5")), today), True
    if g("d3") is not None:
        year, a, b = _year(g("y3"), this_year), int(g("d3")), int(g("m3"))
        # Indonesia and Singapore write day first; fall back to the US month-first reading.
        return _valid_birth(year, b, a, today) or _valid_birth(year, a, b, today), True
    if g("d4") is not None:
        return _valid_birth(int(g("y4")), int(g("m4")), int(g("d4")), today), True
    if g("d6") is not None:
        return _valid_birth(_year(g("y6"), this_year), int(g("m6")), int(g("d6")), today), True
    if g("d7") is not None:
        return _valid_birth(int(g("y7")), int(g("m7")), int(g("d7")), today), True
    if g("d1") is not None:
        month = _MONTH_NUMBER[g("m1").rstrip(".").lower()]
        raw_year = g("y1")
        year = None if raw_year is None else _year(raw_year, this_year)
        return _valid_birth(year, month, int(g("d1")), today), year is not None
    month = _MONTH_NUMBER[g("m2").rstrip(".").lower()]
    raw_year = g("y2")
    year = None if raw_year is None else _year(raw_year, this_year)
    return _valid_birth(year, month, int(g("d2")), today), year is not None


def _answered_dates(text: str, today: datetime.date) -> list[tuple[int, int]]:
    """Valid dates in the turns after the agent asks for the date of birth (answer and read-back).

    The dialogue layer says which turn asks (its DATE_OF_BIRTH intent); until another question, the
    next few turns of either speaker carry the date: the customer's answer, in any shape, and the
    agent's confirmation of it. Other dates (a delivery date asked later) belong to other questions.
    """
    found: list[tuple[int, int]] = []
    left = 0
    for turn in parse_dialogue(text).turns:
        if turn.intent is not None:
            left = _ANSWER_TURNS if turn.intent == ENTITY else 0
            if left:
                continue
        if left <= 0:
            continue
        left -= 1
        for m in _DATE_RE.finditer(text, turn.body, turn.end):
            if _parse(m, today)[0] and not _COMPETING_RE.search(text, turn.body, m.start()):
                found.append((m.start(), m.end()))
    return found


class DateOfBirthRecognizer(SingleEntityRecognizer):
    """Reports a date as DATE_OF_BIRTH only when a birth cue stands just before it.

    Score: 0.95 with a full date and only filler words between cue and date; 0.9 with a place between
    a place cue and the date ("TTL: Jakarta, 17-08-1985"); 0.85 with a few other words; a date without a year (a birthday) gets 0.85 / 0.6; a cue
    followed by many unrelated words gets 0.4 (below the default threshold). A date with no cue, a
    cue separated from the date by a sentence end or by a word that ties the date to something else
    (delivery, payment, order), and an impossible date or birth year are not reported at all.
    The span is the date expression only, never the cue or the place.
    """

    ENTITY: Final = ENTITY

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Find birth cues, then the first valid date after each; see the class docstring for scores."""
        if entities and ENTITY not in entities:
            return []
        if not text or _DIGIT_RE.search(text) is None:
            return []
        # Cheap exit: no cue stem and no question about it (the dialogue intent uses the same stems).
        today = datetime.date.today()
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for lo, hi in self._cue_windows(text):
            for cue in _CUE_RE.finditer(text, lo, hi):
                found = self._date_after(text, cue, today)
                if found is None:
                    continue
                start, end, score = found
                key = (start, end)
                if key not in best or best[key][0] < score:
                    best[key] = (score, cue.group(0))
        for start, end in _answered_dates(text, today):
            if (start, end) not in best or best[(start, end)][0] < _SCORE_ANSWER:
                best[(start, end)] = (_SCORE_ANSWER, "the agent's date-of-birth question")
        return [self._result(start, end, score, cue) for (start, end), (score, cue) in sorted(best.items())]

    @staticmethod
    def _cue_windows(text: str) -> list[tuple[int, int]]:
        """Stretches of *text* that can hold a cue: around each occurrence of a cue stem.

        str.find over the lowercased text is far cheaper than running the cue alternation over every
        position (CPython's re tries each of ~50 phrases at each character). A cue starts at most
        ~20 characters before its stem ("place and date of birth") and ends a few after it, so a
        window of 32 before and 40 after holds it whole; overlapping windows are merged.
        """
        lowered = text.lower()
        if len(lowered) != len(text):  # a character whose lowercase is longer: offsets would shift
            return [(0, len(text))] if any(stem in lowered for stem in _CUE_STEMS) else []
        hits: list[int] = []
        for stem in _CUE_STEMS:
            at = lowered.find(stem)
            while at != -1:
                hits.append(at)
                at = lowered.find(stem, at + 1)
        if not hits:
            return []
        hits.sort()
        windows: list[tuple[int, int]] = []
        n = len(text)
        for at in hits:
            lo, hi = max(0, at - 32), min(n, at + 40)
            if windows and lo <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
            else:
                windows.append((lo, hi))
        return windows

    def _date_after(
        self, text: str, cue: re.Match[str], today: datetime.date
    ) -> tuple[int, int, float] | None:
        """The first date after *cue* and its score, or None when the cue does not lead to one.

        Only the first date-shaped expression counts: in "tgl lahir 17/08/1985, order 01/02/2024"
        the cue belongs to the first date and the order date stays. The date may be the answer on the
        next turn of a transcript ("agent: boleh tanggal lahirnya?\ncustomer: 17 agustus 1985"): one
        line break followed by a speaker label is not a break, and the label is not counted.
        """
        cue_text = cue.group(0).lower()
        is_place_cue = cue_text in _PLACE_CUE_SET
        window = _PLACE_WINDOW if is_place_cue else _WINDOW
        cue_end = cue.end()
        limit = min(len(text), cue_end + window + _MAX_LABEL + 48)
        m = _DATE_RE.search(text, cue_end, limit)
        if m is not None and m.end() == limit and limit < len(text):
            m = _DATE_RE.search(text, cue_end)  # the window cut a date short: look again unbounded
        if m is None:
            return None
        gap = text[cue_end : m.start()]
        head, newline, tail = gap.partition("\n")
        if newline:
            label = _SPEAKER_RE.match(tail)
            gap = head + " " + tail[label.end() :]
        if len(gap) > window or _BREAK_RE.search(gap) or _COMPETING_RE.search(gap):
            return None
        valid, has_year = _parse(m, today)
        if not valid:
            return None
        others = sum(1 for w in _WORD_RE.findall(gap) if w.lower() not in _FILLER)
        allowed = _MAX_OTHER_WORDS_PLACE if is_place_cue else _MAX_OTHER_WORDS
        if others > allowed:
            score = _SCORE_WEAK
        elif has_year:
            score = _SCORE_TIGHT if others == 0 else (_SCORE_PLACE if is_place_cue else _SCORE_CUE)
        else:
            score = _SCORE_NO_YEAR_TIGHT if others == 0 else _SCORE_NO_YEAR
        return m.start(), m.end(), score

    def _result(self, start: int, end: int, score: float, cue: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=score,
            pattern_name="date_after_birth_cue",
            textual_explanation=f"date after birth cue {cue!r}",
        )
        return result(self, ENTITY, start, end, score, explanation)
