"""The main path a user takes through the web UI, in a real browser against a real server:
log in, create a project, import a CSV, label three items with the keyboard (digits, a mouse
selection + digit for spans, Enter), export JSON through the UI and check the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from goldlabel.controls.regions import without_ids
from tests.e2e.conftest import Server, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "options": ["positive", "negative", "neutral"],
        },
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG", "LOC"]},
    ],
}
# text -> (sentiment key, sentiment, entity text, entity key, entity label)
ITEMS = {
    "Ada Lovelace loved the new engine.": ("1", "positive", "Ada Lovelace", "1", "PER"),
    "The meeting at Acme Corp was a disaster.": ("2", "negative", "Acme Corp", "2", "ORG"),
    "Trains leave 😀 Paris at noon.": ("3", "neutral", "Paris", "3", "LOC"),
}


def _select_text(page, needle: str) -> None:  # type: ignore[no-untyped-def]
    """Drag the mouse over `needle` in the spans widget's text, like a person would."""
    box = page.evaluate(
        """(needle) => {
            const root = document.querySelector('.spans [data-text-root]');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const i = n.data.indexOf(needle);
                if (i < 0) continue;
                const r = document.createRange();
                r.setStart(n, i); r.setEnd(n, i + needle.length);
                const rects = r.getClientRects();
                const first = rects[0], last = rects[rects.length - 1];
                return {x0: first.left, y0: first.top + first.height / 2,
                        x1: last.right, y1: last.top + last.height / 2};
            }
            return null;
        }""",
        needle,
    )
    assert box, f"{needle!r} is not in the item text"
    page.mouse.move(box["x0"] + 1, box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, (box["y0"] + box["y1"]) / 2, steps=4)
    page.mouse.move(box["x1"] - 1, box["y1"], steps=4)
    page.mouse.up()
    assert page.evaluate("() => window.getSelection().toString()").strip() == needle


def test_label_three_items_with_the_keyboard_and_export(page, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server)
    page.get_by_role("heading", name="Projects").wait_for()

    # create a project through the schema editor, with its live validation and preview
    page.get_by_role("button", name="New project").click()
    page.get_by_label("Name", exact=True).fill("E2E sentiment + entities")
    page.locator("#schema-json").fill(json.dumps(SCHEMA, indent=2))
    page.get_by_test_id("schema-validity").filter(has_text="Valid schema").wait_for()
    preview = page.get_by_test_id("schema-preview")
    preview.get_by_role("radio", name="negative").wait_for()
    page.locator("#schema-json").fill('{"fields": {"text": "text"}, "controls": []}')
    page.get_by_test_id("schema-validity").filter(has_text="controls").wait_for()
    assert page.get_by_role("button", name="Create project").is_disabled()
    page.locator("#schema-json").fill(json.dumps(SCHEMA, indent=2))
    page.get_by_test_id("schema-validity").filter(has_text="Valid schema").wait_for()
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(r"/projects/\d+"))
    project_url = page.url.rstrip("/")

    # a bad CSV is refused whole, naming the row; then the good one lands
    page.get_by_role("tab", name="Import").click()
    bad = tmp_path / "bad.csv"
    bad.write_text('text\n"fine row"\n"two","columns"\n', encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    page.get_by_test_id("import-error").filter(has_text="Row 3").wait_for()
    good = tmp_path / "items.csv"
    good.write_text("text\n" + "".join(f'"{t}"\n' for t in ITEMS), encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    page.get_by_test_id("import-result").filter(has_text="Imported 3 items").wait_for()
    page.get_by_role("tab", name="Items").click()
    page.get_by_text("3 items", exact=False).first.wait_for()

    # label three items: digit for the choice, mouse selection + digit for the span, Enter
    page.get_by_role("link", name="Label", exact=True).click()
    page.wait_for_url(re.compile(r"/label$"))
    seen: set[str] = set()
    for _ in range(len(ITEMS)):
        text_root = page.locator(".spans [data-text-root]")
        text_root.wait_for()
        text = text_root.inner_text()
        assert text in ITEMS and text not in seen, text
        seen.add(text)
        item_label = page.locator(".item-id").inner_text()
        s_key, sentiment, entity, e_key, label = ITEMS[text]
        page.keyboard.press(s_key)
        page.locator(f'.option.selected[data-option="{sentiment}"]').wait_for()
        _select_text(page, entity)
        page.keyboard.press(e_key)
        page.locator(".region-list li").filter(has_text=entity).wait_for()
        # undo/redo round trip over the whole result
        page.keyboard.press("Control+z")
        page.locator(".region-list li").wait_for(state="detached")
        page.keyboard.press("Control+Shift+Z")
        page.locator(".region-list li").filter(has_text=entity).wait_for()
        page.keyboard.press("Enter")
        if len(seen) < len(ITEMS):
            page.locator(".item-id").filter(has_not_text=item_label).wait_for()
    page.get_by_role("heading", name="No more items").wait_for()

    # export JSON through the UI button and check the three submitted annotations
    page.goto(f"{project_url}/export")
    page.get_by_label("Format", exact=True).select_option("json")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("^Download")).click()
    path = tmp_path / "export.json"
    info.value.save_as(path)
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert len(exported) == len(ITEMS)
    for item in exported:
        text = item["data"]["text"]
        _, sentiment, entity, _, label = ITEMS[text]
        assert len(item["annotations"]) == 1, item
        ann = item["annotations"][0]
        assert ann["status"] == "submitted"
        assert ann["author"] == server.admin_email
        assert ann["lead_time_ms"] > 0
        assert ann["result"]["sentiment"] == sentiment
        start = text.index(entity)
        # offsets count code points, as Python does ("😀" is one character)
        assert without_ids(ann["result"]["entities"]) == [
            {"start": start, "end": start + len(entity), "label": label, "text": entity}
        ]

    # the quality tab lists the annotator with their three submissions
    page.get_by_role("tab", name="Quality").click()
    row = page.locator(".quality tr").filter(has_text=server.admin_email)
    row.wait_for()
    assert row.locator("td").nth(1).inner_text() == "3"
    page.screenshot(path=str(tmp_path / "quality.png"), full_page=True)
