"""SubRip (SRT) import and export of a segments control: one file per media, one cue per segment
(``hh:mm:ss,mmm``, a ``label: `` prefix with several labels);
the grammar is ``formats/subtitles.py``, shared by both subtitle formats."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import IO

from goldlabel.formats import subtitles
from goldlabel.formats.items import Row
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext


def read(stream: IO[bytes], context: ReadContext) -> Iterator[Row]:
    yield from subtitles.read(stream, context, "srt")


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    yield from subtitles.write(items, context, "srt")
