from typing import ClassVar

import pytest

from eventwire.errors import PipelineError
from eventwire.pipeline import Doc, Pipeline
from eventwire.records import make_article
from eventwire.stages.sentences import SentenceStage
from tests.conftest import KeywordEventStage


class NeedsPlaces:
    name: ClassVar[str] = "event_places"
    requires: ClassVar[tuple[str, ...]] = ("toponyms", "mentions")
    provides: ClassVar[tuple[str, ...]] = ("event_places",)

    def setup(self) -> None:
        pass

    def __call__(self, docs: list[Doc]) -> list[Doc]:
        return docs


def test_a_stage_whose_input_nobody_provides_is_refused_at_build_time() -> None:
    with pytest.raises(PipelineError) as caught:
        Pipeline([SentenceStage(), KeywordEventStage(), NeedsPlaces()])
    message = str(caught.value)
    assert "'event_places' requires toponyms" in message
    assert "earlier stages: sentences, events" in message


def test_raise_policy_stops_at_the_failing_document() -> None:
    pipeline = Pipeline([SentenceStage(), KeywordEventStage()], on_error="raise")
    with pytest.raises(RuntimeError, match="on purpose"):
        pipeline.run([make_article("EXPLODE now.")])


def test_record_policy_keeps_the_rest_of_the_batch(fake_pipeline: Pipeline) -> None:
    docs = fake_pipeline.run(
        [
            make_article("Teachers protest pay."),
            make_article("EXPLODE here."),
            make_article("A protest again."),
        ]
    )
    assert [doc.error is None for doc in docs] == [True, False, True]
    assert docs[1].error == "stage 'events' failed: RuntimeError: this fake stage fails on purpose"
    assert [len(doc.mentions) for doc in docs] == [1, 0, 1]
    assert docs[0].done == {"sentences", "events"}
