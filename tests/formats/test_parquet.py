"""The Parquet reader and writer on their own: what one writes the other reads back (every
annotation with its author, the final label, regions as JSON), a row group at a time."""

from __future__ import annotations

import io
import tracemalloc
from typing import Any

import pyarrow.parquet as pq

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
