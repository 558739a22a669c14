"""Members tab and role-based views: a manager adds an annotator by email; the annotator sees
only the Label button, and the manager can remove them again.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.e2e.conftest import Server, cli, login

pytestmark = pytest.mark.e2e

SCHEMA = {
    "fields": {"text": "text"},
    "controls": [{"name": "ok", "type": "rating", "field": "text", "min": 1, "max": 3}],
}


def test_members_and_annotator_view(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    cli("user", "create", "ann@example.org", "--password", "annotator-pass-1", data_dir=server.data_dir)
    manager = new_page()
    manager.goto(f"{server.url}/login")
    login(manager, server)
    manager.get_by_role("button", name="New project").click()
    manager.get_by_label("Name").fill("Roles <script>x</script>")
    manager.locator("#schema-json").fill(json.dumps(SCHEMA))
    manager.get_by_test_id("schema-validity").filter(has_text="Valid schema").wait_for()
    manager.get_by_role("button", name="Create project").click()
    manager.wait_for_url(re.compile(r"/projects/\d+"))
    project_url = manager.url.rstrip("/")
    # the project name is shown as text, markup and all
    manager.get_by_role("heading", name="Roles <script>x</script>").wait_for()

    manager.get_by_role("tab", name="Members").click()
    manager.get_by_label("Email").fill("nobody@example.org")
    manager.get_by_role("button", name="Add member").click()
    manager.get_by_role("alert").wait_for()  # unknown user: the server's reason is shown
    manager.get_by_label("Email").fill("ann@example.org")
    manager.get_by_label("Role").select_option("annotator")
    manager.get_by_role("button", name="Add member").click()
    row = manager.locator("tr").filter(has_text="ann@example.org")
    row.filter(has_text="annotator").wait_for()

    annotator = new_page()
    annotator.goto(f"{project_url}/members")
    annotator.wait_for_url(re.compile(r"/login"))
    login(annotator, server, "ann@example.org", "annotator-pass-1")
    annotator.get_by_role("link", name="Label", exact=True).wait_for()
    assert annotator.get_by_role("tab").count() == 0
    assert re.search(r"/projects/\d+$", annotator.url), annotator.url  # no manager tab for them
    annotator.get_by_role("link", name="Label", exact=True).click()
    annotator.get_by_role("heading", name="No more items").wait_for()

    manager.once("dialog", lambda d: d.accept())
    row.get_by_role("button", name="Remove").click()
    row.wait_for(state="detached")
    annotator.goto(project_url)
    annotator.get_by_text("not found", exact=False).first.wait_for()
