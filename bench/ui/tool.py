"""What the UI benchmark needs from each tool it drives (goldlabel_app, labelstudio_app)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol


class UITool(Protocol):
    name: str
    work: Path
    #: kind ("image" | "audio" | "video") → the labeling page's URL, filled by ``setup``.
    pages: dict[str, str]
    #: kind → seconds its upload took, filled by ``setup``.
    upload_s: dict[str, float]
    #: JavaScript run before the page's own scripts, beside the probes' (a tool-specific hook).
    extra_init: str
    #: The key that steps the video one frame forward.
    step_key: str

    def version(self) -> str: ...
    def start(self) -> float: ...
    def stop(self) -> None: ...
    def setup(self, media: dict[str, Path], kinds: list[str]) -> None: ...
    def login(self, context: Any) -> None: ...
    def ready(self, kind: str) -> str:
        """A JavaScript expression, true once the page of ``kind`` is ready (see probes)."""
        ...

    def frame(self) -> str:
        """A JavaScript expression: the video frame the page shows (-1 for none yet)."""
        ...

    def before_steps(self, page: Any) -> None: ...
    def image_box(self, page: Any) -> dict[str, float]: ...
    def zoom_in(self, page: Any, factor: float) -> float:
        """Zoom at the pointer to ≥ ``factor`` × the fitted scale; the factor reached."""
        ...

    def pan_down(self, page: Any) -> None: ...
    def pan_up(self, page: Any) -> None: ...
