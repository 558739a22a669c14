"""The control-type contract's ``diff``: what an answer got wrong against a reference, for
practice feedback. Known answers per type, then properties: an answer diffed against itself
shows no difference, and the diff accounts for every reference and answer element."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from goldlabel.controls.base import ControlSpec
from goldlabel.controls.choices import ChoicesSpec
from goldlabel.controls.diff import ChoicesDiff, GenericDiff, RatingDiff, SpansDiff, TextDiff
from goldlabel.controls.ranking import RankingSpec
from goldlabel.controls.rating import RatingSpec
from goldlabel.controls.registry import type_of
from goldlabel.controls.spans import SpansSpec
from goldlabel.controls.text import TextSpec

OPTIONS = ["a", "b", "c", "d"]
SINGLE = ChoicesSpec(name="c", field="t", options=OPTIONS)
MULTI = ChoicesSpec(name="m", field="t", options=OPTIONS, multiple=True)
RATING = RatingSpec(name="r", field="t", min=1, max=5)
SPANS = SpansSpec(name="s", field="t", labels=["PER", "ORG"])
TEXT = TextSpec(name="x", field="t")
TRANSCRIPT = TextSpec(name="x", field="t", transcription=True)
DOC = "Ada Lovelace met Charles Babbage in London."


def diff(spec: ControlSpec, answer: Any, reference: Any, data: dict[str, Any] | None = None) -> Any:
    return type_of(spec).diff(spec, answer, reference, data or {"t": DOC})


def test_choices_missing_and_extra() -> None:
    assert diff(SINGLE, "a", "b") == ChoicesDiff(matched=[], missing=["b"], extra=["a"])
    assert diff(SINGLE, "b", "b") == ChoicesDiff(matched=["b"], missing=[], extra=[])
    assert diff(MULTI, ["a", "b"], ["b", "c"]) == ChoicesDiff(matched=["b"], missing=["c"], extra=["a"])
    assert diff(MULTI, None, ["c"]) == ChoicesDiff(matched=[], missing=["c"], extra=[])


def test_rating_delta() -> None:
    assert diff(RATING, 2, 5) == RatingDiff(answer=2, reference=5, delta=-3)
    assert diff(RATING, None, 5) == RatingDiff(answer=None, reference=5, delta=None)


def test_spans_matched_wrong_label_boundary_missed_extra() -> None:
    reference = [
        {"start": 0, "end": 12, "label": "PER"},
        {"start": 17, "end": 32, "label": "PER"},
        {"start": 36, "end": 42, "label": "ORG"},
    ]
    answer = [
        {"start": 0, "end": 12, "label": "PER"},  # matched
        {"start": 17, "end": 32, "label": "ORG"},  # wrong label
        {"start": 36, "end": 40, "label": "ORG"},  # boundary
        {"start": 13, "end": 16, "label": "ORG"},  # extra ("met")
    ]
    d = diff(SPANS, answer, reference)
    assert isinstance(d, SpansDiff)
    assert [p.reference.text for p in d.matched] == ["Ada Lovelace"]
    assert [(p.answer.label, p.reference.label, p.reference.text) for p in d.wrong_label] == [
        ("ORG", "PER", "Charles Babbage")
    ]
    assert [(p.answer.text, p.reference.text) for p in d.boundary] == [("Lond", "London")]
    assert [s.text for s in d.extra] == ["met"] and d.missed == []
    nothing = diff(SPANS, None, reference)
    assert [s.text for s in nothing.missed] == ["Ada Lovelace", "Charles Babbage", "London"]


def test_text_word_ops() -> None:
    d = diff(TEXT, "the quick red fox jumps", "the quick brown fox")
    assert isinstance(d, TextDiff)
    assert [(o.op, o.reference, o.answer) for o in d.ops] == [
        ("equal", "the quick", "the quick"),
        ("substitute", "brown", "red"),
        ("equal", "fox", "fox"),
        ("insert", "", "jumps"),
    ]
    # a transcription ignores case and punctuation, as its score does
    assert {o.op for o in diff(TRANSCRIPT, "Hello, World", "hello world").ops} == {"equal"}


def test_other_types_get_the_generic_diff() -> None:
    spec = RankingSpec(name="k", field="t", items=["x", "y", "z"])
    d = diff(spec, ["y", "x", "z"], ["x", "y", "z"])
    assert isinstance(d, GenericDiff) and d.type == "ranking" and d.equal is False
    assert d.detail["score"] < 1
    assert diff(spec, ["x", "y", "z"], ["x", "y", "z"]).equal is True
    assert diff(spec, None, ["x", "y", "z"]) == GenericDiff(type="ranking", equal=False, detail=None)
    d.model_dump_json()  # JSON-able


picks = st.lists(st.sampled_from(OPTIONS), unique=True)


@given(picks, picks)
def test_choices_diff_partitions_both_sides(answer: list[str], reference: list[str]) -> None:
    d = diff(MULTI, answer, reference)
    assert sorted(d.matched + d.missing) == sorted(reference)
    assert sorted(d.matched + d.extra) == sorted(answer)
    assert (not d.missing and not d.extra) == (set(answer) == set(reference))


@st.composite
def span_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = len(DOC)
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        spans.append({"start": start, "end": end, "label": draw(st.sampled_from(["PER", "ORG"]))})
    return spans


@given(span_lists(), span_lists())
def test_spans_diff_accounts_for_every_span(
    answer: list[dict[str, Any]], reference: list[dict[str, Any]]
) -> None:
    d = diff(SPANS, answer, reference)
    pairs = d.matched + d.boundary + d.wrong_label
    assert len(pairs) + len(d.missed) == len(reference)
    assert len(pairs) + len(d.extra) == len(answer)
    for s in [*d.missed, *d.extra, *(p.answer for p in pairs), *(p.reference for p in pairs)]:
        assert s.text == DOC[s.start : s.end]


@given(span_lists())
def test_spans_against_themselves_all_match(spans: list[dict[str, Any]]) -> None:
    d = diff(SPANS, spans, spans)
    assert len(d.matched) == len(spans) and not (d.boundary or d.wrong_label or d.missed or d.extra)


words = st.lists(st.sampled_from(["the", "cat", "sat", "on", "a", "mat"]), max_size=8).map(" ".join)


@given(words, words)
def test_text_ops_rebuild_both_texts(answer: str, reference: str) -> None:
    d = diff(TEXT, answer, reference)
    rebuilt_ref = " ".join(o.reference for o in d.ops if o.reference)
    rebuilt_ans = " ".join(o.answer for o in d.ops if o.answer)
    assert rebuilt_ref == " ".join(reference.split()) and rebuilt_ans == " ".join(answer.split())
    assert all(o.op == "equal" for o in diff(TEXT, reference, reference).ops)


@given(st.integers(1, 5), st.integers(1, 5))
def test_rating_delta_is_the_signed_difference(answer: int, reference: int) -> None:
    d = diff(RATING, answer, reference)
    assert d.delta == answer - reference and (d.delta == 0) == (answer == reference)
