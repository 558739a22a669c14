"""One row per item from files that hold one answer per record (a CoNLL document, a spaCy or
manifest line): consecutive records with the same key (a document id, an audio path) are one
item's answers — the final label, then each annotator's, as the writers put them — and must
agree on the item's data. Shared by ``conll``, ``spacy`` and ``asr_manifest``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from goldlabel.formats.items import FormatError, Row, RowLabels, make_row


@dataclass(frozen=True, slots=True)
class Answer:
    number: int  # the record's line or document number, which names the row
    key: str | None  # records with one key in a row are one item's; None: an item of its own
    data: dict[str, Any]
    labels: RowLabels
    external_id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def rows(answers: Iterable[Answer]) -> Iterator[Row]:
    unique = itertools.count()
    for _key, group in itertools.groupby(answers, key=lambda a: a.key if a.key is not None else next(unique)):
        first, *more = group
        for other in more:
            if other.data != first.data:
                raise FormatError(
                    other.number,
                    f"{first.key!r} again, with other data than at row {first.number}: "
                    "give each item its own id",
                )
        made = make_row(first.number, first.data, first.meta, first.external_id)
        labels = (first.labels, *(a.labels for a in more))
        yield Row(made.number, made.data, made.data_json, made.meta_json, made.external_id, labels=labels)
