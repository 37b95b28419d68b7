"""A fast rule-based sentence splitter.

Parsing every sentence with spaCy costs more than the rest of the pipeline together, so
sentences are cut with one precompiled regex and an abbreviation list instead.
"""

from __future__ import annotations

import re
from typing import ClassVar

from eventwire.pipeline import Doc, Sentence

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and
# an opening capital, digit or quote; or at a blank line / line break (headlines, datelines).
_BOUNDARY = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-ZÄÖÜÀ-Þ0-9])|\n\s*\n|\n(?=\S)""")

# Tokens ending in a period that rarely end a sentence (titles, months, initials, US states).
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt maj cmdr adm gov sen rep rev st mt ft jr sr
    jan feb mar apr aug sept sep oct nov dec no nos vs etc approx dept inc corp ltd co
    u.s u.k u.n e.u a.m p.m ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass
    mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo w.va n.y n.j n.c s.c
    d.c bzw dr nr str ca vgl z.b u.a""".split()
)
_LAST_TOKEN = re.compile(r"(\S+)\.$")
# "Wien, 16. Oktober 2023": a German day number takes a full stop before its month.
_MONTH_AFTER = re.compile(
    r"\s+(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b"
)


def split_sentences(text: str) -> list[Sentence]:
    """Cut text into sentences, as offsets; whitespace around each sentence is left out."""
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if _ends_with_abbreviation(text, start, match.start(), match.group()):
            continue
        _append_trimmed(sentences, text, start, end)
        start = end
    _append_trimmed(sentences, text, start, len(text))
    return sentences


def _ends_with_abbreviation(text: str, start: int, boundary: int, mark: str) -> bool:
    if not mark.startswith(".") or len(mark.rstrip("\"'”’»)]")) != 1:
        return False
    token = _LAST_TOKEN.search(text, start, boundary + 1)
    if token is None:
        return False
    word = token.group(1).lower().lstrip("(\"'“")
    if word.isdigit() and len(word) <= 2 and _MONTH_AFTER.match(text, boundary + 1):
        return True
    # Single letters are initials ("J. Smith"); listed words are abbreviations.
    return (len(word) == 1 and word.isalpha()) or word in _ABBREVIATIONS


def _append_trimmed(sentences: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end))


class SentenceStage:
    name: ClassVar[str] = "sentences"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ("sentences",)

    def setup(self) -> None:
        pass

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        for doc in docs:
            doc.sentences = split_sentences(doc.text)
        return docs
