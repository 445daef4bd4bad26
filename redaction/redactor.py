"""The redactor: normalise spoken forms -> analyze -> map spans back -> resolve overlaps -> operators.

    redactor = Redactor(profile="default")
    result = redactor.redact("nomor saya kosong delapan satu dua ...")
    result.text       # "nomor saya <PHONE_NUMBER>"
    result.entities   # (Entity(type="PHONE_NUMBER", start=11, end=..., score=0.9, recognizer=...),)

Offsets in `entities` always refer to the ORIGINAL text, also when a spoken number was detected on
the normalised shadow text. Build one `Redactor` per process and reuse it: building loads the
recognizers (and, when configured, a spaCy model); redacting is the hot path.
"""

from __future__ import annotations

import hashlib
import hmac
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presidio_analyzer import AnalyzerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.operators import Operator, OperatorsFactory, OperatorType

from policies import ENTITY_TYPES, SPECIFICITY, RedactionPolicy, RedactionProfile, load_redaction_policy
from redaction.engine import LANGUAGE, build_analyzer
from redaction.errors import ProfileError, PseudonymKeyMissing, TokenStoreMissing, UnlistedEntity
from redaction.operators import MaskDigits, Pseudonymize, VaultToken
from redaction.spoken import normalize_spoken
from redaction.tokens import TokenStore

__all__ = ["Entity", "RedactionResult", "Redactor", "hmac_digest"]

#: When two detections overlap with the same score, the more specific type wins (its declared
#: specificity, `policies.redaction.ENTITY_DECLARATIONS`).
_RANK = {t: -specificity for t, specificity in SPECIFICITY.items()}
#: At equal scores, a type the dialogue gave (the agent asked for a NIK, the customer said "NIK saya")
#: beats a type a pattern gave (a 16-digit NIK that happens to pass Luhn is not a card).
_TYPED_BY_DIALOGUE = frozenset({"KawalDialogueSlotRecognizer"})
#: Every Unicode whitespace character but the newline (speaker turns) becomes a plain space.
_SPACES = {c: " " for c in range(0x3001) if chr(c).isspace() and chr(c) not in "\n "}


@dataclass(frozen=True, slots=True)
class Entity:
    """One detected value: its type, where it is in the original text, how sure, and who found it."""

    type: str
    start: int
    end: int
    score: float
    recognizer: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "start": self.start, "end": self.end, "score": round(self.score, 3),
                "recognizer": self.recognizer}


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """The redacted text and what was found in the original."""

    text: str
    entities: tuple[Entity, ...]

    def counts(self) -> Counter[str]:
        return Counter(e.type for e in self.entities)


def hmac_digest(key: bytes) -> Callable[[bytes], bytes]:
    """A keyed HMAC-SHA256 for pseudonyms from raw key bytes (Kawal itself uses the vault's sealer)."""
    if len(key) < 32:
        raise ValueError("a pseudonym key needs at least 32 bytes")
    return lambda data: hmac.new(key, data, hashlib.sha256).digest()


def _refuse_unlisted_types(analyzer: AnalyzerEngine) -> None:
    """Stop at start when a registered recognizer detects a type missing from `ENTITY_TYPES`.

    Profiles ask the analyzer only for the types they know, so such a recognizer would run for
    nothing and its values would pass through unredacted without a word: the silent failure a new
    PII type used to hit when its recognizer was registered but the type list not extended.
    """
    unlisted = sorted({entity for language in analyzer.supported_languages
                       for entity in analyzer.get_supported_entities(language)} - set(ENTITY_TYPES))
    if unlisted:
        raise UnlistedEntity(f"recognizers detect {', '.join(unlisted)}, which policies/redaction.py ENTITY_TYPES "
                             "does not list: add the type there (and a rule in the profiles that should act on it)")


class Redactor:
    """Finds and removes PII according to one profile of the redaction policy."""

    def __init__(
        self,
        profile: str | RedactionProfile = "default",
        *,
        policy: RedactionPolicy | None = None,
        policies_dir: Path | None = None,
        pseudonym_digest: Callable[[bytes], bytes] | None = None,
        token_store: TokenStore | None = None,
        spacy_model: str | None = None,
        analyzer: AnalyzerEngine | None = None,
    ) -> None:
        if isinstance(profile, RedactionProfile):
            self.profile_name, self.profile = "custom", profile
        else:
            policy = policy or load_redaction_policy(policies_dir)
            if profile not in policy.profiles:
                raise ProfileError(f"unknown redaction profile {profile!r}; known: {sorted(policy.profiles)}")
            self.profile_name, self.profile = profile, policy.profiles[profile]
        self._types = self.profile.active_types()
        operators_used = {self.profile.rule(t).operator for t in self._types}
        if "pseudonymize" in operators_used and pseudonym_digest is None:
            raise PseudonymKeyMissing(
                f"profile {self.profile_name!r} pseudonymizes; it needs the tenant's pseudonym key "
                "(kawal derives it from the vault)"
            )
        if "vault" in operators_used and token_store is None:
            raise TokenStoreMissing(f"profile {self.profile_name!r} tokenizes into the vault; it needs a token store")
        self._digest = pseudonym_digest
        self._token_store = token_store
        self._thresholds = {t: self.profile.threshold_for(t) for t in self._types}
        self._min_threshold = min(self._thresholds.values(), default=1.0)
        self._analyzer = analyzer or build_analyzer(spacy_model)
        _refuse_unlisted_types(self._analyzer)
        self._factory = OperatorsFactory()
        for operator in (Pseudonymize, MaskDigits, VaultToken):
            self._factory.add_anonymize_operator(operator)
        # Operators are presidio-anonymizer's (and ours, registered in its factory), built and
        # validated once per type. The `AnonymizerEngine` around them is not used: its overlap
        # handling repeats `_resolve_overlaps` (which, unlike it, never shrinks coverage) and its
        # copies cost ~0.25 ms a transcript, a quarter of the whole.
        self._vault_types = {t for t in self._types if self.profile.rule(t).operator == "vault"}
        self._on_written_form = {
            t for t in self._types if self.profile.rule(t).operator in ("mask", "pseudonymize")
        }
        self._ready: dict[str, tuple[Operator, dict[str, Any]]] = {}
        for entity_type in self._types:
            if entity_type not in self._vault_types:  # vault tokens are known per text, in redact()
                self._ready[entity_type] = self._operator(self._operator_config(entity_type))

    def _operator_config(self, entity_type: str) -> OperatorConfig:
        rule = self.profile.rule(entity_type)
        if rule.operator == "replace":
            return OperatorConfig("replace", {"new_value": f"<{entity_type}>"})
        if rule.operator == "remove":
            return OperatorConfig("redact", {})
        if rule.operator == "mask":
            return OperatorConfig("mask_digits", {"keep_last": rule.keep_last})
        if rule.operator == "pseudonymize":
            return OperatorConfig("pseudonymize", {"digest": self._digest, "entity_type": entity_type})
        raise AssertionError(f"no static operator for {rule.operator!r}")  # vault: built per text

    def _operator(self, config: OperatorConfig) -> tuple[Operator, dict[str, Any]]:
        operator = self._factory.create_operator_class(config.operator_name, OperatorType.Anonymize)
        operator.validate(config.params)
        return operator, config.params

    # -- detection -----------------------------------------------------------------------------

    def analyze(self, text: str) -> list[Entity]:
        """Entities in *text* above the profile's thresholds, non-overlapping, by start offset."""
        if not text or text.isspace():
            return []
        shadow = normalize_spoken(text)
        # Tabs, no-break and other Unicode spaces become plain spaces (same length, same offsets):
        # recognizers' separators are written for " ", and "4532\u00a01123..." must not slip by.
        analysed = shadow.text.translate(_SPACES)
        raw = self._analyzer.analyze(
            text=analysed, language=LANGUAGE, entities=self._types, score_threshold=self._min_threshold
        )
        candidates: list[Entity] = []
        for r in raw:
            if r.score < self._thresholds.get(r.entity_type, 1.1):
                continue
            start, end = shadow.to_original(r.start, r.end) if shadow.changed else (r.start, r.end)
            if start >= end:
                continue
            meta = r.recognition_metadata or {}
            candidates.append(Entity(r.entity_type, start, end, float(r.score), str(meta.get("recognizer_name", ""))))
        return _resolve_overlaps(candidates, text)

    # -- redaction -----------------------------------------------------------------------------

    def redact(self, text: str, *, subject: str | None = None) -> RedactionResult:
        """Redact *text*; *subject* names the data subject that `vault` tokens are stored under."""
        entities = self.analyze(text)
        if not entities:
            return RedactionResult(text, ())
        ready = self._ready
        vault_entities = [e for e in entities if e.type in self._vault_types]
        if vault_entities:
            if self._token_store is None:  # checked in __init__; kept for type checkers
                raise TokenStoreMissing("no token store")
            values = [(e.type, text[e.start : e.end]) for e in vault_entities]
            tokens = self._token_store.tokenize(subject or "transcript:unknown", values)
            by_type: dict[str, dict[str, str]] = {}
            for (entity_type, value), token in zip(values, tokens, strict=True):
                by_type.setdefault(entity_type, {})[value] = token
            ready = {**ready, **{t: self._operator(OperatorConfig("vault_token", {"tokens": m})) for t, m in by_type.items()}}
        pieces: list[str] = []
        last = 0
        for e in entities:  # sorted and disjoint (`_resolve_overlaps`)
            operator, params = ready[e.type]
            value = text[e.start : e.end]
            if e.type in self._on_written_form:
                # Mask and pseudonymize work on the written form: a mask over the spoken words
                # "empat lima ..." would show each word's length, and "kosong delapan ..." must get
                # the same pseudonym as "08...".
                value = normalize_spoken(value).text.translate(_SPACES)
            pieces += (text[last : e.start], operator.operate(value, params))
            last = e.end
        pieces.append(text[last:])
        return RedactionResult("".join(pieces), tuple(entities))


def _merge_same_type(candidates: list[Entity]) -> list[Entity]:
    """Overlapping detections of one type become their union ("Rina" + "Rina Kusumawati")."""
    merged: list[Entity] = []
    for e in sorted(candidates, key=lambda e: (e.type, e.start, -e.end)):
        last = merged[-1] if merged else None
        if last is not None and last.type == e.type and e.start < last.end:
            if e.end > last.end or e.score > last.score:
                best = last if last.score >= e.score else e
                merged[-1] = Entity(e.type, last.start, max(last.end, e.end), max(last.score, e.score), best.recognizer)
        else:
            merged.append(e)
    return merged


def _resolve_overlaps(candidates: list[Entity], text: str) -> list[Entity]:
    """Merge same-type overlaps, then settle cross-type overlaps without losing coverage.

    The best detection keeps its whole span (higher score, then longer, then the more specific
    type: a 16-digit NIK beats a phone reading of its first 12 digits). A detection it overlaps is
    trimmed to the parts it does not cover, rather than dropped: for a redactor, the union of what
    was found must stay redacted, so adding a recognizer can never make more text leak.
    """
    if len(candidates) < 2:
        return candidates
    merged = _merge_same_type(candidates)
    ranked = sorted(merged, key=lambda e: (-e.score, e.recognizer not in _TYPED_BY_DIALOGUE, -(e.end - e.start),
                                           _RANK.get(e.type, 99), e.start))
    kept: list[Entity] = []  # disjoint, sorted by start (so also by end)
    starts: list[int] = []
    for e in ranked:
        # Only kept spans that can overlap [e.start, e.end): a contiguous run found by bisection.
        lo = bisect_right(starts, e.start) - 1
        lo = max(lo, 0)
        hi = bisect_left(starts, e.end)
        pieces = [(e.start, e.end)]
        for k in kept[lo:hi]:
            pieces = [p for s, t in pieces for p in ((s, min(t, k.start)), (max(s, k.end), t)) if p[0] < p[1]]
            if not pieces:
                break
        for start, end in pieces:
            piece = e if (start, end) == (e.start, e.end) else _trim(e, start, end, text)
            if piece is not None:
                at = bisect_left(starts, piece.start)
                starts.insert(at, piece.start)
                kept.insert(at, piece)
    kept.sort(key=lambda e: e.start)
    return kept


def _trim(e: Entity, start: int, end: int, text: str) -> Entity | None:
    """*e* cut to [start, end) without edge separators, or None when no letter or digit remains."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return Entity(e.type, start, end, e.score, e.recognizer) if start < end else None
