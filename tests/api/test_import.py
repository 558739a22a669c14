"""Item import: JSON list, JSONL and CSV, atomic, with row-numbered errors."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from tests.api.conftest import Api, table_counts


def upload(api: Api, pid: int, name: str, content: bytes) -> Any:
    return api.post(f"/api/projects/{pid}/items", files={"file": (name, io.BytesIO(content))})


def test_json_body_and_files_in_every_format(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    assert manager.post(
        f"/api/projects/{pid}/items", json=[{"data": {"text": "a"}, "meta": {"k": 1}}]
    ).json() == {"created": 1}
    assert upload(
        manager, pid, "x.json", json.dumps([{"text": "b"}, {"data": {"text": "c"}}]).encode()
    ).json() == {"created": 2}
    assert upload(
        manager, pid, "x.jsonl", b'{"text": "d"}\n\n{"data": {"text": "e"}, "meta": {"s": "x"}}\n'
    ).json() == {"created": 2}
    assert upload(
        manager, pid, "x.csv", 'text,meta.source\nf,web\n"g, with comma",mail\nhé,x\n'.encode()
    ).json() == {"created": 3}
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
        ("x.json", b'{"text": "a"}', None, "list of items"),
        ("x.json", b'[{"text": "a"}, 5]', 2, "JSON object"),
        ("x.jsonl", b'{"text": "a"}\n{"text": \n', 2, "invalid JSON"),
        ("x.jsonl", b'{"text": 3}\n', 1, "must be a string"),
        ("x.csv", b"text,other\na,b\nc\n", 3, "columns"),
        ("x.csv", b"", None, "empty"),
        ("x.csv", b"text\n\xff\xfe\n", None, "UTF-8"),
        ("x.csv", b"other\nvalue\n", 2, "no field 'text'"),
        ("x.txt", b"text\n", None, ".json, .jsonl or .csv"),
        ("x.jsonl", b"\n\n", None, "no items"),
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


def test_json_body_must_be_a_list(manager: Api, project: dict[str, Any]) -> None:
    r = manager.post(
        f"/api/projects/{project['id']}/items", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422 and "not valid JSON" in r.json()["detail"]["message"]
    r = manager.post(f"/api/projects/{project['id']}/items", json={"text": "a"})
    assert r.status_code == 422 and "list" in r.json()["detail"]["message"]


def test_page_size_is_bounded(manager: Api, project: dict[str, Any]) -> None:
    assert manager.get(f"/api/projects/{project['id']}/items?page_size=100000").status_code == 422
    assert manager.get(f"/api/projects/{project['id']}/items?page=0").status_code == 422
