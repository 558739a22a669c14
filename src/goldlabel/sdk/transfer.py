"""Data in and out of a project through the SDK: uploads with a progress bar, streamed exports,
and the Parquet export read as a pandas DataFrame or a Hugging Face Dataset.

Everything goes up as a file: rows as JSON Lines, a DataFrame as Parquet (its columns read as
the Parquet format's: data, ids, meta, labels), a path as it is. A file is streamed from disk
in chunks (httpx reads it as it sends), so a large import holds no more than a chunk in memory;
rows and DataFrames are spooled to a temporary file first (in memory up to ``SPOOL_BYTES``).
pandas, pyarrow and ``datasets`` are imported by the calls that need them.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import orjson

from goldlabel.sdk.http import Http
from goldlabel.sdk.models import ImportResult

if TYPE_CHECKING:
    import datasets
    import pandas
    from rich.progress import Progress, TaskID

SPOOL_BYTES = 8 << 20
CHUNK_BYTES = 1 << 16


class _Counted:
    """A binary file that advances a progress bar as httpx reads it for the upload."""

    def __init__(self, raw: IO[bytes], progress: Progress, task: TaskID) -> None:
        self._raw, self._progress, self._task = raw, progress, task

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._progress.advance(self._task, len(data))
        return data

    def fileno(self) -> int:  # httpx sizes the upload (Content-Length) from the file
        return self._raw.fileno()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()


def progress_bar(show: bool | None, description: str) -> Progress:
    """A bar on stderr; ``show=None``: only when stderr is a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    visible = sys.stderr.isatty() if show is None else show
    columns = (TextColumn(description), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    return Progress(*columns, console=Console(stderr=True), disable=not visible)


def _spooled_rows(rows: Iterable[Mapping[str, Any]], stack: ExitStack) -> IO[bytes]:
    spool = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))  # noqa: SIM115
    for row in rows:
        spool.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE | orjson.OPT_SERIALIZE_NUMPY))
    spool.seek(0)
    return spool


def _spooled_frame(frame: pandas.DataFrame, stack: ExitStack) -> IO[bytes]:
    spool = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))  # noqa: SIM115
    frame.to_parquet(spool, index=False, engine="pyarrow")
    spool.seek(0)
    return spool


def import_items(
    api: Http,
    project_id: int,
    source: Any,
    *,
    format: str | None,
    labels_as: str,
    on_duplicate: str,
    gold_set: str | None,
    progress: bool | None,
) -> ImportResult:
    params: dict[str, Any] = {"labels_as": labels_as, "on_duplicate": on_duplicate}
    if gold_set is not None:
        params["gold_set"] = gold_set
    with ExitStack() as stack:
        if isinstance(source, str | Path):
            path = Path(source)
            stream: IO[bytes] = stack.enter_context(path.open("rb"))
            name = path.name
        elif _is_frame(source):
            stream, name, format = _spooled_frame(source, stack), "items.parquet", format or "parquet"
        else:
            stream, name, format = _spooled_rows(source, stack), "items.jsonl", format or "jsonl"
        if format is not None:
            params["format"] = format
        size = stream.seek(0, 2)
        stream.seek(0)
        bar = stack.enter_context(progress_bar(progress, "import"))
        task = bar.add_task("import", total=size)
        upload = _Counted(stream, bar, task)
        return api.typed(
            ImportResult, "POST", f"/api/projects/{project_id}/items", params=params,
            files={"file": (name, upload)}, timeout=api.unbounded_read(),
        )  # fmt: skip


def _is_frame(source: Any) -> bool:
    """A pandas DataFrame, told without importing pandas (rows need not)."""
    return type(source).__module__.startswith("pandas") and hasattr(source, "to_parquet")


def _export_params(fmt: str, labels: str | None, include_drafts: bool, gold: bool) -> dict[str, Any]:
    params: dict[str, Any] = {"format": fmt, "gold": "only" if gold else "exclude"}
    if labels is not None:
        params["labels"] = labels
    if include_drafts:
        params["include_drafts"] = "true"
    return params


def export(
    api: Http,
    project_id: int,
    fmt: str,
    *,
    labels: str | None,
    path: str | Path | IO[bytes] | None,
    include_drafts: bool,
    gold: bool,
) -> bytes | Path | None:
    params = _export_params(fmt, labels, include_drafts, gold)
    path_ = f"/api/projects/{project_id}/export"
    with api.stream("GET", path_, params=params, timeout=api.unbounded_read()) as response:
        if path is None:
            return response.read()
        if not isinstance(path, str | Path):
            for chunk in response.iter_bytes(CHUNK_BYTES):
                path.write(chunk)
            return None
        target = Path(path)
        partial = target.with_name(target.name + ".part")  # a failed download leaves no half file
        try:
            with partial.open("wb") as out:
                for chunk in response.iter_bytes(CHUNK_BYTES):
                    out.write(chunk)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return target


def rows(api: Http, project_id: int, *, labels: str, gold: bool) -> Iterator[dict[str, Any]]:
    params = _export_params("jsonl", labels, False, gold)
    path_ = f"/api/projects/{project_id}/export"
    with api.stream("GET", path_, params=params, timeout=api.unbounded_read()) as response:
        for line in response.iter_lines():
            if line:
                yield orjson.loads(line)


def _parquet_table(api: Http, project_id: int, labels: str, gold: bool) -> Any:
    import pyarrow.parquet as pq

    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        export(api, project_id, "parquet", labels=labels, path=spool, include_drafts=False, gold=gold)
        spool.seek(0)
        return pq.read_table(spool)


def to_pandas(api: Http, project_id: int, *, labels: str, gold: bool) -> pandas.DataFrame:
    try:
        import pandas  # noqa: F401  (a clear error before the download)
    except ImportError:
        raise ImportError("project.to_pandas() needs pandas: pip install pandas pyarrow") from None
    return _parquet_table(api, project_id, labels, gold).to_pandas()


def to_datasets(api: Http, project_id: int, *, labels: str, gold: bool) -> datasets.Dataset:
    try:
        import datasets
    except ImportError:
        raise ImportError("project.to_datasets() needs Hugging Face datasets: pip install datasets") from None
    return datasets.Dataset(_parquet_table(api, project_id, labels, gold))
