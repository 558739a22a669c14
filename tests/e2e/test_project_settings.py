"""Project set-up and settings in the browser: a project from a Label Studio config (overlap
and order as form fields, ignored attributes listed, the config shown back), a schema edit
that affects annotations (counts, a rename, confirmation), then archive, unarchive and delete.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Server, login

pytestmark = pytest.mark.e2e

LS_CONFIG = """<View>
  <Text name="text" value="$review"/>
  <Choices name="sentiment" toName="text">
    <Choice value="positive"/><Choice value="negative"/><Choice value="neutral"/>
  </Choices>
  <TextArea name="comment" toName="text" rows="4" maxSubmissions="1"/>
</View>"""


@contextmanager
def api(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=30) as client:
        login = {"email": server.admin_email, "password": server.admin_password}
        client.post("/api/auth/login", json=login).raise_for_status()
        client.headers["X-CSRF-Token"] = client.cookies["goldlabel_csrf"]
        yield client


def project_json(server: Server, pid: str) -> dict[str, Any]:
    with api(server) as client:
        return dict(client.get(f"/api/projects/{pid}").json())


def test_a_project_from_a_label_studio_config_then_a_schema_change(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server.url}/login")
    login(page, server)
    page.get_by_role("button", name="New project").click()
    page.get_by_label("Name", exact=True).fill("From Label Studio")
    page.get_by_label("Annotators per item (overlap)").fill("2")
    page.get_by_label("Order items are served in").select_option("random")
    page.locator("#schema-json").fill(LS_CONFIG)
    warnings = page.get_by_test_id("schema-warnings")
    warnings.get_by_text("<TextArea name='comment'> ignores maxSubmissions, rows").wait_for()
    page.get_by_role("button", name="Create project").click()
    page.wait_for_url(re.compile(r"/projects/\d+"))
    pid = re.search(r"/projects/(\d+)", page.url).group(1)  # type: ignore[union-attr]
    stored = project_json(server, pid)
    assert stored["label_config"] == LS_CONFIG
    assert (stored["schema"]["overlap"], stored["schema"]["order"]) == (2, "random")

    # one annotation answers "neutral"
    with api(server) as client:
        client.post(f"/api/projects/{pid}/items", json=[{"data": {"review": "so-so"}}]).raise_for_status()
        item = client.get(f"/api/projects/{pid}/items").json()["items"][0]
        client.post(
            f"/api/items/{item['id']}/annotations",
            json={"result": {"sentiment": "neutral"}, "status": "submitted"},
        ).raise_for_status()

    page.get_by_role("tab", name="Schema").click()
    page.get_by_text("Label Studio config this schema was made from").click()
    assert page.get_by_test_id("label-config").inner_text() == LS_CONFIG
    schema = {**stored["schema"]}
    schema["controls"] = [
        {**c, "options": ["positive", "negative", "mixed"]} if c["name"] == "sentiment" else c
        for c in schema["controls"]
    ]
    page.locator("#schema-json").fill(json.dumps(schema, indent=2))
    page.get_by_test_id("schema-validity").filter(has_text="Valid schema").wait_for()
    page.get_by_role("button", name="Save schema").click()
    panel = page.get_by_role("alertdialog")
    panel.get_by_role("heading", name="This change affects 1 annotation").wait_for()
    panel.get_by_text("“neutral” removed from “sentiment”").wait_for()
    assert project_json(server, pid)["schema"]["controls"][0]["options"][2] == "neutral"  # not saved yet
    panel.get_by_label("Rename neutral to").select_option("mixed")
    panel.get_by_text("“neutral” renamed to “mixed” in “sentiment”").wait_for()
    panel.get_by_role("button", name="Save and update 1 annotation").click()
    page.get_by_text("Schema saved; annotations updated.").wait_for()
    with api(server) as client:
        (ann,) = client.get(f"/api/items/{item['id']}/annotations").json()
    assert ann["result"] == {"sentiment": "mixed"} and ann["version"] == 2
    assert project_json(server, pid)["label_config"] is None  # saved as JSON now


def test_archive_unarchive_and_delete(page, server: Server) -> None:  # type: ignore[no-untyped-def]
    with api(server) as client:
        schema = {"fields": {"t": "text"}, "controls": [{"name": "c", "type": "text", "field": "t"}]}
        project = client.post("/api/projects", json={"name": "Old batch", "schema": schema}).json()
        client.post(f"/api/projects/{project['id']}/items", json=[{"data": {"t": "a"}}]).raise_for_status()
    url = f"{server.url}/projects/{project['id']}"
    page.goto(f"{server.url}/login")
    login(page, server)
    page.get_by_role("heading", name="Projects").wait_for()
    page.goto(f"{url}/settings")
    page.get_by_role("button", name="Archive project").click()
    page.get_by_text("read-only, no items are served").wait_for()
    assert page.get_by_role("link", name="Label", exact=True).count() == 0
    page.goto(server.url)
    archived = page.get_by_role("table", name="Archived projects")
    archived.get_by_role("link", name="Old batch").click()
    page.get_by_role("tab", name="Settings").click()
    page.get_by_role("button", name="Unarchive").click()
    page.get_by_role("link", name="Label", exact=True).wait_for()

    page.get_by_role("button", name="Delete project…").click()
    dialog = page.get_by_role("dialog", name="Delete this project")
    dialog.get_by_role("row", name="Items 1").wait_for()
    dialog.get_by_label("Type the project's name to confirm").fill("Old batc")
    assert dialog.get_by_role("button", name="Delete project").is_disabled()
    dialog.get_by_label("Type the project's name to confirm").fill("Old batch")
    dialog.get_by_role("button", name="Delete project").click()
    page.wait_for_url(f"{server.url}/")
    page.get_by_role("heading", name="Projects").wait_for()
    with api(server) as client:
        assert client.get(f"/api/projects/{project['id']}").status_code == 404
