"""Build Presidio's `AnalyzerEngine` for Kawal: our registry, and never a model download.

Presidio's default engine loads `en_core_web_lg` and, when it is missing, calls
`spacy.cli.download()`, which offline ends the process. Kawal builds the engine itself: by default
with Presidio's `NoOpNlpEngine` (every recognizer of ours is self-contained, so no tokens or lemmas
are needed, and none of spaCy's cost is paid), or, when a spaCy pipeline is configured, by loading
that pipeline from a path or an installed package with `spacy.load` (no download path exists) and
adding Presidio's `SpacyRecognizer` so the model's PERSON and LOCATION become an extra signal.

Kawal analyses code-mixed Indonesian/English text in ONE pass under Presidio's language key "en":
our recognizers carry cue words of both languages, so a second pass per language would only double
the cost.
"""

from __future__ import annotations

from pathlib import Path

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpEngine, NoOpNlpEngine, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from redaction.errors import NlpModelError
from redaction.recognizers._names import NOT_NAMES
from redaction.registry import kawal_recognizers

__all__ = ["LANGUAGE", "build_analyzer"]

LANGUAGE = "en"

#: What a statistical model may add. Its LOCATION (GPE/LOC) tags are bare place names ("Jakarta"),
#: not personal data here (street addresses come from the rules); DATE, ORG, NORP are not PII.
MODEL_ENTITIES = ["PERSON"]


class GatedSpacyRecognizer(SpacyRecognizer):
    """Presidio's `SpacyRecognizer`, keeping only PERSON spans that look like names.

    Measured on the labeled corpus, spaCy's small English model alone tags Indonesian words and
    chat fillers as PERSON (Kawal's precision fell from 0.99 to 0.46). A model span is kept only when
    every token is capitalised and none is a known non-name word, which keeps what the model is good
    at (a capitalised name without any cue) and drops what it is bad at (lowercase code-mixed text).
    """

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None):  # type: ignore[no-untyped-def]  # noqa: D102
        kept = []
        for result in super().analyze(text, entities, nlp_artifacts):
            words = text[result.start : result.end].split()
            if result.entity_type == "PERSON" and words and all(
                w[:1].isupper() and not w.isupper() and w.strip(".,").lower() not in NOT_NAMES for w in words
            ):
                kept.append(result)
        return kept


class CuesInRecognizers(ContextAwareEnhancer):
    """Presidio's context step, as a pass-through.

    The default `LemmaContextAwareEnhancer` needs lemmas (no model: none) and knows no Indonesian;
    Kawal's recognizers check their cue words themselves. Keeping the default would only deep-copy
    every result (about 15% of analysis time) to change nothing.
    """

    def __init__(self) -> None:
        super().__init__(
            context_similarity_factor=0.0, min_score_with_context_similarity=0.0, context_prefix_count=0, context_suffix_count=0
        )

    def enhance_using_context(  # noqa: D102
        self, text: str, raw_results: list[RecognizerResult], nlp_artifacts: object, recognizers: object,
        context: object = None,
    ) -> list[RecognizerResult]:
        return raw_results


class FixedRecognizerRegistry(RecognizerRegistry):
    """A registry whose recognizer set does not change after start-up, so look-ups are cached.

    Presidio's `get_recognizers` filters every recognizer by language and entity on each call (about
    45 µs a transcript here); Kawal asks the same question for every transcript of a run.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._cache: dict[tuple[str, tuple[str, ...] | None, bool], list] = {}

    def add_recognizer(self, recognizer: object) -> None:  # noqa: D102
        super().add_recognizer(recognizer)  # type: ignore[arg-type]
        self._cache.clear()

    def get_recognizers(self, language, entities=None, all_fields=False, ad_hoc_recognizers=None):  # type: ignore[no-untyped-def]  # noqa: D102
        if ad_hoc_recognizers:
            return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        key = (language, tuple(entities) if entities is not None else None, all_fields)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = super().get_recognizers(language, entities, all_fields)
        return list(found)


def _spacy_engine(model: str) -> NlpEngine:
    """A `SpacyNlpEngine` over a pipeline loaded from *model* (a path or an installed package)."""
    import spacy  # imported here: the default (no model) path never pays spaCy's import

    try:
        nlp = spacy.load(Path(model) if Path(model).exists() else model)
    except (OSError, ImportError, ValueError) as exc:
        raise NlpModelError(
            f"cannot load the spaCy model {model!r} (it must be a path or an installed package; "
            "Kawal never downloads models)"
        ) from exc
    engine = SpacyNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": model}])
    engine.nlp = {LANGUAGE: nlp}  # set directly: SpacyNlpEngine.load() would try to download
    return engine


def build_analyzer(spacy_model: str | None = None) -> AnalyzerEngine:
    """Presidio's analyzer with Kawal's recognizers; *spacy_model* adds a statistical NER signal."""
    registry = FixedRecognizerRegistry(recognizers=kawal_recognizers(LANGUAGE), supported_languages=[LANGUAGE])
    if spacy_model:
        nlp_engine = _spacy_engine(spacy_model)
        registry.add_recognizer(
            GatedSpacyRecognizer(supported_language=LANGUAGE, supported_entities=MODEL_ENTITIES, ner_strength=0.6)
        )
    else:
        nlp_engine = NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}])
        nlp_engine.load()
    return AnalyzerEngine(
        registry=registry, nlp_engine=nlp_engine, supported_languages=[LANGUAGE], context_aware_enhancer=CuesInRecognizers()
    )
