"""The quality cache: a report is computed once per state of the project's submissions, shared
by every server process, and recomputed when a submission is added, edited or removed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from goldlabel.api.app import create_app
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.models import Item, QualityCache
from goldlabel.services.quality import reports
from tests.api.conftest import PASSWORD, Api
from tests.api.quality_helpers import make_project, submit, team

SCHEMA: dict[str, Any] = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER"]},
    ],
    "overlap": 2,
}
ROUTES = ("agreement", "consensus?page=1&page_size=2", "consensus?page=2&page_size=2", "annotators")


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts the engine's project-wide computations: alpha, Dawid-Skene, scorecards."""
    import goldlabel.quality.agreement as agreement_engine
    from goldlabel.quality.aggregation import DawidSkene

    counted: Counter[str] = Counter()

    def counting(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(
        agreement_engine, "alpha_statistic_long", counting("alpha", agreement_engine.alpha_statistic_long)
    )
    monkeypatch.setattr(
        DawidSkene, "fit_predict_proba", counting("dawid_skene", DawidSkene.fit_predict_proba)
    )
    monkeypatch.setattr(reports, "control_scorecards", counting("scorecards", reports.control_scorecards))
    return counted


@pytest.fixture
def labelled(manager: Api, client_for: Any) -> dict[str, Any]:
    pid, items = make_project(manager, SCHEMA, [{"text": f"Ada {i}"} for i in range(6)])
    people = team(client_for, manager, pid, ["a", "b"])
    annotations = {}
    for item in items[:5]:
        for name, label in (("a", "positive"), ("b", "positive" if item != items[0] else "negative")):
            annotations[name, item] = submit(people[name], item, {"sentiment": label, "entities": []})
    return {"pid": pid, "items": items, "people": people, "annotations": annotations}


def _get_all(manager: Api, pid: int) -> list[Any]:
    bodies = []
    for route in ROUTES:
        r = manager.get(f"/api/projects/{pid}/{route}")
        assert r.status_code == 200, r.text
        bodies.append(r.json())
    return bodies


# first round: alpha per control, one Dawid-Skene fit (one single-choice control), scorecards
# per control; the second page of the consensus reuses the first page's fit
EVERYTHING = {"alpha": 2, "dawid_skene": 1, "scorecards": 2}


def test_a_second_call_does_not_recompute(
    manager: Api, labelled: dict[str, Any], calls: Counter[str]
) -> None:
    first = _get_all(manager, labelled["pid"])
    assert calls == EVERYTHING
    assert _get_all(manager, labelled["pid"]) == first
    assert calls == EVERYTHING


def test_the_cache_is_shared_by_server_processes(
    manager: Api, labelled: dict[str, Any], calls: Counter[str], settings: Settings, database: Database
) -> None:
    first = _get_all(manager, labelled["pid"])
    other = Database(database.url)  # another process: its own engine and app, the same database
    try:
        with TestClient(create_app(settings, other)) as client:
            r = client.post("/api/auth/login", json={"email": "manager@example.com", "password": PASSWORD})
            assert r.status_code == 200
            again = [client.get(f"/api/projects/{labelled['pid']}/{route}").json() for route in ROUTES]
    finally:
        other.dispose()
    assert again == first and calls == EVERYTHING


def test_a_new_submission_invalidates(manager: Api, labelled: dict[str, Any], calls: Counter[str]) -> None:
    pid, items, people = labelled["pid"], labelled["items"], labelled["people"]
    before = _get_all(manager, pid)
    submit(people["a"], items[5], {"sentiment": "negative", "entities": []})
    after = _get_all(manager, pid)
    assert calls == {name: 2 * n for name, n in EVERYTHING.items()}
    assert before[0]["n_items"] == 5 and after[0]["n_items"] == 6
    assert after[1]["total"] == 6


def test_an_edit_invalidates(manager: Api, labelled: dict[str, Any], calls: Counter[str]) -> None:
    pid, items, people = labelled["pid"], labelled["items"], labelled["people"]
    before = _get_all(manager, pid)
    assert before[1]["items"][0]["controls"]["sentiment"]["agreement"] == 0
    ann = labelled["annotations"]["b", items[0]]
    r = people["b"].patch(
        f"/api/annotations/{ann['id']}",
        json={
            "result": {"sentiment": "positive", "entities": []},
            "status": "submitted",
            "version": ann["version"],
        },
    )
    assert r.status_code == 200, r.text
    after = _get_all(manager, pid)
    assert calls == {name: 2 * n for name, n in EVERYTHING.items()}
    assert after[1]["items"][0]["controls"]["sentiment"]["agreement"] == 1
    b_card = next(c for c in after[3] if c["annotator"] == "b@example.com")
    assert b_card["controls"]["sentiment"]["agreement_with_consensus"]["value"] == 1


def test_an_item_deletion_invalidates(
    manager: Api, labelled: dict[str, Any], calls: Counter[str], database: Database
) -> None:
    pid, items = labelled["pid"], labelled["items"]
    _get_all(manager, pid)
    with database.session(write=True) as db:  # its annotations go with it (ON DELETE CASCADE)
        db.execute(delete(Item).where(Item.id == items[0]))
    after = _get_all(manager, pid)
    assert after[0]["n_items"] == 4 and after[1]["total"] == 4
    assert calls == {name: 2 * n for name, n in EVERYTHING.items()}


def test_a_control_change_recomputes_that_control_only(
    manager: Api, labelled: dict[str, Any], calls: Counter[str], database: Database
) -> None:
    pid = labelled["pid"]
    _get_all(manager, pid)
    schema = {
        **SCHEMA,
        "controls": [SCHEMA["controls"][0], {**SCHEMA["controls"][1], "labels": ["PER", "ORG"]}],
    }
    assert manager.patch(f"/api/projects/{pid}", json={"schema": schema}).status_code == 200
    _get_all(manager, pid)
    assert calls == {"alpha": 3, "dawid_skene": 1, "scorecards": 3}  # entities' alpha and scorecards
    with database.session() as db:
        keys = set(db.scalars(select(QualityCache.key).where(QualityCache.project_id == pid)))
    assert keys == {
        "summary",
        "items",
        "agreement:sentiment",
        "agreement:entities",
        "consensus:sentiment",
        "scorecards:sentiment",
        "scorecards:entities",
    }
