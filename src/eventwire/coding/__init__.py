"""Event coding: find events in an article and code them the way ACLED and PLOVER do.

Public calls:
- `code_article(article, sentences, *, candidates=None, toponyms=(), language="en")` -> ranked list of Mention
- `type_hits(sentence, language)` / `best_type(sentence, language)`: ACLED sub-event types a sentence supports
- `main_plover(sentence, language)`: the sentence's PLOVER event type and mode
- `find_counts(sentence, language)`: killed / injured / arrested / crowd counts with their offsets
- `parse_number(text)`: "three hundred and seventeen" -> 317, "dozens" -> 12
- `status_of(sentence, trigger_start, ...)`: current / historical / negated / future / hypothetical
  (running tolls become "aggregate" in casualties.py)
- `prepare(language)`: compile a language's packs and train its classifier now, once per worker
"""

from eventwire.coding.classifier import classifier_for
from eventwire.coding.coder import code_article
from eventwire.coding.counts import Count, find_counts
from eventwire.coding.numbers import parse_number
from eventwire.coding.plover import main_plover
from eventwire.coding.status import status_of
from eventwire.coding.typing import TypeHit, best_type, type_hits

__all__ = [
    "Count",
    "TypeHit",
    "best_type",
    "code_article",
    "find_counts",
    "main_plover",
    "parse_number",
    "prepare",
    "status_of",
    "type_hits",
]


def prepare(language: str) -> None:
    """Compile a language's packs and train its classifier now (in a stage's `setup`, once per
    worker) rather than on the first article in that language."""
    classifier_for(language)
    type_hits("", language)
    find_counts("", language)
    main_plover("", language)
