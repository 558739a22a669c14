"""The ranking widget: drag an item into place, move items by keyboard, submit, and the stored
ranking checked through the API; an unranked control stays unanswered."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Server, api_client, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"prompt": "text"},
    "controls": [
        {"name": "best", "type": "ranking", "field": "prompt", "items": ["alpha", "beta", "gamma", "delta"]},
        {"name": "note", "type": "choices", "field": "prompt", "options": ["easy", "hard"]},
    ],
}


def _open(page, server: Server, api: httpx.Client, prompts: list[str]) -> int:  # type: ignore[no-untyped-def]
    r = api.post("/api/projects", json={"name": "Ranking", "schema": SCHEMA})
    r.raise_for_status()
    pid = int(r.json()["id"])
    api.post(f"/api/projects/{pid}/items", json=[{"prompt": p} for p in prompts]).raise_for_status()
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.wait_for_url(re.compile(r"/label$"))
    return pid


def _results(api: httpx.Client, pid: int) -> dict[str, Any]:
    out = {}
    for item in api.get(f"/api/projects/{pid}/items").json()["items"]:
        (annotation,) = api.get(f"/api/items/{item['id']}/annotations").json()
        assert annotation["status"] == "submitted"
        out[item["data"]["prompt"]] = annotation["result"]
    return out


def test_rank_by_drag_and_by_keyboard(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    pid = _open(page, server, api, ["first prompt", "second prompt", "third prompt"])
    ranking = page.locator('[data-control="best"]')
    entries = ranking.locator(".ranking-item")

    def order() -> list[str]:
        return [str(x) for x in entries.evaluate_all("els => els.map(e => e.dataset.item)")]

    done: list[str] = []
    for _ in range(3):
        prompt = page.locator('.field-card[data-field="prompt"]').inner_text().splitlines()[-1]
        ranking.get_by_text("Not ranked yet").wait_for()
        assert order() == ["alpha", "beta", "gamma", "delta"]
        if "first" in prompt:
            # drag delta onto alpha's place, then answer the other control
            ranking.locator('[data-item="delta"]').drag_to(ranking.locator('[data-item="alpha"]'))
            ranking.get_by_text("Ranked, best first.").wait_for()
            assert order() == ["delta", "alpha", "beta", "gamma"]
            page.keyboard.press("Tab")
            page.keyboard.press("2")
        elif "second" in prompt:
            # keyboard alone: select gamma (3 × ↓), move it up twice, then select delta and
            # move it up once; undo takes the last move back
            for key in ("ArrowDown", "ArrowDown", "ArrowDown", "Alt+ArrowUp", "Alt+ArrowUp"):
                page.keyboard.press(key)
            ranking.locator('.ranking-item[aria-current="true"][data-item="gamma"]').wait_for()
            assert order() == ["gamma", "alpha", "beta", "delta"]
            for key in ("ArrowDown", "ArrowDown", "ArrowDown", "Alt+ArrowUp"):
                page.keyboard.press(key)
            ranking.locator('[data-item="delta"]').and_(entries.nth(2)).wait_for()
            page.keyboard.press("Control+z")
            ranking.locator('[data-item="delta"]').and_(entries.nth(3)).wait_for()
        else:
            # the order shown is the annotator's answer only once they keep it (Space)
            page.keyboard.press("Space")
            ranking.get_by_text("Ranked, best first.").wait_for()
        page.keyboard.press("Enter")
        done.append(prompt)
        if len(done) < 3:
            page.locator('.field-card[data-field="prompt"]').filter(has_not_text=prompt).wait_for()
    page.get_by_role("heading", name="No more items").wait_for()

    assert _results(api, pid) == {
        "first prompt": {"best": ["delta", "alpha", "beta", "gamma"], "note": "hard"},
        "second prompt": {"best": ["gamma", "alpha", "beta", "delta"]},
        "third prompt": {"best": ["alpha", "beta", "gamma", "delta"]},
    }


def test_an_unranked_control_is_not_answered(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    api = api_client(server)
    pid = _open(page, server, api, ["only prompt"])
    page.locator('[data-control="best"]').get_by_text("Not ranked yet").wait_for()
    page.keyboard.press("Tab")
    page.keyboard.press("1")
    page.locator('.option.selected[data-option="easy"]').wait_for()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="No more items").wait_for()
    assert _results(api, pid) == {"only prompt": {"note": "easy"}}
