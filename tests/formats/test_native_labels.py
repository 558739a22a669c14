"""Native rows' labels (``formats/native_labels.py`` through ``row_from_object``): goldlabel's
export shape read back, predictions shaped, Label Studio's list results refused with the way."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.formats.items import FormatError, RowLabels, row_from_object

EXPORTED = {
    "id": 4503599627370,
    "external_id": "review-7",
    "data": {"text": "fine"},
    "meta": {"source": "web"},
    "annotations": [
        {
            "id": 1,
            "author": "a@example.org",
            "result": {"sentiment": "positive"},
            "status": "submitted",
            "lead_time_ms": 1200,
            "version": 2,
            "created_at": "2026-11-30T10:00:00+00:00",
            "updated_at": "2026-11-30T10:05:00+00:00",
        },
        {"id": 2, "author": "b@example.org", "result": {"sentiment": "neutral"}, "status": "draft"},
    ],
    "consensus": {"sentiment": {"value": "positive", "method": "majority", "confidence": 1.0}},
}


def test_a_goldlabel_export_row_reads_back_with_its_external_id_and_submitted_annotations() -> None:
    row = row_from_object(1, EXPORTED)
    assert row.external_id == "review-7"  # not goldlabel's own id of the source item
    assert row.data == {"text": "fine"} and row.meta_json == '{"source":"web"}'
    assert row.labels == (
        RowLabels(
            result={"sentiment": "positive"},
            author="a@example.org",
            lead_time_ms=1200,
            created_at="2026-11-30T10:00:00+00:00",
        ),
    )
    assert row.predictions == ()
    # an export row whose item had no external id: none, whatever goldlabel's id was
    assert row_from_object(1, {**EXPORTED, "external_id": None}).external_id is None


def test_predictions_are_shaped() -> None:
    row = row_from_object(
        3,
        {
            "data": {"text": "x"},
            "predictions": [
                {
                    "model": "bert",
                    "model_version": "2",
                    "score": 1,
                    "scores": {"stars": 0.5},
                    "result": {"stars": 4},
                },
                {"result": {"sentiment": "negative"}},
            ],
        },
    )
    assert row.predictions == (
        RowLabels(result={"stars": 4}, model="bert", model_version="2", score=1.0, scores={"stars": 0.5}),
        RowLabels(result={"sentiment": "negative"}),
    )
    assert row.labels == ()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"annotations": [{"result": [{"from_name": "sentiment"}]}]}, "?format=labelstudio"),
        ({"predictions": [{"model_version": "1", "result": []}]}, "?format=labelstudio"),
        ({"annotations": {"result": {}}}, "'annotations' must be a list"),
        ({"annotations": [{"author": "a"}]}, "'result' must be an object"),
        ({"annotations": [{"result": {}, "status": "done"}]}, "'status'"),
        ({"annotations": [{"result": {}, "lead_time_ms": "9"}]}, "lead_time_ms"),
        ({"annotations": [{"result": {}, "author": 7}]}, "'author' must be a text"),
        ({"predictions": [{"result": {}, "score": "high"}]}, "'score'"),
        ({"predictions": [{"result": {}, "scores": {"a": True}}]}, "'scores'"),
        ({"predictions": ["x"]}, "must be an object"),
        ({"completions": []}, "unexpected key(s) ['completions']"),
    ],
)
def test_bad_labels_are_refused_naming_the_row(extra: dict[str, Any], words: str) -> None:
    with pytest.raises(FormatError) as caught:
        row_from_object(5, {"data": {"text": "x"}, **extra})
    assert caught.value.row == 5 and words in caught.value.message
