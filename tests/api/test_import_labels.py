"""Importing labels with items: annotations (authors mapped by email, else placeholders that can
never log in), predictions (a row's ``predictions``, or its labels with labels_as=predictions),
the queue's invariants for imported annotations, refusals naming the row and control, and a
goldlabel JSON export re-imported into a fresh project."""

from __future__ import annotations

import io
from typing import Any

import orjson
import pytest
from sqlalchemy import func, select

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Assignment, Item, Prediction, User
from goldlabel.services.placeholders import PLACEHOLDER_DOMAIN
from tests.api.conftest import SCHEMA, Api, table_counts
from tests.api.test_queue import annotators


def upload(api: Api, pid: int, rows: list[Any], query: str = "", name: str = "rows.json") -> Any:
    body = orjson.dumps(rows) if name.endswith(".json") else b"".join(orjson.dumps(r) + b"\n" for r in rows)
    return api.post(f"/api/projects/{pid}/items{query}", files={"file": (name, io.BytesIO(body))})


def annotation(author: str, sentiment: str, **extra: Any) -> dict[str, Any]:
    return {"author": author, "result": {"sentiment": sentiment}, "lead_time_ms": 900, **extra}


def test_annotations_import_with_authors_mapped_or_placeheld(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    (known,) = annotators(client_for, manager, pid, 1)
    rows = [
        {
            "id": "t1",
            "data": {"text": "great"},
            "annotations": [
                annotation(known.email.upper(), "positive", created_at="2024-05-01T10:00:00Z"),
                annotation("Grace Hopper", "positive"),
            ],
            "predictions": [
                {"model": "bert", "model_version": "2", "score": 0.7, "result": {"sentiment": "positive"}}
            ],
        },
        {
            "id": "t2",
            "data": {"text": "bad"},
            "annotations": [annotation("Grace Hopper", "negative"), annotation("x@elsewhere.org", "neutral")],
        },
        {
            "id": "t3",
            "data": {"text": "draft only"},
            "annotations": [annotation("Grace Hopper", "neutral", status="draft")],
        },
    ]
    r = upload(manager, pid, rows, name="rows.jsonl")
    assert r.status_code == 201, r.text
    assert r.json() == {"created": 3, "skipped": 0, "annotations": 4, "predictions": 1}
    with database.session() as db:
        users = {u.email: u for u in db.scalars(select(User))}
        placeholders = [u for u in users.values() if u.email.endswith(f"@{PLACEHOLDER_DOMAIN}")]
        assert sorted(u.imported_name for u in placeholders) == ["Grace Hopper", "x@elsewhere.org"]
        assert all(u.password_hash is None and not u.is_active and not u.is_admin for u in placeholders)
        items = {i.external_id: i for i in db.scalars(select(Item).where(Item.project_id == pid))}
        # the queue's bookkeeping: every imported annotation holds a slot through a submitted assignment
        assert [(items[k].claimed, items[k].submitted_count, items[k].open) for k in ("t1", "t2", "t3")] == [
            (2, 2, False),
            (2, 2, False),
            (0, 0, True),
        ]
        statuses = db.execute(select(Assignment.item_id, Assignment.status, Assignment.user_id)).all()
        assert sorted((s.item_id, s.status) for s in statuses) == sorted(
            [(items["t1"].id, "submitted")] * 2 + [(items["t2"].id, "submitted")] * 2
        )
        stored = db.scalars(select(Annotation).where(Annotation.item_id == items["t1"].id)).all()
        assert all(a.imported and a.status == "submitted" and a.lead_time_ms == 900 for a in stored)
        by_author = {a.author_id: a for a in stored}
        mine = by_author[users[known.email].id]
        assert mine.created_at.isoformat().startswith("2024-05-01T10:00:00")
        prediction = db.scalars(select(Prediction)).one()
        assert (prediction.item_id, prediction.control, prediction.value, prediction.model) == (
            items["t1"].id,
            "sentiment",
            "positive",
            "bert",
        )
    # per-annotator quality sees the placeholder as its own annotator
    names = {a["annotator"] for a in manager.get(f"/api/projects/{pid}/annotators").json()}
    assert known.email in names and any(n.endswith(f"@{PLACEHOLDER_DOMAIN}") for n in names)
    # the queue: the full items are not served again; the draft-only item is
    served = known.get(f"/api/projects/{pid}/next").json()
    assert served["data"] == {"text": "draft only"}


def test_placeholders_can_never_log_in(
    manager: Api, project: dict[str, Any], app: Any, database: Database
) -> None:
    from fastapi.testclient import TestClient

    from goldlabel.services.placeholders import placeholder_email

    pid = project["id"]
    rows = [{"data": {"text": "t"}, "annotations": [annotation("Grace Hopper", "positive")]}]
    assert upload(manager, pid, rows).status_code == 201
    email = placeholder_email("Grace Hopper")
    with TestClient(app) as client:
        for password in ("", "correct horse battery", "x" * 20):
            r = client.post("/api/auth/login", json={"email": email, "password": password})
            assert r.status_code in (401, 422), r.text
    # an admin cannot make an account under the reserved domain either
    admin = TestClient(app)
    from tests.api.conftest import PASSWORD

    with database.session(write=True) as db:
        from goldlabel.services import auth

        auth.create_user(db, "root@example.com", PASSWORD, is_admin=True)
    assert (
        admin.post("/api/auth/login", json={"email": "root@example.com", "password": PASSWORD}).status_code
        == 200
    )
    admin.headers["X-CSRF-Token"] = admin.cookies["goldlabel_csrf"]
    before = table_counts(database)
    r = admin.post("/api/users", json={"email": "someone@team.invalid"})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_email"
    assert table_counts(database) == before
    # even given a password and activated by an admin, a placeholder does not log in
    with database.session(write=True) as db:
        from goldlabel.core.security import hash_password

        user = db.scalars(select(User).where(User.email == email)).one()
        user.password_hash, user.is_active = hash_password(PASSWORD), True
    r = admin.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 401 and r.json()["detail"]["code"] == "wrong_credentials"


def test_labels_as_predictions(manager: Api, project: dict[str, Any], database: Database) -> None:
    pid = project["id"]
    rows = [
        {
            "data": {"text": "a"},
            "annotations": [annotation("Grace Hopper", "positive"), annotation("Ada", "negative")],
        },
        {
            "data": {"text": "b"},
            "annotations": [{"result": {"stars": 3}}],
            "predictions": [{"result": {"stars": 4}}],
        },
    ]
    r = upload(manager, pid, rows, query="?labels_as=predictions")
    assert r.status_code == 201, r.text
    assert r.json() == {"created": 2, "skipped": 0, "annotations": 0, "predictions": 4}
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(Annotation)) == 0
        models = sorted((p.model, p.value) for p in db.scalars(select(Prediction)))
        assert models == [("Ada", "negative"), ("Grace Hopper", "positive"), ("import", 3), ("import", 4)]
        assert db.scalar(select(func.max(Item.claimed)).where(Item.project_id == pid)) == 0


@pytest.mark.parametrize(
    ("rows", "row", "control", "words"),
    [
        (
            [
                {"data": {"text": "ok"}, "annotations": [annotation("a@x.org", "positive")]},
                {"data": {"text": "no"}, "annotations": [annotation("a@x.org", "furious")]},
            ],
            2,
            "sentiment",
            "annotation 1",
        ),
        (
            [{"data": {"text": "no"}, "annotations": [{"author": "a", "result": {"stars": 2}}]}],
            1,
            "sentiment",
            "required",
        ),
        (
            [{"data": {"text": "no"}, "predictions": [{"model": "m", "result": {"stars": 99}}]}],
            1,
            "stars",
            "prediction",
        ),
        (
            [
                {
                    "data": {"text": "no"},
                    "annotations": [annotation("Ann", "positive"), annotation("Ann", "negative")],
                }
            ],
            1,
            None,
            "two annotations",
        ),
        (
            [
                {
                    "data": {"text": "no"},
                    "annotations": [{"result": [{"from_name": "sentiment", "value": {}}]}],
                }
            ],
            1,
            None,
            "format=labelstudio",
        ),
        (
            [
                {
                    "data": {"text": "no"},
                    "gold": {"result": {"sentiment": "positive"}, "set": "exam"},
                    "annotations": [annotation("a", "positive")],
                }
            ],
            1,
            None,
            "gold",
        ),
    ],
)
def test_bad_labels_refuse_the_whole_file(
    manager: Api,
    project: dict[str, Any],
    database: Database,
    rows: list[Any],
    row: int,
    control: str | None,
    words: str,
) -> None:
    pid = project["id"]
    before = table_counts(database)
    r = upload(manager, pid, rows)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_import" and detail["row"] == row
    assert detail.get("control") == control
    assert words in detail["message"]
    assert table_counts(database) == before


def test_a_goldlabel_json_export_reimports_as_the_same_items_and_annotations(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    rows = [{"id": f"e{i}", "data": {"text": f"text {i}"}, "meta": {"k": i}} for i in range(3)] + [
        {"data": {"text": "no id"}}
    ]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    a, b = annotators(client_for, manager, pid, 2)
    for api, sentiment in ((a, "positive"), (b, "negative")):
        while (r := api.get(f"/api/projects/{pid}/next")).status_code == 200:
            item = r.json()
            result = {
                "sentiment": sentiment,
                "stars": 2,
                "entities": [{"start": 0, "end": 4, "label": "ORG"}],
            }
            assert (
                api.post(
                    f"/api/items/{item['id']}/annotations", json={"result": result, "lead_time_ms": 70}
                ).status_code
                == 201
            )
    exported = manager.get(f"/api/projects/{pid}/export?format=json&labels=both").content
    fresh = manager.post("/api/projects", json={"name": "Again", "schema": SCHEMA}).json()["id"]
    r = manager.post(
        f"/api/projects/{fresh}/items?format=json", files={"file": ("export.json", io.BytesIO(exported))}
    )
    assert r.status_code == 201, r.text
    assert r.json() == {"created": 4, "skipped": 0, "annotations": 8, "predictions": 0}
    again = manager.get(f"/api/projects/{fresh}/export?format=json&labels=annotations").content

    def comparable(body: bytes) -> list[Any]:
        return [
            (
                i["external_id"],
                i["data"],
                i["meta"],
                sorted(
                    (
                        x["author"],
                        orjson.dumps(x["result"], option=orjson.OPT_SORT_KEYS),
                        x["lead_time_ms"],
                        x["status"],
                    )
                    for x in i["annotations"]
                ),
            )
            for i in orjson.loads(body)
        ]

    assert comparable(again) == comparable(exported)
    # the same annotators (the accounts exist here), and the items are full in the new project
    with database.session() as db:
        counts = db.execute(
            select(Item.claimed, Item.submitted_count, Item.open).where(Item.project_id == fresh)
        ).all()
        assert set(counts) == {(2, 2, False)}
    # importing the export again is a duplicate: nothing changes
    before = table_counts(database)
    r = manager.post(
        f"/api/projects/{fresh}/items?format=json", files={"file": ("export.json", io.BytesIO(exported))}
    )
    assert r.status_code == 422 and r.json()["detail"]["code"] == "duplicate_id"
    assert table_counts(database) == before


def test_labels_as_gold_join_the_gold_set_asked_for(
    manager: Api, project: dict[str, Any], database: Database
) -> None:
    pid = project["id"]
    rows = [
        {
            "id": "g",
            "data": {"text": "a"},
            "annotations": [annotation("Ada", "negative")],
            "predictions": [{"result": {"stars": 2}}],
        }
    ]
    r = upload(manager, pid, rows, query="?labels_as=gold&gold_set=exam")
    assert r.status_code == 201, r.text
    assert r.json() == {"created": 1, "skipped": 0, "annotations": 0, "predictions": 1}
    item = manager.get(f"/api/projects/{pid}/items", params={"gold": "exam"}).json()["items"][0]
    gold = manager.get(f"/api/items/{item['id']}/gold").json()
    assert gold["set"] == "exam" and gold["result"]["sentiment"] == "negative"
    with database.session() as db:
        assert db.scalar(select(func.count()).select_from(Annotation)) == 0
        assert db.scalar(select(Item.open).where(Item.id == item["id"])) is False
