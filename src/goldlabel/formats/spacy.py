"""spaCy / Prodigy JSON Lines of a spans control: ``{"id", "text", "spans": [{"start", "end",
"label"}], "meta"}`` per line, the shape ``Doc.char_span`` and Prodigy's ``db-in`` take.

Export: one line per item and label set; ``id`` the item's external id (its goldlabel id when
it has none), ``meta`` the item's meta, spans as character offsets, end exclusive (no
``tokens``: they depend on the tokenizer the reader uses, and ``Doc.char_span`` needs none).
An annotation's line (``labels=annotations|both``) carries Prodigy's ``_annotator_id``.

Import: the same, plus spaCy's ``Doc.to_json()`` shape (``ents`` instead of ``spans``);
``tokens`` and the spans' ``token_start``/``token_end`` are ignored; Prodigy lines whose
``answer`` is ``reject`` or ``ignore`` are left out (they are not labels). Consecutive lines
with the same ``id`` are one item's answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO, Any

import orjson

from goldlabel.formats import answers, media_files
from goldlabel.formats.items import FormatError, Row, RowLabels, csv_external_id
from goldlabel.formats.json_rows import json_lines
from goldlabel.formats.labelsets import label_sets
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

HOLDS = "spaCy JSONL holds spans on a text field"
TEXT_KINDS = frozenset({"text"})


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    spec = media_files.pick_control(context.schema, "spans", TEXT_KINDS, HOLDS)
    for item in items:
        text = item["data"].get(spec.field)
        if not isinstance(text, str):
            continue
        head = {"id": item.get("external_id") or str(item["id"]), "text": text}
        for labelset in label_sets(item, context.labels):
            if spec.name not in labelset.result:
                continue
            spans = [
                {"start": s["start"], "end": s["end"], "label": s["label"]}
                for s in labelset.result[spec.name]
            ]
            line = {**head, "spans": spans, "meta": item.get("meta") or {}}
            if labelset.kind == "annotation":
                line["_annotator_id"] = labelset.author
            yield orjson.dumps(line) + b"\n"


def _line(number: int, obj: Any) -> tuple[str | None, str, dict[str, Any], list[dict[str, Any]], str | None]:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise FormatError(number, "each line is an object with a 'text' string and its 'spans'")
    spans = obj.get("spans", obj.get("ents", []))
    if not isinstance(spans, list) or not all(isinstance(s, dict) for s in spans):
        raise FormatError(number, "'spans' must be a list of {start, end, label}")
    out = []
    for i, s in enumerate(spans):
        if not (
            isinstance(s.get("start"), int)
            and isinstance(s.get("end"), int)
            and isinstance(s.get("label"), str)
        ):
            raise FormatError(number, f"span {i} needs whole-number 'start' and 'end' and a 'label'")
        out.append({"start": s["start"], "end": s["end"], "label": s["label"]})
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise FormatError(number, "'meta' must be an object")
    doc_id, author = obj.get("id"), obj.get("_annotator_id")
    if doc_id is not None and not isinstance(doc_id, str | int):
        raise FormatError(number, "'id' must be a string or a whole number")
    return (
        (None if doc_id is None else str(doc_id)),
        obj["text"],
        meta,
        out,
        author if isinstance(author, str) else None,
    )


def read(stream: IO[bytes], context: ReadContext) -> Iterator[Row]:
    spec = media_files.pick_control(context.schema, "spans", TEXT_KINDS, HOLDS)
    yield from answers.rows(_answers(stream, spec.field, spec.name))


def _answers(stream: IO[bytes], field_name: str, control: str) -> Iterator[answers.Answer]:
    for number, obj in json_lines(stream):
        if isinstance(obj, dict) and obj.get("answer") in ("reject", "ignore"):
            continue
        doc_id, text, meta, spans, author = _line(number, obj)
        yield answers.Answer(
            number,
            doc_id,
            {field_name: text},
            RowLabels({control: spans}, author=author),
            external_id=csv_external_id(number, doc_id or ""),
            meta=meta,
        )
