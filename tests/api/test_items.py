"""Items through HTTP: per-role views (meta for managers only), search, filters, sorting and
paging of the listing, one item's detail, and deletion (single and bulk) with what it must
leave consistent: annotations, assignments, the queue, the project's item count.

The world (overlap 2): ann1 submitted items 1 and 2; ann2 submitted item 1, skipped item 2 and
holds a lock with a draft on item 3; nobody touched item 4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from goldlabel.db.engine import Database
from goldlabel.db.models import Item, Project, QualityCache, utcnow
from tests.api.conftest import SCHEMA, Api, add_member, table_counts

SECRET = "gold-answer"
TEXTS = ["Ada Lovelace met Babbage in Zürich", "50% off at Acme_Corp", "plain sentence", "another plain one"]
SUBMIT = {"result": {"sentiment": "positive"}, "status": "submitted", "lead_time_ms": 1200}


@dataclass
class World:
    database: Database
    project: int
    items: list[int]
    manager: Api
    reviewer: Api
    ann1: Api
    ann2: Api
    outsider: Api
    user_ids: dict[str, int]
    draft: dict[str, Any]


@pytest.fixture
def world(database: Database, client_for: Callable[..., Api], manager: Api, project: dict[str, Any]) -> World:
    pid = project["id"]
    reviewer = client_for("reviewer@example.com")
    ann1 = client_for("ann1@example.com")
    ann2 = client_for("ann2@example.com")
    outsider = client_for("outsider@example.com", can_create_projects=True)
    for email, role in (
        ("reviewer@example.com", "reviewer"),
        ("ann1@example.com", "annotator"),
        ("ann2@example.com", "annotator"),
    ):
        add_member(manager, pid, email, role)
    r = manager.post(
        f"/api/projects/{pid}/items",
        json=[{"data": {"text": t}, "meta": {"gold": f"{SECRET}-{i}"}} for i, t in enumerate(TEXTS)],
    )
    assert r.status_code == 201, r.text
    items = [i["id"] for i in manager.get(f"/api/projects/{pid}/items").json()["items"]]

    def take(who: Api, expected: int) -> None:
        r = who.get(f"/api/projects/{pid}/next")
        assert r.status_code == 200 and r.json()["id"] == expected, r.text

    def submit(who: Api, item: int) -> None:
        r = who.post(f"/api/items/{item}/annotations", json=SUBMIT)
        assert r.status_code == 201, r.text

    take(ann1, items[0])
    submit(ann1, items[0])
    take(ann1, items[1])
    submit(ann1, items[1])
    take(ann2, items[0])
    submit(ann2, items[0])
    take(ann2, items[1])
    assert ann2.post(f"/api/items/{items[1]}/skip", json={"reason": "unclear"}).status_code == 204
    take(ann2, items[2])
    r = ann2.post(
        f"/api/items/{items[2]}/annotations",
        json={"result": {"stars": 4}, "status": "draft", "lead_time_ms": 300},
    )
    assert r.status_code == 201, r.text
    members = {m["email"]: m["user_id"] for m in manager.get(f"/api/projects/{pid}/members").json()}
    return World(database, pid, items, manager, reviewer, ann1, ann2, outsider, members, r.json())


def listed(world: World, who: Api | None = None, **params: Any) -> list[int]:
    r = (who or world.manager).get(f"/api/projects/{world.project}/items", params=params)
    assert r.status_code == 200, r.text
    body = r.json()
    ids = [i["id"] for i in body["items"]]
    if params.get("page_size") is None:
        assert body["total"] == len(ids)
    return ids


def at(world: World, *indexes: int) -> list[int]:
    return [world.items[i] for i in indexes]


# ---- per-role views (#29: reviewers never receive meta) ------------------------------------


def test_meta_goes_to_managers_only_in_list_and_detail(world: World) -> None:
    pid, first = world.project, world.items[0]
    page = world.manager.get(f"/api/projects/{pid}/items").json()["items"]
    assert [i["meta"] for i in page] == [{"gold": f"{SECRET}-{i}"} for i in range(4)]
    assert world.manager.get(f"/api/items/{first}").json()["meta"] == {"gold": f"{SECRET}-0"}

    for response in (
        world.reviewer.get(f"/api/projects/{pid}/items"),
        world.reviewer.get(f"/api/projects/{pid}/items", params={"q": "Ada", "sort": "annotation_count"}),
        world.reviewer.get(f"/api/items/{first}"),
    ):
        assert response.status_code == 200, response.text
        assert SECRET not in response.text
        body = response.json()
        for item in body.get("items", [body]):
            assert "meta" not in item
            assert item["annotation_count"] >= 0  # reviewers do get the counts

    r = world.ann1.get(f"/api/projects/{pid}/items")
    assert r.status_code == 200 and SECRET not in r.text
    assert all(set(i) <= {"id", "data", "draft", "prediction"} for i in r.json()["items"])


def test_reviewer_types_have_no_meta_field(world: World) -> None:
    """The field is absent from the reviewer's types in the API's own description."""
    schemas = world.manager.get("/api/openapi.json").json()["components"]["schemas"]
    assert "meta" in schemas["ManagerItemView"]["properties"]
    assert "meta" in schemas["ManagerItemDetail"]["properties"]
    assert "meta" not in schemas["ReviewerItemView"]["properties"]
    assert "meta" not in schemas["ReviewerItemDetail"]["properties"]
    assert "meta" not in schemas["AnnotatorItemView"]["properties"]


# ---- search ---------------------------------------------------------------------------------


def test_search_matches_field_values_case_insensitively(world: World) -> None:
    assert listed(world, q="ada lovelace") == at(world, 0)
    assert listed(world, q="zür") == at(world, 0)  # non-ASCII text is compared as text
    assert listed(world, q="PLAIN") == at(world, 2, 3)
    assert listed(world, q="  plain  ") == at(world, 2, 3)  # surrounding blanks are ignored
    assert listed(world, q="") == world.items


def test_search_wildcards_are_literal_and_keys_do_not_match(world: World) -> None:
    assert listed(world, q="%") == at(world, 1)
    assert listed(world, q="50%") == at(world, 1)
    assert listed(world, q="_") == at(world, 1)
    assert listed(world, q="e_C") == at(world, 1)
    assert listed(world, q="/") == []  # the escape character itself
    assert listed(world, q="text") == []  # the field's name is not its text
    assert listed(world, q='"') == []  # nor is the JSON around the values


def test_search_finds_an_item_by_id_or_external_id(world: World) -> None:
    with world.database.session(write=True) as db:
        db.execute(update(Item).where(Item.id == world.items[3]).values(external_id="row-XYZ-7"))
    assert listed(world, q="xyz-7") == at(world, 3)
    assert world.items[2] in listed(world, q=str(world.items[2]))


def test_annotators_search_only_what_was_served_to_them(world: World) -> None:
    assert listed(world, world.ann1, q="plain") == []
    assert listed(world, world.ann2, q="plain") == at(world, 2)
    # an annotator's items come in the order they were served (ids are random)
    assert listed(world, world.ann2) == at(world, 0, 1, 2)
    assert listed(world, world.ann2, order="desc") == at(world, 2, 1, 0)
    assert listed(world, world.ann2, sort="created_at") == at(world, 0, 1, 2)
    assert listed(world, world.ann2, sort="id", order="desc") == sorted(at(world, 2, 1, 0), reverse=True)


# ---- filters --------------------------------------------------------------------------------


def test_filter_has_annotations(world: World) -> None:
    assert listed(world, has_annotations=True) == at(world, 0, 1)
    assert listed(world, has_annotations=False) == at(world, 2, 3)  # a draft is not an annotation yet


def test_filter_below_overlap(world: World) -> None:
    assert listed(world, below_overlap=True) == at(world, 1, 2, 3)
    assert listed(world, below_overlap="false") == at(world, 0)


def test_filter_skipped(world: World) -> None:
    assert listed(world, skipped=True) == at(world, 1)
    assert listed(world, skipped=0) == at(world, 0, 2, 3)


def test_filter_by_annotator_id_or_email(world: World) -> None:
    ann1, ann2 = world.user_ids["ann1@example.com"], world.user_ids["ann2@example.com"]
    assert listed(world, annotator=ann1) == at(world, 0, 1)
    assert listed(world, annotator=ann2) == at(world, 0)  # the skip and the draft do not count
    assert listed(world, annotator=" ANN2@Example.com ") == at(world, 0)
    assert listed(world, annotator="nobody@example.com") == []
    assert listed(world, annotator="") == world.items
    assert listed(world, world.reviewer, annotator="ann1@example.com") == at(world, 0, 1)


def test_filters_combine_and_the_total_counts_all_pages(world: World) -> None:
    assert listed(world, has_annotations=True, skipped=False) == at(world, 0)
    assert listed(world, below_overlap=True, q="plain", order="desc") == at(world, 3, 2)
    r = world.manager.get(
        f"/api/projects/{world.project}/items", params={"below_overlap": True, "page": 2, "page_size": 2}
    )
    assert r.status_code == 200
    assert [i["id"] for i in r.json()["items"]] == at(world, 3)
    assert r.json()["total"] == 3


# ---- sorting --------------------------------------------------------------------------------


def test_sort_by_queue_order_by_default_or_by_id(world: World) -> None:
    assert listed(world, sort="rank") == world.items  # import order: the project is sequential
    assert listed(world, order="desc") == world.items[::-1]
    assert listed(world, sort="id") == sorted(world.items)
    assert listed(world, sort="id", order="desc") == sorted(world.items, reverse=True)


def test_sort_by_annotation_count_breaks_ties_by_queue_order(world: World) -> None:
    assert listed(world, sort="annotation_count", order="desc") == at(world, 0, 1, 3, 2)
    assert listed(world, sort="annotation_count") == at(world, 2, 3, 1, 0)


def test_sort_by_created_at(world: World) -> None:
    with world.database.session(write=True) as db:  # imported last, though its id is the first
        db.execute(
            update(Item).where(Item.id == world.items[0]).values(created_at=utcnow() + timedelta(days=1))
        )
    assert listed(world, sort="created_at") == at(world, 1, 2, 3, 0)
    assert listed(world, sort="created_at", order="desc") == at(world, 0, 3, 2, 1)


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "data.text"},
        {"sort": "meta.gold"},
        {"sort": "password_hash"},
        {"sort": "id; drop table items"},
        {"order": "sideways"},
        {"has_annotations": "maybe"},
        {"q": "x" * 201},
        {"annotator": str(2**63)},
        {"page": 0},
    ],
)
def test_bad_list_parameters_are_refused(world: World, params: dict[str, Any]) -> None:
    before = table_counts(world.database)
    r = world.manager.get(f"/api/projects/{world.project}/items", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["code"] in {"invalid_request", "invalid_input"}
    assert table_counts(world.database) == before


@pytest.mark.parametrize(
    "params",
    [
        {"has_annotations": True},
        {"below_overlap": False},
        {"skipped": True},
        {"annotator": "ann1@example.com"},
        {"sort": "annotation_count"},
    ],
)
def test_annotators_cannot_filter_by_other_peoples_work(world: World, params: dict[str, Any]) -> None:
    before = table_counts(world.database)
    r = world.ann1.get(f"/api/projects/{world.project}/items", params=params)
    assert r.status_code == 403
    assert r.json()["detail"]["code"] == "role_required"
    assert table_counts(world.database) == before


# ---- detail ---------------------------------------------------------------------------------


def test_detail_lists_every_annotation_with_author_status_and_times(world: World) -> None:
    first, second, third = world.items[:3]
    body = world.manager.get(f"/api/items/{first}").json()
    assert body["data"] == {"text": TEXTS[0]} and body["annotation_count"] == 2
    assert body["project_id"] == world.project
    assert [(a["author"], a["status"], a["result"]) for a in body["annotations"]] == [
        ("ann1@example.com", "submitted", {"sentiment": "positive"}),
        ("ann2@example.com", "submitted", {"sentiment": "positive"}),
    ]
    assert all(a["created_at"] and a["updated_at"] and a["lead_time_ms"] == 1200 for a in body["annotations"])
    assert body["skips"] == []

    body = world.reviewer.get(f"/api/items/{second}").json()
    assert body["skips"] == [{"annotator": "ann2@example.com", "reason": "unclear"}]
    assert [a["author"] for a in body["annotations"]] == ["ann1@example.com"]

    body = world.reviewer.get(f"/api/items/{third}").json()
    assert [(a["author"], a["status"], a["result"]) for a in body["annotations"]] == [
        ("ann2@example.com", "draft", {"stars": 4})
    ]
    assert body["annotation_count"] == 0


def test_detail_is_refused_to_annotators_and_hidden_from_outsiders(world: World, app: Any) -> None:
    from fastapi.testclient import TestClient

    first, fourth = world.items[0], world.items[3]
    missing = world.manager.get("/api/items/987654")
    assert missing.status_code == 404
    served = world.ann1.get(f"/api/items/{first}")
    assert served.status_code == 403 and served.json()["detail"]["role"] == "reviewer"
    # an item never served to the annotator, or in a project one is not a member of, does not exist
    for who, item in ((world.ann1, fourth), (world.outsider, first)):
        r = who.get(f"/api/items/{item}")
        assert r.status_code == 404 and r.content == missing.content
    with TestClient(app) as anonymous:
        assert anonymous.get(f"/api/items/{first}").status_code == 401


# ---- deletion -------------------------------------------------------------------------------


def item_count(world: World) -> int:
    return int(world.manager.get(f"/api/projects/{world.project}").json()["item_count"])


def test_manager_deletes_an_item_with_its_work_and_the_queue_stays_consistent(world: World) -> None:
    third, fourth = world.items[2], world.items[3]
    before = table_counts(world.database)
    r = world.manager.delete(f"/api/items/{third}")  # ann2 holds it, with a draft
    assert r.status_code == 204, r.text
    after = table_counts(world.database)
    changed = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    assert changed.pop("annotation_history") < 0  # the annotation's history went with it
    assert changed == {"items": -1, "annotations": -1, "assignments": -1}
    assert item_count(world) == 3
    assert listed(world) == at(world, 0, 1, 3)
    assert world.manager.get(f"/api/items/{third}").status_code == 404

    # the holder's lock went with the item: the queue serves the next item, and the stale
    # draft can no longer be saved
    r = world.ann2.get(f"/api/projects/{world.project}/next")
    assert r.status_code == 200 and r.json()["id"] == fourth
    stale = world.ann2.patch(
        f"/api/annotations/{world.draft['id']}",
        json={"result": {"stars": 5}, "status": "submitted", "version": world.draft["version"]},
    )
    assert stale.status_code == 404
    assert world.ann2.post(f"/api/items/{third}/annotations", json=SUBMIT).status_code == 404
    # item 4's two slots are still there for the two annotators, and then nothing is left
    r = world.ann1.get(f"/api/projects/{world.project}/next")
    assert r.status_code == 200 and r.json()["id"] == fourth
    for who in (world.ann1, world.ann2):
        assert who.post(f"/api/items/{fourth}/annotations", json=SUBMIT).status_code == 201
    assert world.ann1.get(f"/api/projects/{world.project}/next").status_code == 204
    assert listed(world, below_overlap=True) == at(world, 1)


def test_deleting_drops_cached_quality_reports(world: World) -> None:
    with world.database.session(write=True) as db:
        db.add(QualityCache(project_id=world.project, key="agreement", fingerprint="f", payload={}))
    assert world.manager.delete(f"/api/items/{world.items[0]}").status_code == 204
    with world.database.session() as db:
        assert db.scalars(select(QualityCache).where(QualityCache.project_id == world.project)).all() == []


def test_who_may_not_delete_changes_nothing(world: World, app: Any) -> None:
    from fastapi.testclient import TestClient

    first, fourth = world.items[0], world.items[3]
    missing = world.manager.delete("/api/items/987654")
    cases = [
        (world.reviewer, first, 403),
        (world.ann1, first, 403),  # served to them: they know it exists
        (world.ann1, fourth, 404),  # never served: it does not exist for them
        (world.outsider, first, 404),
        (world.manager, 987654, 404),
    ]
    for who, item, status in cases:
        before = table_counts(world.database)
        r = who.delete(f"/api/items/{item}")
        assert r.status_code == status, (who.email, r.text)
        if status == 404:
            assert r.content == missing.content
        assert table_counts(world.database) == before
    before = table_counts(world.database)
    with TestClient(app) as anonymous:
        assert anonymous.delete(f"/api/items/{first}").status_code == 401
    csrf_less = world.manager.delete(f"/api/items/{first}", headers={"X-CSRF-Token": ""})
    assert csrf_less.status_code == 403
    assert table_counts(world.database) == before
    assert item_count(world) == 4


def test_archived_projects_keep_their_items(world: World) -> None:
    with world.database.session(write=True) as db:
        db.execute(update(Project).where(Project.id == world.project).values(archived_at=utcnow()))
    before = table_counts(world.database)
    r = world.manager.delete(f"/api/items/{world.items[0]}")
    assert r.status_code == 409, r.text
    r = world.manager.post(f"/api/projects/{world.project}/items/delete", json={"ids": [world.items[0]]})
    assert r.status_code == 409, r.text
    assert table_counts(world.database) == before


def test_bulk_delete_is_all_or_nothing(world: World, project: dict[str, Any]) -> None:
    url = f"/api/projects/{world.project}/items/delete"
    other = world.outsider.post("/api/projects", json={"name": "Elsewhere", "schema": SCHEMA}).json()
    assert world.outsider.post(f"/api/projects/{other['id']}/items", json=[{"text": "x"}]).status_code == 201
    foreign = world.outsider.get(f"/api/projects/{other['id']}/items").json()["items"][0]["id"]
    refused: list[tuple[Api, dict[str, Any], int]] = [
        (world.manager, {"ids": [world.items[0], foreign]}, 404),  # an item of another project
        (world.manager, {"ids": [world.items[0], 987654]}, 404),
        (world.manager, {"ids": []}, 422),
        (world.manager, {"ids": [0]}, 422),
        (world.manager, {"ids": ["one"]}, 422),
        (world.manager, {"ids": list(range(1, 1002))}, 422),
        (world.manager, {}, 422),
        (world.reviewer, {"ids": [world.items[0]]}, 403),
        (world.ann1, {"ids": [world.items[0]]}, 403),
        (world.outsider, {"ids": [world.items[0]]}, 404),
    ]
    for who, body, status in refused:
        before = table_counts(world.database)
        r = who.post(url, json=body)
        assert r.status_code == status, (who.email, body, r.text)
        assert table_counts(world.database) == before
    missing = world.manager.post(url, json={"ids": [foreign]}).json()["detail"]
    assert missing["code"] == "not_found" and missing["item"] == foreign

    before = table_counts(world.database)
    first, second = world.items[:2]
    r = world.manager.post(url, json={"ids": [first, second, first]})
    assert r.status_code == 200, r.text
    assert r.json() == {"deleted": 2, "annotations_deleted": 3}
    after = table_counts(world.database)
    changed = {t: after[t] - before[t] for t in after if after[t] != before[t]}
    # item 1: two submissions; item 2: a submission and a skip
    assert changed.pop("annotation_history") < 0  # the annotations' history went with them
    assert changed == {"items": -2, "annotations": -3, "assignments": -4}
    assert item_count(world) == 2
    assert listed(world) == at(world, 2, 3)
    assert world.outsider.get(f"/api/projects/{other['id']}/items").json()["total"] == 1
