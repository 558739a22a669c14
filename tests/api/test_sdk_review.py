"""The SDK's priority, review and cost calls, against the app through HTTP: ``project.set_priority``
reorders the queue, ``review_next``/``review`` decide annotations and the author reads the
verdict in ``my_annotations``, ``costs``/``costs_csv`` are the managers' report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import goldlabel
from goldlabel.sdk import ApiError, Client
from tests.api.conftest import Api, add_member, import_texts

POSITIVE = {"sentiment": "positive"}


@pytest.fixture
def sdk_for(app: Any) -> Iterator[Callable[[Api], Client]]:
    clients: list[Client] = []

    def make(api: Api) -> Client:
        token = api.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
        client = goldlabel.Client(token=token, http=TestClient(app))
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


@pytest.fixture
def team(manager: Api, project: dict[str, Any], client_for: Any, sdk_for: Any) -> dict[str, Any]:
    pid = project["id"]
    import_texts(manager, pid, ["one", "two", "three"])
    r = manager.patch(f"/api/projects/{pid}", json={"consensus": {"review": {"sample": "all"}}})
    assert r.status_code == 200, r.text
    people: dict[str, Any] = {"pid": pid, "manager": sdk_for(manager)}
    for name, role in (("ann", "annotator"), ("rev", "reviewer")):
        api = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", role)
        people[name], people[f"{name}_http"] = sdk_for(api), api
    return people


def test_set_priority_puts_items_first_in_the_queue(team: dict[str, Any], manager: Api) -> None:
    pid = team["pid"]
    project = team["manager"].project(pid)
    ids = [i.id for i in project.items]  # queue order
    assert project.set_priority([ids[2], 999_999], 5) == 1  # another project's id changes nothing
    assert [i.id for i in project.items] == [ids[2], ids[0], ids[1]]
    assert team["ann"].next_item(pid)["id"] == ids[2]
    with pytest.raises(ApiError) as caught:
        project.set_priority([ids[0]], 1001)
    assert caught.value.status_code == 422
    with pytest.raises(ApiError) as caught:
        team["ann"].project(pid).set_priority([ids[0]], 1)
    assert caught.value.status_code == 403
    assert [i.id for i in project.items] == [ids[2], ids[0], ids[1]]


def test_review_reject_reaches_the_author_and_accept_clears_the_queue(team: dict[str, Any]) -> None:
    pid, ann, rev = team["pid"], team["ann"], team["rev"]
    done = []
    for _ in range(2):
        item = ann.next_item(pid)
        done.append(ann.annotate(item["id"], POSITIVE)["id"])
    queue = rev.project(pid)
    task = queue.review_next()
    assert task is not None and task["annotation"]["id"] == done[0] and task["tier"] == 1
    assert queue.review_next(skip=[done[0]])["annotation"]["id"] == done[1]
    verdict = queue.review(done[0], "reject", comment="Read section 2", guideline_section="sec-2")
    assert verdict["verdict"] == "reject"
    assert rev.review(done[1], "accept")["verdict"] == "accept"
    assert queue.review_next() is None
    with pytest.raises(ApiError) as caught:
        queue.review(done[1], "reject")  # already decided, and a reject needs a comment
    assert caught.value.status_code in (404, 409, 422)

    mine = ann.project(pid).my_annotations(show="rejected")
    assert mine["total"] == 1 and mine["unopened"] == 1
    [rejected] = mine["items"]
    assert rejected["id"] == done[0] and rejected["review_status"] == "rejected"
    assert rejected["feedback"]["comment"] == "Read section 2"
    assert ann.project(pid).my_annotations()["total"] == 2
    with pytest.raises(ApiError) as caught:
        ann.project(pid).review_next()
    assert caught.value.status_code == 403


def test_costs_and_their_csv_for_managers_only(team: dict[str, Any], manager: Api, tmp_path: Path) -> None:
    pid, ann = team["pid"], team["ann"]
    ann_id = team["ann_http"].get("/api/auth/me").json()["id"]
    r = manager.patch(f"/api/projects/{pid}/members/{ann_id}/rate", json={"rate_kind": "per_item", "rate": 2})
    assert r.status_code == 200, r.text
    for _ in range(2):
        ann.annotate(ann.next_item(pid)["id"], POSITIVE)
    project = team["manager"].project(pid)
    report = project.costs()
    people = {p["email"]: p for p in report["people"]}
    assert people["ann@example.com"]["cost"] == 4.0 and report["annotations"] == 2
    assert report["cost"] == 4.0
    written = project.costs_csv(tmp_path / "costs.csv")
    assert written == tmp_path / "costs.csv"
    text = written.read_text(encoding="utf-8")
    assert "ann@example.com" in text and text.splitlines()[0].count(",") >= 3
    for member in (team["rev"], ann):
        with pytest.raises(ApiError) as caught:
            member.project(pid).costs()
        assert caught.value.status_code == 403
        with pytest.raises(ApiError):
            member.project(pid).costs_csv(tmp_path / "no.csv")
    assert not (tmp_path / "no.csv").exists()
