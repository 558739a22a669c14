"""Project settings: rename, archive (read-only, serves nothing) and unarchive, and delete after
a preview of what goes and the project's name typed as confirmation. Managers only; others
are refused (and non-members see nothing), with the database unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from goldlabel.core.settings import Settings
from tests.api.conftest import Api, add_member, import_texts, table_counts
from tests.api.helpers_files import png_bytes


@pytest.fixture
def team(manager: Api, project: dict[str, Any], client_for: Any) -> dict[str, Any]:
    """The project with three items, an annotator holding one with a draft, a reviewer, an outsider."""
    pid = project["id"]
    import_texts(manager, pid, ["one", "two", "three"])
    annotator, reviewer = client_for("ann@example.com"), client_for("rev@example.com")
    add_member(manager, pid, "ann@example.com", "annotator")
    add_member(manager, pid, "rev@example.com", "reviewer")
    item = annotator.get(f"/api/projects/{pid}/next").json()
    draft = annotator.post(
        f"/api/items/{item['id']}/annotations", json={"result": {"sentiment": "positive"}, "status": "draft"}
    ).json()
    return {
        "id": pid,
        "name": project["name"],
        "annotator": annotator,
        "reviewer": reviewer,
        "outsider": client_for("out@example.com"),
        "item": item,
        "draft": draft,
    }


def test_a_manager_renames_the_project(manager: Api, team: dict[str, Any], database: Any) -> None:
    r = manager.patch(f"/api/projects/{team['id']}", json={"name": "  Reviews 2025 "})
    assert r.status_code == 200 and r.json()["name"] == "Reviews 2025"
    before = table_counts(database)
    assert manager.patch(f"/api/projects/{team['id']}", json={"name": "   "}).status_code == 422
    assert team["annotator"].patch(f"/api/projects/{team['id']}", json={"name": "x"}).status_code == 403
    assert team["outsider"].patch(f"/api/projects/{team['id']}", json={"name": "x"}).status_code == 404
    assert table_counts(database) == before
    assert manager.get(f"/api/projects/{team['id']}").json()["name"] == "Reviews 2025"


def test_an_archived_project_is_read_only_and_serves_nothing(
    manager: Api, team: dict[str, Any], database: Any
) -> None:
    pid, annotator = team["id"], team["annotator"]
    r = manager.post(f"/api/projects/{pid}/archive")
    assert r.status_code == 200 and r.json()["archived_at"] is not None
    listed = {p["id"]: p for p in annotator.get("/api/projects").json()}
    assert listed[pid]["archived_at"] is not None  # still listed, marked archived
    before = table_counts(database)
    # nothing is served, not even the item the annotator held
    assert annotator.get(f"/api/projects/{pid}/next").status_code == 204
    refused = [
        manager.post(f"/api/projects/{pid}/items", json=[{"data": {"text": "four"}}]),
        manager.post(f"/api/projects/{pid}/media", files=[("files", ("a.png", png_bytes(), "image/png"))]),
        annotator.post(
            f"/api/items/{team['item']['id']}/annotations",
            json={"result": {"sentiment": "negative"}, "status": "submitted"},
        ),
        annotator.patch(
            f"/api/annotations/{team['draft']['id']}",
            json={"result": {"sentiment": "negative"}, "status": "submitted", "version": 1},
        ),
        manager.patch(f"/api/projects/{pid}", json={"name": "renamed"}),
    ]
    for r in refused:
        assert (r.status_code, r.json()["detail"]["code"]) == (409, "project_archived"), r.text
        assert "unarchive" in r.json()["detail"]["message"]
    assert table_counts(database) == before
    # still readable and exportable
    assert manager.get(f"/api/projects/{pid}/items").json()["total"] == 3
    assert manager.get(f"/api/projects/{pid}/export?format=jsonl").status_code == 200


def test_unarchiving_opens_the_project_again(manager: Api, team: dict[str, Any]) -> None:
    pid = team["id"]
    first = manager.post(f"/api/projects/{pid}/archive").json()["archived_at"]
    assert manager.post(f"/api/projects/{pid}/archive").json()["archived_at"] == first  # idempotent
    r = manager.post(f"/api/projects/{pid}/unarchive")
    assert r.status_code == 200 and r.json()["archived_at"] is None
    assert team["annotator"].get(f"/api/projects/{pid}/next").json()["id"] == team["item"]["id"]
    r = team["annotator"].patch(
        f"/api/annotations/{team['draft']['id']}",
        json={"result": {"sentiment": "negative"}, "status": "submitted", "version": 1},
    )
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("route", ["archive", "unarchive"])
def test_only_managers_archive(manager: Api, team: dict[str, Any], database: Any, route: str) -> None:
    before = table_counts(database)
    for who, status in (("annotator", 403), ("reviewer", 403), ("outsider", 404)):
        r = team[who].post(f"/api/projects/{team['id']}/{route}")
        assert r.status_code == status, (who, r.text)
    assert table_counts(database) == before
    assert manager.get(f"/api/projects/{team['id']}").json()["archived_at"] is None


def upload(manager: Api, pid: int) -> None:
    files = [("files", (f"{n}.png", png_bytes((n, 0, 0)), "image/png")) for n in (1, 2)]
    assert manager.post(f"/api/projects/{pid}/media", files=files).status_code == 201


def test_the_deletion_preview_counts_what_goes(manager: Api, team: dict[str, Any]) -> None:
    upload(manager, team["id"])
    r = manager.get(f"/api/projects/{team['id']}/deletion")
    assert r.status_code == 200, r.text
    preview = r.json()
    assert preview == {
        "name": "Reviews",
        "items": 3,
        "annotations": 1,
        "submitted": 0,
        "drafts": 1,
        "members": 3,
        "invitations": 0,
        "media_files": 2,
        "media_bytes": preview["media_bytes"],
    }
    assert preview["media_bytes"] == len(png_bytes((1, 0, 0))) + len(png_bytes((2, 0, 0)))


def test_deleting_removes_everything_of_the_project_only(
    manager: Api, team: dict[str, Any], database: Any, settings: Settings
) -> None:
    other = manager.post("/api/projects", json={"name": "Other", "schema": {"fields": {"t": "text"},
        "controls": [{"name": "c", "type": "text", "field": "t"}]}}).json()  # fmt: skip
    import_texts_into = manager.post(f"/api/projects/{other['id']}/items", json=[{"data": {"t": "kept"}}])
    assert import_texts_into.status_code == 201
    upload(manager, team["id"])
    upload(manager, other["id"])
    r = manager.request("DELETE", f"/api/projects/{team['id']}", json={"confirm": "Reviews"})
    assert r.status_code == 204, r.text
    counts = table_counts(database)
    assert (counts["items"], counts["annotations"], counts["assignments"], counts["projects"]) == (1, 0, 0, 1)
    assert counts["project_members"] == 1  # the other project's manager
    assert manager.get(f"/api/projects/{team['id']}").status_code == 404
    assert team["annotator"].get("/api/projects").json() == []
    media: Path = settings.media_dir
    assert not (media / str(team["id"])).exists()
    assert (
        len([p for p in (media / str(other["id"])).iterdir() if p.is_file()]) == 2
    )  # the files, beside .derived/
    assert [p.name for p in media.iterdir()] == [str(other["id"])]  # nothing left aside


@pytest.mark.parametrize("confirm", ["", "reviews", "Other", "Reviews!"])
def test_deleting_without_the_name_changes_nothing(
    manager: Api, team: dict[str, Any], database: Any, settings: Settings, confirm: str
) -> None:
    upload(manager, team["id"])
    before = table_counts(database)
    r = manager.request("DELETE", f"/api/projects/{team['id']}", json={"confirm": confirm})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "confirmation_required"
    assert table_counts(database) == before
    assert (
        len([p for p in (settings.media_dir / str(team["id"])).iterdir() if p.is_file()]) == 2
    )  # the files, beside .derived/


def test_only_managers_delete_or_preview(
    manager: Api, team: dict[str, Any], database: Any, settings: Settings
) -> None:
    upload(manager, team["id"])
    before = table_counts(database)
    for who, status in (("annotator", 403), ("reviewer", 403), ("outsider", 404)):
        api = team[who]
        assert api.get(f"/api/projects/{team['id']}/deletion").status_code == status, who
        r = api.request("DELETE", f"/api/projects/{team['id']}", json={"confirm": "Reviews"})
        assert r.status_code == status, (who, r.text)
    assert manager.request("DELETE", "/api/projects/999999", json={"confirm": "Reviews"}).status_code == 404
    assert table_counts(database) == before
    assert (
        len([p for p in (settings.media_dir / str(team["id"])).iterdir() if p.is_file()]) == 2
    )  # the files, beside .derived/


def test_a_failed_deletion_puts_the_media_back(
    manager: Api, team: dict[str, Any], database: Any, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from goldlabel.services import project_lifecycle

    upload(manager, team["id"])
    before = table_counts(database)
    real = project_lifecycle.MediaRemoval.stash

    def stash_then_fail(self: project_lifecycle.MediaRemoval) -> None:
        real(self)  # the folder is moved aside, then the transaction fails
        assert not (settings.media_dir / str(team["id"])).exists()
        raise OSError("the disk went away mid-transaction")

    monkeypatch.setattr(project_lifecycle.MediaRemoval, "stash", stash_then_fail)
    with pytest.raises(OSError):
        manager.request("DELETE", f"/api/projects/{team['id']}", json={"confirm": "Reviews"})
    assert table_counts(database) == before
    assert (
        len([p for p in (settings.media_dir / str(team["id"])).iterdir() if p.is_file()]) == 2
    )  # the files, beside .derived/
