"""GET /api/formats: every registry format with what the web UI builds its pickers from (which
way goldlabel moves it, its default labels, the file names an import recognises it by)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from goldlabel.formats.registry import FORMATS, format_from_filename
from tests.api.conftest import Api


def test_formats_list_every_registry_format_with_its_directions_and_suffixes(manager: Api) -> None:
    r = manager.get("/api/formats")
    assert r.status_code == 200, r.text
    listed: dict[str, Any] = {f["name"]: f for f in r.json()}
    assert list(listed) == list(FORMATS)
    for name, fmt in FORMATS.items():
        view = listed[name]
        assert view["imports"] is (fmt.read is not None) and view["exports"] is (fmt.write is not None)
        assert view["default_labels"] == fmt.default_labels and view["kind"] == fmt.kind
        assert view["suffixes"] == list(fmt.suffixes)
    readable = [f for f in listed.values() if f["imports"]]
    for suffix in {s for f in readable for s in f["suffixes"]}:
        # the import tab's guess (the longest suffix, the first listed on a tie) is the server's
        longest = max(len(s) for f in readable for s in f["suffixes"] if suffix.endswith(s))
        guess = next(
            f["name"]
            for f in readable
            if any(suffix.endswith(s) and len(s) == longest for s in f["suffixes"])
        )
        assert format_from_filename(f"data{suffix.upper()}").name == guess


def test_formats_need_a_session(app: Any) -> None:
    with TestClient(app) as anonymous:
        r = anonymous.get("/api/formats")
    assert r.status_code == 401
