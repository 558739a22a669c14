"""Leak tests: as an annotator, walk every route of the OpenAPI document and show that no
reference answer or explanation of an exam or honeypot item reaches them, and that a honeypot
and a production item they were served look alike on every route that takes an item.

The routes come from ``app.openapi()``: a route added later is walked without editing this
test. Path parameters are filled by name: ``project_id`` with the project, ``item_id`` with a
honeypot, an exam item, a practice item and production items (served and not), ``annotation_id``
with the annotator's own annotations, any other ``*_id`` with small ids. Every
route is called with GET when it has one; every POST, PUT and PATCH is called with an empty JSON
object (harmless: it is refused, or starts something an annotator may start, such as an exam),
DELETE too; nothing that ends the annotator's session is called (it is re-opened if it ends).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select, update

from goldlabel.db.engine import Database
from goldlabel.db.models import Item, Project
from goldlabel.services import honeypots
from tests.api.conftest import Api, add_member

SECRET = "s3cr3t"
SCHEMA: dict[str, Any] = {
    "fields": {"text": "text"},
    "controls": [
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "options": ["pos", "neg"],
            "required": True,
        },
        {"name": "note", "type": "text", "field": "text", "max_length": 200},
    ],
    "overlap": 2,
}
# Routes that would end the annotator's session or change their credentials.
SESSION_ENDERS = re.compile(r"^/api/auth/(logout|me/password)$")
BODY_METHODS = ("post", "put", "patch", "delete")


def gold_row(kind: str, n: int) -> dict[str, Any]:
    """Exam and honeypot references and explanations carry SECRET; practice ones (shown after a
    practice answer, by design) do not."""
    mark = SECRET if kind in ("exam", "honeypot") else "shown-after-practice"
    return {
        "data": {"text": f"{kind} item number {n}"},
        "gold": {
            "result": {"sentiment": "neg", "note": f"{mark}-{kind}-{n}-answer"},
            "explanations": {"sentiment": f"{mark}-{kind}-{n}-why", "note": f"{mark}-{kind}-{n}-note"},
            "set": kind,
        },
    }


@pytest.fixture
def world(
    manager: Api, client_for: Any, database: Database, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Any]:
    monkeypatch.setattr(honeypots, "rng", random.Random(7))
    pid = manager.post("/api/projects", json={"name": "Leaks", "schema": SCHEMA}).json()["id"]
    rows = [{"data": {"text": f"production {i}"}} for i in range(12)]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    gold = [gold_row(k, n) for k in ("honeypot", "exam", "practice") for n in range(4)]
    r = manager.post(f"/api/projects/{pid}/items", json=gold)
    assert r.status_code == 201, r.text
    with database.session(write=True) as db:
        db.execute(update(Project).where(Project.id == pid).values(training={"honeypot_rate": 0.5}))
    annotator = client_for("leaky@example.com")
    add_member(manager, pid, annotator.email, "annotator")
    with database.session() as db:
        kinds = {
            i.id: i.gold_set for i in db.execute(select(Item.id, Item.gold_set).where(Item.project_id == pid))
        }
    # Serve until the annotator has met a honeypot and production items; answer some, hold one.
    served: list[int] = []
    while not any(kinds[i] == "honeypot" for i in served) or len(served) < 4:
        item = annotator.get(f"/api/projects/{pid}/next").json()
        served.append(item["id"])
        body = {"result": {"sentiment": "pos", "note": "mine"}, "status": "submitted"}
        assert annotator.post(f"/api/items/{item['id']}/annotations", json=body).status_code == 201
    held = annotator.get(f"/api/projects/{pid}/next").json()["id"]
    annotations = [a["id"] for i in served for a in annotator.get(f"/api/items/{i}/annotations").json()]
    pot = next(i for i in served if kinds[i] == "honeypot")
    production = next(i for i in served if kinds[i] is None)
    return {
        "pid": pid,
        "annotator": annotator,
        "kinds": kinds,
        "pot": pot,
        "production": production,
        "held": held,
        "annotations": annotations,
        "exam": next(i for i, k in kinds.items() if k == "exam"),
        "practice": next(i for i, k in kinds.items() if k == "practice"),
        "unserved": next(i for i, k in kinds.items() if k is None and i not in served and i != held),
        "unserved_pot": next(i for i, k in kinds.items() if k == "honeypot" and i not in served),
    }


def values_for(name: str, world: dict[str, Any]) -> list[int]:
    if name == "project_id":
        return [world["pid"]]
    if name == "item_id":
        keys = ("pot", "production", "held", "exam", "practice", "unserved", "unserved_pot")
        return [world[k] for k in keys]
    if name == "annotation_id":
        return world["annotations"][:3]
    # Small ids only: on PostgreSQL the other id columns are INTEGER, and an id above 2**31 is a
    # 500 there today (DbId allows 2**63 - 1): a separate bug, reported, not this test's subject.
    return [1, 2]


def calls(app: Any, world: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, int]]]:
    """(method, path template, path values) for every route and every filling of its ids."""
    for template, operations in app.openapi()["paths"].items():
        if SESSION_ENDERS.match(template):
            continue
        names = re.findall(r"{(\w+)}", template)
        fillings: list[dict[str, int]] = [{}]
        for name in names:
            fillings = [{**f, name: v} for f in fillings for v in values_for(name, world)]
        for method in operations:
            if method == "get" or method in BODY_METHODS:
                for filling in fillings:
                    yield method, template, filling


def test_no_route_shows_an_annotator_exam_or_honeypot_references(app: Any, world: dict[str, Any]) -> None:
    annotator: Api = world["annotator"]
    walked = 0
    for method, template, filling in calls(app, world):
        path = template.format(**filling)
        kwargs: dict[str, Any] = {} if method in ("get", "delete") else {"json": {}}
        r = annotator.request(method.upper(), path, **kwargs)
        if r.status_code == 401:  # a route ended the session: log in again and go on
            annotator.login()
            continue
        walked += 1
        assert r.status_code < 500, (method, path, r.text)
        assert SECRET not in r.text, (method, path, r.text[:500])
    assert walked > 50


def normalised(text: str, world: dict[str, Any]) -> str:
    for key in ("pot", "production"):
        text = text.replace(str(world[key]), "<ID>")
    return text


def shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: shape(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [shape(v) for v in value[:1]]
    return type(value).__name__


def test_a_served_honeypot_and_a_production_item_answer_alike_on_every_item_route(
    app: Any, world: dict[str, Any]
) -> None:
    annotator: Api = world["annotator"]
    compared = 0
    for template, operations in app.openapi()["paths"].items():
        if "{item_id}" not in template or SESSION_ENDERS.match(template):
            continue
        for method in operations:
            if method != "get":
                continue  # a write would change one of the two before the other is asked
            answers = []
            for key in ("pot", "production"):
                fill = {n: values_for(n, world)[0] for n in re.findall(r"{(\w+)}", template)}
                fill["item_id"] = world[key]
                r = annotator.get(template.format(**fill))
                body = (
                    r.json() if r.headers.get("content-type", "").startswith("application/json") else r.text
                )
                answers.append(
                    (r.status_code, shape(body), normalised(r.text, world) if r.status_code >= 400 else "")
                )
            assert answers[0] == answers[1], (template, answers)
            compared += 1
    # the same for items never served: a honeypot and a production item are both "not found"
    for template in ("/api/items/{}", "/api/items/{}/annotations", "/api/items/{}/gold"):
        h = annotator.get(template.format(world["unserved_pot"]))
        p = annotator.get(template.format(world["unserved"]))
        assert (h.status_code, h.json()) == (p.status_code, p.json())
    assert compared >= 3
