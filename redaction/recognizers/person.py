"""Names without a statistical model: cues, honorifics, e-mail headers, signatures and name lists.

spaCy's trained pipelines are not installable here, and contact-center text defeats them anyway
(lowercase speech-to-text, Indonesian names, chat spelling). What does work is how people say their
names: "nama saya ...", "dengan saya ...", "atas nama ...", "my name is ...", an honorific
("Bapak", "Kak", "Ms") before a name, an e-mail `From:` header or signature. Once a name is found,
its later mentions in the same text ("terima kasih Rina") are found too, so that a name given once
does not leak everywhere else.

Signals, strongest first (scores): a self-introduction cue (0.85); an e-mail header or signature
(0.85); an honorific followed by a capitalised word or a listed name (0.8), or, in all-lowercase
speech-to-text, by any word that is not a known non-name (0.6); a greeting or "saya"/"I'm" followed
by a listed name (0.6-0.7); a listed given name followed by a capitalised or listed family name
(0.6); later mentions of a name already found (0.75).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.lexicon import is_function_word, is_word_not_name, org_word
from redaction.recognizers._context import result
from redaction.recognizers._names import FAMILY_NAMES, GIVEN_NAMES, NOT_NAMES
from redaction.spoken import alternation

__all__ = ["PersonRecognizer"]

_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
#: Between two tokens of one name: a single space (a comma, a newline or a full stop ends it).
_NAME_GAP = re.compile(r"[ \t]{1,2}")
#: Between a cue and the first name token.
_CUE_GAP = re.compile(r"[ \t]*[:,]?[ \t]*")
MAX_NAME_TOKENS = 5
#: Lowercase words inside a name: Malay patronymics ("Ahmad Faizal bin Yusof"), Dutch-Indonesian particles.
CONNECTORS = frozenset({"bin", "binti", "binte", "bte", "van", "de", "al", "el"})
#: Words that, right after a lowercase token, suggest that token was a name ("saya andi kak").
#: Not prepositions ("dari", "di", "from"): after "saya" they follow a verb as readily as a name
#: ("saya login dari IP ...", "saya belanja di ..."), so they are no evidence of one.
_NAME_FOLLOWERS = frozenset({"kak", "mas", "mbak", "pak", "bu", "mau", "here", "calling",
                             "speaking", "disini", "sini", "ya", "yang"})

STRONG, MEDIUM, HONORIFIC, GREETING, WEAK = "strong", "medium", "honorific", "greeting", "weak"

_CUES: dict[str, tuple[str, ...]] = {
    STRONG: (
        "nama saya", "namaku", "nama lengkap saya", "nama lengkap", "nama pelanggan", "nama pemilik",
        "nama pemegang kartu", "nama ibu kandung", "nama", "atas nama", "a.n.", "a.n", "an.", "a n",
        "dengan saya", "dgn saya", "saya bernama", "panggil saya", "my name is", "my name's",
        "name is", "customer name", "cardholder name", "account name", "name", "full name",
        "speaking with", "chatting with", "you're speaking with", "you are speaking with", "bersama",
        "bersama saya", "under the name", "account holder", "pemilik rekening",
        # third parties and read-backs of the name on file
        "suami saya", "istri saya", "isteri saya", "ibu saya", "ayah saya", "bapak saya", "anak saya", "adik saya",
        "kakak saya", "mertua saya", "orang tua saya", "my husband", "my wife", "my mother", "my mom", "my mum",
        "my father", "my dad", "my son", "my daughter", "my brother", "my sister", "my partner", "the recipient is",
        "recipient", "penerima", "penerimanya", "ahli waris", "beneficiary", "nama terdaftar", "nama yang terdaftar",
        "yang terdaftar", "registered name", "name on the account", "name on file", "name on the card",
        "we have name", "we have the name", "we have you as", "under the name of", "atas nama saya",
        "beneficiary is", "the beneficiary is", "recipient is", "penerimanya adalah", "yg terdaftar",
        "nama yg terdaftar", "you're through to", "you are through to", "my name's", "the name's",
    ),
    MEDIUM: ("this is", "i am", "i'm", "im", "it's", "its", "saya adalah", "ini", "dengan", "dgn", "with"),
    HONORIFIC: (
        "bapak", "ibu", "pak", "bu", "kak", "kakak", "mas", "mbak", "mba", "bang", "abang", "om", "tante",
        "sdr", "sdr.", "sdri", "sdri.", "saudara", "saudari", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
        "miss", "mister", "madam", "dr", "dr.", "prof", "prof.", "uncle", "auntie", "aunty",
        "bpk", "bpk.", "bp", "bp.", "encik", "cik", "puan", "tuan", "datuk", "dato", "dato'", "hajah", "hj", "hj.",
        "missus", "misses", "mister", "doctor", "dokter", "ms.", "mdm", "mdm.", "madame", "sir",
    ),
    GREETING: (
        "halo", "hallo", "hai", "hi", "hello", "hey", "dear", "pagi", "siang", "sore", "malam",
        "terima kasih", "makasih", "thanks", "thank you", "selamat pagi", "selamat siang",
        "selamat sore", "selamat malam", "good morning", "good afternoon", "good evening",
    ),
    WEAK: ("saya", "aku", "gue", "i", "me"),
}
_STRENGTH_SCORE = {STRONG: 0.85, MEDIUM: 0.75, HONORIFIC: 0.8, GREETING: 0.65, WEAK: 0.7}

_CUE_KIND = {cue: kind for kind, cues in _CUES.items() for cue in cues}
#: Matched on the lowercased text without IGNORECASE, as a prefix-factored alternation: the regex
#: engine rejects most positions on one character (a flat IGNORECASE alternation of ~200 phrases
#: cost a third of this recognizer).
_CUE_RE = re.compile(r"(?<![\w.])(" + alternation(sorted(_CUE_KIND, key=len, reverse=True)) + r")(?![\w])")
_HEADER_RE = re.compile(r"^[ \t]*(?:from|to|cc|dari|kepada|pengirim|penerima)[ \t]*:[ \t]*", re.IGNORECASE | re.MULTILINE)
_SIGNOFF_RE = re.compile(
    r"^[ \t]*(?:best regards|kind regards|warm regards|regards|sincerely|yours sincerely|thanks|thank you|"
    r"cheers|salam|salam hangat|hormat saya|hormat kami|terima kasih|wassalam|best)[ \t]*[,.!]?[ \t]*\r?\n[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
#: After a name, these confirm the cue was an introduction ("this is Dewi speaking").
#: "saya jumari thamrin, mau tanya": a comma or a follower word right after the name.
#: What an agent or customer says right after a name ("this is Dewi speaking", "saya rina kak, mau
#: tanya", "thanks miss revathi one moment"): it confirms that the word after the cue was a name.
_AFTER_NAME_WORDS = (
    r"kak|mas|mbak|pak|bu|calling|speaking|here|di sini|disini|mau|ingin|pengen|mo|mohon|minta|want|wanted|would|"
    r"ada yang|ada kendala|ada keluhan|how (?:can|may)|silakan|silahkan|yang akan|yang bisa|bisa dibantu|bisa (?:saya|kami) bantu|"
    r"one moment|one sec|bear with me|please hold|hold on|let me|mohon (?:tunggu|ditunggu)|saya cek|sebentar|speaking"
)
_NAME_THEN_PAUSE = re.compile(rf"[ \t]*(?:,(?![ \t]*\d)|(?:{_AFTER_NAME_WORDS})\b)", re.IGNORECASE)
#: The name is the whole rest of the utterance ("it's koh li ting").
_ENDS_UTTERANCE = re.compile(r"[ \t]*(?:[.!?]+[ \t]*)?(?:\n|$)")
#: CamelCase brands: a capital after two lowercase letters, then lowercase ("KirimCepat", "SinarPay");
#: not "McDonald" or a typo's stray capital ("KSakti", "LailasariI").
_BRAND = re.compile(r"[a-z]{2}[A-Z][a-z]")
#: "an" for "atas nama" (the account holder) after an account word; elsewhere "an" is English.
_HOLDER_AN = re.compile(
    r"(?<![\w])(?:rekening|rek|norek|ditransfer|transfer|account|acct|kartu|card|penerima|tujuan)\b[^\n.]{0,40}?"
    r"(?<![\w])an\.?[ \t]+"
)
#: Initials before a name: "T.", "R.A.", "R.M.", "H." (Haji), "Hj.".
_INITIALS = re.compile(r"(?:[A-Za-z]{1,2}\.[ \t]?){1,3}")
#: An academic degree after a name: ", S.Pt", ", M.Farm", ", S.E., M.M.", ", Ph.D".
_DEGREE = re.compile(
    r",[ \t]*(?:s|m|a|b|d|dr|drs|dra|ir|ph|prof|amd|a\.md)\.[ \t]?[a-z]{1,5}\.?(?:[ \t]*,[ \t]*(?:s|m|dr|ph)\.[ \t]?[a-z]{1,5}\.?)*"
    r"(?![\w])", re.IGNORECASE,
)
_CONFIRM_AFTER = re.compile(
    rf"[ \t]*(?:,(?![ \t]*\d)|{_AFTER_NAME_WORDS}|at|from|with|dari|bersama|is calling|on the line|"
    r"i (?:called|am|was|have|had|need|want|would|'m)|"
    r"saya (?:mau|ingin|sudah|udah|tadi|kemarin|lagi|perlu|butuh))\b", re.IGNORECASE)
#: "deepa d/o muthusamy", "ravi s/o kumar", "a/l", "a/p": Malaysian and Singaporean patronymics.
_PATRONYMIC = re.compile(r"[ \t]+(?:[ds][ \t]*/?[ \t]*o|a[ \t]*/?[ \t]*[lp])[ \t]+(?=\w)", re.IGNORECASE)
#: A name said just before "speaking" ("tembusu bank seng boon speaking how may i assist").
_NAME_BEFORE_SPEAKING = re.compile(
    r"((?:[^\W\d_]+[ \t]+){0,2}[^\W\d_]+)[ \t]+speaking(?=[ \t,.!]+(?:how|what|may|can|ada|is|please|good))",
    re.IGNORECASE,
)
#: Balinese names open with a birth-order or gender word that is also a common word ("Ni Ketut Astiti").
_BALINESE = frozenset({"ni", "i", "gusti", "ida", "anak", "agung", "dewa", "desak", "cokorda"})
_BALINESE_ORDER = frozenset({"wayan", "made", "nyoman", "ketut", "putu", "kadek", "komang", "gede", "nengah", "luh", "ayu"})


class _Tok(NamedTuple):
    start: int
    end: int
    word: str  # lowercased


def _is_listed(word: str) -> bool:
    return word in GIVEN_NAMES or word in FAMILY_NAMES


class PersonRecognizer(EntityRecognizer):
    """PERSON from context and name lists, in cased and all-lowercase text, Indonesian and English."""

    ENTITIES = ["PERSON"]

    def __init__(self, supported_language: str = "en", name: str = "KawalPersonRecognizer") -> None:
        super().__init__(supported_entities=self.ENTITIES, supported_language=supported_language, name=name)

    def load(self) -> None:  # noqa: D102 - nothing to load: the lists are module data
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Find names; later mentions of a found name are reported too."""
        low = text.lower()  # one lowercase copy; same offsets (checked below for exotic case mappings)
        if len(low) != len(text):
            low = "".join(c.lower()[:1] or c for c in text)
        tokens = [_Tok(*m.span(), m.group()) for m in _TOKEN.finditer(low)]
        if not tokens:
            return []
        starts = [t.start for t in tokens]
        lowercase_text = text == low  # no capital letter anywhere (speech-to-text)
        spans: dict[tuple[int, int], float] = {}
        companies = _company_words(low, tokens)

        def add(first: int, last: int, score: float) -> None:
            end = tokens[last].end
            degree = _DEGREE.match(text, end)  # "Naradi Andriani, S.Pt": the degree is part of the name
            key = (tokens[first].start, degree.end() if degree else end)
            if score > spans.get(key, 0.0):
                spans[key] = score

        cues = [(m.end(), _CUE_KIND.get(m.group(1))) for m in _CUE_RE.finditer(low)]
        cues += [(m.end(), STRONG) for m in _HOLDER_AN.finditer(low)]  # "rekening an usman yolanda"
        for cue_end, kind in cues:
            if kind is None:  # a case-insensitive match whose lower() is no key ("İ", "ſ")
                continue
            gap = _CUE_GAP.match(text, cue_end)
            at = bisect_left(starts, gap.end() if gap else cue_end)
            if at >= len(tokens) or tokens[at].start != (gap.end() if gap else cue_end):
                continue
            first = at
            at = _after_initials(text, tokens, at)  # "Bapak T. Prayoga", "atas nama R.A. Ulva Lestari"
            if at >= len(tokens):
                continue
            if tokens[at].word in companies:
                continue
            found = self._name_after(text, tokens, at, kind, lowercase_text)
            if found is not None and not any(t.word in companies for t in tokens[at : found[0] + 1]):
                add(first, found[0], found[1])

        for regex in (_HEADER_RE, _SIGNOFF_RE):
            for match in regex.finditer(text):
                at = bisect_left(starts, match.end())
                last = self._capitalised_run(text, tokens, at)
                if last is not None:
                    add(at, last, 0.85)

        for match in _names_before_speaking(text, low):
            at = bisect_left(starts, match.start(1))
            words = [t for t in tokens[at:] if t.end <= match.end(1)]
            while words and (is_function_word(words[0].word) or words[0].word in companies):
                words.pop(0)  # "good evening tembusu bank seng boon speaking": only the name
            if words and not any(is_function_word(w.word) or org_word(w.word) for w in words):
                add(tokens.index(words[0]), tokens.index(words[-1]), 0.7)

        self._listed_pairs(text, tokens, lowercase_text, add)
        self._later_mentions(text, tokens, spans)
        return [self._result(start, end, score) for (start, end), score in spans.items()]

    # -- signals ---------------------------------------------------------------------------------

    def _name_after(
        self, text: str, tokens: list[_Tok], at: int, kind: str, lowercase_text: bool
    ) -> tuple[int, float] | None:
        """(index of the name's last token, score) when the tokens from *at* on read as a name."""
        first = tokens[at]
        # The most frequent words are never a name. A less frequent common word ("paris", "sakura",
        # "perkasa") is one after a strong cue or an honorific; after a weaker cue ("saya ...", "terima
        # kasih ...", "dengan ...") only when what follows confirms it ("saya sakura kak", "i'm hasta,").
        if len(first.word) < 2 or _part_of_code(text, first.start, first.end):
            return None
        capitalised = text[first.start].isupper()
        # A capitalised word mid-sentence after a cue is a name even when it is also a word
        # ("a.n. Cinta Prayoga", "Saya Karya, mau tanya"); in lowercase text it needs more.
        cased_name = capitalised and not lowercase_text and not _sentence_start(text, first.start) and first.word not in NOT_NAMES
        balinese = first.word in _BALINESE and at + 1 < len(tokens) and tokens[at + 1].word in _BALINESE_ORDER
        if (is_function_word(first.word) and not (cased_name or balinese)) or _acronym(text, first, lowercase_text):
            return None
        common = is_word_not_name(first.word) or is_function_word(first.word)
        # After a weak cue, a word that is also common needs what follows to confirm it; after an
        # honorific too in lowercase speech-to-text ("bukan bu maksud saya ..."), where nothing else tells.
        # A capitalised word mid-sentence in cased text is evidence enough ("saya Yuni. Silakan").
        needs_confirmation = common and not cased_name and (
            kind not in (STRONG, HONORIFIC) or (kind == HONORIFIC and lowercase_text))
        listed = _is_listed(first.word)
        score = _STRENGTH_SCORE[kind]
        followed_by_cue = at + 1 < len(tokens) and tokens[at + 1].word in _NAME_FOLLOWERS
        bare_cue = text[tokens[at].start - 6 : tokens[at].start].strip().lower() in ("nama", "name", "nama:", "name:")
        if kind == STRONG:
            ok = capitalised or listed or lowercase_text or not bare_cue
        elif kind == HONORIFIC:
            ok = capitalised or listed or lowercase_text
            if not (capitalised or listed):
                score = 0.6
        elif kind == MEDIUM:
            ok = listed or (capitalised and not _sentence_start(text, first.start))
            if not ok:
                last = self._extend(text, tokens, at, capitalised=capitalised, lenient=True)
                ok = bool(_CONFIRM_AFTER.match(text, tokens[last].end)) or (
                    last > at and _ENDS_UTTERANCE.match(text, tokens[last].end) is not None
                )
        elif kind == GREETING:
            ok = listed or capitalised or lowercase_text
            if not ok:
                last = self._extend(text, tokens, at, capitalised=False, lenient=True)
                ok = bool(_CONFIRM_AFTER.match(text, tokens[last].end))
        else:  # WEAK: "saya rina ...": a listed or capitalised name, or a word a name-like word follows
            nxt_listed = at + 1 < len(tokens) and tokens[at + 1].word in FAMILY_NAMES
            ok = first.word in GIVEN_NAMES or capitalised or nxt_listed or (followed_by_cue and len(first.word) >= 3)
            if not ok and len(first.word) >= 3:
                last = self._extend(text, tokens, at, capitalised=False, lenient=True)
                ok = _NAME_THEN_PAUSE.match(text, tokens[last].end) is not None
        if ok and needs_confirmation:
            last = self._extend(text, tokens, at, capitalised=capitalised, lenient=True)
            after = tokens[last].end
            # After "saya ...", "from"/"dari" do not confirm: "saya streaming dari laptop" is a verb.
            confirm = _NAME_THEN_PAUSE if kind == WEAK else _CONFIRM_AFTER
            ok = bool(confirm.match(text, after) or (last > at and _ENDS_UTTERANCE.match(text, after)))
        if not ok:
            return None
        lenient = not capitalised
        last = self._extend(text, tokens, at, capitalised=capitalised, lenient=lenient)
        if _organisation(text, tokens, at, last):
            return None
        return last, score

    @staticmethod
    def _extend(text: str, tokens: list[_Tok], at: int, *, capitalised: bool, lenient: bool) -> int:
        """Index of the last token of the name starting at *at* (up to MAX_NAME_TOKENS tokens)."""
        last = at
        while last + 1 < len(tokens) and last + 1 - at < MAX_NAME_TOKENS:
            nxt = tokens[last + 1]
            patronymic = _PATRONYMIC.match(text, tokens[last].end)
            if patronymic is not None:  # "deepa d o muthusamy": skip the d/o, s/o, a/l, a/p
                k = bisect_left([t.start for t in tokens], patronymic.end())
                if k < len(tokens) and tokens[k].start == patronymic.end() and not is_function_word(tokens[k].word):
                    last = k
                    continue
            gap = _NAME_GAP.fullmatch(text, tokens[last].end, nxt.start)
            if gap is None or (nxt.word not in CONNECTORS and is_function_word(nxt.word)
                               and not (nxt.word in _BALINESE_ORDER or tokens[last].word in _BALINESE)):
                break
            if nxt.word in CONNECTORS:
                if last + 2 < len(tokens) and _NAME_GAP.fullmatch(text, nxt.end, tokens[last + 2].start) and (
                    text[tokens[last + 2].start].isupper() or not capitalised
                ) and tokens[last + 2].word not in NOT_NAMES:
                    last += 2
                    continue
                break
            if capitalised:
                if not text[nxt.start].isupper():
                    break
            elif not (lenient or _is_listed(nxt.word)):
                break
            last += 1
        return last

    @staticmethod
    def _capitalised_run(text: str, tokens: list[_Tok], at: int) -> int | None:
        """A header or signature name: 1-4 capitalised tokens on one line."""
        at = _after_initials(text, tokens, at) if at < len(tokens) else at
        if at >= len(tokens) or not text[tokens[at].start].isupper():
            return None
        if is_function_word(tokens[at].word) and not (  # "From: Dan Espinoza": a capitalised pair is a name
            at + 1 < len(tokens) and text[tokens[at + 1].start].isupper()
            and _NAME_GAP.fullmatch(text, tokens[at].end, tokens[at + 1].start)
        ):
            return None
        last = at
        while last + 1 < len(tokens) and last + 1 - at < MAX_NAME_TOKENS:
            nxt = tokens[last + 1]
            if not _NAME_GAP.fullmatch(text, tokens[last].end, nxt.start) or (
                nxt.word not in CONNECTORS and is_function_word(nxt.word)
            ):
                break
            if text[nxt.start].isupper():
                last += 1
            elif nxt.word in CONNECTORS and last + 2 < len(tokens) and text[tokens[last + 2].start].isupper():
                last += 2
            else:
                break
        return None if _organisation(text, tokens, at, last) else last

    @staticmethod
    def _listed_pairs(text: str, tokens: list[_Tok], lowercase_text: bool, add) -> None:  # type: ignore[no-untyped-def]
        """"Budi Santoso" anywhere: a listed given name followed by a family name."""
        for i in range(len(tokens) - 1):
            a, b = tokens[i], tokens[i + 1]
            if a.word not in GIVEN_NAMES or b.word in NOT_NAMES:
                continue
            if not _NAME_GAP.fullmatch(text, a.end, b.start):
                continue
            a_cap, b_cap = text[a.start].isupper(), text[b.start].isupper()
            if a_cap and b_cap:
                add(i, i + 1, 0.7 if _is_listed(b.word) else 0.6)
            elif (lowercase_text or not (a_cap or b_cap)) and b.word in FAMILY_NAMES:
                add(i, i + 1, 0.6)

    @staticmethod
    @staticmethod
    def _later_mentions(text: str, tokens: list[_Tok], spans: dict[tuple[int, int], float]) -> None:
        """Every other occurrence of a word of a name found with confidence >= 0.6 (linear time)."""
        if not spans:
            return
        covered = bytearray(len(text) + 1)
        for start, end in spans:
            covered[start:end] = b"\x01" * (end - start)
        starts = [t.start for t in tokens]
        known: set[str] = set()
        for (start, end), score in spans.items():
            if score < 0.6:
                continue
            for tok in tokens[bisect_left(starts, start) : bisect_left(starts, end)]:
                if tok.end <= end and len(tok.word) >= 3 and not is_function_word(tok.word):
                    known.add(tok.word)
        if not known:
            return
        i = 0
        while i < len(tokens):
            if tokens[i].word in known and not covered[tokens[i].start]:
                j = i
                while (
                    j + 1 < len(tokens)
                    and tokens[j + 1].word in known
                    and _NAME_GAP.fullmatch(text, tokens[j].end, tokens[j + 1].start)
                ):
                    j += 1
                spans.setdefault((tokens[i].start, tokens[j].end), 0.75)
                i = j + 1
            else:
                i += 1

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return result(self, "PERSON", start, end, score)


#: What a company's name follows: "terima kasih telah menghubungi <company>", "welcome to <company>".
_COMPANY_CUE = re.compile(
    r"(?:(?:telah|sudah) menghubungi|(?:thank you|thanks) for (?:calling|contacting|choosing)|welcome to|selamat datang di|"
    r"calling from|customer (?:service|care) (?:of|at)|layanan pelanggan)[ \t]+"
)


def _company_words(low: str, tokens: list[_Tok]) -> frozenset[str]:
    """Words of the company's own name in this text, wherever it is named as the company."""
    if not _COMPANY_CUE.search(low):
        return frozenset()
    starts = [t.start for t in tokens]
    found: set[str] = set()
    for match in _COMPANY_CUE.finditer(low):
        at = bisect_left(starts, match.end())
        for tok in tokens[at : at + 3]:
            if is_function_word(tok.word):
                break
            found.add(tok.word)
    return frozenset(found)


def _acronym(text: str, token: _Tok, lowercase_text: bool) -> bool:
    """An all-capitals token in mixed-case text ("IBAN", "ZTE"): an acronym, not a name."""
    word = text[token.start : token.end]
    return not lowercase_text and len(word) <= 5 and word.isupper() and not text.isupper()


def _after_initials(text: str, tokens: list[_Tok], at: int) -> int:
    """The first token after initials ("T. Prayoga" -> "Prayoga"), or *at* when there are none."""
    match = _INITIALS.match(text, tokens[at].start)
    if match is None or match.end() >= len(text) or not text[match.end()].isalpha():
        return at
    k = at
    while k < len(tokens) and tokens[k].start < match.end():
        k += 1
    return k


def _names_before_speaking(text: str, low: str) -> list[re.Match[str]]:
    """Matches of `_NAME_BEFORE_SPEAKING`, searched only around each "speaking" (a scan of every
    word position for a two-word look-behind would cost more than the rest of the recognizer)."""
    found = []
    at = low.find(" speaking")
    while at >= 0:
        lo = max(0, at - 48)
        match = _NAME_BEFORE_SPEAKING.search(text, lo, min(len(text), at + 40))
        if match is not None and match.end(1) == at:
            found.append(match)
        at = low.find(" speaking", at + 9)
    return found


def _part_of_code(text: str, start: int, end: int) -> bool:
    """Letters glued to digits ("ORD28241604", "INV-2025-..."): an order or product code, not a name."""
    after = text[end : end + 2]
    return bool(after[:1].isdigit() or (after[:1] in "-/_" and after[1:2].isdigit()) or (start and text[start - 1].isdigit()))


def _organisation(text: str, tokens: list[_Tok], first: int, last: int) -> bool:
    """A company, team or product, not a person: an organisation word in or right after the run
    ("Orchid Bank", "Tembusu Bank CS"), or a CamelCase brand ("KirimCepat", "SinarPay")."""
    for tok in tokens[first : last + 2]:
        if org_word(tok.word) and (tok is not tokens[min(last + 1, len(tokens) - 1)] or
                                   _NAME_GAP.fullmatch(text, tokens[last].end, tok.start)):
            return True
    return any(_BRAND.search(text, t.start, t.end) for t in tokens[first : last + 1])


def _sentence_start(text: str, index: int) -> bool:
    """True when *index* begins a sentence (capitalisation there says nothing about names)."""
    before = text[max(0, index - 3) : index].rstrip()
    return not before or before[-1] in ".!?:\n"


