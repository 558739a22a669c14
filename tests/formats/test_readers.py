"""The import readers (JSON list, JSONL, CSV): any bytes give rows or a FormatError, in linear time."""

from __future__ import annotations

import io
import time

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldlabel.core.limits import MAX_EXTERNAL_ID_CHARS, MAX_JSON_DEPTH
from goldlabel.formats.items import TASK_KEYS
from goldlabel.formats.rows import FormatError, ImportFormat, Row, read_rows

FORMATS: list[ImportFormat] = ["json", "jsonl", "csv"]
# Pieces that make the readers' edge cases likely: structure, escapes, quotes, ids, huge and
# deep numbers, bad UTF-8, byte-order marks, line ends of every kind.
PIECES = st.sampled_from(
    [
        b"[", b"]", b"{", b"}", b",", b":", b'"', b"\\", b"\n", b"\r\n", b"\r", b" ", b"\x00",
        b'"text"', b'"data"', b'"meta"', b'"id"', b"text", b"id", b"meta.x", b'"a"', b"1", b"-0.5",
        b"true", b"null", b"1e400", b"123456789012345678901234567890", b'"\\ud800"', b'"\\u0000"',
        b"\xff", b"\xc3", b"\xef\xbb\xbf", b"[" * 70, b"]" * 70, b'"' + b"x" * 300 + b'"',
    ]
)  # fmt: skip
JSONISH = st.lists(PIECES, max_size=40).map(b"".join)


def read(content: bytes, fmt: ImportFormat) -> list[Row]:
    return list(read_rows(io.BytesIO(content), fmt))


def assert_clean(rows: list[Row]) -> None:
    for row in rows:
        assert orjson.loads(row.data_json) == row.data and isinstance(row.data, dict)
        assert isinstance(orjson.loads(row.meta_json), dict)
        assert row.external_id is None or 0 < len(row.external_id) <= MAX_EXTERNAL_ID_CHARS


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=300) | JSONISH, fmt=st.sampled_from(FORMATS))
def test_any_bytes_give_rows_or_a_format_error(content: bytes, fmt: ImportFormat) -> None:
    try:
        rows = read(content, fmt)
    except FormatError as exc:
        assert exc.row is None or exc.row >= 1
        assert exc.message
    else:
        assert_clean(rows)


# A flat object's keys are its data: none of the task shape's own keys (id, data, meta, gold).
FLAT_KEYS = st.text(max_size=5).filter(lambda k: k not in TASK_KEYS)


@settings(max_examples=100, deadline=None)
@given(
    items=st.lists(
        st.dictionaries(FLAT_KEYS, st.recursive(st.text() | st.integers(1 - 2**63, 2**63 - 1),
                                                          lambda x: st.lists(x, max_size=3), max_leaves=8),
                        max_size=4),
        max_size=5,
    )
)  # fmt: skip
def test_valid_json_and_jsonl_give_back_exactly_their_items(items: list[dict[str, object]]) -> None:
    for fmt, content in (
        ("json", orjson.dumps(items)),
        ("jsonl", b"\n".join(orjson.dumps(item) for item in items)),
    ):
        rows = read(content, fmt)  # type: ignore[arg-type]
        assert [r.data for r in rows] == items
        assert [r.number for r in rows] == list(range(1, len(items) + 1))


def test_rows_are_numbered_like_a_spreadsheet_and_ids_read() -> None:
    rows = read(b'id,text,meta.k\n7,"two\nlines",v\n,plain,\n\n"x,y",last,z\n', "csv")
    assert [(r.number, r.external_id, r.data, orjson.loads(r.meta_json)) for r in rows] == [
        (2, "7", {"text": "two\nlines"}, {"k": "v"}),
        (3, None, {"text": "plain"}, {"k": ""}),
        (5, "x,y", {"text": "last"}, {"k": "z"}),
    ]
    rows = read(b'[{"id": 12, "data": {"text": "a"}}, {"id": "b-1", "text": "b"}, {"text": "c"}]', "json")
    assert [(r.external_id, r.data) for r in rows] == [
        ("12", {"text": "a"}),
        ("b-1", {"text": "b"}),
        (None, {"text": "c"}),
    ]


@pytest.mark.parametrize(
    ("content", "row", "message"),
    [
        (b'text\n"never closed\nmore\nrows\n', 2, "the quote opened on line 2 is never closed"),
        (b'text\n"a\nb"\nc\n"d\n', 4, "the quote opened on line 5 is never closed"),
        (b'text\n"fine"\n"' + b"x\n" * 600_000, 3, "lines 3–"),
    ],
)
def test_an_unclosed_quote_is_refused_naming_where_it_opened(content: bytes, row: int, message: str) -> None:
    with pytest.raises(FormatError) as refused:
        read(content, "csv")
    assert refused.value.row == row
    assert message in refused.value.message


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_nesting_is_refused_by_row_at_the_limit(fmt: ImportFormat) -> None:
    def item(levels: int) -> bytes:
        return b'{"text": "t", "x": ' + b"[" * (levels - 1) + b"]" * (levels - 1) + b"}"

    ok, deep = item(MAX_JSON_DEPTH), item(MAX_JSON_DEPTH + 1)
    content = b"[" + ok + b"," + deep + b"]" if fmt == "json" else ok + b"\n" + deep
    with pytest.raises(FormatError) as refused:
        read(content, fmt)
    assert refused.value.row == 2
    assert f"nests deeper than {MAX_JSON_DEPTH} levels" in refused.value.message
    assert len(read(content.replace(deep, ok), fmt)) == 2


LONG = 20_000_000


@pytest.mark.parametrize(
    ("fmt", "content"),
    [
        ("csv", b"text\n" + b"x" * LONG + b"\n"),  # one long line: minutes with the codecs reader
        ("csv", b'text\n"' + b"x" * LONG),
        ("jsonl", b'{"text": "' + b"x" * LONG + b'"}\n'),
        ("json", b'[{"text": "' + b"x" * LONG + b'"}]'),  # ijson: quadratic in a token's length
        ("json", b'[{"text": "a", "n": 1' + b"0" * LONG + b"}]"),
        ("json", b"[" + b"[" * LONG + b"]" * LONG + b"]"),  # ijson: quadratic in the depth
    ],
)
def test_pathological_files_are_refused_in_linear_time(fmt: ImportFormat, content: bytes) -> None:
    started = time.process_time()  # CPU time: other processes on the machine do not count
    with pytest.raises(FormatError) as refused:
        read(content, fmt)
    assert refused.value.row in (1, 2)
    assert time.process_time() - started < 5  # about 0.1 s; the quadratic readers took minutes
