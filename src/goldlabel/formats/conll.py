"""CoNLL import and export of a spans control: BIO (IOB2) tags on whitespace tokens, with the
character offsets kept so spans come back exactly.

Layout (UTF-8, one document per item and label set, a blank line between documents)::

    # id = news-1
    # text = John Smith\\nworks at Acme.
    John	0	B-PER
    Smith	5	I-PER
    works	11	O
    at	17	O
    Acme.	20	B-ORG

``# id``: the item's external id (its goldlabel id when it has none); ``# text``: the item's
text, with ``\\``, line feed and carriage return escaped as ``\\\\``, ``\\n``, ``\\r``; then one
line per token (maximal runs of non-whitespace, as ``str.split``): ``token<TAB>start<TAB>tag``,
``start`` the token's character offset, the tag last as CoNLL tools expect. With
``labels=annotations|both`` each annotation is a document of its own after the final one, with
the same id and ``# annotator = <email>``.

Spans that do not cover whole tokens are **widened** to the tokens they touch, and spans that
overlap a span already written (BIO has one tag per token) or touch no token are **dropped**;
each such change is written as a ``# note = …`` line of the document, so nothing changes
silently. Refusing instead would fail a streamed export after its first bytes (a broken
download, not a 422) for one sloppy span; the notes say exactly what moved.

Import reads this layout, and plain CoNLL too: two columns (``token tag``, tab- or
space-separated; a text rebuilt with single spaces), CoNLL-2003's four (tag last; offsets are
read only from an all-digit second column), ``-DOCSTART-`` lines as document breaks. Tags:
IOB2, IOB1 (an ``I-`` after another label starts a span), and BIOES (``S-``, ``E-``).
Comment lines start with ``# `` (a token ``#`` is followed by a tab). Consecutive documents
with one id are one item's answers (``# annotator`` names whose).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from goldlabel.core.limits import MAX_FIELD_CHARS, MAX_LINE_CHARS
from goldlabel.formats import answers, media_files
from goldlabel.formats.items import FormatError, Row, RowLabels, csv_external_id
from goldlabel.formats.labelsets import label_sets
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

HOLDS = "CoNLL holds spans on a text field"
TEXT_KINDS = frozenset({"text"})
_TOKEN = re.compile(r"\S+")
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "n": "\n", "r": "\r"}
_COMMENT = re.compile(r"^#\s*([A-Za-z_]+)\s*=\s?(.*)$")


def tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def escape(text: str) -> str:
    return re.sub(r"[\\\n\r]", lambda m: _ESCAPES[m[0]], text)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: _UNESCAPES.get(m[1], m[0]), text)


def bio_tags(
    text: str, spans: Iterable[dict[str, Any]]
) -> tuple[list[tuple[int, int]], list[str], list[str]]:
    """The text's tokens, their IOB2 tags, and a note per span that was widened or dropped."""
    toks = tokens(text)
    tags = ["O"] * len(toks)
    notes = []
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end, label = int(span["start"]), int(span["end"]), str(span["label"])
        first = _first_ending_after(toks, start)
        last = bisect.bisect_left(toks, end, lo=first, key=lambda t: t[0])  # first token at or after end
        touched = list(range(first, last))
        what = f"span [{start}, {end}) {label}"
        if not touched:
            notes.append(f"{what} dropped: it covers no token")
        elif any(tags[i] != "O" for i in touched):
            notes.append(f"{what} dropped: it overlaps a span already written")
        else:
            for i in touched:
                tags[i] = f"{'B' if i == touched[0] else 'I'}-{label}"
            widened = (toks[touched[0]][0], toks[touched[-1]][1])
            if widened != (start, end):
                notes.append(f"{what} widened to [{widened[0]}, {widened[1]}) to cover whole tokens")
    return toks, tags, notes


def _first_ending_after(toks: list[tuple[int, int]], offset: int) -> int:
    """Index of the first token ending after ``offset`` (tokens are sorted and disjoint)."""
    return bisect.bisect_right(toks, offset, key=lambda t: t[1])


def spans_from_tags(tags: list[str], offsets: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """Spans ``{start, end, label}`` from IOB2/IOB1/BIOES tags of tokens at ``offsets``."""
    spans: list[dict[str, Any]] = []
    open_label: str | None = None
    for tag, (start, end) in zip(tags, offsets, strict=True):
        prefix, _, label = tag.partition("-")
        if tag == "O" or not label:
            open_label = None
            continue
        if prefix in ("I", "E") and open_label == label:
            spans[-1]["end"] = end
        else:
            spans.append({"start": start, "end": end, "label": label})
        open_label = label if prefix in ("B", "I") else None
    return spans


def document(doc_id: str, text: str, spans: Any, author: str | None) -> bytes:
    toks, tags, notes = bio_tags(text, spans or ())
    lines = [f"# id = {doc_id}", f"# text = {escape(text)}"]
    lines += [f"# annotator = {author}"] if author else []
    lines += [f"# note = {note}" for note in notes]
    lines += [f"{text[s:e]}\t{s}\t{tag}" for (s, e), tag in zip(toks, tags, strict=True)]
    return ("\n".join(lines) + "\n\n").encode()


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    spec = media_files.pick_control(context.schema, "spans", TEXT_KINDS, HOLDS)
    media_files.refuse_labels(spec, r"[\t\n\r]", "a CoNLL tag cannot hold tabs or line breaks")
    for item in items:
        text = item["data"].get(spec.field)
        if not isinstance(text, str):
            continue
        doc_id = str(item.get("external_id") or item["id"])
        for labelset in label_sets(item, context.labels):
            if spec.name in labelset.result:
                author = labelset.author if labelset.kind == "annotation" else None
                yield document(doc_id, text, labelset.result[spec.name], author)


# --- reading --------------------------------------------------------------------------------


@dataclass
class _Doc:
    line: int
    comments: dict[str, str] = field(default_factory=dict)
    cells: list[tuple[int, list[str]]] = field(default_factory=list)


def _documents(stream: IO[bytes]) -> Iterator[_Doc]:
    doc: _Doc | None = None
    for n, raw in enumerate(iter(lambda: stream.readline(MAX_LINE_CHARS + 1), b""), start=1):
        if len(raw) > MAX_LINE_CHARS:
            raise FormatError(None, f"line {n} is longer than {MAX_LINE_CHARS} bytes")
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise FormatError(None, f"line {n} is not UTF-8 text") from None
        if not line.strip() or line.startswith("-DOCSTART-"):
            if doc is not None:
                yield doc
            doc = None
            continue
        doc = doc or _Doc(n)
        if line.startswith("# ") or line == "#":  # a comment; a token "#" is followed by a tab
            comment = _COMMENT.match(line)
            if comment:
                doc.comments[comment[1].lower()] = comment[2]
        else:
            doc.cells.append((n, line.split("\t") if "\t" in line else line.split()))
    if doc is not None:
        yield doc


def _text_and_spans(doc: _Doc) -> tuple[str, list[dict[str, Any]]]:
    given = unescape(doc.comments["text"]) if "text" in doc.comments else None
    offsets: list[tuple[int, int]] = []
    cursor, built = 0, ""
    for n, cells in doc.cells:
        if len(cells) < 2:
            raise FormatError(None, f"line {n}: expected 'token<TAB>tag' or 'token<TAB>start<TAB>tag'")
        token = cells[0]
        start = int(cells[1]) if len(cells) >= 3 and cells[1].isascii() and cells[1].isdigit() else None
        if start is not None and start > MAX_FIELD_CHARS:
            raise FormatError(
                None, f"line {n}: offset {start} is beyond the longest text ({MAX_FIELD_CHARS})"
            )
        if given is not None:
            start = given.find(token, cursor) if start is None else start
            if start < cursor or given[start : start + len(token)] != token:
                raise FormatError(None, f"line {n}: token {token!r} is not in '# text' at offset {start}")
        else:
            start = start if start is not None else cursor + (1 if offsets else 0)
            if start < cursor + (1 if offsets else 0):
                raise FormatError(None, f"line {n}: offset {start} overlaps the token before")
            built += " " * (start - len(built)) + token
        offsets.append((start, start + len(token)))
        cursor = start + len(token)
    text = given if given is not None else built
    return text, spans_from_tags([cells[-1] for _n, cells in doc.cells], offsets)


def read(stream: IO[bytes], context: ReadContext) -> Iterator[Row]:
    spec = media_files.pick_control(context.schema, "spans", TEXT_KINDS, HOLDS)
    yield from answers.rows(_answers(stream, spec.field, spec.name))


def _answers(stream: IO[bytes], field_name: str, control: str) -> Iterator[answers.Answer]:
    """One answer per document, numbered by document."""
    number = 0
    for doc in _documents(stream):
        if not doc.cells and "text" not in doc.comments:
            continue  # comments between documents
        number += 1
        try:
            text, spans = _text_and_spans(doc)
        except FormatError as exc:
            raise FormatError(number, exc.message) from None
        doc_id = doc.comments.get("id") or None
        yield answers.Answer(
            number,
            doc_id,
            {field_name: text},
            RowLabels({control: spans}, author=doc.comments.get("annotator") or None),
            external_id=csv_external_id(number, doc_id or ""),
        )
