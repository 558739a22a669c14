"""Adaptive overlap on an item whose answers were all left out by the honeypot gate: it has no
confidence, and must still get another answer (found by bench/bench_team.py: such items kept
no label for good)."""

from __future__ import annotations

from goldlabel.services.adaptive_overlap import decide
from goldlabel.services.consensus_settings import OverlapPolicy


def test_no_confidence_asks_for_one_more_then_adjudication() -> None:
    policy = OverlapPolicy(min=2, max=4, confidence=0.8)
    more = decide(policy, 1, answers=2, item_overlap=None, project_overlap=2, confidence=None)
    assert more.ask_for == 3 and not more.needs_adjudication
    at_max = decide(policy, 1, answers=4, item_overlap=4, project_overlap=2, confidence=None)
    assert at_max.ask_for is None and at_max.needs_adjudication


def test_no_confidence_under_a_zero_threshold_decides_nothing() -> None:
    policy = OverlapPolicy(min=2, max=2, confidence=0.0)
    d = decide(policy, 1, answers=2, item_overlap=None, project_overlap=2, confidence=None)
    assert d.ask_for is None and not d.needs_adjudication


def test_still_collecting_is_not_judged() -> None:
    policy = OverlapPolicy(min=2, max=4, confidence=0.8)
    d = decide(policy, 1, answers=1, item_overlap=None, project_overlap=2, confidence=None)
    assert d.ask_for is None and not d.needs_adjudication
