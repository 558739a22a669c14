"""Model predictions as the starting answer, in a real browser: the manager posts predictions
through the API and turns the project setting on in Settings; the annotator's labeling page
starts from the prediction and says from which model; the annotator changes it and submits;
the annotation records that it began from the prediction and how far it moved, and the
manager's item view lists the predictions."""

from __future__ import annotations

import re
from contextlib import closing

import pytest

from tests.e2e.conftest import Server, cli, login
from tests.e2e.test_labeling_keys import api_client

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
        {"name": "stars", "type": "rating", "field": "text", "min": 1, "max": 5},
    ],
}
TEXT = "The engine ran all night without a fault."
EMAIL, PASSWORD = "predictions-ann@example.org", "predictions-pass-1"


def test_an_annotator_starts_from_the_prediction_and_anchoring_is_recorded(new_page, server: Server) -> None:  # type: ignore[no-untyped-def]
    cli("user", "create", EMAIL, "--password-stdin", data_dir=server.data_dir, input=f"{PASSWORD}\n")
    with closing(api_client(server)) as admin:
        r = admin.post("/api/projects", json={"name": "Predictions E2E", "schema": SCHEMA})
        r.raise_for_status()
        pid = int(r.json()["id"])
        admin.post(
            f"/api/projects/{pid}/items", json=[{"id": "engine", "data": {"text": TEXT}}]
        ).raise_for_status()
        created = admin.post(
            f"/api/projects/{pid}/predictions",
            json=[
                {
                    "external_id": "engine",
                    "model": "sentibert",
                    "model_version": "3",
                    "score": 0.91,
                    "result": {"sentiment": "negative", "stars": 4},
                }
            ],
        )
        assert created.status_code == 201 and created.json() == {"created": 2}
        admin.post(
            f"/api/projects/{pid}/members", json={"email": EMAIL, "role": "annotator"}
        ).raise_for_status()
    with closing(api_client(server, EMAIL, PASSWORD)) as annotator:
        invitation = next(i for i in annotator.get("/api/invitations").json() if i["project_id"] == pid)
        annotator.post(f"/api/invitations/{invitation['id']}/accept").raise_for_status()

    # the manager turns the setting on in the project's settings
    manager = new_page()
    manager.goto(f"{server.url}/login")
    login(manager, server)
    manager.get_by_role("heading", name="Projects").wait_for()
    manager.goto(f"{server.url}/projects/{pid}")
    manager.get_by_role("tab", name="Settings").click()
    toggle = manager.get_by_label("Show model predictions as the starting answer")
    assert not toggle.is_checked()
    toggle.click()  # the box follows the saved setting: checked once the server stored it
    manager.get_by_role("status").filter(has_text="start from model predictions").wait_for()
    assert toggle.is_checked()
    with closing(api_client(server)) as admin:
        assert admin.get(f"/api/projects/{pid}").json()["show_predictions"] is True

    # the annotator's page starts from the prediction and says so
    page = new_page()
    page.goto(f"{server.url}/projects/{pid}/label")
    page.wait_for_url(re.compile(r"/login"))
    login(page, server, EMAIL, PASSWORD)
    page.get_by_text(TEXT).wait_for()
    page.get_by_role("note").filter(has_text="Started from model sentibert v3").wait_for()
    assert page.get_by_role("radio", name="negative").is_checked()
    # the annotator disagrees with the sentiment and keeps the stars, then submits
    page.get_by_role("radio", name="positive").click()
    page.get_by_role("button", name=re.compile("^Submit")).click()
    page.get_by_text("No more items").wait_for()

    with closing(api_client(server)) as admin:
        item = admin.get(f"/api/projects/{pid}/items").json()["items"][0]
        detail = admin.get(f"/api/items/{item['id']}").json()
    (annotation,) = detail["annotations"]
    assert annotation["author"] == EMAIL and annotation["status"] == "submitted"
    assert annotation["result"] == {"sentiment": "positive", "stars": 4}
    assert annotation["from_prediction"] is True
    assert annotation["prediction_distance"] == {"sentiment": 1.0, "stars": 0.0}

    # the manager's item view lists the predictions and the anchoring
    manager.goto(f"{server.url}/projects/{pid}")
    manager.get_by_role("tab", name="Items").click()
    manager.get_by_text(TEXT).first.click()
    predictions = manager.get_by_test_id("item-predictions")
    predictions.get_by_text("sentibert v3").first.wait_for()
    assert predictions.locator("tbody tr").count() == 2
    assert "moved 1 on sentiment" in manager.get_by_test_id("from-prediction").inner_text()
