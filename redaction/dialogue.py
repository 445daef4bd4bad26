"""Turns, speakers and what the agent asked: the structure of a contact-center transcript.

A transcript is a dialogue. Whether "5270 1188" is a bank account, a phone or an order number is
usually not written next to it: the agent asked for it a turn earlier ("nomor rekeningnya berapa?"),
and the customer may read it out over several turns with the agent saying "iya, lanjut" between
them. This module finds the turns (speaker tags come in many shapes, or none), decides which
speaker is the agent, and classifies agent turns by what they ask for. The vocabulary is data
(`policies/dialogue.yaml`); this module is the machinery.

Tags recognised at a line start, after an optional timestamp ("[00:01:23]", "[19:20]",
"[17/07/25 16.42]"): "agent:", "Agen:", "cs:", "[agent]", "a:", "spk_0:", "Speaker 1:", and any other
short tag that starts two or more lines (a WhatsApp export's "Budi Santoso:"). A tag naming a role
decides it; otherwise the speaker who greets on the company's behalf or asks for data is the agent.
Lines without a tag are turns of an unknown speaker, classified line by line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from policies import DISTRACTOR, DialoguePolicy, load_dialogue_policy

__all__ = ["AGENT", "CUSTOMER", "UNKNOWN", "Dialogue", "Turn", "Vocabulary", "parse_dialogue", "vocabulary"]

AGENT, CUSTOMER, UNKNOWN = "agent", "customer", "unknown"

_TIMESTAMP = (
    r"(?:\[\s*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4},?\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?\s*\]"
    r"|\(\d{1,2}:\d{2}(?::\d{2})?\)|\d{1,2}:\d{2}(?::\d{2})?(?=\s))"
)
_LINE_HEAD = re.compile(
    rf"[ \t]*(?:{_TIMESTAMP}[ \t]*(?:-[ \t]*)?)?"
    r"(?:\[(?P<bracket>[^\]\n]{1,32})\][ \t]*:?|(?P<tag>[^\W\d][\w .'&/-]{0,31}?)[ \t]*:(?![/\d]))[ \t]*"
)
#: Tags of e-mail headers and form fields, not speakers.
_NOT_SPEAKERS = frozenset(
    "from to cc bcc subject date sent re fw fwd perihal kepada dari tanggal subjek lampiran attachment note catatan "
    "ps nb tel telp hp phone mobile fax email e-mail alamat address nama name nik npwp no nomor id ref "
    "order invoice total dear hi halo hello regards salam".split()
)
_GENERIC_SPEAKER = re.compile(r"(?:[a-e]|s\d|spk[ _]?\d+|speaker[ _]?\d+|sp\d|p\d|person[ _]?\d)", re.IGNORECASE)
#: What an agent says on the company's behalf, which a customer does not.
_AGENT_VOICE = re.compile(
    r"\b(?:ada yang bisa (?:saya|kami) bantu|ada yang bisa dibantu|bisa (?:saya|kami) bantu|how (?:can|may) i (?:help|assist)|"
    r"(?:thank you|thanks) for (?:calling|contacting|waiting|holding|your patience)|terima kasih (?:telah|sudah) menghubungi|"
    r"(?:mohon|harap) (?:ditunggu|menunggu)|mohon maaf atas|you're (?:through to|speaking (?:with|to))|"
    r"selamat datang di|welcome to|is there anything else|ada lagi yang bisa)\b"
)


@dataclass(frozen=True, slots=True)
class Turn:
    """One line of a transcript: where it is, where its words begin, who says it, what it asks for."""

    start: int
    end: int
    body: int
    tag: str | None
    role: str
    intent: str | None = None
    backchannel: bool = False


@dataclass(frozen=True, slots=True)
class Dialogue:
    text: str
    turns: tuple[Turn, ...]

    @property
    def tagged(self) -> bool:
        return any(t.tag is not None for t in self.turns)


@dataclass(frozen=True, eq=False)  # identity hash: one per policy, a key of the role cache
class Vocabulary:
    """`policies/dialogue.yaml` compiled: one regex per intent, role words, backchannel, fillers, distractors."""

    agent_words: frozenset[str]
    customer_words: frozenset[str]
    asks: tuple[tuple[str, re.Pattern[str]], ...]
    self_cues: tuple[tuple[str, re.Pattern[str]], ...]
    backchannel: re.Pattern[str]
    fillers: frozenset[str]
    filler_phrases: tuple[tuple[str, ...], ...]
    filler_starts: dict[str, tuple[tuple[str, ...], ...]]
    ask_all: re.Pattern[str]
    cue_all: re.Pattern[str]
    group_kinds: dict[str, str]
    distractor: re.Pattern[str]
    distractor_after: re.Pattern[str]

    @classmethod
    def from_policy(cls, policy: DialoguePolicy) -> Vocabulary:
        def bounded(patterns: list[str]) -> re.Pattern[str]:
            # Indonesian suffixes attach to the cue word: "rekeningnya", "tiketnya", "nomormu".
            return re.compile(r"(?<![\w])(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?:nya|ny|mu|ku)?(?![\w])")

        asks = tuple((kind, bounded(i.ask)) for kind, i in policy.intents.items() if i.ask)
        cues = tuple((kind, bounded(i.self_cues)) for kind, i in policy.intents.items() if i.self_cues)
        single = frozenset(f for f in policy.fillers if " " not in f)
        phrases = tuple(tuple(f.split()) for f in policy.fillers if " " in f)
        # No "^": pattern.match(text, pos) anchors at pos already, and "^" would only match at 0.
        backchannel = re.compile(r"[\s,.!?]*(?:(?:" + "|".join(policy.backchannel or ["(?!)"]) + r")[\s,.!?]*)+$")
        starts: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            starts.setdefault(phrase[0], []).append(phrase)
        group_kinds: dict[str, str] = {}

        def grouped(parts: list[tuple[str, list[str]]]) -> re.Pattern[str]:
            """One regex, a named group per kind, each group the bounded alternation of its patterns."""
            body = []
            for kind, patterns in parts:
                if not patterns:
                    continue
                name = f"g{len(group_kinds)}"
                group_kinds[name] = kind
                body.append(f"(?P<{name}>" + "|".join(f"(?:{p})" for p in patterns) + ")")
            return re.compile(r"(?<![\w])(?:" + ("|".join(body) or "(?!)") + r")(?:nya|ny|mu|ku)?(?![\w])")

        ask_all = grouped([(kind, list(i.ask)) for kind, i in policy.intents.items()])
        # Cues: the customer's own cues first (the more specific wording), then questions, then
        # distractor words, which win where they match at the same place as a typed cue.
        cue_all = grouped([(DISTRACTOR, list(policy.distractors))]
                          + [(kind, list(i.self_cues)) for kind, i in policy.intents.items()]
                          + [(kind, list(i.ask)) for kind, i in policy.intents.items()])
        return cls(
            frozenset(w.lower() for w in policy.speakers.agent), frozenset(w.lower() for w in policy.speakers.customer),
            asks, cues, backchannel, single, phrases, {k: tuple(v) for k, v in starts.items()},
            ask_all, cue_all, group_kinds, bounded(policy.distractors or ["(?!)"]),
            re.compile(r"[ \t]*(?:" + "|".join(f"(?:{p})" for p in policy.units or ["(?!)"]) + r")(?![\w])"),
        )

    def ask_intent(self, low: str, start: int, end: int) -> str | None:
        """The type the text asks for: the intent of the last question in it (the live one).

        One combined regex with a named group per intent: at each position the first intent that
        matches takes the longest form it can ("npwp card" is an NPWP, "email address" an e-mail,
        never the "card" or "address" inside them), and the last match in the turn decides.
        """
        last = None
        for last in self.ask_all.finditer(low, start, end):  # noqa: B007 - the last match is wanted
            pass
        return self.group_kinds[last.lastgroup] if last is not None and last.lastgroup else None

    def cue_before(self, low: str, lo: int, pos: int) -> tuple[str, int] | None:
        """The nearest typed cue (ask or self) or distractor that ends in low[lo:pos], with where it ends."""
        last = None
        for last in self.cue_all.finditer(low, lo, pos):  # noqa: B007 - the nearest (last) cue is wanted
            pass
        if last is None or not last.lastgroup:
            return None
        return self.group_kinds[last.lastgroup], last.end()


@lru_cache(maxsize=4)
def vocabulary(policy: DialoguePolicy | None = None) -> Vocabulary:
    return Vocabulary.from_policy(policy or load_dialogue_policy())


@lru_cache(maxsize=1024)
def _speaker_role(tag: str, vocab: Vocabulary) -> str:
    words = re.findall(r"[a-z]+", tag.lower())
    joined = " ".join(words)
    if any(w in vocab.agent_words for w in words) or any(" " in w and w in joined for w in vocab.agent_words):
        return AGENT
    if any(w in vocab.customer_words for w in words) or any(" " in w and w in joined for w in vocab.customer_words):
        return CUSTOMER
    return UNKNOWN


def _head(text: str, start: int, end: int) -> tuple[str | None, int]:
    match = _LINE_HEAD.match(text, start, end)
    if match is None:
        return None, start
    tag = match.group("bracket") or match.group("tag")
    return (tag.strip() if tag else None), match.end()


def parse_dialogue(text: str, vocab: Vocabulary | None = None) -> Dialogue:
    """Split *text* into turns (lines), with speakers, roles and the intent of each agent turn.

    Several recognizers read the dialogue of the same text; the last few parses are kept.
    """
    if vocab is None:
        return _parse_default(text)
    return _parse(text, vocab)


@lru_cache(maxsize=16)
def _parse_default(text: str) -> Dialogue:
    return _parse(text, vocabulary())


def _parse(text: str, vocab: Vocabulary) -> Dialogue:
    low = text.lower()
    lines: list[tuple[int, int]] = []
    pos = 0
    for piece in text.split("\n"):
        end = pos + len(piece)
        lines.append((pos, end - 1 if piece.endswith("\r") else end))  # CRLF: the line ends before "\r"
        pos = end + 1
    heads = [_head(text, a, b) for a, b in lines]
    counts = Counter(tag.lower() for tag, _ in heads if tag)
    roles: dict[str, str] = {}
    known_roles = any(_speaker_role(tag, vocab) != UNKNOWN for tag in counts)
    original = {tag.lower(): tag for tag, _ in heads if tag}
    for tag, n in counts.items():
        role = _speaker_role(tag, vocab)
        first = tag.split()[0] if tag.split() else tag
        # Beside a tag that names a role, a capitalised name starting one line is a speaker too
        # ("CS: ...", "Budi Santoso: ..."); alone, a tag must start two lines to be one.
        named = known_roles and len(tag.split()) <= 3 and all(w[:1].isupper() for w in original[tag].split())
        if role == UNKNOWN and (first in _NOT_SPEAKERS or (n < 2 and not _GENERIC_SPEAKER.fullmatch(tag) and not named)):
            continue  # a header or a field label, not a speaker
        roles[tag] = role
    # Unknown speakers: the one who speaks for the company or asks for data is the agent.
    unknown = [t for t, r in roles.items() if r == UNKNOWN]
    if unknown:
        votes: Counter[str] = Counter()
        for (tag, body), (_, end) in zip(heads, lines, strict=True):
            if tag and tag.lower() in unknown:
                votes[tag.lower()] += 2 * bool(_AGENT_VOICE.search(low, body, end)) + bool(vocab.ask_intent(low, body, end))
        known_agent = AGENT in roles.values()
        ranked = [t for t, _ in votes.most_common()] or unknown
        agent = None if known_agent else (ranked[0] if votes and votes.most_common(1)[0][1] > 0 else None)
        for tag in unknown:
            roles[tag] = AGENT if tag == agent else (CUSTOMER if (agent or known_agent) else UNKNOWN)
    turns: list[Turn] = []
    for (a, b), (tag, body) in zip(lines, heads, strict=True):
        key = tag.lower() if tag else None
        if key is None or key not in roles:
            tag, body, role = None, a, UNKNOWN
        else:
            role = roles[key]
        intent = None
        backchannel = False
        if role in (AGENT, UNKNOWN):
            intent = vocab.ask_intent(low, body, b)
            backchannel = intent is None and bool(vocab.backchannel.match(low, body, b))
            if role == UNKNOWN and (intent is not None or _AGENT_VOICE.search(low, body, b)):
                role = AGENT if tag is None else role
        turns.append(Turn(a, b, body, tag, role, intent, backchannel))
    return Dialogue(text, tuple(turns))
