"""The labels a native goldlabel JSON/JSONL row carries: ``annotations`` in goldlabel's own
export shape and ``predictions``, shaped into ``RowLabels`` (the import service validates each
result against the schema and decides what they become).

An export of goldlabel re-imports as it is: its submitted annotations come back (drafts stay
out, as the export leaves them out by default), and the keys only an export writes (the
annotation's ``id``, ``version``, ``updated_at``) are read past. A Label Studio task, whose
``result`` is a list of regions, is refused with the way to import it.
"""

from __future__ import annotations

import math
from typing import Any

from goldlabel.formats.items import FormatError, RowLabels

LABEL_STUDIO_HINT = (
    "its {what} 'result' is a list, as Label Studio writes it: import the file with ?format=labelstudio"
)


LabelSets = tuple[RowLabels, ...]


def labels_from_object(number: int, obj: dict[str, Any]) -> tuple[LabelSets, LabelSets]:
    """(the row's submitted annotations, its predictions), from ``annotations``/``predictions``."""
    annotations = (_annotation(number, i, a) for i, a in enumerate(_listed(number, obj, "annotations"), 1))
    predictions = (_prediction(number, i, p) for i, p in enumerate(_listed(number, obj, "predictions"), 1))
    return tuple(a for a in annotations if a is not None), tuple(predictions)


def _listed(number: int, obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FormatError(number, f"'{key}' must be a list of objects")
    return value


def _result(number: int, what: str, entry: Any) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise FormatError(number, f"{what} must be an object with a 'result'")
    result = entry.get("result")
    if isinstance(result, list):
        raise FormatError(number, LABEL_STUDIO_HINT.format(what=what))
    if not isinstance(result, dict):
        raise FormatError(number, f"{what}: 'result' must be an object: control name -> value")
    return result


def _text(number: int, what: str, entry: dict[str, Any], key: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FormatError(number, f"{what}: '{key}' must be a text")
    return value


def _annotation(number: int, index: int, entry: Any) -> RowLabels | None:
    what = f"annotation {index}"
    result = _result(number, what, entry)
    status = entry.get("status", "submitted")
    if status not in ("submitted", "draft"):
        raise FormatError(number, f"{what}: 'status' must be 'submitted' or 'draft'")
    if status == "draft":
        return None
    lead = entry.get("lead_time_ms")
    if lead is not None and (isinstance(lead, bool) or not isinstance(lead, int)):
        raise FormatError(number, f"{what}: 'lead_time_ms' must be a whole number of milliseconds")
    return RowLabels(
        result=result,
        author=_text(number, what, entry, "author"),
        lead_time_ms=lead,
        created_at=_text(number, what, entry, "created_at"),
    )


def _prediction(number: int, index: int, entry: Any) -> RowLabels:
    what = f"prediction {index}"
    result = _result(number, what, entry)
    score = entry.get("score")
    if score is not None and not _finite(score):
        raise FormatError(number, f"{what}: 'score' must be a number")
    scores = entry.get("scores")
    if scores is not None and (not isinstance(scores, dict) or not all(_finite(s) for s in scores.values())):
        raise FormatError(number, f"{what}: 'scores' must be an object: control name -> number")
    return RowLabels(
        result=result,
        model=_text(number, what, entry, "model"),
        model_version=_text(number, what, entry, "model_version"),
        score=float(score) if score is not None else None,
        scores={k: float(v) for k, v in scores.items()} if scores else None,
    )


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
