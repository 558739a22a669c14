"""One imported row as it will be stored, whatever file it came from, or a FormatError naming it.

A row's ``id`` (Label Studio's task id; a CSV column ``id``; the ``id`` key of a flat object)
is its external id: the item keeps it, and importing the same id into a project again is a
duplicate. Data and meta are serialised here, so a row that orjson or the database could not
store (nested too deep, an integer beyond 64 bits, a lone surrogate) is refused by number at
the edge instead of failing later.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

import orjson

from goldlabel.core.json_guard import nests_deeper
from goldlabel.core.limits import MAX_EXTERNAL_ID_CHARS, MAX_FIELD_CHARS, MAX_JSON_DEPTH

ID_KEY = "id"
GOLD_KEY = "gold"
EXTERNAL_ID_KEY = "external_id"
LABEL_KEYS = frozenset({"annotations", "predictions"})
# Keys only goldlabel's own export writes beside ``data``: read past (``consensus`` is derived).
EXPORT_KEYS = frozenset({EXTERNAL_ID_KEY, "consensus"})
TASK_KEYS = frozenset({"data", "meta", ID_KEY, GOLD_KEY}) | LABEL_KEYS | EXPORT_KEYS
GOLD_KEYS = frozenset({"result", "explanations", "set"})
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
_ID_RANGE = range(-(2**63), 2**63)  # Label Studio's task ids are 64-bit integers


class FormatError(ValueError):
    """A file or row that cannot be imported; ``row`` is 1-based (None: the file as a whole)."""

    def __init__(self, row: int | None, message: str) -> None:
        super().__init__(f"row {row}: {message}" if row else message)
        self.row = row
        self.message = message


@dataclass(frozen=True, slots=True)
class RowLabels:
    """One answer a file holds for a row, in goldlabel's shape (control name -> stored value):
    a person's annotation (``author``: an email, or the name the other tool gave), or a model's
    prediction (``model``, ``model_version``, an overall ``score`` and ``scores`` per control).
    The import service checks ``result`` against the schema; readers only shape it."""

    result: dict[str, Any]
    author: str | None = None
    lead_time_ms: int | None = None
    created_at: str | None = None  # ISO 8601, as the file gave it
    model: str | None = None
    model_version: str | None = None
    score: float | None = None
    scores: dict[str, float] | None = None


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    data: dict[str, Any]
    data_json: str
    meta_json: str
    external_id: str | None
    # ``{"result": {...}, "explanations": {...}, "set": str}`` in shape only: the import service
    # checks it against the schema and the gold sets.
    gold: dict[str, Any] | None = None
    # What the file holds as people's labels (Label Studio's ``annotations``, a COCO file's
    # regions, a CoNLL file's tags …): the import's ``labels_as`` makes them annotations,
    # predictions or gold. ``predictions`` are a model's, always stored as predictions.
    labels: tuple[RowLabels, ...] = ()
    predictions: tuple[RowLabels, ...] = ()


def row_from_object(number: int, obj: Any) -> Row:
    """``{"id"?, "data": {...}, "meta"?: {...}, "gold"?: {...}, "annotations"?: [...],
    "predictions"?: [...]}`` (Label Studio's task shape, plus the item's gold) or a flat object
    whose keys, but ``id``, are the data. A row of goldlabel's own export names its item's
    ``external_id`` beside goldlabel's ``id``: the external id is the row's id then, so an export
    re-imports as the same items."""
    if not isinstance(obj, dict):
        raise FormatError(number, "each item must be a JSON object")
    exported = EXTERNAL_ID_KEY in obj and isinstance(obj.get("data"), dict)
    external_id = _external_id(number, obj.get(EXTERNAL_ID_KEY if exported else ID_KEY))
    if not isinstance(obj.get("data"), dict):
        return make_row(number, {k: v for k, v in obj.items() if k != ID_KEY}, {}, external_id)
    extra = set(obj) - TASK_KEYS
    if extra:
        raise FormatError(number, f"unexpected key(s) {sorted(extra)} beside 'data'")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise FormatError(number, "'meta' must be an object")
    row = make_row(number, obj["data"], meta, external_id)
    gold = obj.get(GOLD_KEY)
    if gold is not None:
        row = dataclasses.replace(row, gold=_gold(number, gold))
    if LABEL_KEYS & obj.keys():
        # Imported here: native_labels builds RowLabels of this module.
        from goldlabel.formats.native_labels import labels_from_object

        labels, predictions = labels_from_object(number, obj)
        row = dataclasses.replace(row, labels=labels, predictions=predictions)
    return row


def _gold(number: int, gold: Any) -> dict[str, Any]:
    if not isinstance(gold, dict) or not isinstance(gold.get("result"), dict):
        raise FormatError(number, "'gold' must be an object with a 'result' object, 'explanations' and 'set'")
    extra = set(gold) - GOLD_KEYS
    if extra:
        raise FormatError(number, f"unexpected key(s) {sorted(extra)} in 'gold'")
    if not isinstance(gold.get("set"), str):
        raise FormatError(number, "'gold' needs a 'set': practice, exam, honeypot or example")
    explanations = gold.get("explanations") or {}
    if not isinstance(explanations, dict):
        raise FormatError(number, "'gold.explanations' must be an object: control name -> text")
    _storable(number, "gold", gold)
    return {"result": gold["result"], "explanations": explanations, "set": gold["set"]}


def make_row(number: int, data: dict[str, Any], meta: dict[str, Any], external_id: str | None) -> Row:
    for name, value in data.items():
        if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
            raise FormatError(
                number, f"field {name!r} has {len(value)} characters; at most {MAX_FIELD_CHARS}"
            )
    return Row(number, data, _storable(number, "data", data), _storable(number, "meta", meta), external_id)


def csv_external_id(number: int, cell: str) -> str | None:
    """A CSV cell cannot be null: an empty ``id`` cell means the row has no id."""
    return _external_id(number, cell) if cell else None


def _external_id(number: int, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value in _ID_RANGE:
        return str(value)
    if not isinstance(value, str) or not value or len(value) > MAX_EXTERNAL_ID_CHARS:
        raise FormatError(
            number, f"'id' must be a whole number or a text of 1 to {MAX_EXTERNAL_ID_CHARS} characters"
        )
    if _CONTROL_CHARS.search(value):
        raise FormatError(number, "'id' must not contain control characters (tabs, line breaks, NUL…)")
    return value


def _storable(number: int, what: str, value: dict[str, Any]) -> str:
    try:
        text = orjson.dumps(value)
    except orjson.JSONEncodeError as exc:
        raise FormatError(number, f"{what} cannot be stored: {exc}") from None
    if nests_deeper(text):
        raise FormatError(number, f"{what} nests deeper than {MAX_JSON_DEPTH} levels")
    return text.decode()
