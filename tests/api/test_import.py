"""Item import: JSON list, JSONL and CSV, atomic, with row-numbered errors and external ids."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from goldlabel.core.errors import Conflict, ErrorCode
from goldlabel.db.models import Item
from goldlabel.formats.registry import FORMATS
from goldlabel.services import imports
from goldlabel.services.access import Actor
from tests.api.conftest import Api, add_member, table_counts

DEEP_300 = b"[" * 300 + b"1" + b"]" * 300


def upload(api: Api, pid: int, name: str, content: bytes) -> Any:
    return api.post(f"/api/projects/{pid}/items", files={"file": (name, io.BytesIO(content))})


def test_json_body_and_files_in_every_format(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    assert manager.post(
        f"/api/projects/{pid}/items", json=[{"data": {"text": "a"}, "meta": {"k": 1}}]
    ).json() == {"created": 1, "skipped": 0, "annotations": 0, "predictions": 0}
    assert upload(
        manager, pid, "x.json", json.dumps([{"text": "b"}, {"data": {"text": "c"}}]).encode()
    ).json() == {"created": 2, "skipped": 0, "annotations": 0, "predictions": 0}
    assert upload(
        manager, pid, "x.jsonl", b'{"text": "d"}\n\n{"data": {"text": "e"}, "meta": {"s": "x"}}\n'
    ).json() == {"created": 2, "skipped": 0, "annotations": 0, "predictions": 0}
    assert upload(
        manager, pid, "x.csv", 'text,meta.source\nf,web\n"g, with comma",mail\nhé,x\n'.encode()
    ).json() == {"created": 3, "skipped": 0, "annotations": 0, "predictions": 0}
    page = manager.get(f"/api/projects/{pid}/items?page=1&page_size=50").json()
    assert page["total"] == 8
    assert [i["data"]["text"] for i in page["items"]] == ["a", "b", "c", "d", "e", "f", "g, with comma", "hé"]
    assert page["items"][0]["meta"] == {"k": 1} and page["items"][6]["meta"] == {"source": "mail"}
    second = manager.get(f"/api/projects/{pid}/items?page=2&page_size=3").json()
    assert [i["data"]["text"] for i in second["items"]] == ["d", "e", "f"]


def test_bad_row_in_the_middle_of_10000_imports_nothing(
    manager: Api, project: dict[str, Any], database: Any
) -> None:
    pid = project["id"]
    lines = [json.dumps({"text": f"sentence {i}"}) for i in range(10_000)]
    lines[6_123] = json.dumps({"txt": "wrong field"})
    before = table_counts(database)
    r = upload(manager, pid, "big.jsonl", "\n".join(lines).encode())
    assert r.status_code == 422
    assert r.json()["detail"] == {
        "code": "invalid_import",
        "row": 6124,
        "message": "data has no field 'text'",
    }
    assert table_counts(database) == before
    assert manager.get(f"/api/projects/{pid}").json()["item_count"] == 0


@pytest.mark.parametrize(
    ("name", "content", "row", "message"),
    [
        ("x.json", b'[{"text": "a"}, {"text": "b"', 2, "invalid JSON"),
        ("x.json", b'{"text": "a"}', None, "JSON list"),
        ("x.json", b'[{"text": "a"}, 5]', 2, "JSON object"),
        ("x.jsonl", b'{"text": "a"}\n{"text": \n', 2, "invalid JSON"),
        ("x.jsonl", b'{"text": 3}\n', 1, "must be a string"),
        ("x.csv", b"text,other\na,b\nc\n", 3, "columns"),
        ("x.csv", b"", None, "empty"),
        ("x.csv", b"text\n\xff\xfe\n", None, "UTF-8"),
        ("x.csv", b"other\nvalue\n", 2, "no field 'text'"),
        ("x.txt", b"text\n", None, ".json, .jsonl, .ndjson, .csv"),
        ("x.jsonl", b"\n\n", None, "no items"),
        # a quote that never closes swallowed the rest of the file into one row (201 before)
        ("x.csv", b'text\n"fine\nrow two\nrow three\n', 2, "quote opened on line 2 is never closed"),
        ("x.csv", b'text\na\n"b, c\n\nd\n', 3, "quote opened on line 3 is never closed"),
        ("x.csv", b'text\n"a"b\n', 2, "cannot read CSV on line 2"),
        # data nested deeper than the serializer writes (a 500 before)
        ("x.json", b'[{"text": "a"}, {"text": "b", "deep": ' + DEEP_300 + b"}]", 2, "deeper than 64"),
        ("x.jsonl", b'{"text": "a"}\n{"text": "b"}\n{"x": ' + DEEP_300 + b"}", 3, "deeper than 64"),
        ("x.json", b'[{"data": {"text": "a"}, "meta": {"m": ' + DEEP_300 + b"}}]", 1, "deeper than 64"),
        ("x.json", b"[" + b"[" * 100_000 + b"]" * 100_000 + b"]", 1, "deeper than 64"),
        ("x.json", b'[{"text": "a", "n": 1' + b"0" * 30 + b"}]", 1, "invalid JSON"),
        ("x.json", b'[{"text": "a", "id": true}]', 1, "'id' must be"),
        ("x.jsonl", b'{"text": "a", "id": ""}\n', 1, "'id' must be"),
        ("x.csv", b"id,text\n" + b"x" * 256 + b",a\n", 2, "'id' must be"),
        ("x.csv", b"text\n" + b"x" * 1_000_001 + b"\n", 2, "has 1000001 characters; at most 1000000"),
    ],
)
def test_malformed_files_get_a_clear_error_and_change_nothing(
    manager: Api,
    project: dict[str, Any],
    database: Any,
    name: str,
    content: bytes,
    row: int | None,
    message: str,
) -> None:
    before = table_counts(database)
    r = upload(manager, project["id"], name, content)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail["row"] == row
    assert message in detail["message"]
    assert table_counts(database) == before


def test_oversized_field_is_refused(manager: Api, project: dict[str, Any], database: Any) -> None:
    before = table_counts(database)
    r = manager.post(f"/api/projects/{project['id']}/items", json=[{"text": "ok"}, {"text": "x" * 1_000_001}])
    assert r.status_code == 422
    assert r.json()["detail"]["row"] == 2 and "at most" in r.json()["detail"]["message"]
    assert table_counts(database) == before


def test_json_body_must_be_a_list(manager: Api, project: dict[str, Any], database: Any) -> None:
    before = table_counts(database)
    for body in (b"{nope", b'{"text": "a"}', b"[{nope}]"):
        r = manager.post(
            f"/api/projects/{project['id']}/items", content=body, headers={"content-type": "application/json"}
        )
        assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_import", r.text
    assert "JSON list" in r.json()["detail"]["message"] or "invalid JSON" in r.json()["detail"]["message"]
    assert table_counts(database) == before


def test_deep_json_body_is_refused_by_row(manager: Api, project: dict[str, Any], database: Any) -> None:
    before = table_counts(database)
    body = b'[{"text": "a"}, {"text": "b"}, {"text": "c", "x": ' + DEEP_300 + b"}]"
    r = manager.post(
        f"/api/projects/{project['id']}/items", content=body, headers={"content-type": "application/json"}
    )
    assert r.status_code == 422, r.text
    assert r.json()["detail"] == {
        "code": "invalid_import",
        "row": 3,
        "message": "the item nests deeper than 64 levels",
    }
    assert table_counts(database) == before


def test_page_size_is_bounded(manager: Api, project: dict[str, Any]) -> None:
    assert manager.get(f"/api/projects/{project['id']}/items?page_size=100000").status_code == 422
    assert manager.get(f"/api/projects/{project['id']}/items?page=0").status_code == 422


# ---- external ids: re-sending a file does not duplicate its items -----------------------------


def post_file(api: Api, pid: int, name: str, content: bytes, on_duplicate: str | None = None) -> Any:
    query = f"?on_duplicate={on_duplicate}" if on_duplicate else ""
    return api.post(f"/api/projects/{pid}/items{query}", files={"file": (name, io.BytesIO(content))})


ID_FILES = {
    "json": ("x.json", b'[{"id": 1, "data": {"text": "a"}}, {"id": "b", "text": "b"}, {"text": "no id"}]'),
    "jsonl": ("x.jsonl", b'{"id": 1, "data": {"text": "a"}}\n{"id": "b", "text": "b"}\n{"text": "no id"}\n'),
    "csv": ("x.csv", b"id,text\n1,a\nb,b\n,no id\n"),
}


@pytest.mark.parametrize("fmt", ID_FILES)
def test_sending_the_same_file_again_is_refused_or_skipped(
    manager: Api, project: dict[str, Any], database: Any, fmt: str
) -> None:
    pid = project["id"]
    name, content = ID_FILES[fmt]
    assert post_file(manager, pid, name, content).json() == {
        "created": 3,
        "skipped": 0,
        "annotations": 0,
        "predictions": 0,
    }
    before = table_counts(database)
    again = post_file(manager, pid, name, content)
    assert again.status_code == 422
    assert again.json()["detail"]["code"] == "duplicate_id" and again.json()["detail"]["row"] == (
        2 if fmt == "csv" else 1
    )
    assert table_counts(database) == before
    # skip: the rows with known ids are left out and counted; the row without an id is new
    assert post_file(manager, pid, name, content, "skip").json() == {
        "created": 1,
        "skipped": 2,
        "annotations": 0,
        "predictions": 0,
    }
    page = manager.get(f"/api/projects/{pid}/items?page_size=50").json()
    assert [i["data"]["text"] for i in page["items"]] == ["a", "b", "no id", "no id"]
    assert manager.get(f"/api/projects/{pid}").json()["item_count"] == page["total"] == 4


def test_ids_repeated_inside_a_file(manager: Api, project: dict[str, Any], database: Any) -> None:
    pid = project["id"]
    content = b"id,text\nx,one\ny,two\nx,three\ny,four\nz,five\n"
    before = table_counts(database)
    r = post_file(manager, pid, "x.csv", content)
    assert r.status_code == 422 and r.json()["detail"]["row"] == 4
    assert r.json()["detail"]["code"] == "duplicate_id" and "row 2" in r.json()["detail"]["message"]
    assert table_counts(database) == before
    assert post_file(manager, pid, "x.csv", content, "skip").json() == {
        "created": 3,
        "skipped": 2,
        "annotations": 0,
        "predictions": 0,
    }
    texts = [i["data"]["text"] for i in manager.get(f"/api/projects/{pid}/items").json()["items"]]
    assert texts == ["one", "two", "five"]  # the first row with an id wins


def test_a_partly_new_file_adds_only_the_new_rows_in_order_and_the_queue_serves_them(
    manager: Api, project: dict[str, Any], client_for: Any
) -> None:
    pid = project["id"]
    first = [{"id": i, "data": {"text": f"t{i}"}} for i in range(0, 6)]
    assert manager.post(f"/api/projects/{pid}/items", json=first).json() == {
        "created": 6,
        "skipped": 0,
        "annotations": 0,
        "predictions": 0,
    }
    second = [{"id": i, "data": {"text": f"t{i}"}} for i in range(3, 10)]
    r = manager.post(f"/api/projects/{pid}/items?on_duplicate=skip", json=second)
    assert r.json() == {"created": 4, "skipped": 3, "annotations": 0, "predictions": 0}
    assert manager.get(f"/api/projects/{pid}").json()["item_count"] == 10
    # the queue serves every item once, in import order
    annotator = client_for("ann@example.com")
    add_member(manager, pid, "ann@example.com", "annotator")
    served = []
    while (n := annotator.get(f"/api/projects/{pid}/next")).status_code == 200:
        served.append(n.json()["data"]["text"])
        done = annotator.post(
            f"/api/items/{n.json()['id']}/annotations", json={"result": {"sentiment": "neutral"}}
        )
        assert done.status_code == 201, done.text
    assert served == [f"t{i}" for i in range(10)]


def test_ids_belong_to_one_project(manager: Api, project: dict[str, Any]) -> None:
    other = manager.post("/api/projects", json={"name": "Other", "schema": project["schema"]}).json()["id"]
    rows = [{"id": "same", "text": "a"}]
    for pid in (project["id"], other):
        assert manager.post(f"/api/projects/{pid}/items", json=rows).json() == {
            "created": 1,
            "skipped": 0,
            "annotations": 0,
            "predictions": 0,
        }


def test_on_duplicate_takes_only_error_or_skip(manager: Api, project: dict[str, Any]) -> None:
    r = manager.post(f"/api/projects/{project['id']}/items?on_duplicate=replace", json=[{"text": "a"}])
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_request"


@pytest.mark.parametrize("on_duplicate", ["error", "skip"])
def test_an_id_imported_by_someone_else_meanwhile(
    manager: Api, project: dict[str, Any], database: Any, monkeypatch: pytest.MonkeyPatch, on_duplicate: str
) -> None:
    """Another import lands the same id after this one looked up the project's ids and before
    it inserts: the unique index decides, inside the one write transaction."""
    pid = project["id"]
    stage = imports._stage

    def stage_then_race(*args: Any) -> None:
        stage(*args)
        with database.session(write=True) as other:
            other.add(Item(project_id=pid, external_id="b", data={"text": "theirs"}, meta={}, rank=0))

    monkeypatch.setattr(imports, "_stage", stage_then_race)
    actor = Actor(id=manager.get("/api/auth/me").json()["id"], email=manager.email, is_admin=False)
    rows = io.BytesIO(b"id,text\na,1\nb,2\nc,3\n")
    if on_duplicate == "error":
        with pytest.raises(Conflict) as refused:
            imports.import_file(database, actor, pid, rows, FORMATS["csv"], "error")
        assert refused.value.code == ErrorCode.DUPLICATE_ID
        items = manager.get(f"/api/projects/{pid}/items").json()["items"]
        assert [i["data"]["text"] for i in items] == ["theirs"]  # only the other import's row
        assert manager.get(f"/api/projects/{pid}").json()["item_count"] == 0
        return
    assert imports.import_file(database, actor, pid, rows, FORMATS["csv"], "skip").model_dump() == {
        "created": 2,
        "skipped": 1,
        "annotations": 0,
        "predictions": 0,
    }
    assert manager.get(f"/api/projects/{pid}").json()["item_count"] == 2  # the racing row is not counted here


def test_the_first_bad_row_in_file_order_is_named(
    manager: Api, project: dict[str, Any], database: Any
) -> None:
    pid = project["id"]
    assert manager.post(f"/api/projects/{pid}/items", json=[{"id": "known", "text": "a"}]).status_code == 201
    before = table_counts(database)
    cases = [
        (b"id,text\nnew,a\nknown,b\nx,c\n", 3, "duplicate_id"),  # known id before ...
        (b'id,text\nnew,a\nnew,b\n"unclosed\n', 3, "duplicate_id"),  # ... a repeat before a bad quote
        (b'id,text\nnew,a\nother,"unclosed\nknown,c\n', 3, "invalid_import"),
    ]
    for content, row, code in cases:
        r = post_file(manager, pid, "x.csv", content)
        assert (r.status_code, r.json()["detail"]["row"], r.json()["detail"]["code"]) == (422, row, code), (
            r.text
        )
    assert table_counts(database) == before


def test_the_gold_set_names_routes_take_are_the_gold_sets() -> None:
    from typing import get_args

    from goldlabel.db.models import GoldSet

    assert set(get_args(imports.GoldSetName)) == {s.value for s in GoldSet}
