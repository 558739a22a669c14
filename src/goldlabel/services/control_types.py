"""The control types the server knows, and which of them the built web UI can draw.

The server's registry says what a schema may hold; only the web UI knows which of those it has a
widget for. The UI's build writes ``widgets.json`` beside its pages (frontend/scripts/
widgetManifest.ts, from the UI's own registry), so ``GET /api/control-types`` never claims a
control the UI cannot draw. Without a UI build there is no manifest: every ``widget`` is false
and ``ui_built`` says why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from pydantic import BaseModel, ValidationError

from goldlabel.controls.registry import CONTROL_TYPES
from goldlabel.services.views import View

MANIFEST_NAME = "widgets.json"
log = logging.getLogger(__name__)


class _Manifest(BaseModel):
    """What the UI build writes: control type -> the surface kinds its layers draw on ([] for a
    widget drawn beside the data or in place of a text field), and the media surfaces it has."""

    widgets: dict[str, list[str]]
    surfaces: list[str]


@dataclass(frozen=True, slots=True)
class UiWidgets:
    """The built UI's widgets, read from its manifest; ``built`` is False without one."""

    built: bool
    widgets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    surfaces: tuple[str, ...] = ()


class ControlTypeView(View):
    type: str
    # The field kinds a control of this type may label (the server's rule).
    field_kinds: list[str]
    # Whether the built web UI has a widget for it.
    widget: bool
    # The media surfaces (image, audio, video) its widget draws on; [] for a widget shown beside
    # the data or in place of a text field.
    surfaces: list[str]
    # False when no web UI build was found: then no widget is known and `widget` is false.
    ui_built: bool


def read_ui_widgets(static_dir: Path) -> UiWidgets:
    """The manifest in the UI's build folder; a missing or unreadable one means no widgets."""
    path = static_dir / MANIFEST_NAME
    try:
        manifest = _Manifest.model_validate(orjson.loads(path.read_bytes()))
    except FileNotFoundError:
        return UiWidgets(built=False)
    except (OSError, orjson.JSONDecodeError, ValidationError) as exc:
        log.warning("ignoring the web UI's widget manifest %s: %s", path, exc)
        return UiWidgets(built=False)
    widgets = {name: tuple(kinds) for name, kinds in manifest.widgets.items()}
    return UiWidgets(built=True, widgets=widgets, surfaces=tuple(manifest.surfaces))


def control_types(ui: UiWidgets) -> list[ControlTypeView]:
    """Every registered control type, in the registry's order, with what the UI draws of it."""
    return [
        ControlTypeView(
            type=name,
            field_kinds=sorted(ct.field_kinds),
            widget=name in ui.widgets,
            surfaces=list(ui.widgets.get(name, ())),
            ui_built=ui.built,
        )
        for name, ct in CONTROL_TYPES.items()
    ]
