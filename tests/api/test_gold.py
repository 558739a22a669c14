"""Gold: marking an item gold (by hand, from an annotation, at import), removing it, and gold
staying out of production: the queue, the quality reports and the default export."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Gold, Item
from tests.api.conftest import Api, add_member, import_texts, table_counts
from tests.api.test_queue import SUBMIT, annotators, label_all

REFERENCE = {"sentiment": "negative", "stars": 2}
GOLD = {"result": REFERENCE, "explanations": {"sentiment": "the reviewer complains"}, "set": "exam"}


def item_ids(manager: Api, pid: int) -> list[int]:
    return [i["id"] for i in manager.get(f"/api/projects/{pid}/items?page_size=200").json()["items"]]


def test_mark_read_and_remove_gold(manager: Api, project: dict[str, Any], database: Database) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["bad", "good"])
    first, _ = item_ids(manager, pid)
    r = manager.put(f"/api/items/{first}/gold", json=GOLD)
    assert r.status_code == 200, r.text
    gold = r.json()
    assert gold["set"] == "exam" and gold["source"] == "manual" and gold["created_by"] == manager.email
    assert gold["result"]["sentiment"] == "negative" and gold["explanations"] == GOLD["explanations"]
    assert manager.get(f"/api/items/{first}/gold").json() == gold
    with database.session() as db:
        item = db.get(Item, first)
        assert item is not None and item.gold_set == "exam" and item.open is False
    # changing the set and the answer is one more PUT
    changed = manager.put(f"/api/items/{first}/gold", json={**GOLD, "set": "honeypot"}).json()
    assert changed["set"] == "honeypot" and changed["created_at"] == gold["created_at"]
    assert manager.delete(f"/api/items/{first}/gold").status_code == 204
    with database.session() as db:
        item = db.get(Item, first)
        assert item is not None and item.gold_set is None and item.open is True
        assert db.get(Gold, first) is None
    r = manager.get(f"/api/items/{first}/gold")
    assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"
    assert manager.delete(f"/api/items/{first}/gold").status_code == 404


def test_gold_is_validated_like_a_submission(
    manager: Api, project: dict[str, Any], database: Database
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["x"])
    (item,) = item_ids(manager, pid)
    before = table_counts(database)
    cases = [
        ({**GOLD, "result": {"sentiment": "furious"}}, 422, "invalid_result", "sentiment"),
        ({**GOLD, "result": {"stars": 3}}, 422, "invalid_result", "sentiment"),  # required missing
        ({**GOLD, "result": {"nope": 1, "sentiment": "positive"}}, 422, "invalid_result", "nope"),
        ({**GOLD, "explanations": {"nope": "why"}}, 422, "invalid_result", "nope"),
        ({**GOLD, "set": "production"}, 422, "invalid_request", None),
        ({**GOLD, "explanations": {"sentiment": 3}}, 422, "invalid_request", None),
    ]
    for body, status, code, control in cases:
        r = manager.put(f"/api/items/{item}/gold", json=body)
        assert r.status_code == status, (body, r.text)
        assert r.json()["detail"]["code"] == code
        if control:
            assert r.json()["detail"]["control"] == control
    # the very message an annotation's submission gets for the same answer
    annotation = manager.post(f"/api/items/{item}/annotations", json={"result": {"sentiment": "furious"}})
    gold = manager.put(f"/api/items/{item}/gold", json={**GOLD, "result": {"sentiment": "furious"}})
    assert annotation.json()["detail"] == gold.json()["detail"]
    assert table_counts(database) == before


def test_only_the_projects_managers_handle_gold(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["x", "y"])
    reviewer = client_for("rev@example.com")
    add_member(manager, pid, reviewer.email, "reviewer")
    (annotator,) = annotators(client_for, manager, pid, 1)
    stranger = client_for("stranger@example.com")
    served = annotator.get(f"/api/projects/{pid}/next").json()["id"]
    other = next(i for i in item_ids(manager, pid) if i != served)
    before = table_counts(database)
    for api, item, status in [
        (reviewer, served, 403),
        (annotator, served, 403),
        (annotator, other, 404),  # never served: as if it did not exist
        (stranger, served, 404),
    ]:
        assert api.put(f"/api/items/{item}/gold", json=GOLD).status_code == status
        assert api.get(f"/api/items/{item}/gold").status_code == status
        assert api.delete(f"/api/items/{item}/gold").status_code == status
    assert table_counts(database) == before


def test_gold_is_never_served_and_a_released_slot_does_not_reopen_it(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["a", "b", "c"])
    a, b = annotators(client_for, manager, pid, 2)
    held = a.get(f"/api/projects/{pid}/next").json()["id"]
    assert manager.put(f"/api/items/{held}/gold", json=GOLD).status_code == 200
    # a gives the item back: its slot is released, the item stays closed
    assert a.post(f"/api/items/{held}/skip", json={}).status_code == 204
    with database.session() as db:
        item = db.get(Item, held)
        assert item is not None and item.open is False and item.claimed == 0
    assert held not in label_all(b, pid)
    assert held not in label_all(a, pid)
    # a manager's direct annotation takes no production slot on a gold item
    r = manager.post(f"/api/items/{held}/annotations", json=SUBMIT)
    assert r.status_code == 409
    # removed from gold: back in the queue for whoever has not met it
    assert manager.delete(f"/api/items/{held}/gold").status_code == 204
    assert label_all(b, pid) == [held]


def test_gold_from_an_annotation_in_one_click(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["x"])
    (expert,) = annotators(client_for, manager, pid, 1)
    item = expert.get(f"/api/projects/{pid}/next").json()["id"]
    draft = expert.post(
        f"/api/items/{item}/annotations", json={"result": REFERENCE, "status": "draft"}
    ).json()
    body = {"annotation_id": draft["id"], "set": "practice", "explanations": {"stars": "two, not three"}}
    r = manager.post(f"/api/items/{item}/gold/from-annotation", json=body)
    assert r.status_code == 422  # a draft is no reference
    expert.patch(
        f"/api/annotations/{draft['id']}", json={"result": REFERENCE, "status": "submitted", "version": 1}
    )
    r = manager.post(f"/api/items/{item}/gold/from-annotation", json=body)
    assert r.status_code == 200, r.text
    gold = r.json()
    assert gold["source"] == "annotation" and gold["source_annotation_id"] == draft["id"]
    assert gold["result"]["sentiment"] == "negative" and gold["set"] == "practice"
    assert gold["explanations"] == {"stars": "two, not three"}
    # an annotation of another item is not found on this one
    import_texts(manager, pid, ["y"])
    other = next(i for i in item_ids(manager, pid) if i != item)
    r = manager.post(f"/api/items/{other}/gold/from-annotation", json=body)
    assert r.status_code == 404


def test_import_rows_carry_gold(manager: Api, project: dict[str, Any], database: Database) -> None:
    pid = project["id"]
    rows = [
        {"data": {"text": "plain"}},
        {"id": "g1", "data": {"text": "golden"}, "gold": GOLD},
        {"data": {"text": "also plain"}},
    ]
    r = manager.post(f"/api/projects/{pid}/items", json=rows)
    assert r.status_code == 201, r.text
    assert r.json()["created"] == 3
    with database.session() as db:
        items = {i.data["text"]: i for i in db.scalars(select(Item).where(Item.project_id == pid))}
        golden = items["golden"]
        assert golden.gold_set == "exam" and golden.open is False and golden.external_id == "g1"
        assert items["plain"].gold_set is None and items["plain"].open is True
        # import order is kept in the queue order
        assert items["plain"].rank < golden.rank < items["also plain"].rank
        gold = db.get(Gold, golden.id)
        assert gold is not None and gold.source == "import" and gold.result["sentiment"] == "negative"
    assert manager.get(f"/api/projects/{pid}")
    assert manager.get(f"/api/projects/{pid}").json()["item_count"] == 3


def test_a_bad_gold_row_refuses_the_whole_import_naming_it(
    manager: Api, project: dict[str, Any], database: Database
) -> None:
    pid = project["id"]
    before = table_counts(database)
    bad = [
        ({**GOLD, "result": {"sentiment": "furious"}}, "sentiment"),
        ({**GOLD, "set": "production"}, None),
        ({**GOLD, "explanations": {"nope": "x"}}, "nope"),
        ({"result": REFERENCE}, None),
        ("not an object", None),
        ({**GOLD, "extra": 1}, None),
    ]
    for gold, control in bad:
        rows = [{"data": {"text": "fine"}}, {"data": {"text": "bad"}, "gold": gold}]
        r = manager.post(f"/api/projects/{pid}/items", json=rows)
        assert r.status_code == 422, (gold, r.text)
        detail = r.json()["detail"]
        assert detail["code"] == "invalid_import" and detail["row"] == 2, detail
        assert "gold" in detail["message"]
        if control:
            assert detail["control"] == control
    assert table_counts(database) == before


def test_a_jsonl_file_with_gold_rows(manager: Api, project: dict[str, Any], database: Database) -> None:
    pid = project["id"]
    lines = [{"data": {"text": f"t{i}"}, **({"gold": GOLD} if i % 2 else {})} for i in range(6)]
    body = b"\n".join(orjson.dumps(line) for line in lines)
    r = manager.post(f"/api/projects/{pid}/items", files={"file": ("rows.jsonl", body)})
    assert r.status_code == 201, r.text
    with database.session() as db:
        assert len(db.scalars(select(Gold.item_id).where(Gold.project_id == pid)).all()) == 3


def test_gold_stays_out_of_quality_and_the_default_export(
    manager: Api, project: dict[str, Any], client_for: Any
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["a", "b", "c"])
    a, b = annotators(client_for, manager, pid, 2)
    for api in (a, b):
        label_all(api, pid)
    before = manager.get(f"/api/projects/{pid}/agreement").json()
    assert before["n_items"] == 3
    first = item_ids(manager, pid)[0]
    assert manager.put(f"/api/items/{first}/gold", json=GOLD).status_code == 200
    # the cached report is recomputed without the gold item's answers
    after = manager.get(f"/api/projects/{pid}/agreement").json()
    assert after["n_items"] == 2
    consensus = manager.get(f"/api/projects/{pid}/consensus").json()
    assert first not in [i["item_id"] for i in consensus["items"]]
    exported = manager.get(f"/api/projects/{pid}/export").json()
    assert first not in [i["id"] for i in exported] and len(exported) == 2
    csv_rows = manager.get(f"/api/projects/{pid}/export?format=csv").text.splitlines()
    assert len(csv_rows) == 1 + 2 * 2  # header, two annotations on each production item
    gold = manager.get(f"/api/projects/{pid}/export?gold=only").json()
    assert [g["id"] for g in gold] == [first]
    assert gold[0]["gold"] == {
        "set": "exam",
        "result": manager.get(f"/api/items/{first}/gold").json()["result"],
        "explanations": GOLD["explanations"],
    }
    assert "annotations" not in gold[0]
    jsonl = manager.get(f"/api/projects/{pid}/export?gold=only&format=jsonl").text.splitlines()
    assert len(jsonl) == 1
    csv_gold = manager.get(f"/api/projects/{pid}/export?gold=only&format=csv").text.splitlines()
    assert csv_gold[0].startswith('"item_id","external_id","text","gold.set","sentiment"')
    assert '"the reviewer complains"' in csv_gold[1]
    # removing gold brings its answers back
    assert manager.delete(f"/api/items/{first}/gold").status_code == 204
    assert manager.get(f"/api/projects/{pid}/agreement").json()["n_items"] == 3
