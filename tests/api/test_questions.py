"""Questions and the inbox through HTTP, for every route and role: who may ask about which item,
that asking about a honeypot or an exam item looks like asking about any other, that an
annotator sees only their own questions and inbox, and that refusals change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.db.engine import Database
from goldlabel.db.models import ExamAttempt
from tests.api.conftest import Api, add_member, import_texts, table_counts
from tests.api.honeypot_helpers import mark_gold


@pytest.fixture
def setup(manager: Api, project: dict[str, Any], client_for: Any) -> dict[str, Any]:
    pid = project["id"]
    import_texts(manager, pid, [f"text {i}" for i in range(6)])
    people = {}
    for name, role in (("ann", "annotator"), ("bob", "annotator"), ("rev", "reviewer")):
        people[name] = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", role)
    served = people["ann"].get(f"/api/projects/{pid}/next").json()
    listed = manager.get(f"/api/projects/{pid}/items?page_size=50").json()["items"]
    others = [i["id"] for i in listed if i["id"] != served["id"]]
    return {"pid": pid, "served": served["id"], "others": others, **people}


def _ask(api: Api, item_id: int, text: str = "Is sarcasm negative?", **extra: Any) -> Any:
    return api.post(f"/api/items/{item_id}/questions", json={"text": text, **extra})


def test_ask_then_answer_then_inbox(setup: dict[str, Any], manager: Api) -> None:
    pid, ann, rev = setup["pid"], setup["ann"], setup["rev"]
    r = _ask(ann, setup["served"], section="sarcasm")
    assert r.status_code == 201, r.text
    q = r.json()
    assert q["status"] == "open" and q["section"] == "sarcasm" and q["answer"] is None
    assert q["item_id"] == setup["served"] and q["project_id"] == pid
    mine = ann.get(f"/api/projects/{pid}/questions/mine").json()
    assert [m["id"] for m in mine] == [q["id"]]
    queue = rev.get(f"/api/projects/{pid}/questions?status=open").json()
    assert [(x["id"], x["asker"]) for x in queue] == [(q["id"], "ann@example.com")]
    assert ann.get("/api/inbox").json() == {"unread": 0, "notifications": []}
    a = rev.post(f"/api/questions/{q['id']}/answer", json={"answer": "Yes, see 2.1."})
    assert a.status_code == 200, a.text
    assert a.json()["status"] == "answered" and a.json()["answered_by"] == "rev@example.com"
    assert rev.get(f"/api/projects/{pid}/questions?status=open").json() == []
    assert [x["id"] for x in manager.get(f"/api/projects/{pid}/questions?status=answered").json()] == [
        q["id"]
    ]
    assert ann.get(f"/api/projects/{pid}/questions/mine").json()[0]["answer"] == "Yes, see 2.1."
    inbox = ann.get("/api/inbox").json()
    assert inbox["unread"] == 1
    note = inbox["notifications"][0]
    assert note["kind"] == "question_answered" and note["read_at"] is None and note["project_id"] == pid
    assert note["payload"] == {
        "question_id": q["id"],
        "item_id": setup["served"],
        "question": "Is sarcasm negative?",
        "answer": "Yes, see 2.1.",
    }
    assert ann.post(f"/api/inbox/{note['id']}/read").status_code == 204
    assert ann.post(f"/api/inbox/{note['id']}/read").status_code == 204  # again: no change
    after = ann.get("/api/inbox").json()
    assert after["unread"] == 0 and after["notifications"][0]["read_at"] is not None


def test_unread_come_first(setup: dict[str, Any]) -> None:
    ann, rev = setup["ann"], setup["rev"]
    ids = [_ask(ann, setup["served"], text=f"q{i}").json()["id"] for i in range(3)]
    for i in ids:
        assert rev.post(f"/api/questions/{i}/answer", json={"answer": f"a{i}"}).status_code == 200
    notes = ann.get("/api/inbox").json()["notifications"]
    newest = notes[0]["id"]
    assert ann.post(f"/api/inbox/{newest}/read").status_code == 204
    inbox = ann.get("/api/inbox").json()
    assert inbox["unread"] == 2 and inbox["notifications"][-1]["id"] == newest


def test_who_may_ask_about_which_item(
    setup: dict[str, Any], manager: Api, client_for: Any, database: Database
) -> None:
    ann, rev, other = setup["ann"], setup["rev"], setup["others"][0]
    stranger = client_for("stranger@example.com")
    before = table_counts(database)
    r = _ask(ann, other)  # never served to them: as if it did not exist
    assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"
    assert _ask(ann, 999999).status_code == 404
    assert _ask(stranger, setup["served"]).status_code == 404
    assert _ask(ann, setup["served"], text="   ").json()["detail"]["code"] == "invalid_input"
    assert _ask(ann, setup["served"], text="x" * 5001).status_code == 422
    assert _ask(ann, setup["served"], section="s" * 201).status_code == 422
    assert ann.post(f"/api/items/{setup['served']}/questions", json={}).status_code == 422
    assert table_counts(database) == before
    assert _ask(rev, other).status_code == 201  # reviewers and managers: any item
    assert _ask(manager, other).status_code == 201


def test_asking_about_a_honeypot_or_exam_item_looks_the_same(
    setup: dict[str, Any], manager: Api, database: Database
) -> None:
    pid, ann = setup["pid"], setup["ann"]
    plain = _ask(ann, setup["served"]).json()
    done = ann.post(
        f"/api/items/{setup['served']}/annotations",
        json={"result": {"sentiment": "positive"}, "status": "submitted"},
    )
    assert done.status_code == 201, done.text
    honeypot = ann.get(f"/api/projects/{pid}/next")  # the second item, served, then made a honeypot
    assert honeypot.status_code == 200
    honeypot_id = honeypot.json()["id"]
    mark_gold(manager, honeypot_id, {"sentiment": "neutral", "note": "SECRET-REFERENCE"})
    exam_item = next(i for i in setup["others"] if i != honeypot_id)
    uid = ann.get("/api/auth/me").json()["id"]
    with database.session(write=True) as db:
        db.add(ExamAttempt(project_id=pid, user_id=uid, item_ids=[exam_item]))
    asked = [_ask(ann, i) for i in (honeypot_id, exam_item)]
    for r in asked:
        assert r.status_code == 201, r.text
        body = r.json()
        assert set(body) == set(plain) and body["status"] == "open"
        assert "gold" not in r.text and "honeypot" not in r.text and "exam" not in r.text
        assert "SECRET" not in r.text
    mine = ann.get(f"/api/projects/{pid}/questions/mine")
    assert "honeypot" not in mine.text and "SECRET" not in mine.text
    assert {m["item_id"] for m in mine.json()} == {setup["served"], honeypot_id, exam_item}


def test_annotators_see_only_their_own_questions_and_inbox(setup: dict[str, Any], database: Database) -> None:
    pid, ann, bob, rev = setup["pid"], setup["ann"], setup["bob"], setup["rev"]
    q = _ask(ann, setup["served"]).json()
    assert bob.get(f"/api/projects/{pid}/questions/mine").json() == []
    for path in (f"/api/projects/{pid}/questions", f"/api/projects/{pid}/questions?status=answered"):
        r = ann.get(path)
        assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    before = table_counts(database)
    r = ann.post(f"/api/questions/{q['id']}/answer", json={"answer": "I know"})
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    assert bob.post(f"/api/questions/{q['id']}/answer", json={"answer": "I know"}).status_code == 403
    assert rev.post("/api/questions/999999/answer", json={"answer": "x"}).status_code == 404
    assert rev.post(f"/api/questions/{q['id']}/answer", json={"answer": " "}).status_code == 422
    assert table_counts(database) == before
    assert rev.post(f"/api/questions/{q['id']}/answer", json={"answer": "ok"}).status_code == 200
    note = ann.get("/api/inbox").json()["notifications"][0]
    assert bob.get("/api/inbox").json() == {"unread": 0, "notifications": []}
    r = bob.post(f"/api/inbox/{note['id']}/read")
    assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"
    assert ann.get("/api/inbox").json()["unread"] == 1
    assert rev.get(f"/api/projects/{pid}/questions?status=bogus").status_code == 422


def test_outsiders_get_404_and_archived_projects_take_no_questions(
    setup: dict[str, Any], manager: Api, client_for: Any
) -> None:
    pid, ann = setup["pid"], setup["ann"]
    q = _ask(ann, setup["served"]).json()
    stranger = client_for("stranger@example.com")
    assert stranger.get(f"/api/projects/{pid}/questions/mine").status_code == 404
    assert stranger.get(f"/api/projects/{pid}/questions").status_code == 404
    assert stranger.post(f"/api/questions/{q['id']}/answer", json={"answer": "x"}).status_code == 404
    assert manager.post(f"/api/projects/{pid}/archive").status_code == 200
    r = _ask(ann, setup["served"])
    assert r.status_code == 409 and r.json()["detail"]["code"] == "project_archived"
    assert manager.post(f"/api/questions/{q['id']}/answer", json={"answer": "x"}).status_code == 409
    assert ann.get(f"/api/projects/{pid}/questions/mine").status_code == 200


def test_the_ask_key_can_be_rebound(setup: dict[str, Any]) -> None:
    ann = setup["ann"]
    r = ann.put("/api/auth/me/shortcuts", json={"shortcuts": {"ask": "f"}})
    assert r.status_code == 200, r.text
    assert ann.get("/api/auth/me").json()["shortcuts"] == {"ask": "f"}
