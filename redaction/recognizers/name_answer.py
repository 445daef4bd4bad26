"""PERSON: a name given as the bare answer to the agent's name question on the previous turn.

The person recognizer finds names by how people announce them ("nama saya ...", "my name is ...",
"Pak ..."). But when the agent asks ("boleh dengan siapa saya bicara", "atas nama siapa", "may I
have your full name please?", "who am I speaking with?"), customers answer with the name alone:
"fitriani kak mau tanya soal paket", "Bryony Castellano". The cue is in the question, one turn
earlier, and the answer has none; in lowercase speech-to-text nothing else marks it as a name, so
it leaked. Like `address_answer`, this recognizer reads the question on one turn and the start of
the next.

Rule: when an agent turn (label "agent", "agen", "CS", "operator", ...) asks for a name and the
next turn is another speaker's, the first 1-4 name-like tokens at the start of that turn are a
PERSON, after skipping lead-ins ("ya, saya", "it's", "nama saya", "atas nama", an honorific). A
token is name-like when it is not a known non-name (`NOT_NAMES`, fillers, refusals, number words),
not an affixed Indonesian word, and, when the customer's turn uses capitals, is capitalised or a
listed name. The name must end the utterance, be followed by punctuation or a filler ("kak",
"mau", "ya", ...), or hold a listed name; a longer run of words is a sentence, not a name, and
nothing is reported. Scores 0.7 (capitalised or listed), 0.6 (an unlisted lowercase word).
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.dialogue import AGENT, parse_dialogue
from redaction.lexicon import is_function_word
from redaction.recognizers._context import result
from redaction.recognizers._names import FAMILY_NAMES, GIVEN_NAMES, NOT_NAMES

__all__ = ["NameAnswerRecognizer"]

MAX_NAME_TOKENS = 4
_NEXT_CAPITALISED = re.compile(r"[ \t]+[A-Z][a-z]")
#: The agent asks to spell (the name just given): "bisa dieja", "could you spell that".
_SPELL_ASK = re.compile(r"\b(?:spell|spelling|dieja|eja|ejakan|ejaannya|mengeja)\b")
#: A name spelled letter by letter: three or more single letters with spaces, dots or hyphens between.
_SPELLED = re.compile(r"(?<![\w])[A-Za-z](?:[ \t.-]{1,3}[A-Za-z](?![\w])){2,}")

#: "agent: ...", "[10:02] CS: ...": a turn's speaker label (optionally after a timestamp).
_TURN = re.compile(
    r"[ \t]*(?:\[?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\]?[ \t]+)?(?P<label>[^\W\d_][\w .()/-]{0,23}?)[ \t]*:[ \t]*"
)
#: Labels of the agent's side (matched at the start of the label, case-insensitive).
_AGENT_LABEL = re.compile(
    r"(?:agent|agen|cs|cso|csr|customer[ \t]+(?:service|care)|operator|admin|petugas|staff|officer|rep|"
    r"representative|support|advisor|adviser|bot)(?![^\W\d_])",
    re.IGNORECASE,
)
#: The agent asks for a name. Indonesian: "dengan (bapak/ibu) siapa", "atas nama siapa", "siapa
#: namanya", "boleh tahu nama lengkapnya"; English: "may I have your (full) name", "who am I speaking with".
_NAME_NOUN_ID = (
    r"nama(?:nya)?(?:[ \t]+lengkap(?:nya)?)?"
    r"(?:[ \t]+(?:anda|bapak/ibu|bapak|ibu|kakak|kak|mas|mbak|mba|pak|bu|sesuai[ \t]+(?:ktp|identitas)|di[ \t]+ktp|"
    r"pemilik[ \t]+(?:akun|rekening|kartu)|pemegang[ \t]+kartu|pemesan|penerima|yang[ \t]+terdaftar))?"
)
_NAME_NOUN_EN = (
    r"(?:your|ur|the)[ \t]+(?:full[ \t]+|first[ \t]+|last[ \t]+|legal[ \t]+|complete[ \t]+|registered[ \t]+)?name"
)
_ASKS_NAME = re.compile(
    r"\b(?:"
    r"dengan[ \t]+(?:(?:bapak|ibu|bpk|pak|bu|kakak|kak|mas|mbak|mba|saudara|saudari)(?:[ \t]*/[ \t]*|[ \t]+))*siapa"
    r"|atas[ \t]+nama[ \t]+siapa|siapa[ \t]+nama|ini[ \t]+(?:dengan[ \t]+)?siapa|siapa[ \t]+ini"
    r"|" + _NAME_NOUN_ID + r"(?=[ \t]*(?:[?.!,]|$|(?:siapa|ya|dulu|boleh|please|kak|pak|bu|mas|mbak)\b))"
    r"|" + _NAME_NOUN_EN + r"(?=[ \t]*(?:[?.!,]|$|(?:please|again|for|on|as|sir|ma'?am|madam|first)\b))"
    r"|name[ \t]*,?[ \t]*please"
    r"|who(?:m)?[ \t]+(?:am[ \t]+i|do[ \t]+i[ \t]+have)[ \t]+(?:speaking|talking|chatting|on)"
    r"|who(?:'s|[ \t]+is)[ \t]+(?:calling|speaking|this|on[ \t]+the[ \t]+line)"
    r")",
    re.IGNORECASE,
)
#: The line asks something ("nama lengkapnya bu" has no question word but ends on the name noun).
_QUESTION = re.compile(
    r"\?|\b(?:siapa|boleh|bisa|minta|mohon|tahu|tau|sebutkan|disebutkan|konfirmasi|dikonfirmasi|verifikasi|"
    r"may|can|could|what|what's|whats|tell|confirm|state|provide|get|have|please|who|and)\b"
    r"|(?:" + _NAME_NOUN_ID + r")[ \t]*(?:(?:kak|pak|bu|mas|mbak)[ \t]*)?$",
    re.IGNORECASE,
)
#: Words an answer may start with before the name: "ya, saya Budi", "it's Bryony", "atas nama ...".
_LEAD_INS = (
    "my full name is", "my name is", "my name's", "the name is", "the name's", "name is", "name's", "it's", "it’s",
    "it is", "its", "this is", "i'm", "i’m", "i am", "the account is under", "account is under", "it's under",
    "under", "nama lengkap saya", "nama saya", "namaku", "nama lengkapnya", "namanya", "nama", "atas nama",
    "a.n.", "a.n", "a n", "dengan", "dgn", "saya", "aku", "ya", "iya", "iyaa", "yaa", "yah", "ok", "oke", "okay",
    "baik", "boleh", "sure", "yes", "yeah", "yep", "of course", "tentu", "sip", "siap", "oh", "ah", "eh", "um",
    "umm", "uh", "hmm", "hm", "maaf", "sorry", "hi", "hai", "halo", "hello", "bapak", "ibu", "pak", "bu", "kak",
    "kakak", "mas", "mbak", "mba", "mr", "mrs", "ms", "miss", "dr", "sdr", "sdri", "right", "correct", "betul",
    "benar", "tepat", "that's", "thats", "atas nama saya", "punya", "pakai nama", "under the name", "the name on it is",
    "bpk", "encik", "cik", "puan", "tuan",
)
_LEAD_IN = re.compile(
    r"(?:(?:" + "|".join(re.escape(w) for w in sorted(_LEAD_INS, key=len, reverse=True)) + r")(?![\w'’])"
    r"[ \t]*[,.:!-]*[ \t]*)*",
    re.IGNORECASE,
)
#: Answers that are not names (refusals, stalling, fillers, relations, number words): never a name token.
_NOT_AN_ANSWER = frozenset(
    """
    maaf sorry pardon excuse bentar wait hold hang moment second sec minute later nanti never mind nevermind
    rahasia private secret confidential anonymous anonim skip pass why buat emang lupa forgot forget dunno idk
    whatever terserah entah mboh hmm hm hmmm eh em emm um umm uh uhh ah aduh waduh wah loh lho nah huh yup
    yaudah udahlah myself nobody none nothing someone anyone guest tamu member user suami istri anak ayah mama
    papa mami papi orang tua teman husband wife son daughter mother mom mum father dad friend owner pemilik
    holder family keluarga bos boss atasan manager manajer test tes testing satu dua tiga empat lima enam
    tujuh delapan sembilan nol kosong one two three four five six seven eight nine zero oh same before
    sebelumnya seperti kayak like ampun astaga duh alamak wkwk haha hehe wow oops ugh gosh omg
    internet wifi sinyal signal jaringan koneksi error eror gangguan promo cashback diskon voucher pulsa kuota
    saldo aplikasi app website modem router tv listrik lampu mati rusak lemot lambat jelek gagal terus
    """.split()
)
#: What may follow a bare name in an answer ("fitriani kak mau tanya", "budi di sini"). Not "saya"
#: ("internet saya mati": a noun and its owner) nor prepositions, which follow any word.
_FOLLOWER = re.compile(
    r"[ \t]{1,2}(?:kak|kakak|mas|mbak|mba|pak|bu|bang|ya|yah|yaa|aja|saja|mau|mo|pengen|ingin|di[ \t]+sini|disini|"
    r"here|speaking|calling|sir|ma'?am|please|thanks|thank|sesuai)(?![\w'’])",
    re.IGNORECASE,
)
#: Lowercase words inside a name: "siti aisyah binti rahman", "van der berg".
_CONNECTORS = frozenset({"bin", "binti", "binte", "bte", "van", "der", "de", "al", "el"})
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NAME_GAP = re.compile(r"[ \t]{1,2}")
#: After a name: the end of the utterance, or punctuation followed by a space or the end.
_END_OR_PAUSE = re.compile(r"[ \t]*(?:$|[,!?;]|[.:](?:\s|$))")


class NameAnswerRecognizer(EntityRecognizer):
    """PERSON at the start of the turn that answers an agent's name question."""

    def __init__(self, supported_language: str = "en", name: str = "KawalNameAnswerRecognizer") -> None:
        super().__init__(supported_entities=["PERSON"], supported_language=supported_language, name=name)

    def load(self) -> None:  # noqa: D102
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """Names answering a name question on the previous (agent) turn.

        Turns and speakers come from the dialogue layer, so "A:"/"B:", "spk_0:" and untagged lines
        work as well as "agent:"; the question is the dialogue's PERSON intent or this module's own
        question patterns.
        """
        low = text.lower()
        if not ("nama" in low or "name" in low or "siapa" in low or "who" in low):
            return []
        out = []
        asked = False  # the previous turn was an agent asking for a name
        spell = False  # ... or asking to spell the name just given
        for turn in parse_dialogue(text).turns:
            utterance = text[turn.body : turn.end]
            if not utterance.strip():
                continue  # a blank line between question and answer
            agent = turn.role == AGENT
            if spell and not agent:
                spelled = _SPELLED.search(text, turn.body, turn.end)
                if spelled is not None:  # "a i s y a h", "w-i-b-o-w-o"
                    out.append(result(self, "PERSON", spelled.start(), spelled.end(), 0.75))
                spell = False
            if asked and not agent:
                found = _name_at(text, turn.body, turn.end)
                if found is not None:
                    out.append(result(self, "PERSON", *found))
                asked = False
                continue
            if agent:
                lowered = utterance.lower()
                spell = _SPELL_ASK.search(lowered) is not None and "mail" not in lowered
            asked = (agent or turn.tag is None) and (turn.intent == "PERSON" or (
                _ASKS_NAME.search(utterance) is not None and _QUESTION.search(utterance) is not None))
        return out


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break."""
    spans, start = [], 0
    for m in re.finditer(r"\r?\n|\r", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _name_like(text: str, start: int, word: str, cased: bool) -> bool:
    """Whether the token *word* at *start* could be (part of) a name in this answer.

    In a cased answer a capitalised word that is also an English word ("Will Parker", "Hope
    Turner") still counts when a capitalised word follows it.
    """
    if len(word) < 2 or word in _NOT_AN_ANSWER:
        return False
    if word in NOT_NAMES:
        following = _NEXT_CAPITALISED.match(text, start + len(word))
        return cased and text[start].isupper() and following is not None
    listed = word in GIVEN_NAMES or word in FAMILY_NAMES
    if cased:
        return text[start].isupper() or listed
    return listed or not is_function_word(word)


def _name_at(text: str, start: int, end: int) -> tuple[int, int, float] | None:
    """(start, end, score) of the name that begins the answer in text[start:end], or None."""
    utterance = text[start:end]
    cased = utterance != utterance.lower()  # the customer writes with capitals: names are capitalised
    pos = _LEAD_IN.match(text, start, end).end()
    tokens = [(m.start(), m.end(), m.group().lower()) for m in _TOKEN.finditer(text, pos, end)]
    if not tokens or tokens[0][0] != pos:  # the answer starts with digits or symbols
        return None
    last, count, i = -1, 0, 0
    while i < len(tokens):
        s, e, word = tokens[i]
        if i and not _NAME_GAP.fullmatch(text, tokens[i - 1][1], s):
            break
        if i and word in _CONNECTORS and i + 1 < len(tokens) and _NAME_GAP.fullmatch(text, e, tokens[i + 1][0]) \
                and _name_like(text, tokens[i + 1][0], tokens[i + 1][2], cased):
            i += 1
            continue
        if not _name_like(text, s, word, cased) and not (
            # "lee kok wai": a listed name that is also a filler word ("kok"), between two name tokens
            i and (word in GIVEN_NAMES or word in FAMILY_NAMES) and i + 1 < len(tokens)
            and _NAME_GAP.fullmatch(text, e, tokens[i + 1][0]) is not None
            and _name_like(text, tokens[i + 1][0], tokens[i + 1][2], cased)
        ):
            break
        if count == MAX_NAME_TOKENS:  # a fifth word: a sentence, not a name
            return None
        count, last, i = count + 1, i, i + 1
    if last < 0:
        return None
    name_end = tokens[last][1]
    after = text[name_end : name_end + 2]
    if after[:1] in ("@", "_") or (after[:1] in (".", "-") and after[1:].isalnum()):
        return None  # "budi.santoso@...", "budi_88", "budi-88": a handle, not a bare name
    listed = any(w in GIVEN_NAMES or w in FAMILY_NAMES for _, _, w in tokens[: last + 1])
    ends = _END_OR_PAUSE.match(text, name_end, end) or _FOLLOWER.match(text, name_end, end)
    if not (ends or listed):
        return None
    return tokens[0][0], name_end, 0.7 if (cased or listed) else 0.6
