"""Label Studio's own format converter (``label-studio-sdk``), run in a virtualenv of its own.

label-studio-sdk pins opencv-python-headless < 4.13, which pins numpy < 2.3: installed beside
goldlabel it would hold the project's numpy back. So the tests that check our Label Studio JSON
against Label Studio's converter build ``bench/.work/ls-sdk-venv`` once (git-ignored, like the
benchmarks' Label Studio) and run the converter there in a subprocess. When PyPI cannot be
reached the tests that need it are skipped with the reason; under ``CI=true`` they fail instead.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import venv
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

SDK_VERSION = "2.1.2"
WORK = Path(__file__).resolve().parents[1] / "bench" / ".work"
VENV = WORK / "ls-sdk-venv"
PYTHON = VENV / "bin" / "python"
READY = VENV / f".label-studio-sdk-{SDK_VERSION}"

# Converter(config, project_dir, download_resources=False): images are not fetched; COCO and
# YOLO take the image size from each result's original_width/original_height.
_CONVERT = """
import sys
from label_studio_sdk.converter import Converter

config, tasks, out, fmt = sys.argv[1:]
Converter(config=config, project_dir=None, download_resources=False).convert(tasks, out, fmt, is_dir=False)
"""


@cache
def _python() -> Path | str:
    """The virtualenv's python with label-studio-sdk, or why it could not be had."""
    WORK.mkdir(parents=True, exist_ok=True)
    with (WORK / "ls-sdk-venv.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # xdist workers build it once between them
        if READY.exists():
            return PYTHON
        venv.create(VENV, with_pip=True, clear=True)
        command = [str(PYTHON), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        try:
            done = subprocess.run(
                [*command, f"label-studio-sdk=={SDK_VERSION}"],
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"pip install label-studio-sdk=={SDK_VERSION} failed: {exc}"
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            return f"PyPI unreachable? pip install label-studio-sdk=={SDK_VERSION} failed: {last}"
        READY.touch()
        return PYTHON


_BRUSH = """
import json, sys
import numpy as np
from label_studio_sdk.converter.brush import decode_rle, mask2rle

job = json.load(sys.stdin)
if job["op"] == "decode":
    out = [(decode_rle(rle).reshape(h, w, 4)[:, :, 3] > 0).astype(int).tolist() for rle, h, w in job["items"]]
else:
    out = [mask2rle(np.array(mask, dtype=np.uint8) * 255) for mask in job["items"]]
    out = [[int(v) for v in rle] for rle in out]
json.dump(out, sys.stdout)
"""


def _sdk_python() -> Path:
    python = _python()
    if isinstance(python, str):
        if os.environ.get("CI") == "true":
            pytest.fail(python)
        pytest.skip(python)
    return python


def _brush(job: dict[str, Any]) -> list[Any]:
    done = subprocess.run(
        [str(_sdk_python()), "-c", _BRUSH],
        input=json.dumps(job),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    result: list[Any] = json.loads(done.stdout)
    return result


def sdk_decode_brush(rles: list[tuple[list[int], int, int]]) -> list[np.ndarray]:
    """Label Studio's own decoder (``brush.decode_rle``) on ``(rle, height, width)``s: the masks."""
    return [np.array(m, dtype=bool) for m in _brush({"op": "decode", "items": rles})]


def sdk_encode_brush(masks: list[np.ndarray]) -> list[list[int]]:
    """Label Studio's own encoder (``brush.mask2rle``) on boolean masks."""
    return _brush({"op": "encode", "items": [m.astype(int).tolist() for m in masks]})


def convert(config_xml: str, tasks_json: bytes, fmt: str, out: Path) -> subprocess.CompletedProcess[str]:
    """Run Label Studio's converter (``fmt``: COCO, YOLO, CSV, CONLL2003 …) on an export file;
    the converted files land in ``out``. Skips (fails under CI) without the virtualenv."""
    python = _sdk_python()
    out.mkdir(parents=True, exist_ok=True)
    config, tasks = out / "label_config.xml", out / "tasks.json"
    config.write_text(config_xml, encoding="utf-8")
    tasks.write_bytes(tasks_json)
    return subprocess.run(
        [str(python), "-c", _CONVERT, str(config), str(tasks), str(out), fmt],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONPATH": ""},
    )
