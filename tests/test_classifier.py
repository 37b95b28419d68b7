"""The learned type classifier: trained on the packs' own examples, deterministic, explainable."""

from __future__ import annotations

from eventwire.coding.classifier import OUT_OF_SCOPE, TypeClassifier, classifier_for, features, load_examples
from eventwire.coding.lexicon import SUB_EVENT_TYPES


def test_every_pack_with_examples_covers_the_25_types_and_out_of_scope():
    for language in ("en", "de"):
        labels = {example["label"] for example in load_examples(language)}
        assert labels == {*SUB_EVENT_TYPES, OUT_OF_SCOPE}, language


def test_training_is_deterministic():
    texts = ["Gunmen shot dead two farmers.", "Protesters marched to parliament.", "The team won the match."]
    labels = ["Attack", "Peaceful protest", OUT_OF_SCOPE]
    first = TypeClassifier(sorted(set(labels))).fit(texts, labels)
    second = TypeClassifier(sorted(set(labels))).fit(texts, labels)
    assert (first.weights == second.weights).all()


def test_features_share_stems_across_inflections():
    assert "kill" in features("They killed him") and "kill" in features("after killing him")
    assert "prote" in features("the protesters") and "prote" in features("a protest")


def test_the_english_model_reads_wordings_no_rule_lists():
    model = classifier_for("en")
    assert model is not None
    cases = {
        "A crowd of young men set a church ablaze in the night and burned the priest's car.": (
            "Looting/property destruction"
        ),
        "The regional government announced the creation of a new special police unit.": "Change to group/activity",
        "The central bank raised interest rates for the third time this year.": OUT_OF_SCOPE,
    }
    for text, label in cases.items():
        prediction = model.predict(text)
        assert prediction.label == label, (text, prediction)
        assert prediction.evidence  # the words that voted for it


def test_a_language_without_examples_has_no_model():
    assert classifier_for("xx") is None
