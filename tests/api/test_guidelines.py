"""The guideline through HTTP: draft, publish and version numbers, versions and their diff,
acknowledgements, examples and counterexamples (validation, and never gold of another set),
roles on every route, and annotations recording the version they were made under."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select, update

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, GoldSet, Item
from tests.api.conftest import Api, add_member, import_texts, table_counts

GUIDE = """# Sentiment

Decide how the writer feels.

## positive

The writer is pleased.

## negative

The writer is unhappy.

## Entities

### PER

A person.

### PER

A second PER heading gets its own anchor.
"""


@dataclass
class World:
    database: Database
    pid: int
    items: list[int]
    manager: Api
    reviewer: Api
    annotator: Api
    outsider: Api

    def url(self, path: str = "") -> str:
        return f"/api/projects/{self.pid}/guideline{path}"


@pytest.fixture
def world(database: Database, client_for: Callable[..., Api], manager: Api, project: dict[str, Any]) -> World:
    pid = project["id"]
    reviewer = client_for("reviewer@example.com")
    annotator = client_for("annotator@example.com")
    outsider = client_for("outsider@example.com", can_create_projects=True)
    add_member(manager, pid, "reviewer@example.com", "reviewer")
    add_member(manager, pid, "annotator@example.com", "annotator")
    import_texts(manager, pid, ["I love it", "I hate it", "Ada met Bob", "production item"])
    items = [i["id"] for i in manager.get(f"/api/projects/{pid}/items").json()["items"]]  # queue order
    return World(database, pid, items, manager, reviewer, annotator, outsider)


def publish(w: World, markdown: str, level: str = "minor", note: str = "") -> dict[str, Any]:
    r = w.manager.put(w.url("/draft"), json={"markdown": markdown})
    assert r.status_code == 200, r.text
    r = w.manager.post(w.url("/publish"), json={"level": level, "note": note})
    assert r.status_code == 201, r.text
    version: dict[str, Any] = r.json()["version"]
    return version


def acknowledge_latest(w: World) -> None:
    """The annotator acknowledges the published version: ``next`` asks for it (training gates)."""
    version = w.manager.get(w.url()).json()["version"]["id"]
    r = w.annotator.post(w.url("/acknowledge"), json={"version": version})
    assert r.status_code == 200, r.text


def code(r: Any) -> str:
    return str(r.json()["detail"]["code"])


# ---- draft and publishing ---------------------------------------------------------------------


def test_nothing_published_is_404_with_a_code(world: World) -> None:
    for who in (world.manager, world.annotator):
        r = who.get(world.url())
        assert r.status_code == 404 and code(r) == "no_guideline"
    draft = world.manager.get(world.url("/draft")).json()
    assert draft["markdown"] == "" and draft["latest"] is None and draft["updated_at"] is None


def test_draft_round_trip_with_sections(world: World) -> None:
    r = world.manager.put(world.url("/draft"), json={"markdown": GUIDE})
    assert r.status_code == 200, r.text
    draft = world.manager.get(world.url("/draft")).json()
    assert draft["markdown"] == GUIDE and draft["unpublished_changes"] is True
    assert draft["updated_by"] == "manager@example.com"
    assert [(s["anchor"], s["depth"]) for s in draft["sections"]] == [
        ("sentiment", 1),
        ("positive", 2),
        ("negative", 2),
        ("entities", 2),
        ("per", 3),
        ("per-1", 3),
    ]


def test_version_numbers(world: World) -> None:
    first = publish(world, GUIDE, level="minor", note="first")
    assert (first["name"], first["level"], first["note"]) == ("1.0", "minor", "first")
    assert publish(world, GUIDE + "\nmore\n", level="minor")["name"] == "1.1"
    assert publish(world, GUIDE + "\nmore 2\n", level="minor")["name"] == "1.2"
    major = publish(world, GUIDE + "\nrewritten\n", level="major", note="big change")
    assert (major["major"], major["minor"], major["name"]) == (2, 0, "2.0")
    assert publish(world, GUIDE, level="minor")["name"] == "2.1"
    versions = world.annotator.get(world.url("/versions")).json()
    assert [v["name"] for v in versions] == ["2.1", "2.0", "1.2", "1.1", "1.0"]
    assert versions[0]["published_by"] == "manager@example.com"
    got = world.annotator.get(world.url()).json()
    assert got["version"]["name"] == "2.1" and got["markdown"] == GUIDE
    assert got["sections"][0] == {
        "anchor": "sentiment",
        "title": "Sentiment",
        "depth": 1,
        "line": 0,
        "end_line": len(GUIDE.splitlines()),
    }
    assert [(s["line"], s["end_line"]) for s in got["sections"][1:3]] == [(4, 8), (8, 12)]
    assert world.manager.get(world.url("/draft")).json()["unpublished_changes"] is False


def test_unchanged_or_empty_draft_is_refused(world: World) -> None:
    r = world.manager.post(world.url("/publish"), json={"level": "major", "note": ""})
    assert r.status_code == 422  # nothing written yet
    publish(world, GUIDE)
    before = table_counts(world.database)
    r = world.manager.post(world.url("/publish"), json={"level": "minor", "note": "again"})
    assert r.status_code == 409 and code(r) == "guideline_unchanged"
    assert table_counts(world.database) == before
    world.manager.put(world.url("/draft"), json={"markdown": "   \n"})
    r = world.manager.post(world.url("/publish"), json={"level": "minor", "note": ""})
    assert r.status_code == 422


def test_bad_bodies(world: World) -> None:
    r = world.manager.post(world.url("/publish"), json={"level": "patch", "note": ""})
    assert r.status_code == 422 and code(r) == "invalid_request"
    r = world.manager.put(world.url("/draft"), json={"markdown": "x" * 500_001})
    assert r.status_code == 422
    r = world.manager.put(world.url("/draft"), json={"markdown": 3})
    assert r.status_code == 422


def test_roles(world: World) -> None:
    v = publish(world, GUIDE)
    before = table_counts(world.database)
    for who in (world.annotator, world.reviewer):
        assert who.get(world.url("/draft")).status_code == 403
        r = who.put(world.url("/draft"), json={"markdown": "# hacked"})
        assert r.status_code == 403 and code(r) == "role_required"
        assert who.post(world.url("/publish"), json={"level": "major", "note": ""}).status_code == 403
        assert who.get(world.url("/acknowledgements")).status_code == 403
        r = who.put(world.url(f"/examples/{world.items[0]}"), json={"kind": "example", "section": "positive"})
        assert r.status_code == 403
        assert who.delete(world.url(f"/examples/{world.items[0]}")).status_code == 403
        # reading what is published is for every member
        assert who.get(world.url()).status_code == 200
        assert who.get(world.url("/versions")).status_code == 200
        assert who.get(world.url(f"/versions/{v['id']}")).status_code == 200
    assert table_counts(world.database) == before
    out = world.outsider
    for r in (
        out.get(world.url()),
        out.get(world.url("/draft")),
        out.put(world.url("/draft"), json={"markdown": "x"}),
        out.post(world.url("/publish"), json={"level": "major", "note": ""}),
        out.get(world.url("/versions")),
        out.get(world.url(f"/versions/{v['id']}")),
        out.get(world.url(f"/compare?from={v['id']}&to={v['id']}")),
        out.post(world.url("/acknowledge"), json={"version": v["id"]}),
        out.get(world.url("/acknowledgements")),
        out.put(world.url(f"/examples/{world.items[0]}"), json={"kind": "example", "section": "positive"}),
        out.delete(world.url(f"/examples/{world.items[0]}")),
    ):
        assert r.status_code == 404 and code(r) == "not_found", r.text
    assert table_counts(world.database) == before


def test_archived_project_refuses_edits(world: World) -> None:
    publish(world, GUIDE)
    r = world.manager.post(f"/api/projects/{world.pid}/archive")
    assert r.status_code == 200, r.text
    before = table_counts(world.database)
    for r in (
        world.manager.put(world.url("/draft"), json={"markdown": "# new"}),
        world.manager.post(world.url("/publish"), json={"level": "major", "note": ""}),
        world.manager.put(
            world.url(f"/examples/{world.items[0]}"), json={"kind": "example", "section": "positive"}
        ),
    ):
        assert r.status_code == 409 and code(r) == "project_archived", r.text
    assert table_counts(world.database) == before
    assert world.annotator.get(world.url()).status_code == 200  # still readable


# ---- versions and diff --------------------------------------------------------------------------


def test_version_detail_and_compare(world: World) -> None:
    v1 = publish(world, GUIDE)
    changed = (
        GUIDE.replace("The writer is pleased.", "The writer is glad.").replace(
            "## negative\n\nThe writer is unhappy.\n", ""
        )
        + "\n## neutral\n\nNo feeling.\n"
    )
    v2 = publish(world, changed, level="major")
    detail = world.annotator.get(world.url(f"/versions/{v1['id']}")).json()
    assert detail["markdown"] == GUIDE and detail["version"]["name"] == "1.0"
    r = world.annotator.get(world.url(f"/compare?from={v1['id']}&to={v2['id']}"))
    assert r.status_code == 200, r.text
    diff = r.json()
    assert (diff["old"]["name"], diff["new"]["name"]) == ("1.0", "2.0")
    lines = [(x["op"], x["text"]) for h in diff["hunks"] for x in h["lines"]]
    assert ("remove", "The writer is pleased.") in lines and ("add", "The writer is glad.") in lines
    assert ("remove", "## negative") in lines and ("add", "## neutral") in lines
    assert diff["added"] == sum(op == "add" for op, _ in lines)
    assert diff["removed"] == sum(op == "remove" for op, _ in lines)
    changes = {s["anchor"]: s["change"] for s in diff["sections"]}
    assert changes == {"positive": "changed", "negative": "removed", "neutral": "added", "per-1": "changed"}
    same = world.annotator.get(world.url(f"/compare?from={v1['id']}&to={v1['id']}")).json()
    assert same["hunks"] == [] and same["sections"] == [] and same["added"] == 0


def test_versions_of_another_project_are_not_found(
    world: World, client_for: Callable[..., Api], manager: Api
) -> None:
    v = publish(world, GUIDE)
    other = manager.post(
        "/api/projects",
        json={
            "name": "Other",
            "schema": {
                "fields": {"text": "text"},
                "controls": [{"name": "c", "type": "choices", "field": "text", "options": ["a", "b"]}],
            },
        },
    ).json()
    url = f"/api/projects/{other['id']}/guideline"
    assert manager.get(f"{url}/versions/{v['id']}").status_code == 404
    assert manager.get(f"{url}/compare?from={v['id']}&to={v['id']}").status_code == 404
    r = manager.post(f"{url}/acknowledge", json={"version": v["id"]})
    assert r.status_code == 404
    assert world.manager.get(world.url("/versions/999999")).status_code == 404
    assert world.manager.get(world.url("/compare?from=1")).status_code == 422


# ---- acknowledgements ----------------------------------------------------------------------------


def test_acknowledge(world: World) -> None:
    v1 = publish(world, GUIDE)
    assert world.annotator.get(world.url()).json()["acknowledged"] is False
    r = world.annotator.post(world.url("/acknowledge"), json={"version": v1["id"]})
    assert r.status_code == 200, r.text
    first_at = r.json()["acknowledged_at"]
    # again: kept as it was, the first time stays
    r = world.annotator.post(world.url("/acknowledge"), json={"version": "1.0"})
    assert r.status_code == 200 and r.json()["acknowledged_at"] == first_at
    got = world.annotator.get(world.url()).json()
    assert got["acknowledged"] is True and got["acknowledged_version"] == "1.0"
    v2 = publish(world, GUIDE + "\nnew rule\n", level="major")
    got = world.annotator.get(world.url()).json()
    assert got["acknowledged"] is False and got["acknowledged_version"] == "1.0"
    report = world.manager.get(world.url("/acknowledgements")).json()
    assert report["latest"]["name"] == "2.0"
    status = {m["email"]: m for m in report["members"]}
    assert status["annotator@example.com"]["acknowledged_version"] == "1.0"
    assert status["annotator@example.com"]["current"] is False
    assert status["reviewer@example.com"]["acknowledged_version"] is None
    world.annotator.post(world.url("/acknowledge"), json={"version": v2["id"]})
    report = world.manager.get(world.url("/acknowledgements")).json()
    status = {m["email"]: m for m in report["members"]}
    assert status["annotator@example.com"]["current"] is True
    assert status["annotator@example.com"]["acknowledged_version"] == "2.0"
    assert [(a["email"], a["version"]) for a in report["acknowledgements"]] == [
        ("annotator@example.com", "2.0"),
        ("annotator@example.com", "1.0"),
    ]


@pytest.mark.parametrize("version", [999999, "9.9", "1", "x.y", "", "1.0.0", "-1.0"])
def test_acknowledge_needs_a_published_version(world: World, version: Any) -> None:
    publish(world, GUIDE)
    before = table_counts(world.database)
    r = world.annotator.post(world.url("/acknowledge"), json={"version": version})
    assert r.status_code == 404 and code(r) == "not_found", r.text
    assert table_counts(world.database) == before


def test_acknowledge_bad_body(world: World) -> None:
    for body in ({}, {"version": None}, {"version": 0}, {"version": [1]}, {"version": 2**70}):
        r = world.annotator.post(world.url("/acknowledge"), json=body)
        assert r.status_code == 422, (body, r.text)


# ---- examples -------------------------------------------------------------------------------------


def test_examples_and_counterexamples(world: World) -> None:
    publish(world, GUIDE)
    pos, neg, ada = world.items[:3]
    r = world.manager.put(
        world.url(f"/examples/{pos}"),
        json={
            "kind": "example",
            "section": "positive",
            "control": "sentiment",
            "label": "positive",
            "explanation": "clearly pleased",
            "reference": {"sentiment": "positive"},
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["reference"] == {"sentiment": "positive"}
    r = world.manager.put(
        world.url(f"/examples/{neg}"),
        json={
            "kind": "counterexample",
            "section": "negative",
            "control": "sentiment",
            "label": "negative",
            "wrong_result": {"sentiment": "neutral"},
            "explanation": "hate is not neutral",
            "reference": {"sentiment": "negative"},
        },
    )
    assert r.status_code == 200, r.text
    r = world.manager.put(
        world.url(f"/examples/{ada}"),
        json={
            "kind": "example",
            "section": "per-1",
            "control": "entities",
            "label": "PER",
            "reference": {"sentiment": "neutral", "entities": [{"start": 0, "end": 3, "label": "PER"}]},
        },
    )
    assert r.status_code == 200, r.text
    got = world.annotator.get(world.url()).json()
    assert world.manager.get(world.url("/draft")).json()["examples"] == got["examples"]
    by_item = {e["item_id"]: e for e in got["examples"]}
    assert set(by_item) == {pos, neg, ada}
    assert by_item[neg]["kind"] == "counterexample"
    assert by_item[neg]["wrong_result"] == {"sentiment": "neutral"}
    assert by_item[neg]["reference"] == {"sentiment": "negative"}
    assert by_item[neg]["data"] == {"text": "I hate it"}
    assert by_item[ada]["reference"]["entities"][0]["label"] == "PER"
    assert by_item[pos]["explanation"] == "clearly pleased"
    # examples are gold: never served as production items
    with world.database.session() as db:
        assert db.scalars(select(Item.gold_set).where(Item.id.in_([pos, neg, ada]))).all() == ["example"] * 3
    served = set()
    acknowledge_latest(world)
    while (r := world.annotator.get(f"/api/projects/{world.pid}/next")).status_code == 200:
        served.add(r.json()["id"])
        world.annotator.post(f"/api/items/{r.json()['id']}/skip", json={"reason": "x"})
    assert served == {world.items[3]}
    # re-attach: an update, not a second example
    r = world.manager.put(
        world.url(f"/examples/{pos}"),
        json={"kind": "example", "section": "sentiment", "explanation": "moved"},
    )
    assert r.status_code == 200 and r.json()["control"] is None
    got = world.annotator.get(world.url()).json()
    assert [e["section"] for e in got["examples"] if e["item_id"] == pos] == ["sentiment"]
    # delete
    assert world.manager.delete(world.url(f"/examples/{pos}")).status_code == 204
    assert world.manager.delete(world.url(f"/examples/{pos}")).status_code == 404
    assert pos not in {e["item_id"] for e in world.annotator.get(world.url()).json()["examples"]}


def test_a_section_of_the_draft_is_enough(world: World) -> None:
    publish(world, GUIDE)
    world.manager.put(world.url("/draft"), json={"markdown": GUIDE + "\n## Sarcasm\n"})
    r = world.manager.put(
        world.url(f"/examples/{world.items[0]}"),
        json={"kind": "example", "section": "sarcasm", "reference": {"sentiment": "positive"}},
    )
    assert r.status_code == 200, r.text


def _gold(world: World, item_id: int, gold_set: str, result: dict[str, Any]) -> None:
    r = world.manager.put(
        f"/api/items/{item_id}/gold",
        json={"result": result, "explanations": {"sentiment": "SECRET"}, "set": gold_set},
    )
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("body", "status", "err"),
    [
        (
            {"kind": "example", "section": "nope", "reference": {"sentiment": "positive"}},
            422,
            "invalid_input",
        ),
        (
            {
                "kind": "example",
                "section": "positive",
                "control": "nope",
                "reference": {"sentiment": "positive"},
            },
            422,
            "invalid_input",
        ),
        (
            {
                "kind": "example",
                "section": "positive",
                "control": "sentiment",
                "label": "PER",
                "reference": {"sentiment": "positive"},
            },
            422,
            "invalid_input",
        ),
        (
            {
                "kind": "example",
                "section": "positive",
                "label": "positive",
                "reference": {"sentiment": "positive"},
            },
            422,
            "invalid_input",
        ),
        (
            {"kind": "example", "section": "positive", "reference": {"sentiment": "angry"}},
            422,
            "invalid_result",
        ),
        ({"kind": "example", "section": "positive", "reference": {"stars": 3}}, 422, "invalid_result"),
        (
            {
                "kind": "example",
                "section": "positive",
                "reference": {"sentiment": "positive"},
                "wrong_result": {"sentiment": "negative"},
            },
            422,
            "invalid_input",
        ),
        (
            {"kind": "counterexample", "section": "positive", "reference": {"sentiment": "positive"}},
            422,
            "invalid_input",
        ),
        (
            {
                "kind": "counterexample",
                "section": "positive",
                "reference": {"sentiment": "positive"},
                "wrong_result": {"sentiment": "furious"},
            },
            422,
            "invalid_result",
        ),
        (
            {
                "kind": "counterexample",
                "section": "positive",
                "reference": {"sentiment": "positive"},
                "wrong_result": {"entities": [{"start": 0, "end": 99, "label": "PER"}]},
            },
            422,
            "invalid_result",
        ),
        (
            {
                "kind": "counterexample",
                "section": "positive",
                "reference": {"sentiment": "positive"},
                "wrong_result": {"sentiment": "positive"},
            },
            422,
            "invalid_input",
        ),
        ({"kind": "example", "section": "positive"}, 422, "not_example_gold"),
        ({"kind": "sample", "section": "positive"}, 422, "invalid_request"),
        ({"kind": "example", "section": "positive", "explanation": "x" * 20_001}, 422, "invalid_request"),
    ],
)
def test_example_validation(world: World, body: dict[str, Any], status: int, err: str) -> None:
    publish(world, GUIDE)
    before = table_counts(world.database)
    r = world.manager.put(world.url(f"/examples/{world.items[0]}"), json=body)
    assert r.status_code == status and code(r) == err, r.text
    assert table_counts(world.database) == before


def test_example_item_must_be_of_the_project(world: World, manager: Api) -> None:
    publish(world, GUIDE)
    body = {"kind": "example", "section": "positive", "reference": {"sentiment": "positive"}}
    assert world.manager.put(world.url("/examples/999999"), json=body).status_code == 404
    other = manager.post(
        "/api/projects",
        json={
            "name": "Other",
            "schema": {
                "fields": {"text": "text"},
                "controls": [
                    {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive"]}
                ],
            },
        },
    ).json()
    import_texts(manager, other["id"], ["elsewhere"])
    foreign = manager.get(f"/api/projects/{other['id']}/items").json()["items"][0]["id"]
    assert world.manager.put(world.url(f"/examples/{foreign}"), json=body).status_code == 404


@pytest.mark.parametrize("gold_set", [s.value for s in GoldSet if s != GoldSet.EXAMPLE])
def test_gold_of_other_sets_never_becomes_an_example(world: World, gold_set: str) -> None:
    publish(world, GUIDE)
    item = world.items[0]
    _gold(world, item, gold_set, {"sentiment": "negative"})
    before = table_counts(world.database)
    for body in (
        {"kind": "example", "section": "positive"},
        {"kind": "example", "section": "positive", "reference": {"sentiment": "positive"}},
    ):
        r = world.manager.put(world.url(f"/examples/{item}"), json=body)
        assert r.status_code == 422 and code(r) == "not_example_gold", r.text
    assert table_counts(world.database) == before
    text = world.annotator.get(world.url()).text
    assert "SECRET" not in text and 'negative"}' not in text
    assert world.annotator.get(world.url()).json()["examples"] == []


def test_existing_example_gold_is_used(world: World) -> None:
    publish(world, GUIDE)
    item = world.items[1]
    _gold(world, item, "example", {"sentiment": "negative"})
    r = world.manager.put(world.url(f"/examples/{item}"), json={"kind": "example", "section": "negative"})
    assert r.status_code == 200, r.text
    assert r.json()["reference"] == {"sentiment": "negative"}
    # if the gold is later moved to another set, the example disappears from the guideline
    with world.database.session(write=True) as db:
        db.execute(update(Item).where(Item.id == item).values(gold_set="exam"))
    assert world.annotator.get(world.url()).json()["examples"] == []


def test_examples_keep_the_gold_explanations(world: World) -> None:
    publish(world, GUIDE)
    item = world.items[0]
    _gold(world, item, "example", {"sentiment": "positive"})
    r = world.manager.put(
        world.url(f"/examples/{item}"),
        json={"kind": "example", "section": "positive", "reference": {"sentiment": "negative"}},
    )
    assert r.status_code == 200 and r.json()["reference"] == {"sentiment": "negative"}
    gold = world.manager.get(f"/api/items/{item}/gold").json()
    assert gold["result"] == {"sentiment": "negative"} and gold["explanations"] == {"sentiment": "SECRET"}
    assert gold["set"] == "example"


# ---- annotations record the guideline version --------------------------------------------------


def test_annotations_record_the_latest_version(world: World) -> None:
    pid = world.pid
    first = world.annotator.get(f"/api/projects/{pid}/next").json()["id"]
    r = world.annotator.post(
        f"/api/items/{first}/annotations", json={"result": {"sentiment": "positive"}, "status": "draft"}
    )
    assert r.status_code == 201
    annotation = r.json()
    assert annotation["guideline_version_id"] is None  # annotators are not shown it
    with world.database.session() as db:
        assert db.scalar(select(Annotation.guideline_version_id)) is None  # nothing published yet
    v1 = publish(world, GUIDE)
    r = world.annotator.patch(
        f"/api/annotations/{annotation['id']}",
        json={"result": {"sentiment": "positive"}, "status": "submitted", "version": annotation["version"]},
    )
    assert r.status_code == 200, r.text
    with world.database.session() as db:
        assert db.scalar(select(Annotation.guideline_version_id)) == v1["id"]
    v2 = publish(world, GUIDE + "\nx\n", level="major")
    acknowledge_latest(world)
    second = world.annotator.get(f"/api/projects/{pid}/next").json()["id"]
    r = world.annotator.post(f"/api/items/{second}/annotations", json={"result": {"sentiment": "negative"}})
    assert r.status_code == 201
    # a manager's own save answers with it; listings show id and name to managers and reviewers
    for who in (world.manager, world.reviewer):
        listed = {a["item_id"]: a for a in who.get(f"/api/items/{first}/annotations").json()}
        assert (listed[first]["guideline_version_id"], listed[first]["guideline_version"]) == (
            v1["id"],
            "1.0",
        )
        listed = {a["item_id"]: a for a in who.get(f"/api/items/{second}/annotations").json()}
        assert (listed[second]["guideline_version_id"], listed[second]["guideline_version"]) == (
            v2["id"],
            "2.0",
        )
    mine = world.annotator.get(f"/api/items/{second}/annotations").json()
    assert mine[0]["guideline_version_id"] is None and mine[0]["guideline_version"] is None
    r = world.manager.post(
        f"/api/items/{world.items[3]}/annotations", json={"result": {"sentiment": "neutral"}}
    )
    assert r.status_code == 201 and r.json()["guideline_version_id"] == v2["id"]
