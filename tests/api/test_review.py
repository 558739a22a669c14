"""Review tiers through HTTP: sampling on submission, the queue per tier, verdicts (accept,
reject with a reason, fix into the final label), rejection back to the author as feedback they
must open, correction back to review, and every change in the annotation's history."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, FinalLabel, Notification, Review
from goldlabel.services import review_flow
from tests.api.conftest import Api, add_member, import_texts, table_counts

POSITIVE = {"sentiment": "positive"}


def set_review(manager: Api, pid: int, **review: Any) -> None:
    r = manager.patch(f"/api/projects/{pid}", json={"consensus": {"review": review}})
    assert r.status_code == 200, r.text


def submit_all(api: Api, pid: int, result: dict[str, Any] | None = None, limit: int = 100) -> list[int]:
    """Take items from ``next`` and submit each (through a draft, as the web UI does); their
    annotation ids."""
    ids = []
    while len(ids) < limit and (r := api.get(f"/api/projects/{pid}/next")).status_code == 200:
        item = r.json()
        d = api.post(
            f"/api/items/{item['id']}/annotations", json={"result": result or POSITIVE, "status": "draft"}
        )
        assert d.status_code == 201, d.text
        s = api.patch(
            f"/api/annotations/{d.json()['id']}",
            json={"result": result or POSITIVE, "status": "submitted", "version": d.json()["version"]},
        )
        assert s.status_code == 200, s.text
        ids.append(int(d.json()["id"]))
    return ids


def review_states(database: Database, ids: list[int]) -> dict[int, tuple[str | None, int]]:
    with database.session() as db:
        rows = db.execute(
            select(Annotation.id, Annotation.review_status, Annotation.review_tier).where(
                Annotation.id.in_(ids)
            )
        )
        return {i: (s, t) for i, s, t in rows}


@pytest.fixture
def team(manager: Api, project: dict[str, Any], client_for: Any) -> dict[str, Any]:
    pid = project["id"]
    import_texts(manager, pid, [f"text {i}" for i in range(4)])
    people: dict[str, Any] = {"pid": pid}
    for name, role in (("ann", "annotator"), ("bob", "annotator"), ("rev", "reviewer"), ("rev2", "reviewer")):
        people[name] = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", role)
    people["outsider"] = client_for("out@example.com")
    return people


def test_sampling_all_puts_every_submission_in_tier_one_and_history_keeps_each_save(
    team: dict[str, Any], manager: Api, database: Database
) -> None:
    pid, ann, rev = team["pid"], team["ann"], team["rev"]
    set_review(manager, pid, sample="all")
    ids = submit_all(ann, pid, limit=2)
    assert review_states(database, ids) == {i: ("pending", 1) for i in ids}
    history = ann.get(f"/api/annotations/{ids[0]}/history").json()
    assert [(h["change"], h["status"], h["version"]) for h in history] == [
        ("created", "draft", 1),
        ("submitted", "submitted", 2),
    ]
    assert history[1]["changed_by"] == "ann@example.com" and history[1]["result"]["sentiment"] == "positive"
    summary = rev.get(f"/api/projects/{pid}/review/summary").json()
    assert summary["pending"] == {"tier1": 2, "tier2": 0} and summary["sample"] == "all"
    assert summary["your_tiers"] == [1]
    # The oldest first; a skipped one is left out.
    assert rev.get(f"/api/projects/{pid}/review/next").json()["annotation"]["id"] == ids[0]
    assert rev.get(f"/api/projects/{pid}/review/next?skip={ids[0]}").json()["annotation"]["id"] == ids[1]
    assert rev.get(f"/api/projects/{pid}/review/next?skip={ids[0]}&skip={ids[1]}").status_code == 204


def test_no_sampling_by_default(team: dict[str, Any], database: Database) -> None:
    ids = submit_all(team["ann"], team["pid"], limit=2)
    assert review_states(database, ids) == {i: (None, 0) for i in ids}
    assert team["rev"].get(f"/api/projects/{team['pid']}/review/next").status_code == 204


def test_a_share_samples_by_the_annotations_hash(
    team: dict[str, Any], manager: Api, database: Database
) -> None:
    pid = team["pid"]
    import_texts(manager, pid, [f"more {i}" for i in range(16)])
    set_review(manager, pid, sample="share", share=0.5)
    ids = submit_all(team["ann"], pid) + submit_all(team["bob"], pid)
    assert len(ids) == 40
    states = review_states(database, ids)
    expected = {i: ("pending", 1) if review_flow.sampled(i, 0.5) else (None, 0) for i in ids}
    assert states == expected
    n = sum(1 for s, _ in states.values() if s == "pending")
    assert 8 <= n <= 32  # about half (the hash is fixed: this never flakes)


def test_the_share_rule_is_deterministic_and_bounded() -> None:
    assert all(review_flow.sampled(i, 1.0) for i in range(1, 500))
    assert not any(review_flow.sampled(i, 0.0) for i in range(1, 500))
    assert [review_flow.sampled(i, 0.3) for i in range(1, 50)] == [
        review_flow.sampled(i, 0.3) for i in range(1, 50)
    ]
    share = sum(review_flow.sampled(i, 0.3) for i in range(1, 5001)) / 5000
    assert 0.27 < share < 0.33


def test_the_adaptive_share_grows_for_new_and_inaccurate_annotators() -> None:
    rule = review_flow.adaptive_share
    assert rule(0.1, 0, None) == 1.0  # a first submission is always reviewed
    assert rule(0.1, 25, None) == pytest.approx(0.5)
    assert rule(0.1, review_flow.NEW_UNTIL, None) == 0.1
    assert rule(0.1, 500, 0.95) == 0.1  # accurate and experienced: the base share
    assert rule(0.1, 500, 0.7) == pytest.approx(0.5)
    assert rule(0.1, 500, 0.4) == 1.0


def test_adaptive_sampling_reviews_a_new_annotators_first_submissions(
    team: dict[str, Any], manager: Api, database: Database
) -> None:
    pid = team["pid"]
    set_review(manager, pid, sample="adaptive", share=0.0)
    ids = submit_all(team["ann"], pid, limit=3)
    expected = {
        i: ("pending", 1) if review_flow.sampled(i, review_flow.adaptive_share(0.0, n, None)) else (None, 0)
        for n, i in enumerate(ids)
    }
    assert review_states(database, ids) == expected
    assert review_states(database, ids[:1]) == {ids[0]: ("pending", 1)}


def test_a_reviewer_gets_the_item_and_accepts(team: dict[str, Any], manager: Api, database: Database) -> None:
    pid, ann, rev = team["pid"], team["ann"], team["rev"]
    set_review(manager, pid, sample="all")
    (aid,) = submit_all(ann, pid, limit=1)
    r = rev.get(f"/api/projects/{pid}/review/next")
    assert r.status_code == 200, r.text
    task = r.json()
    assert set(task) == {"tier", "item_id", "data", "annotation", "earlier", "pending"}
    assert task["tier"] == 1 and task["annotation"]["id"] == aid and task["data"]["text"].startswith("text")
    assert task["annotation"]["author"] == "ann@example.com" and task["earlier"] == []
    v = rev.post(f"/api/annotations/{aid}/review", json={"verdict": "accept"})
    assert v.status_code == 200, v.text
    assert v.json() | {"review_id": 0} == {
        "review_id": 0,
        "annotation_id": aid,
        "tier": 1,
        "verdict": "accept",
        "review_status": "accepted",
        "review_tier": 1,
        "final": True,
        "final_label": False,
    }
    assert review_states(database, [aid]) == {aid: ("accepted", 1)}
    assert rev.get(f"/api/projects/{pid}/review/next").status_code == 204
    changes = [(h["change"], h["changed_by"]) for h in manager.get(f"/api/annotations/{aid}/history").json()]
    assert changes[-1] == ("accepted", "rev@example.com")
    # Decided: a second verdict is refused and changes nothing.
    before = table_counts(database)
    again = team["rev2"].post(f"/api/annotations/{aid}/review", json={"verdict": "reject", "comment": "no"})
    assert again.status_code == 409 and again.json()["detail"]["code"] == "not_pending_review"
    assert table_counts(database) == before


def test_annotators_cannot_review_and_nobody_reviews_their_own_work(
    team: dict[str, Any], manager: Api, database: Database
) -> None:
    pid, ann, bob, rev = team["pid"], team["ann"], team["bob"], team["rev"]
    set_review(manager, pid, sample="all")
    (aid,) = submit_all(ann, pid, limit=1)
    before = table_counts(database)
    r = bob.get(f"/api/projects/{pid}/review/next")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    r = bob.post(f"/api/annotations/{aid}/review", json={"verdict": "accept"})
    assert r.status_code == 404  # another annotator's annotation: as if it did not exist
    r = ann.post(f"/api/annotations/{aid}/review", json={"verdict": "accept"})
    assert r.status_code == 403
    r = team["outsider"].post(f"/api/annotations/{aid}/review", json={"verdict": "accept"})
    assert r.status_code == 404
    assert team["outsider"].get(f"/api/projects/{pid}/review/next").status_code == 404
    # A reviewer's own annotation never comes to them, and a verdict on it is refused.
    served = rev.get(f"/api/projects/{pid}/next").json()
    own = rev.post(f"/api/items/{served['id']}/annotations", json={"result": POSITIVE, "status": "submitted"})
    assert own.status_code == 201, own.text
    assert rev.get(f"/api/projects/{pid}/review/next").json()["annotation"]["id"] == aid
    before = table_counts(database)
    r = rev.post(f"/api/annotations/{own.json()['id']}/review", json={"verdict": "accept"})
    assert r.status_code == 403 and r.json()["detail"]["code"] == "own_work"
    assert table_counts(database) == before


def test_rejection_goes_back_to_the_author_who_must_open_it_and_corrects(
    team: dict[str, Any], manager: Api, database: Database
) -> None:
    pid, ann, rev = team["pid"], team["ann"], team["rev"]
    set_review(manager, pid, sample="all")
    (aid,) = submit_all(ann, pid, limit=1)
    no_reason = rev.post(f"/api/annotations/{aid}/review", json={"verdict": "reject", "comment": "  "})
    assert no_reason.status_code == 422, no_reason.text
    v = rev.post(
        f"/api/annotations/{aid}/review",
        json={"verdict": "reject", "comment": "Irony reads negative.", "guideline_section": "irony"},
    )
    assert v.status_code == 200, v.text
    assert v.json()["review_status"] == "rejected"
    # The author's inbox has it, with the comment and the section.
    inbox = ann.get("/api/inbox").json()
    assert inbox["unread"] == 1
    note = inbox["notifications"][0]
    assert note["kind"] == "review_rejected"
    assert (
        note["payload"]["comment"] == "Irony reads negative."
        and note["payload"]["guideline_section"] == "irony"
    )
    # Unopened: the queue waits for it.
    r = ann.get(f"/api/projects/{pid}/next")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "open_review_feedback"
    mine = ann.get(f"/api/projects/{pid}/my/annotations").json()
    assert mine["unopened"] == 1 and mine["total"] == 1
    first = mine["items"][0]
    assert first["id"] == aid and first["review_status"] == "rejected"
    feedback = first["feedback"]
    assert feedback["verdict"] == "reject" and feedback["opened_at"] is None
    assert feedback["comment"] == "Irony reads negative." and feedback["guideline_section"] == "irony"
    assert "reviewer" not in feedback and "fixed_result" not in feedback
    # Only the author opens it.
    assert team["bob"].post(f"/api/reviews/{feedback['review_id']}/open").status_code == 404
    opened = ann.post(f"/api/reviews/{feedback['review_id']}/open")
    assert opened.status_code == 200 and opened.json()["opened_at"] is not None
    assert ann.get("/api/inbox").json()["unread"] == 0
    assert ann.get(f"/api/projects/{pid}/my/annotations").json()["unopened"] == 0
    assert ann.get(f"/api/projects/{pid}/next").status_code == 200
    # The author corrects the item: back to tier-1 review, and the history says so.
    correct = ann.patch(
        f"/api/annotations/{aid}",
        json={"result": {"sentiment": "negative"}, "status": "submitted", "version": first["version"]},
    )
    assert correct.status_code == 200, correct.text
    assert review_states(database, [aid]) == {aid: ("pending", 1)}
    changes = [h["change"] for h in ann.get(f"/api/annotations/{aid}/history").json()]
    assert changes == ["created", "submitted", "rejected", "corrected"]
    task = rev.get(f"/api/projects/{pid}/review/next").json()
    assert task["annotation"]["id"] == aid and task["annotation"]["result"]["sentiment"] == "negative"
    assert [(e["verdict"], e["comment"]) for e in task["earlier"]] == [("reject", "Irony reads negative.")]


def test_a_fix_is_validated_and_becomes_the_final_label(
    team: dict[str, Any], manager: Api, database: Database
) -> None:
    pid, ann, rev = team["pid"], team["ann"], team["rev"]
    set_review(manager, pid, sample="all")
    (aid,) = submit_all(ann, pid, limit=1)
    before = table_counts(database)
    bad = rev.post(f"/api/annotations/{aid}/review", json={"verdict": "fix", "result": {"sentiment": "meh"}})
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "invalid_result"
    missing = rev.post(f"/api/annotations/{aid}/review", json={"verdict": "fix"})
    assert missing.status_code == 422
    assert table_counts(database) == before
    v = rev.post(
        f"/api/annotations/{aid}/review",
        json={"verdict": "fix", "result": {"sentiment": "neutral"}, "comment": "neutral, see 2"},
    )
    assert v.status_code == 200, v.text
    assert v.json()["review_status"] == "fixed" and v.json()["final_label"] is True
    with database.session() as db:
        ann_row = db.get(Annotation, aid)
        assert ann_row is not None and ann_row.result["sentiment"] == "positive"  # the author's answer stays
        final = db.get(FinalLabel, ann_row.item_id)
        assert final is not None and final.provenance == "reviewed" and final.result["sentiment"] == "neutral"
    history = manager.get(f"/api/annotations/{aid}/history").json()
    assert history[-1]["change"] == "fixed" and history[-1]["result"]["sentiment"] == "neutral"
    # The author's history hides the fix and the reviewer.
    own = ann.get(f"/api/annotations/{aid}/history").json()
    assert own[-1]["change"] == "fixed" and own[-1]["result"] is None and own[-1]["changed_by"] is None


def test_a_fix_never_replaces_an_adjudicated_label(
    team: dict[str, Any], manager: Api, database: Database
) -> None:
    pid, ann, rev = team["pid"], team["ann"], team["rev"]
    set_review(manager, pid, sample="all")
    (aid,) = submit_all(ann, pid, limit=1)
    with database.session(write=True) as db:
        item_id = db.get(Annotation, aid).item_id  # type: ignore[union-attr]
        db.add(
            FinalLabel(
                item_id=item_id, project_id=pid, result={"sentiment": "negative"}, provenance="adjudicated"
            )
        )
    v = rev.post(
        f"/api/annotations/{aid}/review", json={"verdict": "fix", "result": {"sentiment": "neutral"}}
    )
    assert v.status_code == 200 and v.json()["final_label"] is False
    with database.session() as db:
        final = db.get(FinalLabel, item_id)
        assert (
            final is not None
            and final.provenance == "adjudicated"
            and final.result == {"sentiment": "negative"}
        )


def test_two_tiers_send_what_tier_one_passed_to_managers(
    team: dict[str, Any], manager: Api, database: Database
) -> None:
    pid, ann, rev = team["pid"], team["ann"], team["rev"]
    set_review(manager, pid, sample="all", tiers=2)
    a1, a2, a3 = submit_all(ann, pid, limit=3)
    assert (
        rev.post(f"/api/annotations/{a1}/review", json={"verdict": "accept"}).json()["review_status"]
        == "pending"
    )
    fixed = rev.post(
        f"/api/annotations/{a2}/review", json={"verdict": "fix", "result": {"sentiment": "neutral"}}
    )
    assert fixed.json() | {"review_id": 0} == {
        "review_id": 0,
        "annotation_id": a2,
        "tier": 1,
        "verdict": "fix",
        "review_status": "pending",
        "review_tier": 2,
        "final": False,
        "final_label": False,
    }
    assert rev.post(f"/api/annotations/{a3}/review", json={"verdict": "accept"}).status_code == 200
    assert review_states(database, [a1, a2, a3]) == {a: ("pending", 2) for a in (a1, a2, a3)}
    # Reviewers have nothing left; tier 2 is the managers'.
    assert rev.get(f"/api/projects/{pid}/review/next").status_code == 204
    r = rev.get(f"/api/projects/{pid}/review/next?tier=2")
    assert r.status_code == 403
    r = rev.post(f"/api/annotations/{a1}/review", json={"verdict": "accept"})
    assert r.status_code == 403
    with database.session() as db:
        assert db.scalars(select(FinalLabel)).all() == []  # nothing final before tier 2
    task = manager.get(f"/api/projects/{pid}/review/next").json()
    assert task["tier"] == 2 and task["annotation"]["id"] == a1
    assert [(e["tier"], e["verdict"], e["reviewer"]) for e in task["earlier"]] == [
        (1, "accept", "rev@example.com")
    ]
    assert manager.post(f"/api/annotations/{a1}/review", json={"verdict": "accept"}).json()[
        "review_status"
    ] == ("accepted")
    # The expert confirms the tier-1 fix: it becomes the final label.
    confirm = manager.post(f"/api/annotations/{a2}/review", json={"verdict": "accept"}).json()
    assert confirm["review_status"] == "fixed" and confirm["final_label"] is True
    overturn = manager.post(
        f"/api/annotations/{a3}/review", json={"verdict": "reject", "comment": "wrong"}
    ).json()
    assert overturn["review_status"] == "rejected"
    with database.session() as db:
        finals = {f.result["sentiment"] for f in db.scalars(select(FinalLabel))}
        assert finals == {"neutral"}
    scores = manager.get(f"/api/projects/{pid}/reviewers").json()
    by = {s["reviewer"]: s for s in scores}
    assert by["rev@example.com"]["experts"] == {
        "n": 3,
        "agreed": 2,
        "overturned": 1,
        "agreement": pytest.approx(2 / 3),
    }
    assert by["rev@example.com"]["reviews"] == 3 and by["rev@example.com"]["fixed"] == 1
    assert by["manager@example.com"]["reviews"] == 3
    assert rev.get(f"/api/projects/{pid}/reviewers").status_code == 403


def test_reviewers_are_scored_against_gold(team: dict[str, Any], manager: Api, database: Database) -> None:
    pid, ann, rev = team["pid"], team["ann"], team["rev"]
    set_review(manager, pid, sample="all")
    a1, a2, a3 = submit_all(ann, pid, limit=3)  # all "positive"
    with database.session() as db:
        items = {a: db.get(Annotation, a).item_id for a in (a1, a2, a3)}  # type: ignore[union-attr]
    gold = {a1: "positive", a2: "negative", a3: "negative"}
    for a, label in gold.items():
        r = manager.put(
            f"/api/items/{items[a]}/gold", json={"result": {"sentiment": label}, "set": "honeypot"}
        )
        assert r.status_code == 200, r.text
    # The task of a honeypot's annotation looks like any other.
    task = rev.get(f"/api/projects/{pid}/review/next").json()
    assert set(task) == {"tier", "item_id", "data", "annotation", "earlier", "pending"}
    assert "gold" not in str(task).lower() and "honeypot" not in str(task).lower()
    rev.post(f"/api/annotations/{a1}/review", json={"verdict": "accept"})  # right
    rev.post(f"/api/annotations/{a2}/review", json={"verdict": "accept"})  # wrong: gold says negative
    fix = rev.post(
        f"/api/annotations/{a3}/review", json={"verdict": "fix", "result": {"sentiment": "negative"}}
    )
    assert fix.json()["final_label"] is False  # a gold item's final label is its gold
    (score,) = manager.get(f"/api/projects/{pid}/reviewers").json()
    assert score["gold"] == {"n": 3, "agreement": pytest.approx(2 / 3), "fix_score": 1.0}
    assert score["experts"] == {"n": 0, "agreed": 0, "overturned": 0, "agreement": None}


def test_only_the_author_reviewers_and_managers_see_an_annotations_history_and_reviews(
    team: dict[str, Any], manager: Api
) -> None:
    pid, ann, bob, rev = team["pid"], team["ann"], team["bob"], team["rev"]
    set_review(manager, pid, sample="all")
    (aid,) = submit_all(ann, pid, limit=1)
    (bid,) = submit_all(bob, pid, limit=1)
    assert bob.get(f"/api/annotations/{aid}/history").status_code == 404
    assert team["outsider"].get(f"/api/annotations/{aid}/history").status_code == 404
    assert rev.get(f"/api/annotations/{aid}/history").status_code == 200
    assert ann.get(f"/api/annotations/{aid}/history").status_code == 200
    assert [i["id"] for i in bob.get(f"/api/projects/{pid}/my/annotations").json()["items"]] == [bid]
    rev.post(f"/api/annotations/{aid}/review", json={"verdict": "reject", "comment": "why"})
    listed = manager.get(f"/api/projects/{pid}/reviews?verdict=reject").json()
    assert listed["total"] == 1 and listed["reviews"][0]["author"] == "ann@example.com"
    assert listed["reviews"][0]["reviewer"] == "rev@example.com"
    assert manager.get(f"/api/projects/{pid}/reviews?verdict=accept").json()["total"] == 0
    assert rev.get(f"/api/projects/{pid}/reviews").status_code == 403
    assert ann.get(f"/api/projects/{pid}/reviews").status_code == 403
    own_summary = ann.get(f"/api/projects/{pid}/review/summary").json()
    assert own_summary["pending"] == {"tier1": 0, "tier2": 0} and own_summary["unopened_feedback"] == 1
    assert own_summary["your_tiers"] == []


def test_imported_annotations_start_their_history_as_imported(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    rows = [
        {"data": {"text": "imported"}, "annotations": [{"author": "ext@example.com", "result": POSITIVE}]}
    ]
    r = manager.post(f"/api/projects/{pid}/items", json=rows)
    assert r.status_code == 201, r.text
    (item,) = manager.get(f"/api/projects/{pid}/items").json()["items"]
    (annotation,) = manager.get(f"/api/items/{item['id']}/annotations").json()
    history = manager.get(f"/api/annotations/{annotation['id']}/history").json()
    assert [(h["change"], h["status"], h["version"]) for h in history] == [("imported", "submitted", 1)]


def test_the_review_records_are_kept_for_the_reviewer_and_the_inbox(
    team: dict[str, Any], manager: Api, database: Database
) -> None:
    pid, ann, rev = team["pid"], team["ann"], team["rev"]
    set_review(manager, pid, sample="all")
    (aid,) = submit_all(ann, pid, limit=1)
    rev.post(
        f"/api/annotations/{aid}/review", json={"verdict": "reject", "comment": "c", "guideline_section": "s"}
    )
    with database.session() as db:
        (review,) = db.scalars(select(Review)).all()
        assert (review.tier, review.verdict, review.comment, review.guideline_section) == (
            1,
            "reject",
            "c",
            "s",
        )
        (note,) = db.scalars(select(Notification)).all()
        assert note.payload["review_id"] == review.id and note.kind == "review_rejected"


def test_adaptive_sampling_grows_with_low_honeypot_accuracy(
    team: dict[str, Any], manager: Api, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past their first submission nobody counts as new here; then the share is 0 for an annotator
    whose honeypot answers are right and 1 for one whose answers are wrong."""
    monkeypatch.setattr(review_flow, "NEW_UNTIL", 1)
    pid, good, bad = team["pid"], team["ann"], team["bob"]
    first_good = submit_all(good, pid, {"sentiment": "negative"})
    first_bad = submit_all(bad, pid, {"sentiment": "positive"})
    assert len(first_good) == len(first_bad) == 4
    with database.session() as db:
        answered = sorted({db.get(Annotation, a).item_id for a in first_good})  # type: ignore[union-attr]
    for item_id in answered:
        r = manager.put(
            f"/api/items/{item_id}/gold", json={"result": {"sentiment": "negative"}, "set": "honeypot"}
        )
        assert r.status_code == 200, r.text
    import_texts(manager, pid, [f"later {i}" for i in range(4)])
    set_review(manager, pid, sample="adaptive", share=0.0)
    later_good = submit_all(good, pid)
    later_bad = submit_all(bad, pid)
    assert len(later_good) == len(later_bad) == 4
    assert review_states(database, later_good) == {a: (None, 0) for a in later_good}
    assert review_states(database, later_bad) == {a: ("pending", 1) for a in later_bad}
