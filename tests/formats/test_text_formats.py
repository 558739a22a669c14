"""CoNLL and spaCy JSONL: reader(writer(items)) gives the same text and spans (property tests on
arbitrary whitespace text), BIO tags decode the same in nervaluate, plain CoNLL files import,
spans off token boundaries are widened with a note, bad lines are refused by line."""

from __future__ import annotations

import io
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import collect_named_entities

from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.errors import ErrorCode, InvalidInput
from goldlabel.formats import conll, spacy
from goldlabel.formats.items import FormatError, Row
from goldlabel.formats.registry import ReadContext, WriteContext

LABELS = ["PER", "ORG", "B-X"]  # a label that itself looks like a tag
SCHEMA = ProjectSchema.model_validate(
    {
        "fields": {"text": "text"},
        "controls": [{"name": "entities", "type": "spans", "field": "text", "labels": LABELS}],
    }
)
NO_SPANS = ProjectSchema.model_validate(
    {"fields": {"text": "text"}, "controls": [{"name": "note", "type": "text", "field": "text"}]}
)
# Whitespace of every kind the tokenizer splits on, and characters the layout must escape.
WHITESPACE = [" ", "\t", "\n", "\r", "\r\n", "\xa0", "\u2028", "\x85", "\x0b"]
WORDS = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=6).map(
    lambda w: "".join(c for c in w if not c.isspace()) or "x"
)
MODULES = {"conll": conll, "spacy": spacy}


@st.composite
def documents(draw: Any) -> tuple[str, list[dict[str, Any]]]:
    """A text of words and runs of whitespace, and spans over whole-token runs, no overlaps."""
    words = draw(st.lists(WORDS, min_size=0, max_size=12))
    gaps = draw(st.lists(st.sampled_from(WHITESPACE), min_size=len(words) + 1, max_size=len(words) + 1))
    text, offsets = gaps[0], []
    for word, gap in zip(words, gaps[1:], strict=True):
        offsets.append((len(text), len(text) + len(word)))
        text += word + gap
    spans, i = [], 0
    while i < len(offsets):
        length = draw(st.integers(0, 3))
        if length and i + length <= len(offsets):
            label = draw(st.sampled_from(LABELS))
            spans.append({"start": offsets[i][0], "end": offsets[i + length - 1][1], "label": label})
            i += length
        else:
            i += 1
    return text, spans


def item(
    n: int, text: str, spans: list[dict[str, Any]], *annotations: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "id": n,
        "external_id": f"doc-{n}",
        "data": {"text": text},
        "meta": {"source": "test"},
        "consensus": {"entities": {"value": spans, "method": "majority", "confidence": 1.0}},
        "annotations": [
            {"id": 100 + i, "author": f"a{i}@example.com", "result": {"entities": a}}
            for i, a in enumerate(annotations)
        ],
    }


def roundtrip(module: Any, items: list[dict[str, Any]], labels: str = "final") -> tuple[bytes, list[Row]]:
    body = b"".join(module.write(items, WriteContext(SCHEMA, labels, 1)))  # type: ignore[arg-type]
    return body, list(module.read(io.BytesIO(body), ReadContext(SCHEMA)))


@pytest.mark.parametrize("fmt", MODULES)
@settings(max_examples=150, deadline=None)
@given(docs=st.lists(documents(), min_size=1, max_size=4))
def test_text_and_spans_come_back_exactly(fmt: str, docs: list[tuple[str, list[dict[str, Any]]]]) -> None:
    items = [item(n, text, spans) for n, (text, spans) in enumerate(docs, start=1)]
    body, rows = roundtrip(MODULES[fmt], items)
    assert [r.data["text"] for r in rows] == [text for text, _ in docs]
    assert [r.external_id for r in rows] == [f"doc-{n}" for n in range(1, len(docs) + 1)]
    assert [r.labels[0].result["entities"] for r in rows] == [spans for _, spans in docs]
    if fmt == "conll":
        assert b"# note" not in body  # whole-token spans are written as they are


@settings(max_examples=100, deadline=None)
@given(doc=documents())
def test_the_bio_tags_decode_the_same_in_nervaluate(doc: tuple[str, list[dict[str, Any]]]) -> None:
    text, spans = doc
    offsets, tags, notes = conll.bio_tags(text, spans)
    assert notes == []
    found = collect_named_entities(tags)
    assert [(offsets[e["start"]][0], offsets[e["end"]][1], e["label"]) for e in found] == [
        (s["start"], s["end"], s["label"]) for s in spans
    ]


@pytest.mark.parametrize("fmt", MODULES)
def test_every_annotation_comes_back_with_its_author(fmt: str) -> None:
    text = "John Smith works at Acme"
    a = [{"start": 0, "end": 10, "label": "PER"}]
    b = [{"start": 0, "end": 4, "label": "PER"}, {"start": 20, "end": 24, "label": "ORG"}]
    _body, rows = roundtrip(MODULES[fmt], [item(1, text, a, a, b)], labels="both")
    [row] = rows
    assert [(lab.author, lab.result["entities"]) for lab in row.labels] == [
        (None, a),
        ("a0@example.com", a),
        ("a1@example.com", b),
    ]


def test_spans_off_token_boundaries_are_widened_and_overlaps_dropped_with_a_note() -> None:
    text = "John Smith works at Acme"
    spans = [
        {"start": 1, "end": 7, "label": "PER"},  # "ohn Sm" -> "John Smith"
        {"start": 5, "end": 10, "label": "ORG"},  # overlaps the first
        {"start": 4, "end": 5, "label": "ORG"},  # the space between two words
    ]
    body, [row] = roundtrip(conll, [item(1, text, spans)])
    lines = body.decode().splitlines()
    assert "# note = span [1, 7) PER widened to [0, 10) to cover whole tokens" in lines
    assert "# note = span [4, 5) ORG dropped: it covers no token" in lines
    assert "# note = span [5, 10) ORG dropped: it overlaps a span already written" in lines
    assert row.labels[0].result["entities"] == [{"start": 0, "end": 10, "label": "PER"}]


def test_plain_conll_files_import_with_the_text_rebuilt() -> None:
    plain = (
        "-DOCSTART- -X- O O\n\n"
        "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\n"  # CoNLL-2003, tag last
        "John\tB-PER\nSmith\tI-PER\nsaid\tO\n\n"  # two columns
        "Acme S-ORG\nand O\nJo B-PER\nAnn E-PER\n"  # BIOES
        "\n"
        "Big I-ORG\nCo I-ORG\nBob I-PER\n"  # IOB1: I- opens a span after O or another label
    )
    rows = list(conll.read(io.BytesIO(plain.encode()), ReadContext(SCHEMA)))
    got = [(r.data["text"], r.labels[0].result["entities"]) for r in rows]
    assert got == [
        (
            "EU rejects German",
            [{"start": 0, "end": 2, "label": "ORG"}, {"start": 11, "end": 17, "label": "MISC"}],
        ),
        ("John Smith said", [{"start": 0, "end": 10, "label": "PER"}]),
        (
            "Acme and Jo Ann",
            [{"start": 0, "end": 4, "label": "ORG"}, {"start": 9, "end": 15, "label": "PER"}],
        ),
        ("Big Co Bob", [{"start": 0, "end": 6, "label": "ORG"}, {"start": 7, "end": 10, "label": "PER"}]),
    ]


def test_offsets_without_a_text_comment_keep_the_gaps() -> None:
    rows = list(conll.read(io.BytesIO(b"Hi\t0\tO\nthere\t5\tB-PER\n"), ReadContext(SCHEMA)))
    assert rows[0].data["text"] == "Hi   there"
    assert rows[0].labels[0].result["entities"] == [{"start": 5, "end": 10, "label": "PER"}]
    # a column of other digits (CoNLL-2003's POS, a superscript) is not an offset
    rows = list(conll.read(io.BytesIO("a\t\u00b2\tO\nb\tNN\tB-PER\n".encode()), ReadContext(SCHEMA)))
    assert rows[0].data["text"] == "a b"


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"# text = a b\na\t0\tO\nc\t2\tO\n", "line 3: token 'c' is not in '# text'"),
        (b"ok\tO\n\nlonely\n", "line 3: expected 'token<TAB>tag'"),
        (b"a\t0\tO\nb\t1\tO\n", "line 2: offset 1 overlaps the token before"),
        (
            b"# id = x\n# text = a\na\t0\tO\n\n# id = x\n# text = b\nb\t0\tO\n",
            "'x' again, with other data than at row 1",
        ),
        (b"ok\tO\n\xff\tO\n", "line 2 is not UTF-8"),
        (b"a\t999999999999\tO\n", "line 1: offset 999999999999 is beyond the longest text"),
    ],
)
def test_bad_conll_lines_are_refused_by_line(content: bytes, where: str) -> None:
    with pytest.raises(FormatError) as caught:
        list(conll.read(io.BytesIO(content), ReadContext(SCHEMA)))
    assert where in caught.value.message


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"spans": []}', "'text' string"),
        (b'{"text": "a", "spans": [{"start": 0, "end": "1", "label": "PER"}]}', "span 0 needs"),
        (b'{"text": "a", "meta": 3}', "'meta' must be an object"),
        (b"[1]", "'text' string"),
    ],
)
def test_bad_spacy_lines_are_refused_by_line(line: bytes, message: str) -> None:
    content = b'{"text": "fine"}\n\n' + line + b"\n"
    with pytest.raises(FormatError) as caught:
        list(spacy.read(io.BytesIO(content), ReadContext(SCHEMA)))
    assert caught.value.row == 3 and message in caught.value.message


def test_spacy_reads_doc_to_json_ents_and_skips_rejected_answers() -> None:
    lines = [
        {"text": "Ann left", "ents": [{"start": 0, "end": 3, "label": "PER"}], "tokens": [{"id": 0}]},
        {"text": "Bob", "spans": [{"start": 0, "end": 3, "label": "PER"}], "answer": "reject"},
        {"text": "Acme", "spans": [{"start": 0, "end": 4, "label": "ORG", "token_start": 0, "token_end": 0}]},
    ]
    body = b"\n".join(orjson.dumps(line) for line in lines)
    rows = list(spacy.read(io.BytesIO(body), ReadContext(SCHEMA)))
    assert [(r.number, r.data["text"], r.labels[0].result["entities"]) for r in rows] == [
        (1, "Ann left", [{"start": 0, "end": 3, "label": "PER"}]),
        (3, "Acme", [{"start": 0, "end": 4, "label": "ORG"}]),
    ]


@pytest.mark.parametrize("fmt", MODULES)
def test_a_project_without_spans_is_refused_with_its_code(fmt: str) -> None:
    for attempt in (
        lambda: next(MODULES[fmt].write([], WriteContext(NO_SPANS, "final", 1))),
        lambda: next(MODULES[fmt].read(io.BytesIO(b""), ReadContext(NO_SPANS))),
    ):
        with pytest.raises(InvalidInput) as caught:
            attempt()
        assert caught.value.code == ErrorCode.NO_MATCHING_CONTROL


def test_conll_refuses_labels_with_tabs_before_the_export_starts() -> None:
    tabbed = ProjectSchema.model_validate(
        {
            "fields": {"t": "text"},
            "controls": [{"name": "e", "type": "spans", "field": "t", "labels": ["a\tb"]}],
        }
    )
    with pytest.raises(InvalidInput, match="cannot hold tabs"):
        next(conll.write([], WriteContext(tabbed, "final", 1)))
