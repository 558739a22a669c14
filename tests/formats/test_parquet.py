"""The Parquet reader and writer on their own: what one writes the other reads back (every
annotation with its author, the final label, regions as JSON), a row group at a time."""

from __future__ import annotations

import io
import tracemalloc
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.controls.schema import ProjectSchema
from goldlabel.formats import parquet
from goldlabel.formats.registry import ReadContext, WriteContext

SCHEMA = ProjectSchema.model_validate(
    {
        "fields": {"image": "image", "caption": "text"},
        "controls": [
            {"name": "kind", "type": "choices", "field": "image", "options": ["cat", "dog"]},
            {"name": "boxes", "type": "boxes", "field": "image", "labels": ["eye"]},
            {"name": "order", "type": "ranking", "field": "caption", "items": ["a", "b"]},
        ],
    }
)
BOX = {"x": 1.0, "y": 2.0, "width": 3.0, "height": 4.0, "label": "eye"}


def _item(n: int) -> dict[str, Any]:
    result = {"kind": "cat", "boxes": [BOX], "order": ["b", "a"]}
    return {
        "id": n + 1,
        "external_id": f"x{n}",
        "data": {"image": f"/api/projects/1/media/{n}.jpg", "image_width": 640, "caption": "two"},
        "meta": {"n": n},
        "annotations": [
            {"id": 10 * n + k, "author": f"a{k}@example.com", "result": result, "status": "submitted"}
            for k in range(2)
        ],
        "consensus": {
            "kind": {"value": "cat", "method": "dawid_skene", "confidence": 0.9},
            "boxes": {"value": [BOX], "method": "box_fusion", "confidence": 0.8},
            "order": {"value": None, "method": "borda", "confidence": 0.0},
        },
    }


def _write(items: list[dict[str, Any]], labels: Any) -> bytes:
    return b"".join(parquet.write(items, WriteContext(SCHEMA, labels, 1)))


def test_read_gives_back_what_write_wrote() -> None:
    content = _write([_item(0), _item(1)], "both")
    rows = list(parquet.read(io.BytesIO(content), ReadContext(SCHEMA)))
    assert [r.external_id for r in rows] == ["x0", "x1"]
    assert rows[0].data == {"image": "/api/projects/1/media/0.jpg", "image_width": 640.0, "caption": "two"}
    assert rows[1].meta_json == '{"n":1}'
    final, *annotations = rows[0].labels
    assert final.result == {"kind": "cat", "boxes": [BOX]} and final.author is None
    assert [a.author for a in annotations] == ["a0@example.com", "a1@example.com"]
    assert all(a.result == {"kind": "cat", "boxes": [BOX], "order": ["b", "a"]} for a in annotations)


def test_a_row_group_streams_out_as_soon_as_it_is_written() -> None:
    count = parquet.ROWS_PER_GROUP * 2 + 5
    chunks = parquet.write((_item(n) for n in range(count)), WriteContext(SCHEMA, "final", 1))
    first = next(chunks)
    assert first.startswith(b"PAR1")  # the first row group left before the rest was read
    content = first + b"".join(chunks)
    meta = pq.ParquetFile(io.BytesIO(content)).metadata
    assert meta.num_rows == count and meta.num_row_groups == 3


def test_memory_stays_flat_over_the_item_stream() -> None:
    """Peak Python memory (tracemalloc; Arrow's own buffers are per row group too) of writing 4 row
    groups is about that of writing 2: the writer holds one group at a time."""

    def peak(groups: int) -> int:
        tracemalloc.start()
        for _chunk in parquet.write(
            (_item(n) for n in range(parquet.ROWS_PER_GROUP * groups)), WriteContext(SCHEMA, "both", 1)
        ):
            pass
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    assert peak(4) < peak(2) * 1.5


def test_json_fields_and_data_outside_the_schema_survive() -> None:
    schema = ProjectSchema.model_validate(
        {
            "fields": {"text": "text", "doc": "json"},
            "controls": [{"name": "stars", "type": "rating", "field": "text", "min": 1, "max": 5}],
        }
    )
    item = {
        "id": 1, "external_id": None, "annotations": [],
        "data": {"text": "t", "doc": {"pages": [1, 2]}, "source": "crawl", "lang": ["en"]},
        "meta": {}, "consensus": {"stars": {"value": 4, "method": "median", "confidence": 1.0}},
    }  # fmt: skip
    content = b"".join(parquet.write([item], WriteContext(schema, "final", 1)))
    table = pq.read_table(io.BytesIO(content)).to_pylist()[0]
    assert table["doc"] == '{"pages":[1,2]}' and table["extra_data"] == '{"source":"crawl","lang":["en"]}'
    [row] = parquet.read(io.BytesIO(content), ReadContext(schema))
    assert row.data == item["data"] and row.external_id is None
    assert row.labels[0].result == {"stars": 4}


def test_a_dataframe_rating_with_gaps_reads_as_whole_numbers() -> None:
    import pandas as pd

    schema = ProjectSchema.model_validate(
        {
            "fields": {"text": "text"},
            "controls": [{"name": "stars", "type": "rating", "field": "text", "min": 1, "max": 5}],
        }
    )
    frame = pd.DataFrame({"text": ["a", "b"], "stars": [4, None]})
    assert str(frame["stars"].dtype) == "float64"
    sink = io.BytesIO()
    frame.to_parquet(sink, index=False)
    first, second = parquet.read(io.BytesIO(sink.getvalue()), ReadContext(schema))
    assert first.labels[0].result == {"stars": 4} and isinstance(first.labels[0].result["stars"], int)
    assert second.labels == ()


TEXT_SCHEMA = ProjectSchema.model_validate(
    {
        "fields": {"text": "text"},
        "controls": [
            {
                "name": "tags",
                "type": "choices",
                "field": "text",
                "options": ["a", "b", "c"],
                "multiple": True,
            },
            {"name": "note", "type": "text", "field": "text"},
            {"name": "stars", "type": "rating", "field": "text", "min": 1, "max": 5},
        ],
    }
)
CONTROLS = ("tags", "note", "stars")
JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "text": st.text(max_size=50),
                "meta": st.dictionaries(st.text(max_size=8), JSONISH, max_size=3),
                "extra": st.dictionaries(st.sampled_from(["source", "lang", "x_y"]), JSONISH, max_size=2),
                "external_id": st.none()
                | st.text(
                    st.characters(min_codepoint=33, exclude_categories=("Cc", "Cs")), min_size=1, max_size=12
                ),
                "tags": st.lists(st.sampled_from(["a", "b", "c"]), unique=True, max_size=3),
                "note": st.none() | st.text(max_size=30),
                "stars": st.none() | st.integers(1, 5),
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_item_comes_back_as_it_went(cases: list[dict[str, Any]]) -> None:
    items = [
        {
            "id": n + 1, "external_id": c["external_id"], "meta": c["meta"], "annotations": [],
            "data": {"text": c["text"], **c["extra"]},
            "consensus": {k: {"value": c[k], "method": "m", "confidence": 0.5} for k in CONTROLS},
        }
        for n, c in enumerate(cases)
    ]  # fmt: skip
    content = b"".join(parquet.write(items, WriteContext(TEXT_SCHEMA, "final", 1)))
    rows = list(parquet.read(io.BytesIO(content), ReadContext(TEXT_SCHEMA)))
    for row, item, case in zip(rows, items, cases, strict=True):
        assert row.data == item["data"]  # a null outside the schema's fields too (extra_data)
        assert orjson.loads(row.meta_json) == case["meta"]
        assert row.external_id == case["external_id"]
        expected = {k: case[k] for k in CONTROLS if case[k] not in (None, [])}
        got = row.labels[0].result if row.labels else {}
        assert {k: v for k, v in got.items() if v != []} == expected


def test_a_file_declaring_too_much_is_refused_before_a_row_is_read(monkeypatch: Any) -> None:
    import pytest

    from goldlabel.formats.items import FormatError

    sink = io.BytesIO()
    pq.write_table(pa.table({"text": ["a"] * 30}), sink, row_group_size=10)
    content = sink.getvalue()
    context = ReadContext(TEXT_SCHEMA)
    size = pq.ParquetFile(io.BytesIO(content)).metadata.row_group(1).total_byte_size
    monkeypatch.setattr(parquet, "MAX_PARQUET_ROW_GROUP_BYTES", size - 1)
    with pytest.raises(FormatError) as err:
        list(parquet.read(io.BytesIO(content), context))
    assert err.value.row == 1 and "row group 1" in err.value.message  # every group is as large
    monkeypatch.setattr(parquet, "MAX_PARQUET_ROW_GROUP_BYTES", size)
    monkeypatch.setattr(parquet, "MAX_IMPORT_ROWS", 29)
    with pytest.raises(FormatError, match="30 rows"):
        list(parquet.read(io.BytesIO(content), context))
    monkeypatch.setattr(parquet, "MAX_PARQUET_COLUMNS", 0)
    monkeypatch.setattr(parquet, "MAX_IMPORT_ROWS", 30)
    with pytest.raises(FormatError, match="1 columns"):
        list(parquet.read(io.BytesIO(content), context))
