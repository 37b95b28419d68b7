"""Language identification with py3langid (its model ships inside the package)."""

from __future__ import annotations

from typing import Any, ClassVar

from eventwire.pipeline import Doc

# Enough text to decide; classifying a whole long article costs time and gains nothing.
_SAMPLE_CHARS = 1000


class LanguageStage:
    name: ClassVar[str] = "language"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ("language",)

    def __init__(self) -> None:
        self._identifier: Any = None

    def setup(self) -> None:
        if self._identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE)

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        self.setup()
        for doc in docs:
            doc.language = doc.article.language or self.identify(doc.article.title + "\n" + doc.text)
        return docs

    def identify(self, text: str) -> str:
        """ISO 639-1 code of the text's language; "" when there is no text to judge."""
        sample = text[:_SAMPLE_CHARS]
        if not sample.strip():
            return ""
        self.setup()
        language, _probability = self._identifier.classify(sample)
        return str(language)
