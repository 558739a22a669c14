"""Label Studio's own labeling templates, read from its PyPI wheel (downloaded, never installed).

Label Studio 1.23.2 ships 69 templates as ``label_studio/annotation_templates/**/config.yml``
(title, group and the XML ``config``). The wheel is fetched once with ``pip download --no-deps``
into bench/.work/wheels (git-ignored, shared with the benchmarks' cache) and read as a zip; when
PyPI cannot be reached the tests that need it are skipped with the reason.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from goldlabel.controls.labelstudio import schema_from_label_config
from goldlabel.controls.registry import CONTROL_TYPES
from goldlabel.controls.schema import MEDIA_KINDS, ProjectSchema

LS_VERSION = "1.23.2"
WHEEL_DIR = Path(__file__).resolve().parents[1] / "bench" / ".work" / "wheels"
WHEEL = WHEEL_DIR / f"label_studio-{LS_VERSION}-py3-none-any.whl"
TEMPLATES_DIR = "label_studio/annotation_templates/"


@dataclass(frozen=True)
class LsTemplate:
    path: str  # e.g. "computer-vision/keypoints"
    title: str
    config: str


@cache
def _wheel() -> Path | str:
    """The wheel's path, or why it could not be had."""
    if WHEEL.exists():
        return WHEEL
    WHEEL_DIR.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pip", "download", f"label-studio=={LS_VERSION}", "--no-deps"]
    command += ["--only-binary=:all:", "--disable-pip-version-check", "-d", str(WHEEL_DIR)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"pip download label-studio=={LS_VERSION} failed: {exc}"
    if done.returncode != 0 or not WHEEL.exists():
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"PyPI unreachable? pip download label-studio=={LS_VERSION} failed: {last}"
    return WHEEL


def ls_templates() -> list[LsTemplate]:
    """Every template in the wheel, in path order; skips the calling test without the wheel."""
    yaml = pytest.importorskip("yaml", reason="PyYAML (a uvicorn[standard] dependency) reads config.yml")
    wheel = _wheel()
    if isinstance(wheel, str):
        pytest.skip(wheel)
    found = []
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            if name.startswith(TEMPLATES_DIR) and name.endswith("/config.yml"):
                doc = yaml.safe_load(archive.read(name))
                path = name.removeprefix(TEMPLATES_DIR).removesuffix("/config.yml")
                found.append(LsTemplate(path=path, title=doc["title"], config=doc["config"]))
    return found


def converted() -> dict[str, ProjectSchema]:
    """The templates goldlabel's converter maps onto a valid schema, by path."""
    schemas = {}
    for t in ls_templates():
        try:
            schemas[t.path] = ProjectSchema.model_validate(schema_from_label_config(t.config).schema)
        except ValueError:  # LabelConfigError, or a pydantic ValidationError
            continue
    return schemas


def draws_on_media(control_type: str) -> bool:
    """Types that exist only on media (boxes, segments…) need a layer on a surface; the others
    (choices, text…) are cards beside the field, which the page shows as a plain image, audio or
    video element when no control draws on it."""
    return CONTROL_TYPES[control_type].field_kinds <= MEDIA_KINDS
