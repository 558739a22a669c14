"""Label Studio JSON in both directions: read an export's tasks, write tasks and JSON-MIN.

Reading (format ``labelstudio``, chosen with ``?format=labelstudio``; the ``goldlabel
import-labelstudio`` command uses it by that name): a JSON list of Label Studio tasks
``{id, data, meta, annotations, predictions, …}``, streamed like goldlabel's own JSON lists
(``json_rows.read_json_objects``, same depth and token guards). Each task is one ``Row``:
``id`` its external id, ``data`` and ``meta`` as they are, each annotation one ``RowLabels``
(author: ``completed_by``'s email when the export holds the user object, else
``labelstudio-user-<id>``; ``lead_time`` seconds as ms; ``created_at``), each prediction one
``RowLabels`` (``model_version``, ``score``, per control the mean of its results' ``score``).
Cancelled (skipped) annotations hold no answer and are left out, as Label Studio's own
converters do. A task without ``data`` is a flat object of data (as Label Studio imports it;
``id`` is still the external id). Other task keys Label Studio writes (``inner_id``,
``drafts``, ``project`` …) are bookkeeping of that server and are not kept. Results convert
per control type in ``labelstudio_results``; a result that does not fit refuses the file
naming the task and the result.

Writing: ``labelstudio`` is a JSON list of tasks Label Studio imports — ``data``, ``meta``,
``annotations`` (every annotation with its author as ``completed_by: {email}``, and a gold
item's reference as a ``ground_truth`` annotation) and ``predictions`` (the final label per
item, ``score`` its mean confidence, each result's ``score`` its control's). Label Studio
resolves ``completed_by`` emails to its members and refuses unknown ones unless its
``ALLOW_IMPORT_TASKS_WITH_UNKNOWN_EMAILS`` is set: invite the annotators there first. JSON-MIN
(``labelstudio_min``) is written by ``formats/labelstudio_min.py`` from the same results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Iterable, Iterator, Mapping
from typing import IO, Any

import orjson

from goldlabel.core.errors import InvalidInput
from goldlabel.formats.items import FormatError, Row, RowLabels, make_row, row_from_object, task_external_id
from goldlabel.formats.json_rows import read_json_objects
from goldlabel.formats.labelsets import LabelSet, label_sets
from goldlabel.formats.labelstudio_results import convert_results
from goldlabel.formats.labelstudio_results_out import TRANSCRIPT_SUFFIX, WriteError, ls_results
from goldlabel.formats.labelstudio_values import ResultError, Target
from goldlabel.formats.registry import ExportItem, ReadContext, WriteContext

ANONYMOUS = "labelstudio-user-{}"
FINAL_MODEL = "goldlabel-final"


def read(stream: IO[bytes], context: ReadContext) -> Generator[Row, None, None]:
    for number, task in read_json_objects(stream):
        yield task_row(number, task, context)


def task_row(number: int, task: Any, context: ReadContext) -> Row:
    """One Label Studio task as a Row with its annotations and predictions, or a FormatError
    naming the row, the task and the result."""
    if not isinstance(task, dict):
        raise FormatError(number, "each Label Studio task must be an object")
    if "data" not in task:  # Label Studio imports a flat object as the task's data
        return row_from_object(number, task)
    if not isinstance(task["data"], dict):
        raise FormatError(number, "a task's 'data' must be an object")
    meta = task.get("meta") or {}
    if not isinstance(meta, dict):
        raise FormatError(number, "'meta' must be an object")
    row = make_row(number, task["data"], meta, task_external_id(number, task.get("id")))
    target = Target(context.schema, task["data"], context.media_size)
    where = f"task {task.get('id')}" if task.get("id") is not None else "the task"
    annotations = _list(number, task, "annotations") or _list(number, task, "completions")
    predictions = _list(number, task, "predictions")
    labels = tuple(
        _labels(number, f"{where}, annotation {_name(a, k)}", a, target, annotation=True)
        for k, a in enumerate(annotations)
        if not (a.get("was_cancelled") or a.get("skipped"))
    )
    predicted = tuple(
        _labels(number, f"{where}, prediction {_name(p, k)}", p, target, annotation=False)
        for k, p in enumerate(predictions)
    )
    return dataclasses.replace(row, labels=labels, predictions=predicted)


def _name(answer: Mapping[str, Any], index: int) -> str:
    """An annotation or prediction by its id, else by its place (#1 first) in the task."""
    return str(answer["id"]) if answer.get("id") is not None else f"#{index + 1}"


def _list(number: int, task: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    value = task.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise FormatError(number, f"'{key}' must be a list of objects")
    return value


def _labels(
    number: int, where: str, answer: Mapping[str, Any], target: Target, *, annotation: bool
) -> RowLabels:
    try:
        result, scores = convert_results(answer.get("result") or [], target)
    except ResultError as exc:
        raise FormatError(number, f"{where}: {exc}") from None
    created = answer.get("created_at")
    created_at = created if isinstance(created, str) else None
    if annotation:
        return RowLabels(
            result,
            author=_author(answer.get("completed_by")),
            lead_time_ms=_ms(answer.get("lead_time")),
            created_at=created_at,
        )
    version = answer.get("model_version")
    score = answer.get("score")
    return RowLabels(
        result,
        created_at=created_at,
        model_version=str(version) if version not in (None, "") else None,
        score=float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None,
        scores=scores or None,
    )


def _author(completed_by: Any) -> str | None:
    if isinstance(completed_by, dict):
        email = completed_by.get("email")
        if isinstance(email, str) and email:
            return email
        completed_by = completed_by.get("id")
    if completed_by is None or isinstance(completed_by, bool):
        return None
    return ANONYMOUS.format(completed_by)


def _ms(seconds: Any) -> int | None:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or not 0 <= seconds < 10**9:
        return None
    return round(seconds * 1000)


# ---- writing -------------------------------------------------------------------------------


def task_id(item: Mapping[str, Any]) -> int | str:
    """The file's id: the item's external id (a number when it is one), else goldlabel's id."""
    external = item.get("external_id")
    if external is None:
        return int(item["id"])
    return int(external) if external.lstrip("-").isdigit() else external


def results_of(
    item: Mapping[str, Any], context: WriteContext, result: Mapping[str, Any]
) -> list[dict[str, Any]]:
    try:
        return ls_results(context.schema, item["data"], result)
    except WriteError as exc:
        raise InvalidInput(f"item {item['id']}: {exc}; upload the media so it is measured") from None


def annotation_times(item: Mapping[str, Any], labelset: LabelSet) -> dict[str, Any]:
    """``created_at``, ``updated_at`` and ``lead_time`` (seconds) of a label set's annotation
    (None for a final label)."""
    source: Mapping[str, Any] = {}
    if labelset.kind == "annotation":
        source = next((a for a in item.get("annotations") or () if a.get("id") == labelset.annotation_id), {})
    lead = source.get("lead_time_ms")
    return {
        "created_at": source.get("created_at"),
        "updated_at": source.get("updated_at"),
        "lead_time": lead / 1000 if isinstance(lead, int | float) else None,
    }


def _is_gold(labelset: LabelSet) -> bool:
    return bool(labelset.method) and set(labelset.method.values()) == {"gold"}


def ls_task(item: Mapping[str, Any], context: WriteContext) -> dict[str, Any]:
    annotations: list[dict[str, Any]] = []
    predictions: list[dict[str, Any]] = []
    for labelset in label_sets(item, context.labels):
        results = results_of(item, context, labelset.result)
        if labelset.kind == "annotation":
            author = {"completed_by": {"email": labelset.author}} if labelset.author else {}
            annotations.append(
                {
                    "id": labelset.annotation_id,
                    **author,
                    "result": results,
                    "was_cancelled": False,
                    "ground_truth": False,
                    **annotation_times(item, labelset),
                }
            )
        elif _is_gold(labelset):
            annotations.append({"result": results, "was_cancelled": False, "ground_truth": True})
        else:
            for r in results:  # a transcript result (<control>_text) scores as its control
                name = r["from_name"]
                score = labelset.confidence.get(
                    name, labelset.confidence.get(name.removesuffix(TRANSCRIPT_SUFFIX))
                )
                if score is not None:
                    r["score"] = score
            confidences = list(labelset.confidence.values())
            predictions.append(
                {
                    "model_version": FINAL_MODEL,
                    "score": sum(confidences) / len(confidences) if confidences else None,
                    "result": results,
                }
            )
    return {
        "id": task_id(item),
        "data": item["data"],
        "meta": item.get("meta") or {},
        "annotations": annotations,
        "predictions": predictions,
    }


def write(items: Iterable[ExportItem], context: WriteContext) -> Iterator[bytes]:
    """A JSON list of Label Studio tasks; the first task goes out with the opening bracket, so a
    refusal about it is still an HTTP status."""
    return json_list(ls_task(item, context) for item in items)


def json_list(objects: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    opening = b"["
    for obj in objects:
        yield opening + b"\n" + orjson.dumps(obj)
        opening = b","
    yield (b"[" if opening == b"[" else b"") + b"\n]\n"
