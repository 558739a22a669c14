"""The schema editor's templates in a real browser: choosing one fills the schema, trying one
creates a project with sample items that can be labeled at once; the generated audio and video
play in Debian's Chromium when served by goldlabel."""

from __future__ import annotations

import re
from contextlib import closing

import pytest

from goldlabel.services.templates.catalogue import TEMPLATES
from tests.e2e.conftest import Server, api_client, login
from tests.e2e.labelable import assert_labelable

pytestmark = pytest.mark.e2e


def test_choose_a_template_then_try_it_with_sample_data_and_label(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/login")
    login(page, server)
    page.get_by_role("heading", name="Projects").wait_for()
    page.get_by_role("button", name="New project").click()
    picker = page.get_by_label("Start from a template")
    picker.select_option(label="Named entities")
    page.get_by_test_id("schema-validity").filter(has_text="Valid schema").wait_for()
    assert '"type": "spans"' in page.locator("#schema-json").input_value()
    page.get_by_test_id("schema-preview").get_by_text("PER").first.wait_for()

    picker.select_option(label="Sentiment")
    page.get_by_test_id("schema-preview").get_by_role("radio", name="negative").wait_for()
    page.get_by_role("button", name="Try with sample data").click()
    page.wait_for_url(re.compile(r"/projects/\d+$"))
    project_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    page.get_by_text("Sentiment (sample data)").first.wait_for()

    # Label the first sample item with the keyboard; the answer is stored.
    page.goto(f"{server.url}/projects/{project_id}/label")
    page.locator('section.control-card[data-control="sentiment"]').wait_for()
    page.keyboard.press("1")
    page.locator('.option.selected[data-option="positive"]').wait_for()
    page.keyboard.press("Enter")
    with closing(api_client(server)) as client:
        project = client.get(f"/api/projects/{project_id}").json()
        assert project["item_count"] == len(TEMPLATES["sentiment"].samples().items)
        for _ in range(50):
            items = client.get(f"/api/projects/{project_id}/items", params={"page_size": 100}).json()["items"]
            done = [i for i in items if i["annotation_count"]]
            if done:
                break
            page.wait_for_timeout(100)
        assert len(done) == 1
        annotations = client.get(f"/api/items/{done[0]['id']}/annotations").json()
        assert [a["result"] for a in annotations] == [{"sentiment": "positive"}]


MEDIA_TEMPLATES = sorted(t.id for t in TEMPLATES.values() if set(t.schema["fields"].values()) - {"text"})


@pytest.mark.parametrize("template_id", MEDIA_TEMPLATES)
def test_each_media_template_opens_for_labeling_with_its_sample_data(
    page, server: Server, template_id: str
) -> None:  # type: ignore[no-untyped-def]
    with closing(api_client(server)) as client:
        r = client.post(f"/api/templates/{template_id}/project", json={})
        assert r.status_code == 201, r.text
        project = r.json()
    page.goto(f"{server.url}/login")
    login(page, server)
    page.get_by_role("heading", name="Projects").wait_for()
    page.goto(f"{server.url}/projects/{project['id']}/label")
    assert_labelable(page, project["schema"])


@pytest.mark.parametrize(
    ("template_id", "tag"),
    [("tracking", "video"), ("activity-recognition", "video"), ("speaker-identification", "audio")],
)
def test_generated_media_play_in_chromium(page, server: Server, template_id: str, tag: str) -> None:  # type: ignore[no-untyped-def]
    with closing(api_client(server)) as client:
        r = client.post(f"/api/templates/{template_id}/project", json={})
        assert r.status_code == 201, r.text
        items = client.get(f"/api/projects/{r.json()['id']}/items", params={"page_size": 100}).json()["items"]
    page.goto(f"{server.url}/login")
    login(page, server)
    page.get_by_role("heading", name="Projects").wait_for()
    for item in items:
        data = item["data"]
        played = page.evaluate(
            """async ([tag, url]) => {
                const el = document.createElement(tag);
                el.muted = true;
                el.src = url;
                await new Promise((ok, no) => {
                    el.onloadeddata = ok;
                    el.onerror = () => no(new Error(el.error ? el.error.message : "error"));
                });
                return {duration: el.duration, width: el.videoWidth || 0, height: el.videoHeight || 0};
            }""",
            [tag, data[tag]],
        )
        assert played["duration"] == pytest.approx(data["duration"], abs=0.15)
        if tag == "video":
            assert (played["width"], played["height"]) == (data["width"], data["height"])
