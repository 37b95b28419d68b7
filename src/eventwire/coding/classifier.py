"""A small learned classifier of ACLED sub-event types, trained on the language packs' examples.

The cue rules (lexicon.py) name the event when their words are there; they miss wordings nobody
listed ("set fire to a church", "announced the creation of a new force"). This model is trained
on the packs' own example sentences (`data/packs/<lang>/type_examples.jsonl`, written by the team
from the codebook, never taken from gold files), one per line with a label: one of ACLED's 25
sub-event types or OUT_OF_SCOPE. It sees word stems and stem pairs, so it generalises over
inflection and word order, and it says which words voted for its answer.

Multinomial logistic regression over hashed features, trained with AdaGrad in a fixed order:
the same examples always give the same model. Training takes about a second, once per process,
the first time a language's model is asked for.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import zlib
from dataclasses import dataclass
from importlib import resources

import numpy as np

OUT_OF_SCOPE = "OUT_OF_SCOPE"
_DIMENSIONS = 1 << 16
_EPOCHS = 12
_LEARNING_RATE = 0.2
_L2 = 1e-5
_STEM_LENGTH = 5  # with the ending cut: "killed", "killing", "kills" -> "kill"; "protesters" -> "prote"
_ENDING = re.compile(r"(?:ings?|ers?|ed|es|s)$")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|\d+")


@dataclass(frozen=True)
class Prediction:
    """The model's answer for one sentence."""

    label: str  # a sub-event type or OUT_OF_SCOPE
    probability: float
    runner_up: str
    evidence: tuple[str, ...]  # the features that weighed most for the label


def features(text: str) -> list[str]:
    """The sentence's words, their stems and the pairs of neighbouring stems."""
    words = [token.lower() for token in _TOKEN.findall(text)]
    stems = ["#" if word.isdigit() else _stem(word) for word in words]
    pairs = [f"{first} {second}" for first, second in itertools.pairwise(stems)]
    return stems + pairs + [f"w:{word}" for word in words]


def _stem(word: str) -> str:
    """A crude stem: the word without an inflectional ending, cut to a few letters."""
    cut = _ENDING.sub("", word)
    return (cut if len(cut) >= 3 else word)[:_STEM_LENGTH]


def _hash(feature: str) -> int:
    # Python's own hash() is salted per process; CRC-32 is stable across runs, and runs in C.
    return zlib.crc32(feature.encode("utf-8")) % _DIMENSIONS


class TypeClassifier:
    """Logistic regression over hashed stem features; `fit` once, then `predict` per sentence."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        self.weights = np.zeros((_DIMENSIONS, len(labels)), dtype=np.float32)
        self.bias = np.zeros(len(labels), dtype=np.float32)

    def fit(self, texts: list[str], labels: list[str]) -> TypeClassifier:
        rows = [self._indices(text) for text in texts]
        targets = [self.labels.index(label) for label in labels]
        squared = np.full((_DIMENSIONS, len(self.labels)), 1e-8, dtype=np.float32)
        order = np.random.default_rng(0).permutation(len(rows))
        for _ in range(_EPOCHS):
            for position in order:
                self._step(rows[position], targets[position], squared)
        return self

    def _step(self, indices: np.ndarray, target: int, squared: np.ndarray) -> None:
        probabilities = self._probabilities(indices)
        gradient = probabilities
        gradient[target] -= 1.0
        block = gradient[None, :] + _L2 * self.weights[indices]
        squared[indices] += block * block
        self.weights[indices] -= _LEARNING_RATE * block / np.sqrt(squared[indices])
        self.bias -= 0.1 * gradient

    def _indices(self, text: str) -> np.ndarray:
        return np.unique(np.fromiter((_hash(f) for f in features(text)), dtype=np.int64))

    def _probabilities(self, indices: np.ndarray) -> np.ndarray:
        scores = self.weights[indices].sum(axis=0) + self.bias
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def predict(self, text: str) -> Prediction:
        indices = self._indices(text)
        probabilities = self._probabilities(indices)
        first, second = np.argsort(probabilities)[::-1][:2]
        return Prediction(
            self.labels[first],
            float(probabilities[first]),
            self.labels[second],
            self._evidence(text, int(first)),
        )

    def _evidence(self, text: str, label: int) -> tuple[str, ...]:
        weighed = {feature: float(self.weights[_hash(feature), label]) for feature in features(text)}
        strongest = sorted(weighed, key=weighed.__getitem__, reverse=True)[:3]
        return tuple(feature for feature in strongest if weighed[feature] > 0)


def load_examples(language: str) -> list[dict[str, str]]:
    """The pack's example sentences; an empty list when the language has none."""
    path = resources.files("eventwire") / "data" / "packs" / language / "type_examples.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def classifier_for(language: str) -> TypeClassifier | None:
    """The trained model of a language, or None when its pack has no examples."""
    examples = load_examples(language)
    if not examples:
        return None
    labels = sorted({example["label"] for example in examples})
    texts = [example["text"] for example in examples]
    return TypeClassifier(labels).fit(texts, [example["label"] for example in examples])
