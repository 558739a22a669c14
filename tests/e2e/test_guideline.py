"""The guideline in a real browser: a manager writes a guideline, attaches an example and a
counterexample (answered with the labeling widgets) and publishes it; an annotator reads it,
acknowledges it, and while labeling opens it beside the item and sees a label's definition when
the pointer rests on the label."""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import Server, add_guideline_example, login
from tests.live_server import cli

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {"name": "sentiment", "type": "choices", "field": "text", "options": ["positive", "negative"]},
    ],
}
GUIDE = """# Sentiment

How does the writer feel?

## positive

The writer is pleased with what they describe.

## negative

The writer is unhappy, even when the words sound polite.
"""


def _api(page, method: str, path: str, body: object) -> object:  # type: ignore[no-untyped-def]
    """A JSON call with the page's session (setup only; the guideline itself goes through the UI)."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "goldlabel_csrf")
    r = page.request.fetch(
        path, method=method, data=json.dumps(body),
        headers={"Content-Type": "application/json", "X-CSRF-Token": csrf},
    )  # fmt: skip
    assert r.ok, r.text()
    return r.json()


def test_write_publish_acknowledge_and_label_with_the_guideline(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    cli(
        "user", "create", "reader@example.org", "--password-stdin",
        data_dir=server.data_dir, input="reader-pass-123\n",
    )  # fmt: skip
    manager = new_page()
    manager.goto(f"{server.url}/login")
    login(manager, server)
    manager.get_by_role("heading", name="Projects").wait_for()
    project = _api(manager, "POST", f"{server.url}/api/projects", {"name": "Guided", "schema": SCHEMA})
    pid = project["id"]  # type: ignore[index]
    texts = ["What a lovely day, I adore it", "Thanks so much for nothing", "The parcel came on Monday"]
    _api(manager, "POST", f"{server.url}/api/projects/{pid}/items", [{"data": {"text": t}} for t in texts])
    listed = manager.request.get(f"{server.url}/api/projects/{pid}/items").json()["items"]
    ids = {i["data"]["text"]: i["id"] for i in listed}
    _api(manager, "POST", f"{server.url}/api/projects/{pid}/members",
         {"email": "reader@example.org", "role": "annotator"})  # fmt: skip

    # the manager writes the draft, with a live preview
    manager.goto(f"{server.url}/projects/{pid}/guideline")
    manager.get_by_role("button", name="Edit draft").click()
    manager.get_by_label("Guideline draft").fill(GUIDE)
    manager.locator(".draft-preview #guideline-positive").wait_for()
    manager.get_by_role("button", name="Save draft").click()
    manager.get_by_text("The draft has unpublished changes.").wait_for()

    # an example and a counterexample, answered with the widgets
    manager.get_by_role("button", name="Examples").click()
    form = manager.get_by_role("form", name="Add an example")

    add_guideline_example(
        form, ids[texts[0]], "Example", "positive", "positive", "Adore is plainly pleased.", None
    )
    manager.locator('[data-example] >> text="Adore is plainly pleased."').first.wait_for()
    add_guideline_example(
        form,
        ids[texts[1]],
        "Counterexample",
        "negative",
        "negative",
        "Thanks for nothing is sarcasm.",
        "positive",
    )
    manager.get_by_text("Thanks for nothing is sarcasm.").first.wait_for()

    manager.get_by_role("button", name="Edit draft").click()
    manager.get_by_label("Change note").fill("first version")
    manager.get_by_role("button", name="Publish", exact=True).click()
    manager.get_by_text("Published version 1.0.").wait_for()

    # the annotator reads it (examples drawn by the widgets) and acknowledges it
    annotator = new_page()
    annotator.goto(f"{server.url}/login")
    login(annotator, server, "reader@example.org", "reader-pass-123")
    annotator.get_by_role("heading", name="Projects").wait_for()
    invitation = annotator.get_by_role("region", name="Invitations")
    invitation.get_by_role("button", name="Accept").click()
    annotator.wait_for_url(re.compile(r"/projects/\d+$"))
    annotator.get_by_role("tab", name="Guideline").click()
    annotator.get_by_role("heading", name="positive").wait_for()
    counter = annotator.locator(".guideline-example.counterexample")
    wrong = counter.locator('[aria-label="Wrong answer"]').get_by_role("radio", name="positive")
    right = counter.locator('[aria-label="Right answer"]').get_by_role("radio", name="negative")
    assert wrong.get_attribute("aria-checked") == "true" and right.get_attribute("aria-checked") == "true"
    counter.get_by_text("Thanks for nothing is sarcasm.").wait_for()
    annotator.get_by_role("button", name=re.compile("Acknowledge")).click()
    annotator.get_by_role("status").filter(has_text="Acknowledged").wait_for()

    # labeling: the guideline beside the item, and a label's definition on hover
    annotator.get_by_role("link", name="Label", exact=True).click()
    annotator.get_by_text("The parcel came on Monday").wait_for()
    annotator.keyboard.press("g")
    panel = annotator.get_by_role("complementary", name="Guideline")
    panel.get_by_role("heading", name="Guideline 1.0").wait_for()
    panel.get_by_label("Search the guideline").fill("polite")
    panel.locator("mark.search-hit").filter(has_text="polite").wait_for()
    assert panel.locator("[data-section='positive']").count() == 0  # filtered out
    annotator.locator('.workspace [data-control="sentiment"] [data-option="negative"]').first.hover()
    card = annotator.get_by_role("dialog", name="Guideline for sentiment")
    card.get_by_text("even when the words sound polite").wait_for()
    card.get_by_text("Thanks for nothing is sarcasm.").wait_for()
    annotator.get_by_role("button", name="Shortcuts").click()
    help_dialog = annotator.get_by_role("dialog", name="Keyboard shortcuts")
    assert help_dialog.locator('tr[data-action="guideline"] kbd').inner_text() == "G"
