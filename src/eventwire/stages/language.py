"""Language identification with py3langid (its model ships inside the package).

py3langid's own loader unpacks the model (68 MB) to a temporary file before reading it, so a
small file-size limit (`ulimit -f`), a full or read-only temporary folder ends every command at
start-up. The model is unpacked here in memory instead, the same arrays read the same way, and
nothing is written to disk.
"""

from __future__ import annotations

import io
import lzma
from typing import Any, ClassVar

from eventwire.errors import MissingCapability
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
            self._identifier = load_identifier()

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


def load_identifier() -> Any:
    """py3langid's identifier built from its packaged model, unpacked in memory.

    This is py3langid.modelio.load_model (0.4) without its temporary file; a py3langid whose
    model is laid out otherwise is refused with a clear message rather than misread.
    """
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    with lzma.open(MODEL_DIR / MODEL_FILE) as packed:
        unpacked = io.BytesIO(packed.read())
    with np.load(unpacked, allow_pickle=False) as model:
        missing = {"ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat"}.difference(model.files)
        if missing:
            raise MissingCapability(
                f"py3langid's model lacks {sorted(missing)}: this py3langid is not the 0.4 that "
                "eventwire reads; install the version in requirements.lock (`make install`)"
            )
        return LanguageIdentifier(
            np.asarray(model["ptc"]),
            np.asarray(model["pc"]),
            model["classes"].tolist(),
            _to_array(model["nextmove"]),
            model["out_feat"].tolist(),
            tk_row=_to_array(model["nextmove_row"]),
        )
