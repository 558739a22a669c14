"""Parquet over HTTP: the export loads in pandas, polars and Hugging Face `datasets` with one
row per item and a column per control; `labels=final` round-trips as gold into a fresh project;
a bad file is refused naming the row, and imports nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from goldlabel.db.engine import Database
from tests.api.conftest import SCHEMA, Api, add_member, table_counts

TOPICS = {
    "name": "topics",
    "type": "choices",
    "field": "text",
    "options": ["food", "price"],
    "multiple": True,
}
PARQUET_SCHEMA: dict[str, Any] = {**SCHEMA, "controls": [*SCHEMA["controls"], TOPICS]}
TEXTS = ["Ada ate at Bistro", "too pricey", "fine"]


def _answer(n: int) -> dict[str, Any]:
    return {
        "sentiment": ["positive", "negative", "neutral"][n],
        "entities": [{"start": 0, "end": 3, "label": "PER"}] if n == 0 else [],
        "stars": 5 - n,
        "note": f"note {n}",
        "topics": [["food"], ["price"], ["food", "price"]][n],
    }


@pytest.fixture
def labelled(manager: Api, client_for: Any) -> int:
    """Three items, each annotated alike by two managers (so the consensus is that answer)."""
    r = manager.post("/api/projects", json={"name": "Tabular", "schema": PARQUET_SCHEMA})
    assert r.status_code == 201, r.text
    pid = r.json()["id"]
    rows = [{"id": f"t{n}", "data": {"text": t}, "meta": {"n": n}} for n, t in enumerate(TEXTS)]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    other = client_for("other@example.com")
    add_member(manager, pid, "other@example.com", "manager")
    for api in (manager, other):
        for _ in TEXTS:
            item = api.get(f"/api/projects/{pid}/next").json()
            n = TEXTS.index(item["data"]["text"])
            r = api.post(f"/api/items/{item['id']}/annotations", json={"result": _answer(n)})
            assert r.status_code == 201, r.text
    return pid


def _export(api: Api, pid: int, labels: str, path: Path) -> Path:
    r = api.get(f"/api/projects/{pid}/export?format=parquet&labels={labels}")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    assert r.headers["content-disposition"].endswith('-parquet.parquet"')
    path.write_bytes(r.content)
    return path


def test_final_labels_load_in_pandas_polars_and_datasets(manager: Api, labelled: int, tmp_path: Path) -> None:
    import datasets
    import pandas as pd
    import polars as pl

    path = _export(manager, labelled, "final", tmp_path / "final.parquet")
    frame = pd.read_parquet(path).set_index("external_id").loc[["t0", "t1", "t2"]]
    assert list(frame["text"]) == TEXTS
    assert list(frame["sentiment"]) == ["positive", "negative", "neutral"]
    assert list(frame["stars"]) == [5, 4, 3] and str(frame["stars"].dtype) == "int64"
    assert [list(t) for t in frame["topics"]] == [["food"], ["price"], ["food", "price"]]
    spans = [
        [{k: s[k] for k in ("start", "end", "label", "text")} for s in json.loads(e)]
        for e in frame["entities"]
    ]
    assert spans == [[{"start": 0, "end": 3, "label": "PER", "text": "Ada"}], [], []]
    assert list(frame["note"]) == ["note 0", "note 1", "note 2"]
    assert set(frame["sentiment.confidence"]) == {1.0}
    assert frame["sentiment.method"].notna().all() and frame["stars.method"].iloc[0] == "median"
    assert [json.loads(m) for m in frame["meta"]] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert "annotations" not in frame.columns

    polars = pl.read_parquet(path).sort("external_id")
    assert polars["sentiment"].to_list() == ["positive", "negative", "neutral"]
    assert polars["topics"].to_list() == [["food"], ["price"], ["food", "price"]]
    assert polars["entities"].str.json_decode().to_list()[0][0]["text"] == "Ada"

    dataset = datasets.Dataset.from_parquet(str(path))
    assert dataset.num_rows == 3
    by_id = {row["external_id"]: row for row in dataset}
    assert by_id["t2"]["topics"] == ["food", "price"] and by_id["t1"]["stars"] == 4


def test_annotations_are_a_list_of_structs(manager: Api, labelled: int, tmp_path: Path) -> None:
    import datasets
    import polars as pl

    path = _export(manager, labelled, "annotations", tmp_path / "every.parquet")
    table = pq.read_table(path)
    assert table.num_rows == 3 and "sentiment" not in table.column_names
    entry = table.schema.field("annotations").type.value_type
    assert [entry.field(i).name for i in range(entry.num_fields)] == [
        "annotation_id", "author", "sentiment", "entities", "stars", "note", "topics",
    ]  # fmt: skip
    polars = pl.read_parquet(path).sort("external_id")
    first = polars["annotations"].to_list()[0]
    assert sorted(a["author"] for a in first) == ["manager@example.com", "other@example.com"]
    assert all(a["sentiment"] == "positive" and a["topics"] == ["food"] for a in first)
    dataset = datasets.Dataset.from_parquet(str(path))
    assert sum(len(row["annotations"]) for row in dataset) == 6
    both = pq.read_table(_export(manager, labelled, "both", tmp_path / "both.parquet"))
    assert {"sentiment", "sentiment.method", "annotations"} <= set(both.column_names)


def _final(api: Api, pid: int, gold: bool = False) -> dict[str, dict[str, Any]]:
    """Each item's final label by external id, from the JSON Lines export (no Parquet involved)."""
    query = "gold=only" if gold else "labels=final"
    lines = api.get(f"/api/projects/{pid}/export?format=jsonl&{query}").content.splitlines()
    out: dict[str, dict[str, Any]] = {}
    for item in map(json.loads, lines):
        result = item["gold"]["result"] if gold else {k: c["value"] for k, c in item["consensus"].items()}
        out[item["external_id"]] = {k: _no_ids(v) for k, v in result.items() if v not in (None, [])}
    return out


def _no_ids(value: Any) -> Any:
    """Stored regions get an ``id`` of the store's own; a consensus region has none."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [{k: v for k, v in region.items() if k != "id"} for region in value]
    return value


def test_final_labels_round_trip_as_gold(manager: Api, labelled: int, tmp_path: Path) -> None:
    path = _export(manager, labelled, "final", tmp_path / "final.parquet")
    source = _final(manager, labelled)
    assert source["t0"]["topics"] == ["food"] and source["t0"]["entities"][0]["text"] == "Ada"
    fresh = manager.post("/api/projects", json={"name": "Copy", "schema": PARQUET_SCHEMA}).json()["id"]
    with path.open("rb") as f:
        r = manager.post(
            f"/api/projects/{fresh}/items?labels_as=gold&gold_set=exam", files={"file": ("final.parquet", f)}
        )
    assert r.status_code == 201, r.text
    assert r.json()["created"] == 3
    assert _final(manager, fresh, gold=True) == source
    gold = manager.get(f"/api/projects/{fresh}/export?format=jsonl&gold=only").content.splitlines()
    items = {g["external_id"]: g for g in map(json.loads, gold)}
    for n in range(3):
        got = items[f"t{n}"]
        assert got["data"] == {"text": TEXTS[n]} and got["meta"] == {"n": n}
        assert got["gold"]["set"] == "exam"
    # the gold export itself writes Parquet too, with the reference as the final label
    again = manager.get(f"/api/projects/{fresh}/export?format=parquet&gold=only")
    table = pq.read_table(io.BytesIO(again.content)).to_pylist()
    assert sorted(row["sentiment"] for row in table) == ["negative", "neutral", "positive"]
    assert {row["sentiment.method"] for row in table} == {"gold"}


def _bad_file(rows: list[dict[str, Any]]) -> bytes:
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows), sink)
    return sink.getvalue()


BAD_FILES: list[tuple[str, bytes, int | None, str]] = [
    ("not parquet", b"PAR1 but not really", None, "not a Parquet file"),
    (
        "region not JSON",
        _bad_file(
            [{"text": "a", "sentiment": "neutral", "entities": "[]"}, {"text": "b", "entities": "[{oops"}]
        ),
        2,
        "'entities' is not JSON",
    ),
    (
        "meta not an object",
        _bad_file([{"text": "a", "meta": "{}"}, {"text": "b", "meta": "[1]"}, {"text": "c", "meta": "{}"}]),
        2,
        "meta",
    ),
    ("label outside the schema", _bad_file([{"text": "a", "sentiment": "great"}]), 1, "'great'"),
    ("missing data field", _bad_file([{"text": "a"}, {"words": "b"}]), 2, "text"),
]


@pytest.mark.parametrize(("name", "content", "row", "hint"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_a_bad_file_is_refused_naming_the_row(
    manager: Api,
    project: dict[str, Any],
    database: Database,
    name: str,
    content: bytes,
    row: int | None,
    hint: str,
) -> None:
    before = table_counts(database)
    r = manager.post(
        f"/api/projects/{project['id']}/items?labels_as=gold", files={"file": ("bad.parquet", content)}
    )
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_import" and detail.get("row") == row
    assert hint in detail["message"]
    assert table_counts(database) == before


def test_data_only_parquet_imports_items(manager: Api, project: dict[str, Any]) -> None:
    content = _bad_file([{"id": 7, "text": "seven", "meta": '{"src": "x"}'}, {"text": "eight"}])
    r = manager.post(f"/api/projects/{project['id']}/items", files={"file": ("items.parquet", content)})
    assert r.status_code == 201 and r.json()["created"] == 2, r.text
    rows = [
        json.loads(line)
        for line in manager.get(f"/api/projects/{project['id']}/export?format=jsonl").content.splitlines()
    ]
    assert [(r["external_id"], r["data"], r["meta"]) for r in rows] == [
        ("7", {"text": "seven"}, {"src": "x"}),
        (None, {"text": "eight"}, {}),
    ]


def test_annotations_round_trip_with_their_authors(manager: Api, labelled: int, tmp_path: Path) -> None:
    """labels=annotations -> import labels_as=annotations: every annotation back, by its author."""
    path = _export(manager, labelled, "annotations", tmp_path / "every.parquet")
    fresh = manager.post("/api/projects", json={"name": "Again", "schema": PARQUET_SCHEMA}).json()["id"]
    with path.open("rb") as f:
        r = manager.post(f"/api/projects/{fresh}/items", files={"file": ("every.parquet", f)})
    assert r.status_code == 201, r.text
    assert (r.json()["created"], r.json()["annotations"]) == (3, 6)

    def answers(pid: int) -> dict[str, list[tuple[str, dict[str, Any]]]]:
        lines = manager.get(f"/api/projects/{pid}/export?format=jsonl").content.splitlines()
        return {
            item["external_id"]: sorted(
                (a["author"], {k: _no_ids(v) for k, v in a["result"].items() if v not in (None, [])})
                for a in item["annotations"]
            )
            for item in map(json.loads, lines)
        }

    assert answers(fresh) == answers(labelled)
