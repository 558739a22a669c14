"""Item import: JSON list, JSONL and CSV, atomic, with row-numbered errors and external ids."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from tests.api.conftest import Api, table_counts

DEEP_300 = b"[" * 300 + b"1" + b"]" * 300


def upload(api: Api, pid: int, name: str, content: bytes) -> Any:
    return api.post(f"/api/projects/{pid}/items", files={"file": (name, io.BytesIO(content))})


def test_json_body_and_files_in_every_format(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    assert manager.post(
        f"/api/projects/{pid}/items", json=[{"data": {"text": "a"}, "meta": {"k": 1}}]
    ).json() == {"created": 1, "skipped": 0}
    assert upload(
        manager, pid, "x.json", json.dumps([{"text": "b"}, {"data": {"text": "c"}}]).encode()
    ).json() == {"created": 2, "skipped": 0}
    assert upload(
        manager, pid, "x.jsonl", b'{"text": "d"}\n\n{"data": {"text": "e"}, "meta": {"s": "x"}}\n'
    ).json() == {"created": 2, "skipped": 0}
    assert upload(
        manager, pid, "x.csv", 'text,meta.source\nf,web\n"g, with comma",mail\nhé,x\n'.encode()
    ).json() == {"created": 3, "skipped": 0}
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
        ("x.txt", b"text\n", None, ".json, .jsonl or .csv"),
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
