"""Live workshops through HTTP: who may run and join them, no reference before the reveal,
answers kept and graded, the report, and a question from a disputed item."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import WorkshopAnswer
from tests.api.conftest import Api, add_member, table_counts
from tests.api.training_helpers import gold_item
from tests.api.workshop_helpers import EXPLANATIONS, REFERENCE, open_workshop, room

RIGHT = {"sentiment": "positive", "entities": [{"id": "e1", "start": 0, "end": 12, "label": "PER"}]}
WRONG = {"sentiment": "negative", "entities": []}


def _leaks(body: Any) -> bool:
    """Whether a response carries the reference or an explanation anywhere."""
    text = str(body)
    return any(e in text for e in EXPLANATIONS.values()) or body.get("reference") is not None


def test_reviewers_open_workshops_annotators_may_not(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    r = room(client_for, manager, project, database)
    outsider = client_for("outsider@example.com")
    before = table_counts(database)
    res = r.trainees[0].post(
        f"/api/projects/{r.project_id}/workshops", json={"title": "x", "item_ids": r.items}
    )
    assert res.status_code == 403 and res.json()["detail"]["code"] == "role_required"
    res = outsider.post(f"/api/projects/{r.project_id}/workshops", json={"title": "x", "item_ids": r.items})
    assert res.status_code == 404
    assert table_counts(database) == before
    state = open_workshop(r)
    assert state["you"] == "trainer" and state["items"] == 2 and state["state"] == "answering"
    assert state["reference"] == REFERENCE and state["explanations"] == EXPLANATIONS
    listed = r.trainees[0].get(f"/api/projects/{r.project_id}/workshops").json()
    assert [(w["id"], w["joined"], w["trainer"]) for w in listed] == [
        (state["id"], False, "trainer@example.com")
    ]
    assert outsider.get(f"/api/workshops/{state['id']}").status_code == 404
    assert outsider.post(f"/api/workshops/{state['id']}/join").status_code == 404


def test_workshop_items_must_be_gold_and_not_honeypots(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    r = room(client_for, manager, project, database)
    honeypot = gold_item(manager, database, r.project_id, "honeypot", REFERENCE)
    r2 = manager.post(f"/api/projects/{r.project_id}/items", json=[{"id": "plain", "data": {"text": "x"}}])
    assert r2.status_code == 201
    before = table_counts(database)
    url = f"/api/projects/{r.project_id}/workshops"
    for body in (
        {"title": "x", "item_ids": [honeypot]},
        {"title": "x", "gold_set": "honeypot"},
        {"title": "x", "item_ids": [r.items[0] + 10_000_000]},
        {"title": "x"},
        {"title": "x", "item_ids": r.items, "gold_set": "practice"},
        {"title": "", "item_ids": r.items},
        {"title": "x", "item_ids": []},
    ):
        res = r.trainer.post(url, json=body)
        assert res.status_code == 422, (body, res.text)
    assert table_counts(database) == before
    res = r.trainer.post(url, json={"title": "From the set", "gold_set": "practice"})
    assert res.status_code == 201 and res.json()["items"] == 2


def test_trainees_never_get_the_reference_before_the_reveal(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    r = room(client_for, manager, project, database)
    wid = open_workshop(r)["id"]
    a, b = r.trainees
    guest = a.get(f"/api/workshops/{wid}").json()
    assert guest["you"] == "guest" and guest["item"] is None and not _leaks(guest)
    res = a.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": RIGHT})
    assert res.status_code == 403 and res.json()["detail"]["code"] == "workshop_not_joined"
    for t in (a, b):
        joined = t.post(f"/api/workshops/{wid}/join")
        assert joined.status_code == 200 and joined.json()["you"] == "trainee"
        assert joined.json()["item"]["id"] == r.items[0] and not _leaks(joined.json())
    res = a.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": RIGHT})
    assert res.status_code == 200
    mine = res.json()
    assert mine["your_answer"] == RIGHT and mine["answered"] == 1 and mine["joined"] == 2
    # Before the reveal: no reference, no explanation, nobody else's answer, no distribution.
    other = b.get(f"/api/workshops/{wid}").json()
    assert not _leaks(other) and other["your_answer"] is None
    assert other["distribution"] is None and other["answers"] is None and other["your_score"] is None
    assert other["participants"] is None
    # The trainer sees the answer and the distribution at once.
    lead = r.trainer.get(f"/api/workshops/{wid}").json()
    assert [x["user"] for x in lead["answers"]] == ["trainee0@example.com"]
    dist = {d["control"]: d["counts"] for d in lead["distribution"]}
    assert dist["sentiment"] == {"positive": 1} and dist["entities"] == {"PER": 1}
    # A trainee cannot reveal, move on, close or ask in the workshop's name.
    for action in ("reveal", "next", "close"):
        assert a.post(f"/api/workshops/{wid}/{action}").status_code == 403
    res = a.post(f"/api/workshops/{wid}/question", json={"item_id": r.items[0], "text": "?"})
    assert res.status_code == 403


def test_reveal_grades_and_shows_reference_then_next_and_report(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    r = room(client_for, manager, project, database)
    wid = open_workshop(r)["id"]
    a, b = r.trainees
    for t in (a, b):
        t.post(f"/api/workshops/{wid}/join")
    a.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": WRONG})
    a.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": RIGHT})  # changed mind
    b.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": WRONG})
    revealed = r.trainer.post(f"/api/workshops/{wid}/reveal")
    assert revealed.status_code == 200 and revealed.json()["state"] == "revealed"
    assert sorted(x["score"] for x in revealed.json()["answers"]) == [0.0, 1.0]
    seen = b.get(f"/api/workshops/{wid}").json()
    assert seen["reference"] == REFERENCE and seen["explanations"] == EXPLANATIONS
    assert seen["your_score"] == 0.0 and seen["your_scores"] == {"sentiment": 0.0, "entities": 0.0}
    assert set(seen["your_diff"]) == {"sentiment", "entities"}
    assert {d["control"]: d["counts"] for d in seen["distribution"]}["sentiment"] == {
        "positive": 1,
        "negative": 1,
    }
    assert seen["answers"] is None  # counts, never names
    # Late answers are refused once revealed; the stored answers did not change.
    late = b.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": RIGHT})
    assert late.status_code == 409 and late.json()["detail"]["code"] == "workshop_moved"
    with database.session() as db:
        kept = {
            (w.user_id, w.item_id): (w.result["sentiment"], w.score)
            for w in db.scalars(select(WorkshopAnswer))
        }
    assert sorted(kept.values()) == [("negative", 0.0), ("positive", 1.0)]
    # Next: everyone on item 2, answering again, nothing revealed.
    moved = r.trainer.post(f"/api/workshops/{wid}/next", json={"position": 0})
    assert moved.status_code == 200 and moved.json()["position"] == 1
    again = r.trainer.post(f"/api/workshops/{wid}/next", json={"position": 0})  # a double click
    assert again.status_code == 409
    now = a.get(f"/api/workshops/{wid}").json()
    assert now["item"]["id"] == r.items[1] and now["state"] == "answering" and not _leaks(now)
    a.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[1], "result": {"sentiment": "negative"}})
    assert r.trainer.post(f"/api/workshops/{wid}/reveal").status_code == 200
    last = r.trainer.post(f"/api/workshops/{wid}/next")
    assert last.status_code == 409
    closed = r.trainer.post(f"/api/workshops/{wid}/close")
    assert closed.json()["state"] == "closed" and closed.json()["item"] is None
    assert a.post(f"/api/workshops/{wid}/join").status_code == 409
    report = r.trainer.get(f"/api/workshops/{wid}/report").json()
    rows = {row["user"]: row for row in report["trainees"]}
    i0, i1 = (str(i) for i in r.items)
    assert rows["trainee0@example.com"]["scores"] == {i0: 1.0, i1: 1.0}
    assert rows["trainee1@example.com"]["scores"] == {i0: 0.0, i1: None}
    assert [(x["answered"], x["mean_score"]) for x in report["items"]] == [(2, 0.5), (1, 1.0)]
    own = b.get(f"/api/workshops/{wid}/report").json()
    assert [row["user"] for row in own["trainees"]] == ["trainee1@example.com"]


def test_answers_are_checked_and_for_the_current_item_only(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    r = room(client_for, manager, project, database)
    wid = open_workshop(r)["id"]
    a = r.trainees[0]
    a.post(f"/api/workshops/{wid}/join")
    before = table_counts(database)
    bad = a.post(
        f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": {"sentiment": "nope"}}
    )
    assert bad.status_code == 422
    missing = a.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[0], "result": {}})
    assert missing.status_code == 422  # sentiment is required
    ahead = a.post(f"/api/workshops/{wid}/answer", json={"item_id": r.items[1], "result": RIGHT})
    assert ahead.status_code == 409 and ahead.json()["detail"]["code"] == "workshop_moved"
    other = a.post(f"/api/workshops/{wid}/answer", json={"item_id": 999_999, "result": RIGHT})
    assert other.status_code == 404
    assert table_counts(database) == before


def test_a_disputed_item_becomes_a_question_in_one_step(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    r = room(client_for, manager, project, database)
    wid = open_workshop(r)["id"]
    res = r.trainer.post(
        f"/api/workshops/{wid}/question", json={"item_id": r.items[0], "text": "Is meeting someone positive?"}
    )
    assert res.status_code == 201, res.text
    assert res.json()["item_id"] == r.items[0] and res.json()["status"] == "open"
    queue = manager.get(f"/api/projects/{r.project_id}/questions").json()
    assert [(q["item_id"], q["asker"], q["text"]) for q in queue] == [
        (r.items[0], "trainer@example.com", "Is meeting someone positive?")
    ]
    outside = gold_item(manager, database, r.project_id, "exam", REFERENCE)
    res = r.trainer.post(f"/api/workshops/{wid}/question", json={"item_id": outside, "text": "x"})
    assert res.status_code == 404


def test_a_manager_may_lead_a_workshop_another_reviewer_may_not(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    r = room(client_for, manager, project, database)
    wid = open_workshop(r)["id"]
    other = client_for("reviewer2@example.com")
    add_member(manager, r.project_id, "reviewer2@example.com", "reviewer")
    assert other.post(f"/api/workshops/{wid}/reveal").status_code == 403
    assert manager.post(f"/api/workshops/{wid}/close").json()["state"] == "closed"
