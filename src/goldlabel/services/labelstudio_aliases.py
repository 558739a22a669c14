"""Label Studio's ``alias``es undone on import: a project made from a Label Studio config shows
each ``<Choice>``/``<Label>``'s ``value``, but Label Studio's results store its ``alias``.

Any Label Studio file imported into such a project (``POST /items?format=labelstudio``, or the
``import-labelstudio`` migration) gets its rows' labels and predictions mapped back to the
labels the schema holds (``controls.labelstudio.unalias``) before the import validates them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Mapping
from typing import IO

from goldlabel.controls.labelstudio import LabelConfigError, schema_from_label_config, unalias
from goldlabel.formats.items import Row, RowLabels
from goldlabel.formats.registry import FileFormat, ReadContext


def config_aliases(label_config: str | None) -> dict[str, dict[str, str]]:
    """control -> {alias: shown label} of a project's stored config (none without one)."""
    if not label_config:
        return {}
    try:
        return schema_from_label_config(label_config).aliases
    except LabelConfigError:  # stored configs converted when saved; an old one may not any more
        return {}


def unaliased(fmt: FileFormat, label_config: str | None) -> FileFormat:
    """The format, with a reader whose rows carry the shown labels instead of Label Studio's
    aliases when it reads Label Studio files into a project whose config has aliases."""
    read = fmt.read
    aliases = config_aliases(label_config) if fmt.kind == "labelstudio" and read is not None else {}
    if not aliases or read is None:
        return fmt

    def read_unaliased(stream: IO[bytes], context: ReadContext) -> Generator[Row, None, None]:
        rows = read(stream, context)
        try:
            for row in rows:
                labels, predictions = (
                    _mapped(row.labels, aliases, context),
                    _mapped(row.predictions, aliases, context),
                )
                yield dataclasses.replace(row, labels=labels, predictions=predictions)
        finally:
            rows.close()

    return dataclasses.replace(fmt, read=read_unaliased)


def _mapped(
    sets: tuple[RowLabels, ...], aliases: Mapping[str, Mapping[str, str]], context: ReadContext
) -> tuple[RowLabels, ...]:
    return tuple(dataclasses.replace(s, result=unalias(s.result, aliases, context.schema)) for s in sets)
