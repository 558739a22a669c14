"""The Quality tab in a real browser: three annotators submit through the API, then the manager
opens the tab and sees one agreement row per control, a scorecard per annotator, and the
majority value in the consensus table, with annotator text shown as text.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Server, cli, login

pytestmark = pytest.mark.e2e

XSS = "<img src=x onerror=alert(1)>"
SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "options": ["positive", "negative", "neutral"],
        },
        {"name": "stars", "type": "rating", "field": "text", "min": 1, "max": 5},
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG"]},
        {"name": "note", "type": "text", "field": "text"},
    ],
    "overlap": 3,
}
BASE = [
    "Ada Lovelace loved the engine.",
    "Acme Corp shipped late again.",
    "Grace Hopper found a moth.",
    "The weather is fine.",
]
# 12 items (three rounds of the four texts): enough for every rate to clear the minimum sample
TEXTS = [f"{text} ({n})" for n in range(3) for text in BASE]
# annotator index -> base text -> sentiment. The first two always agree; the third disagrees on
# all but the last text, so the majority is the first two's answer and the third scores lowest.
_SENTIMENT = {
    0: dict(zip(BASE, ["positive", "negative", "neutral", "neutral"], strict=True)),
    1: dict(zip(BASE, ["positive", "negative", "neutral", "neutral"], strict=True)),
    2: dict(zip(BASE, ["negative", "positive", "positive", "neutral"], strict=True)),
}
SENTIMENT = {i: {t: by_base[BASE[n % 4]] for n, t in enumerate(TEXTS)} for i, by_base in _SENTIMENT.items()}
STARS = {t: [5, 2, 3, 4][n % 4] for n, t in enumerate(TEXTS)}
LAST = {t for n, t in enumerate(TEXTS) if n % 4 == 3}  # the texts everyone agrees on
ANNOTATORS = [f"quality-ann{i}@example.org" for i in range(3)]
PASSWORD = "quality-pass-123"


@contextmanager
def _client(server: Server, email: str, password: str) -> Iterator[httpx.Client]:
    """An API client logged in as `email` (session cookie + CSRF header, like the web UI)."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        client.post("/api/auth/login", json={"email": email, "password": password}).raise_for_status()
        client.headers["X-CSRF-Token"] = client.cookies["goldlabel_csrf"]
        yield client


def _result(annotator: int, text: str) -> dict[str, Any]:
    first_word = text.split()[0]
    span = {"start": 0, "end": len(first_word), "label": "ORG" if first_word == "Acme" else "PER"}
    return {
        "sentiment": SENTIMENT[annotator][text],
        "stars": STARS[text] if annotator < 2 or text in LAST else 1,
        "entities": [span] if annotator < 2 or text in LAST else [],
        # annotator text with markup in it: the consensus (the medoid) is that text
        "note": XSS if annotator < 2 or text not in LAST else "fine",
    }


_CREATED: set[tuple[Path, str]] = set()


def _set_up(server: Server, texts: list[str] = TEXTS, name: str = "Quality e2e") -> int:
    for email in ANNOTATORS:
        if (server.data_dir, email) not in _CREATED:  # the server (and its users) outlive a test
            cli("user", "create", email, "--password-stdin", data_dir=server.data_dir, input=f"{PASSWORD}\n")
            _CREATED.add((server.data_dir, email))
    with _client(server, server.admin_email, server.admin_password) as admin:
        project = admin.post("/api/projects", json={"name": name, "schema": SCHEMA})
        project.raise_for_status()
        pid = int(project.json()["id"])
        for email in ANNOTATORS:
            admin.post(
                f"/api/projects/{pid}/members", json={"email": email, "role": "annotator"}
            ).raise_for_status()
        admin.post(f"/api/projects/{pid}/items", json=[{"text": t} for t in texts]).raise_for_status()
    for i, email in enumerate(ANNOTATORS):
        with _client(server, email, PASSWORD) as ann:
            [invitation] = ann.get("/api/invitations").json()
            ann.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()
            submitted = 0
            while True:
                nxt = ann.get(f"/api/projects/{pid}/next")
                if nxt.status_code == 204:
                    break
                nxt.raise_for_status()
                item = nxt.json()
                body = {
                    "result": _result(i, item["data"]["text"]),
                    "status": "submitted",
                    "lead_time_ms": 1500 + i,
                }
                ann.post(f"/api/items/{item['id']}/annotations", json=body).raise_for_status()
                submitted += 1
            assert submitted == len(texts)
            assert ann.get(f"/api/projects/{pid}/agreement").status_code == 403  # annotators may not look
    return pid


def test_quality_page(page, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pid = _set_up(server)
    page.goto(f"{server.url}/login")
    login(page, server)
    page.wait_for_url(re.compile(r"/projects$|/$"))
    page.goto(f"{server.url}/projects/{pid}/quality")

    # (1) the agreement plot: one row per control, each with a spoken summary
    plot = page.get_by_test_id("agreement-plot")
    plot.wait_for()
    rows = plot.get_by_role("listitem")
    assert rows.count() == len(SCHEMA["controls"])
    labels = [rows.nth(i).get_attribute("aria-label") or "" for i in range(rows.count())]
    assert [label.split(":")[0] for label in labels] == [c["name"] for c in SCHEMA["controls"]]
    assert all("alpha" in label for label in labels), labels
    assert not any("too few" in label for label in labels), labels
    assert page.locator(".agreement-table tbody tr").count() == len(SCHEMA["controls"])

    # (2) the scorecards list the three annotators; the one who disagrees is flagged
    cards = page.get_by_test_id("scorecards")
    cards.wait_for()
    body = cards.locator("tbody")
    assert body.locator("tr").count() == 3
    for email in ANNOTATORS:
        body.locator("tr").filter(has_text=email).wait_for()
    assert body.locator("tr.below").filter(has_text=ANNOTATORS[2]).count() == 1
    assert body.locator("tr.below").filter(has_text=ANNOTATORS[0]).count() == 0
    # a bar plot per control, one bar row per annotator
    assert page.locator("figure.reliability-bars").count() == len(SCHEMA["controls"])
    assert page.locator("figure.reliability-bars").first.get_by_role("listitem").count() == 3
    # sorting by count keeps all three rows
    cards.get_by_role("button", name=re.compile("Annotations")).click()
    assert body.locator("tr").count() == 3

    # (3) the consensus table: the majority value per item, annotator text as text
    table = page.get_by_test_id("consensus-table")
    table.wait_for()
    assert table.locator("tbody tr").count() == len(TEXTS)
    page.locator(".pager").get_by_text(f"{len(TEXTS)} items", exact=True).wait_for()
    first_values = [
        table.locator("tbody tr").nth(i).locator("td.value").first.inner_text() for i in range(len(TEXTS))
    ]
    assert first_values == [SENTIMENT[0][t] for t in TEXTS]
    assert table.get_by_text(XSS, exact=True).count() == len(TEXTS)
    assert table.locator("img").count() == 0
    # spans as "label: text": "Ada" and "Acme" (the items come in queue order), not offsets
    assert table.locator("tbody tr").nth(0).get_by_text("PER: Ada", exact=True).count() == 1
    assert table.locator("tbody tr").nth(1).get_by_text("ORG: Acme", exact=True).count() == 1
    assert table.get_by_text("[0,3)").count() == 0
    assert table.locator("tr.low-agreement").count() >= 9

    shot = tmp_path / "quality-page.png"
    page.screenshot(path=str(shot), full_page=True)
    keep = os.environ.get("GOLDLABEL_E2E_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / shot.name)


def test_quality_page_too_few_items(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    """Three items: every rate is under the minimum, so the page says so instead of a number."""
    pid = _set_up(server, TEXTS[:3], name="Quality few")
    page.goto(f"{server.url}/login")
    login(page, server)
    page.wait_for_url(re.compile(r"/projects$|/$"))
    page.goto(f"{server.url}/projects/{pid}/quality")
    plot = page.get_by_test_id("agreement-plot")
    plot.wait_for()
    labels = [
        plot.get_by_role("listitem").nth(i).get_attribute("aria-label") or ""
        for i in range(len(SCHEMA["controls"]))
    ]
    assert all(label.endswith("too few items (n=3)") for label in labels), labels
    cards = page.get_by_test_id("scorecards")
    cards.wait_for()
    body = cards.locator("tbody")
    assert body.locator("td.too-few").filter(has_text="too few items (n=3)").count() == 2 * len(ANNOTATORS)
    assert body.locator("tr.below").count() == 0  # no number, so no flag
    assert page.locator(".agreement-table").get_by_text("too few items (n=3)").count() == len(
        SCHEMA["controls"]
    )


def test_quality_page_empty(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    with _client(server, server.admin_email, server.admin_password) as admin:
        project = admin.post("/api/projects", json={"name": "Quality empty", "schema": SCHEMA})
        project.raise_for_status()
        pid = project.json()["id"]
    page.goto(f"{server.url}/login")
    login(page, server)
    page.wait_for_url(re.compile(r"/projects$|/$"))
    page.goto(f"{server.url}/projects/{pid}/quality")
    page.get_by_text("No submitted annotations yet.").wait_for()
    assert page.get_by_test_id("agreement-plot").count() == 0
