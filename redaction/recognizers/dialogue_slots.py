"""Values given as the answer to what the agent asked, or right after the customer names them.

The pattern recognizers see one number at a time and need a cue next to it. In a call, the cue is
the agent's question a turn earlier, and the value may come in pieces: "nomor rekeningnya berapa?"
/ "lima dua tujuh kosong" / "iya" / "satu satu delapan delapan". This recognizer reads the dialogue
(`redaction.dialogue`): after an agent asks for a type, the customer's turns until the agent moves
on are that slot's answer. Each dictated value (`redaction.material`) is checked against the type
(`redaction.validate`); pieces too short alone are assembled across turns and, when together they
fit, each piece is reported where it was said. A customer's own cue in the same turn ("my social is
...", "rekening BCA saya ...") types a value the same way, in chat and e-mail too, and a
distractor cue ("order", "Rp", "OTP") takes the value out of the slot. A value that proves its own
type (an IBAN by mod 97, an NRIC by its check letter, four octets with dots) is reported as that
type wherever it is; spelled and spoken forms included ("g b two four l o y d ...").

Scores: typed and valid 1.0 (the top, and the overlap rule prefers the dialogue's type at equal
scores, so that the dialogue decides between a bank account and a phone, or a NIK and a card); proved by structure 0.9; pieces that are valid together 0.9; typed and
only of the right length 0.7; pieces of the right length together when the slot closes 0.6.
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from policies import DISTRACTOR
from redaction.dialogue import AGENT, CUSTOMER, Turn, Vocabulary, parse_dialogue, vocabulary
from redaction.material import Run, runs
from redaction.recognizers._context import result
from redaction.validate import DIGIT_RANGES, PLAUSIBLE, VALID, fits, structural

__all__ = ["DialogueSlotRecognizer"]

_WORD = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
#: At most this many words besides the value in a turn whose pieces are assembled across turns.
_DICTATION_WORDS = 8
#: ... or follow the previous piece of the same turn after at most this many words.
_PIECE_GAP_WORDS = 3
#: Types a value proves even after a distractor cue (nothing else has their check).
_SELF_EVIDENT = frozenset({"IBAN_CODE", "SG_NRIC"})

TYPED_VALID, STRUCTURAL, ASSEMBLED, TYPED_PLAUSIBLE, ASSEMBLED_PLAUSIBLE = 1.0, 0.9, 0.9, 0.7, 0.6
#: Types whose answers are dictated values (names, places, dates and e-mails have their own recognizers).
SLOT_TYPES = frozenset(DIGIT_RANGES)
#: A cue this far before a value (same turn) types it.
_CUE_REACH = 64
#: Customer turns an open slot waits for, and agent turns that say something else before it closes.
_CUSTOMER_TURNS, _AGENT_DETOURS = 5, 1


class _Slot:
    """The answer being collected for one agent question."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.buffer: list[tuple[Run, bool]] = []  # (run, already reported)
        self.customer_turns = 0
        self.detours = 0


class DialogueSlotRecognizer(EntityRecognizer):
    """Dictated values typed by the agent's question or the customer's cue, assembled across turns."""

    def __init__(self, supported_language: str = "en", name: str = "KawalDialogueSlotRecognizer",
                 vocab: Vocabulary | None = None) -> None:
        self._vocab = vocab
        super().__init__(supported_entities=sorted(SLOT_TYPES), supported_language=supported_language, name=name)

    def load(self) -> None:  # noqa: D102
        pass

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        """Typed values over the whole transcript (the dialogue is the unit, not the line)."""
        if _DIGIT.search(text) is None:
            return []
        vocab = self._vocab or vocabulary()
        low = text.lower()
        wanted = set(entities) & SLOT_TYPES
        found: list[RecognizerResult] = []

        def report(kind: str, run: Run, score: float) -> None:
            if kind in wanted:
                found.append(result(self, kind, run.start, run.end, score))

        slot: _Slot | None = None
        for turn in parse_dialogue(text, None if vocab is vocabulary() else vocab).turns:
            agent_turn = turn.role == AGENT or (turn.role != CUSTOMER and (turn.intent or turn.backchannel))
            turn_runs = runs(low, turn.body, turn.end, vocab)
            if agent_turn and turn.intent is not None:
                self._close(slot, report)
                slot = _Slot(turn.intent) if turn.intent in SLOT_TYPES else (_Slot(DISTRACTOR) if turn.intent == DISTRACTOR else None)
            elif agent_turn and not turn.backchannel and not turn_runs and slot is not None:
                slot.detours += 1
                if slot.detours > _AGENT_DETOURS:
                    self._close(slot, report)
                    slot = None
            elif not agent_turn and slot is not None:
                slot.customer_turns += 1
                if slot.customer_turns > _CUSTOMER_TURNS:
                    self._close(slot, report)
                    slot = None
            last_end = turn.body
            for run in turn_runs:
                slot = self._judge(run, turn, low, vocab, slot, report, last_end)
                last_end = run.end
        self._close(slot, report)
        return found

    def _judge(self, run: Run, turn: Turn, low: str, vocab: Vocabulary, slot: _Slot | None, report,  # type: ignore[no-untyped-def]
               last_end: int) -> _Slot | None:
        """Report *run* if the slot or a cue types it; return the slot that is open afterwards."""
        cue = vocab.cue_before(low, max(turn.body, run.start - _CUE_REACH), run.start)
        if cue is not None and any(c.isdigit() for c in low[cue[1] : run.start]):
            cue = None  # a cue names the first value after it
        if vocab.distractor_after.match(low, run.end):
            cue = (DISTRACTOR, run.start)  # "... dollars", "... kali", "... pm": an amount, a count, a time
        proved = structural(run)
        if cue is not None and (cue[0] == DISTRACTOR or cue[0] not in SLOT_TYPES):
            if proved in _SELF_EVIDENT:
                report(proved, run, STRUCTURAL)  # a version number looks like an IP; an IBAN is an IBAN
            return slot
        if cue is not None and (slot is None or slot.kind != cue[0]):
            self._close(slot, report)
            slot = _Slot(cue[0])  # the customer's own cue opens a slot for the value and its pieces
        if slot is None or slot.kind == DISTRACTOR:
            if proved:
                report(proved, run, STRUCTURAL)
            return slot
        kind = slot.kind
        fit = fits(kind, run)
        if fit == VALID:
            report(kind, run, TYPED_VALID)
            slot.buffer.clear()
            return slot
        if proved:
            report(proved, run, STRUCTURAL)
            slot.buffer.clear()
            return slot
        if (run.digits < 2 and not slot.buffer) or not (cue is not None or _dictated(run, turn, low, last_end)):
            if fit == PLAUSIBLE:
                report(kind, run, TYPED_PLAUSIBLE)
            return slot
        slot.buffer.append((run, False))
        for first in range(len(slot.buffer) - 1):  # longest suffix first
            pieces = slot.buffer[first:]
            if fits(kind, _joined([r for r, _ in pieces])) == VALID:
                for r, done in pieces:
                    if not done:
                        report(kind, r, ASSEMBLED)
                slot.buffer.clear()
                return slot
        if fit == PLAUSIBLE:
            report(kind, run, TYPED_PLAUSIBLE)
            slot.buffer[-1] = (run, True)
        return slot

    @staticmethod
    def _close(slot: _Slot | None, report) -> None:  # type: ignore[no-untyped-def]
        if slot is None or slot.kind == DISTRACTOR or len(slot.buffer) < 2:
            return
        if fits(slot.kind, _joined([r for r, _ in slot.buffer])):
            for run, done in slot.buffer:
                if not done:
                    report(slot.kind, run, ASSEMBLED_PLAUSIBLE)
        slot.buffer.clear()


def _dictated(run: Run, turn: Turn, low: str, last_end: int) -> bool:
    """Is this a piece of a value being read out, not a number inside a sentence?

    Either the turn is the value and a few words ("ehm 0529 6861", "okay 8345 is that right"), or
    the piece follows the previous piece of the same turn after a few words ("... 0816 ya lanjut 1751").
    """
    words = len(_WORD.findall(low, turn.body, run.start)) + len(_WORD.findall(low, run.end, turn.end))
    if words <= _DICTATION_WORDS:
        return True
    return last_end > turn.body and len(_WORD.findall(low, last_end, run.start)) <= _PIECE_GAP_WORDS


def _joined(pieces: list[Run]) -> Run:
    """Several dictated pieces as one value (the span is only used for checks, not reported)."""
    return Run(
        "".join(p.value for p in pieces), pieces[0].start, pieces[-1].end,
        tuple(span for p in pieces for span in p.pieces), sum(p.digits for p in pieces), sum(p.letters for p in pieces),
    )
