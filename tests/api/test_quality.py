"""Quality reports through HTTP: agreement with CIs, consensus, annotator scorecards, access."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import Api, add_member, import_texts
from tests.api.quality_helpers import cards, make_project, submit, team

TEXTS = [f"Ada met Bob in Paris, day {i}." for i in range(12)]


@pytest.fixture
def labelled(manager: Api, project: dict[str, Any], client_for: Any) -> dict[str, Any]:
    """Four annotators on every item (overlap 4): a, b and d agree, c is a contrarian."""
    pid = project["id"]
    schema = {**project["schema"], "overlap": 4}
    assert manager.patch(f"/api/projects/{pid}", json={"schema": schema}).status_code == 200
    import_texts(manager, pid, TEXTS)
    clients = {}
    for name in ("a", "b", "c", "d"):
        clients[name] = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", "annotator")
    for name, api in clients.items():
        while (r := api.get(f"/api/projects/{pid}/next")).status_code == 200:
            item = r.json()
            day = int(item["data"]["text"].rsplit(" ", 1)[1].rstrip("."))
            good = {
                "sentiment": "positive" if day % 2 else "negative",
                "stars": 4,
                "entities": [
                    {"start": 0, "end": 3, "label": "PER"},
                    {"start": 15, "end": 20, "label": "LOC"},
                ],
                "note": "fine",
            }
            bad = {
                "sentiment": "neutral",
                "stars": 1,
                "entities": [{"start": 8, "end": 11, "label": "ORG"}],
                "note": "whatever it is",
            }
            result = bad if name == "c" else good
            assert (
                api.post(
                    f"/api/items/{item['id']}/annotations",
                    json={"result": result, "status": "submitted", "lead_time_ms": 1000},
                ).status_code
                == 201
            )
    return {"pid": pid, **clients}


def test_agreement_per_control_with_confidence_intervals(manager: Api, labelled: dict[str, Any]) -> None:
    report = manager.get(f"/api/projects/{labelled['pid']}/agreement").json()
    assert report["n_items"] == 12 and report["n_annotators"] == 4
    by_control = {c["control"]: c for c in report["controls"]}
    assert set(by_control) == {"sentiment", "entities", "stars", "note"}
    sentiment = by_control["sentiment"]
    assert sentiment["method"] == "krippendorff_alpha_nominal" and sentiment["n_items"] == 12
    assert sentiment["n_annotations"] == 48 and sentiment["too_few"] is False
    assert report["min_items"] == 10
    assert -1 <= sentiment["ci_low"] <= sentiment["alpha"] <= sentiment["ci_high"] <= 1
    assert by_control["stars"]["method"] == "krippendorff_alpha_interval"
    assert by_control["entities"]["method"] == "krippendorff_alpha_distance"
    assert by_control["entities"]["alpha"] < 0.5  # c disagrees everywhere
    assert report["overall_alpha"] is not None


def test_consensus_follows_the_majority(manager: Api, labelled: dict[str, Any]) -> None:
    page = manager.get(f"/api/projects/{labelled['pid']}/consensus?page=1&page_size=5").json()
    assert page["total"] == 12 and len(page["items"]) == 5
    first = page["items"][0]["controls"]
    assert first["sentiment"]["value"] == "negative"  # day 0
    assert 0.5 < first["sentiment"]["confidence"] <= 1
    assert first["sentiment"]["method"] == "dawid_skene"
    assert first["stars"]["value"] == 4 and first["stars"]["method"] == "median"
    assert first["entities"]["value"] == [  # with the text of each span (TEXTS[0])
        {"start": 0, "end": 3, "label": "PER", "text": "Ada"},
        {"start": 15, "end": 20, "label": "LOC", "text": "Paris"},
    ]
    assert first["note"]["value"] == "fine"
    assert first["sentiment"]["agreement"] == pytest.approx(3 / 6)
    assert first["sentiment"]["n_annotations"] == 4


def test_annotator_scorecards_single_out_the_contrarian(manager: Api, labelled: dict[str, Any]) -> None:
    cards = {c["annotator"]: c for c in manager.get(f"/api/projects/{labelled['pid']}/annotators").json()}
    assert set(cards) == {"a@example.com", "b@example.com", "c@example.com", "d@example.com"}
    for name in ("a", "b", "d"):
        card = cards[f"{name}@example.com"]["controls"]
        assert card["sentiment"]["agreement_with_consensus"] == {"value": 1.0, "n": 12, "too_few": False}
        assert card["entities"]["agreement_with_consensus"]["value"] == 1
        assert card["stars"]["reliability"]["n"] == 12
    c = cards["c@example.com"]
    assert c["controls"]["sentiment"]["agreement_with_consensus"]["value"] == 0
    assert (
        c["controls"]["sentiment"]["reliability"]["value"]
        < cards["a@example.com"]["controls"]["sentiment"]["reliability"]["value"]
    )
    assert c["n_annotations"] == 12 and c["median_lead_time_ms"] == 1000


def test_annotators_cannot_see_quality_reports(labelled: dict[str, Any]) -> None:
    for route in ("agreement", "consensus", "annotators"):
        r = labelled["a"].get(f"/api/projects/{labelled['pid']}/{route}")
        assert r.status_code == 403


def test_empty_project_reports(manager: Api, project: dict[str, Any]) -> None:
    report = manager.get(f"/api/projects/{project['id']}/agreement").json()
    assert report["n_items"] == 0 and all(c["alpha"] is None for c in report["controls"])
    assert manager.get(f"/api/projects/{project['id']}/consensus").json() == {"items": [], "total": 0}
    assert manager.get(f"/api/projects/{project['id']}/annotators").json() == []


CHOICE_SCHEMA: dict[str, Any] = {
    "fields": {"text": "text"},
    "controls": [
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "options": ["positive", "negative", "neutral"],
        }
    ],
    "overlap": 3,
}


def test_two_annotators_get_the_same_reliability_at_the_same_agreement(manager: Api, client_for: Any) -> None:
    """The review's case: two annotators, 10 items, agreeing on 6. Each disagreement is a tie
    that no model can settle; one-coin Dawid-Skene's class priors settled them all for the
    annotator who said the commoner label (reliability 0.96 vs 0.57 on this data). Now both
    get the pair's Cohen kappa."""
    pid, items = make_project(manager, CHOICE_SCHEMA, [{"text": f"t{i}"} for i in range(10)])
    people = team(client_for, manager, pid, ["a", "b"])
    for n, item in enumerate(items):
        agreed = ["positive"] * 4 + ["negative"] * 2
        a, b = (agreed[n], agreed[n]) if n < 6 else ("positive", "negative")
        submit(people["a"], item, {"sentiment": a})
        submit(people["b"], item, {"sentiment": b})
    scores = cards(manager, pid)
    # a: 8 positive, 2 negative; b: 4 positive, 6 negative -> chance agreement 0.44
    kappa = (0.6 - 0.44) / (1 - 0.44)
    for name in ("a", "b"):
        card = scores[name]["sentiment"]
        assert card["agreement_with_consensus"] == {"value": pytest.approx(0.6), "n": 10, "too_few": False}
        assert card["reliability"] == {"value": pytest.approx(kappa), "n": 10, "too_few": False}


def test_a_contrarian_does_not_split_the_others(manager: Api, client_for: Any) -> None:
    """a and b say negative, c says positive: for a, the others split one-one, but b agrees
    with the team far more often than c, so b's vote carries the item (and the same for b)."""
    pid, items = make_project(manager, CHOICE_SCHEMA, [{"text": f"t{i}"} for i in range(10)])
    people = team(client_for, manager, pid, ["a", "b", "c"])
    for item in items:
        for name, label in (("c", "positive"), ("a", "negative"), ("b", "negative")):
            submit(people[name], item, {"sentiment": label})
    scores = cards(manager, pid)
    for name in ("a", "b"):
        assert scores[name]["sentiment"]["agreement_with_consensus"]["value"] == 1
    assert scores["c"]["sentiment"]["agreement_with_consensus"]["value"] == 0


def test_true_ties_count_as_an_equal_share_for_everyone(manager: Api, client_for: Any) -> None:
    """Each annotator is the odd one out on a third of the items, so all weigh the same and
    every one-one split of the others is a true tie: the annotator scores one half there,
    whoever they are, whichever option is listed first and whoever answered first."""
    pid, items = make_project(manager, CHOICE_SCHEMA, [{"text": f"t{i}"} for i in range(12)])
    people = team(client_for, manager, pid, ["a", "b", "c"])
    for n, item in enumerate(items):
        odd = "abc"[n % 3]
        order = "abc" if n % 2 else "cba"
        for name in order:
            submit(people[name], item, {"sentiment": "positive" if name == odd else "negative"})
    scores = cards(manager, pid)
    # on 8 of 12 items the others split (score 1/2), on 4 they agree against the annotator (0)
    for name in "abc":
        assert scores[name]["sentiment"]["agreement_with_consensus"] == {
            "value": pytest.approx(1 / 3),
            "n": 12,
            "too_few": False,
        }
    assert len({scores[name]["sentiment"]["reliability"]["value"] for name in "abc"}) == 1


def test_rates_under_the_minimum_are_marked_too_few(manager: Api, client_for: Any) -> None:
    pid, items = make_project(manager, CHOICE_SCHEMA, [{"text": f"t{i}"} for i in range(3)])
    people = team(client_for, manager, pid, ["a", "b"])
    for item in items:
        submit(people["a"], item, {"sentiment": "positive"})
        submit(people["b"], item, {"sentiment": "negative" if item == items[0] else "positive"})
    report = manager.get(f"/api/projects/{pid}/agreement").json()
    control = report["controls"][0]
    assert control["n_items"] == 3 and control["too_few"] is True and report["min_items"] == 10
    assert report["overall_alpha"] is None  # no control has enough items to average
    card = cards(manager, pid)["a"]["sentiment"]
    assert card["agreement_with_consensus"] == {"value": pytest.approx(2 / 3), "n": 3, "too_few": True}
    assert card["reliability"]["too_few"] is True and card["reliability"]["n"] == 3
