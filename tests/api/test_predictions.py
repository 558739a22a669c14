"""Model predictions through HTTP: adding them (all or nothing), listing, deleting, the manager's
item view, the annotator's starting answer (production and honeypot alike), anchoring recorded
server-side, and predictions never counting as annotations."""

from __future__ import annotations

import random
from typing import Any

import orjson
import pytest
from sqlalchemy import select, update

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Item, Project
from goldlabel.services import honeypots
from tests.api.conftest import Api, add_member, table_counts
from tests.api.test_queue import annotators


class AlwaysDraws(random.Random):
    """The queue's honeypot draw, always under the rate: a honeypot is served whenever one is left."""

    def random(self) -> float:
        return 0.0


@pytest.fixture
def honeypot_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(honeypots, "rng", AlwaysDraws())


ROWS = [{"id": f"r{i}", "data": {"text": f"Ada Lovelace wrote {i}"}} for i in range(3)]
PREDICTION = {"sentiment": "positive", "stars": 4, "entities": [{"start": 0, "end": 12, "label": "PER"}]}


def without_region_ids(result: dict[str, Any]) -> dict[str, Any]:
    """Stored regions get ids on validation; compare what was sent."""
    return {
        k: [{f: x for f, x in r.items() if f != "id"} for r in v] if isinstance(v, list) else v
        for k, v in result.items()
    }


def setup(manager: Api, pid: int) -> dict[str, int]:
    """Three items with external ids r0..r2: external id -> item id."""
    assert manager.post(f"/api/projects/{pid}/items", json=ROWS).status_code == 201
    items = manager.get(f"/api/projects/{pid}/items").json()["items"]
    by_text = {i["data"]["text"]: i["id"] for i in items}
    return {row["id"]: by_text[row["data"]["text"]] for row in ROWS}


def post(manager: Api, pid: int, body: Any) -> Any:
    return manager.post(f"/api/projects/{pid}/predictions", json=body)


def test_add_list_and_delete_predictions(manager: Api, project: dict[str, Any], database: Database) -> None:
    pid = project["id"]
    ids = setup(manager, pid)
    r = post(
        manager,
        pid,
        [
            {"item_id": ids["r0"], "model": "bert", "model_version": "1", "score": 0.8, "result": PREDICTION},
            {
                "external_id": "r1",
                "model": "bert",
                "scores": {"sentiment": 0.3},
                "result": {"sentiment": "negative"},
            },
            {"external_id": "r1", "model": "gpt", "model_version": "4", "result": {"stars": 2}},
        ],
    )
    assert r.status_code == 201, r.text
    assert r.json() == {"created": 5}  # one per answered control
    page = manager.get(f"/api/projects/{pid}/predictions").json()
    assert page["total"] == 5 and len(page["items"]) == 5
    newest = page["items"][0]
    assert (newest["item_id"], newest["control"], newest["value"], newest["model"]) == (
        ids["r1"],
        "stars",
        2,
        "gpt",
    )
    of_r0 = manager.get(f"/api/projects/{pid}/predictions", params={"item_id": ids["r0"]}).json()
    values = without_region_ids({p["control"]: p["value"] for p in of_r0["items"]})
    assert {p["control"]: (values[p["control"]], p["score"]) for p in of_r0["items"]} == {
        "sentiment": ("positive", 0.8),
        "stars": (4, 0.8),
        "entities": ([{"start": 0, "end": 12, "label": "PER"}], 0.8),
    }
    of_r1 = manager.get(
        f"/api/projects/{pid}/predictions", params={"item_id": ids["r1"], "model": "bert"}
    ).json()
    assert [(p["control"], p["score"], p["model_version"]) for p in of_r1["items"]] == [
        ("sentiment", 0.3, "")
    ]
    paged = manager.get(f"/api/projects/{pid}/predictions", params={"page": 2, "page_size": 2}).json()
    assert paged["total"] == 5 and [p["id"] for p in paged["items"]] == [p["id"] for p in page["items"][2:4]]
    # the manager's item view lists them, newest first
    detail = manager.get(f"/api/items/{ids['r1']}").json()
    assert [(p["control"], p["model"]) for p in detail["predictions"]] == [
        ("stars", "gpt"),
        ("sentiment", "bert"),
    ]
    # predictions are not annotations: nothing counted, nothing served as done
    assert detail["annotation_count"] == 0 and detail["annotations"] == []
    with database.session() as db:
        assert db.scalar(select(Item.claimed).where(Item.id == ids["r0"])) == 0
    # delete one model's version, then a model, then all
    gone = manager.delete(f"/api/projects/{pid}/predictions", params={"model": "gpt", "model_version": "3"})
    assert gone.status_code == 200 and gone.json() == {"deleted": 0}
    assert manager.delete(
        f"/api/projects/{pid}/predictions", params={"model": "gpt", "model_version": "4"}
    ).json() == {"deleted": 1}
    assert manager.delete(f"/api/projects/{pid}/predictions", params={"model": "bert"}).json() == {
        "deleted": 4
    }
    assert manager.get(f"/api/projects/{pid}/predictions").json() == {"items": [], "total": 0}


@pytest.mark.parametrize(
    ("entries", "index", "control", "code"),
    [
        (
            [{"external_id": "r0", "model": "m", "result": {"sentiment": "furious"}}],
            0,
            "sentiment",
            "invalid_prediction",
        ),
        (
            [
                {"external_id": "r0", "model": "m", "result": {"sentiment": "positive"}},
                {"external_id": "r1", "model": "m", "result": {"stars": 9}},
            ],
            1,
            "stars",
            "invalid_prediction",
        ),
        (
            [
                {"external_id": "r0", "model": "m", "result": {"sentiment": "positive"}},
                {"external_id": "r2", "model": "m", "result": {"nope": 1}},
            ],
            1,
            "nope",
            "invalid_prediction",
        ),
        (
            [
                {
                    "external_id": "r0",
                    "model": "m",
                    "result": {"entities": [{"start": 0, "end": 999, "label": "PER"}]},
                }
            ],
            0,
            "entities",
            "invalid_prediction",
        ),
        (
            [
                {"external_id": "r0", "model": "m", "result": {"sentiment": "positive"}},
                {
                    "external_id": "r0",
                    "model": "m",
                    "scores": {"stars": 0.5},
                    "result": {"sentiment": "positive"},
                },
            ],
            1,
            "stars",
            "invalid_prediction",
        ),
        (
            [{"external_id": "zz", "model": "m", "result": {"sentiment": "positive"}}],
            0,
            None,
            "invalid_prediction",
        ),
        ([{"item_id": 1, "external_id": "r0", "model": "m", "result": {}}], None, None, "invalid_request"),
        ([{"external_id": "r0", "result": {"sentiment": "positive"}}], None, None, "invalid_request"),
        ([], None, None, "invalid_request"),
    ],
)
def test_bad_predictions_are_refused_whole_naming_index_and_control(
    manager: Api,
    project: dict[str, Any],
    database: Database,
    entries: list[dict[str, Any]],
    index: int | None,
    control: str | None,
    code: str,
) -> None:
    pid = project["id"]
    setup(manager, pid)
    before = table_counts(database)
    r = post(manager, pid, entries)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail["code"] == code
    if code == "invalid_prediction":
        assert detail["index"] == index and detail["control"] == control
        assert f"prediction {index}" in detail["message"]
        if control:
            assert control in detail["message"]
    assert table_counts(database) == before


def test_only_managers_touch_predictions(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    ids = setup(manager, pid)
    assert (
        post(manager, pid, [{"external_id": "r0", "model": "m", "result": {"stars": 3}}]).status_code == 201
    )
    reviewer = client_for("rev@example.com")
    add_member(manager, pid, reviewer.email, "reviewer")
    (annotator,) = annotators(client_for, manager, pid, 1)
    stranger = client_for("stranger@example.com")
    before = table_counts(database)
    body = [{"external_id": "r1", "model": "m", "result": {"stars": 3}}]
    for api, status in ((annotator, 403), (reviewer, 403), (stranger, 404)):
        for r in (
            post(api, pid, body),
            api.get(f"/api/projects/{pid}/predictions"),
            api.delete(f"/api/projects/{pid}/predictions"),
        ):
            assert r.status_code == status, (api.email, r.request.url, r.text)
            assert r.json()["detail"]["code"] == ("role_required" if status == 403 else "not_found")
    assert table_counts(database) == before
    # a reviewer's item view has no predictions field at all
    assert "predictions" not in reviewer.get(f"/api/items/{ids['r0']}").json()
    # another project's manager cannot reach this one's predictions
    other = client_for("other@example.com", can_create_projects=True)
    assert other.get(f"/api/projects/{pid}/predictions").status_code == 404


def test_the_project_setting_is_read_and_changed_by_managers(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    assert project["show_predictions"] is False
    r = manager.patch(f"/api/projects/{pid}", json={"show_predictions": True})
    assert r.status_code == 200 and r.json()["show_predictions"] is True
    assert manager.get(f"/api/projects/{pid}").json()["show_predictions"] is True
    (annotator,) = annotators(client_for, manager, pid, 1)
    before = table_counts(database)
    r = annotator.patch(f"/api/projects/{pid}", json={"show_predictions": False})
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    assert table_counts(database) == before
    with database.session() as db:
        assert db.scalar(select(Project.show_predictions).where(Project.id == pid)) is True


def test_the_annotator_starts_from_the_newest_prediction_and_anchoring_is_recorded(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    ids = setup(manager, pid)
    first = [{"item_id": ids["r0"], "model": "old", "model_version": "1", "score": 0.9, "result": PREDICTION}]
    assert post(manager, pid, first).status_code == 201
    newer = [{"item_id": ids["r0"], "model": "new", "model_version": "2", "result": {"stars": 5}}]
    assert post(manager, pid, newer).status_code == 201
    a, b = annotators(client_for, manager, pid, 2)
    # the setting off: no starting answer, and a save records nothing
    served = a.get(f"/api/projects/{pid}/next").json()
    assert served["id"] == ids["r0"] and served["prediction"] is None
    saved = a.post(
        f"/api/items/{ids['r0']}/annotations",
        json={"result": {"sentiment": "positive"}, "status": "submitted"},
    )
    assert saved.status_code == 201
    assert manager.patch(f"/api/projects/{pid}", json={"show_predictions": True}).status_code == 200
    served = b.get(f"/api/projects/{pid}/next").json()
    assert served["id"] == ids["r0"]
    start = served["prediction"]
    assert without_region_ids(start["result"]) == {**PREDICTION, "stars": 5}  # the newest per control
    assert start["models"] == [{"model": "new", "model_version": "2"}, {"model": "old", "model_version": "1"}]
    assert b"score" not in orjson.dumps(start)
    # b changes the sentiment, keeps the stars, drops the entities; the client claims nothing
    answer = {"sentiment": "negative", "stars": 5}
    saved = b.post(f"/api/items/{ids['r0']}/annotations", json={"result": answer, "status": "draft"})
    assert saved.status_code == 201
    done = b.patch(
        f"/api/annotations/{saved.json()['id']}",
        json={"result": {**answer, "stars": 4}, "status": "submitted", "version": 1},
    )
    assert done.status_code == 200, done.text
    listed = {x["author"]: x for x in manager.get(f"/api/items/{ids['r0']}").json()["annotations"]}
    assert listed[a.email]["from_prediction"] is False and listed[a.email]["prediction_distance"] is None
    theirs = listed[b.email]
    assert theirs["from_prediction"] is True
    assert theirs["prediction_distance"] == {"sentiment": 1.0, "stars": 0.25, "entities": 1.0}
    # the annotator's own listing carries no anchoring fields' values
    own = b.get(f"/api/items/{ids['r0']}/annotations").json()
    assert own[0]["from_prediction"] is None and own[0]["prediction_distance"] is None
    # the client cannot set them: the body refuses unknown anchoring claims or ignores them
    with database.session() as db:
        stored = db.scalars(select(Annotation).where(Annotation.item_id == ids["r0"])).all()
        assert sorted(x.from_prediction for x in stored) == [False, True]


def test_predictions_never_count_as_annotations(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    ids = setup(manager, pid)
    entries = [
        {"item_id": i, "model": f"m{k}", "result": {"sentiment": "neutral"}}
        for i in ids.values()
        for k in range(3)
    ]
    assert post(manager, pid, entries).status_code == 201
    items = manager.get(f"/api/projects/{pid}/items").json()["items"]
    assert [i["annotation_count"] for i in items] == [0, 0, 0]
    agreement = manager.get(f"/api/projects/{pid}/agreement").json()
    assert agreement["n_items"] == 0 and agreement["n_annotators"] == 0
    assert manager.get(f"/api/projects/{pid}/annotators").json() == []
    exported = [
        orjson.loads(line)
        for line in manager.get(f"/api/projects/{pid}/export?format=jsonl").content.splitlines()
    ]
    assert [e["annotations"] for e in exported] == [[], [], []]
    # every item is still open to the full overlap
    a, b = annotators(client_for, manager, pid, 2)
    for api in (a, b):
        assert api.get(f"/api/projects/{pid}/next").status_code == 200


@pytest.mark.usefixtures("honeypot_first")
def test_a_honeypot_is_served_with_its_predictions_like_a_production_item(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    rows = [
        {"id": "p", "data": {"text": "production"}},
        {
            "id": "h",
            "data": {"text": "honeypot"},
            "gold": {"result": {"sentiment": "negative"}, "set": "honeypot"},
        },
    ]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    both = [
        {"external_id": x, "model": "m", "model_version": "1", "result": {"sentiment": "positive"}}
        for x in "ph"
    ]
    assert post(manager, pid, both).status_code == 201
    with database.session(write=True) as db:
        db.execute(update(Project).where(Project.id == pid).values(training={"honeypot_rate": 1.0}))
    assert manager.patch(f"/api/projects/{pid}", json={"show_predictions": True}).status_code == 200
    (a,) = annotators(client_for, manager, pid, 1)
    views = []
    while (r := a.get(f"/api/projects/{pid}/next")).status_code == 200:
        view = r.json()
        views.append(view)
        sent = a.post(f"/api/items/{view['id']}/annotations", json={"result": {"sentiment": "positive"}})
        assert sent.status_code == 201, sent.text
    assert sorted(v["data"]["text"] for v in views) == ["honeypot", "production"]
    assert {frozenset(v) for v in views} == {frozenset({"id", "data", "draft", "prediction"})}
    assert views[0]["prediction"] == views[1]["prediction"]
    for v in views:
        assert b"negative" not in orjson.dumps(v) and b"gold" not in orjson.dumps(v)


@pytest.mark.usefixtures("honeypot_first")
def test_the_annotator_view_never_carries_others_work_or_gold(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    rows = [
        {"id": "p", "data": {"text": "production"}},
        {
            "id": "g",
            "data": {"text": "gold"},
            "gold": {"result": {"sentiment": "neutral", "note": "SECRET"}, "set": "honeypot"},
        },
    ]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    body = [{"external_id": x, "model": "m", "score": 0.5, "result": {"stars": 3}} for x in "pg"]
    assert post(manager, pid, body).status_code == 201
    assert manager.patch(f"/api/projects/{pid}", json={"show_predictions": True}).status_code == 200
    with database.session(write=True) as db:
        db.execute(update(Project).where(Project.id == pid).values(training={"honeypot_rate": 1.0}))
    a, b = annotators(client_for, manager, pid, 2)
    mine = {"sentiment": "negative", "stars": 1, "note": "ANNOTATOR-A"}
    views: dict[str, list[dict[str, Any]]] = {"a": [], "b": []}
    for name, api in (("a", a), ("b", b)):
        while (r := api.get(f"/api/projects/{pid}/next")).status_code == 200:
            view = r.json()
            views[name].append(view)
            sent = api.post(f"/api/items/{view['id']}/annotations", json={"result": mine})
            assert sent.status_code == 201, sent.text
    assert sorted(v["data"]["text"] for v in views["a"]) == ["gold", "production"]  # a honeypot too
    assert views["b"]  # b is served after a's submissions
    for name, served in views.items():
        for view in served:
            text = orjson.dumps(view)
            leaks = [b"SECRET", b"neutral", b"score", b"gold_set", b"meta", b"0.5"]
            if name == "b":
                leaks += [b"ANNOTATOR-A", b"negative"]
            assert not [leak for leak in leaks if leak in text], view
            assert view["prediction"]["result"] == {"stars": 3}  # the model's answer, nobody else's


def test_anchoring_stays_when_the_setting_is_turned_off(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    ids = setup(manager, pid)
    assert (
        post(manager, pid, [{"item_id": ids["r0"], "model": "m", "result": {"stars": 2}}]).status_code == 201
    )
    assert manager.patch(f"/api/projects/{pid}", json={"show_predictions": True}).status_code == 200
    (a,) = annotators(client_for, manager, pid, 1)
    assert a.get(f"/api/projects/{pid}/next").json()["prediction"]["result"] == {"stars": 2}
    draft = a.post(
        f"/api/items/{ids['r0']}/annotations", json={"result": {"stars": 3}, "status": "draft"}
    ).json()
    assert manager.patch(f"/api/projects/{pid}", json={"show_predictions": False}).status_code == 200
    assert a.get(f"/api/projects/{pid}/next").json()["prediction"] is None
    done = a.patch(
        f"/api/annotations/{draft['id']}",
        json={"result": {"sentiment": "neutral", "stars": 3}, "status": "submitted", "version": 1},
    )
    assert done.status_code == 200, done.text
    (listed,) = manager.get(f"/api/items/{ids['r0']}").json()["annotations"]
    assert listed["from_prediction"] is True and listed["prediction_distance"] == {"stars": 0.25}
