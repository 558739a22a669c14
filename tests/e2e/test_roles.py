"""Members tab and role-based views: a manager invites people by email (whether or not they have
an account, the UI says the same); the invitee accepts on their projects page and then sees only
the Label button; the manager revokes a pending invitation and removes the member again.
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


def test_members_invitations_and_annotator_view(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    cli(
        "user", "create", "ann@example.org", "--password-stdin",
        data_dir=server.data_dir, input="annotator-pass-1\n",
    )  # fmt: skip
    manager = new_page()
    manager.goto(f"{server.url}/login")
    login(manager, server)
    manager.get_by_role("button", name="New project").click()
    manager.get_by_label("Name", exact=True).fill("Roles <script>x</script>")
    manager.locator("#schema-json").fill(json.dumps(SCHEMA))
    manager.get_by_test_id("schema-validity").filter(has_text="Valid schema").wait_for()
    manager.get_by_role("button", name="Create project").click()
    manager.wait_for_url(re.compile(r"/projects/\d+"))
    project_url = manager.url.rstrip("/")
    # the project name is shown as text, markup and all
    manager.get_by_role("heading", name="Roles <script>x</script>").wait_for()

    manager.get_by_role("tab", name="Members").click()
    pending = manager.get_by_role("table", name="Pending invitations")
    answers = {}
    for email in ("nobody@example.org", "ann@example.org"):  # no account, and an account
        manager.get_by_label("Email").fill(email)
        manager.get_by_label("Role").select_option("annotator")
        manager.get_by_role("button", name="Add member").click()
        status = manager.get_by_role("status").filter(has_text=email)
        status.wait_for()
        answers[email] = status.inner_text().replace(email, "EMAIL")
        pending.locator("tr").filter(has_text=email).wait_for()
    assert answers["nobody@example.org"] == answers["ann@example.org"]  # the same answer for both
    members = manager.get_by_role("table", name="Members")
    assert members.locator("tr").filter(has_text="ann@example.org").count() == 0  # not before accepting

    annotator = new_page()
    annotator.goto(project_url)
    annotator.wait_for_url(re.compile(r"/login"))
    login(annotator, server, "ann@example.org", "annotator-pass-1")
    annotator.get_by_text("not found", exact=False).first.wait_for()  # not a member yet
    annotator.goto(server.url)
    invitation = annotator.get_by_role("region", name="Invitations")
    invitation.get_by_text("Roles <script>x</script>").wait_for()
    assert annotator.get_by_role("button", name="New project").count() == 0  # no right to create
    invitation.get_by_role("button", name="Accept").click()
    annotator.wait_for_url(re.compile(r"/projects/\d+$"))
    annotator.get_by_role("link", name="Label", exact=True).wait_for()
    # no manager tab for them: the guideline, workshops to join, their own work and progress
    assert annotator.get_by_role("tab").all_inner_texts() == [
        "Guideline",
        "Workshops",
        "My work",
        "My progress",
    ]
    annotator.get_by_role("link", name="Label", exact=True).click()
    annotator.get_by_role("heading", name="No more items").wait_for()

    manager.reload()
    row = members.locator("tr").filter(has_text="ann@example.org")
    row.filter(has_text="annotator").wait_for()
    assert pending.locator("tr").filter(has_text="ann@example.org").count() == 0
    manager.once("dialog", lambda d: d.accept())
    pending.locator("tr").filter(has_text="nobody@example.org").get_by_role("button", name="Revoke").click()
    manager.get_by_role("table", name="Pending invitations").wait_for(state="detached")

    manager.once("dialog", lambda d: d.accept())
    row.get_by_role("button", name="Remove").click()
    row.wait_for(state="detached")
    annotator.goto(project_url)
    annotator.get_by_text("not found", exact=False).first.wait_for()
