"""Training settings on the project, and practice with instant feedback (through HTTP)."""

from __future__ import annotations

from typing import Any

from goldlabel.db.engine import Database
from tests.api.conftest import Api, table_counts
from tests.api.training_helpers import TEXT, annotator, configure, example, gold_item, publish

REFERENCE = {
    "sentiment": "positive",
    "entities": [{"start": 0, "end": 12, "label": "PER"}, {"start": 36, "end": 42, "label": "LOC"}],
    "stars": 4,
    "note": "a friendly meeting",
}


def test_managers_set_training_settings_field_by_field(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    assert project["training"]["require_certification"] is False  # defaults for an old project
    settings = configure(manager, pid, require_certification=True, exam={"items": 5})
    assert settings["require_certification"] is True and settings["exam"]["items"] == 5
    assert settings["exam"]["pass_mark"] == 0.8  # untouched fields keep their values
    settings = configure(manager, pid, exam={"pass_mark": 0.9, "per_control_pass_mark": {"sentiment": 0.7}})
    assert settings["exam"] == {
        "items": 5,
        "pass_mark": 0.9,
        "per_control_pass_mark": {"sentiment": 0.7},
        "max_attempts": 3,
        "cooldown_minutes": 60,
    }
    assert manager.get(f"/api/projects/{pid}").json()["training"]["exam"]["pass_mark"] == 0.9


def test_training_settings_are_bounded_and_checked(
    manager: Api, project: dict[str, Any], database: Database
) -> None:
    pid = project["id"]
    before = table_counts(database)
    for bad in (
        {"honeypot_rate": 2},
        {"exam": {"items": 0}},
        {"pause": {"below": -1}},
        {"practice_target": {"accuracy": 1.5}},
        {"unknown": True},
    ):
        r = manager.patch(f"/api/projects/{pid}", json={"training": bad})
        assert r.status_code == 422, (bad, r.text)
    r = manager.patch(
        f"/api/projects/{pid}", json={"training": {"exam": {"per_control_pass_mark": {"nope": 1}}}}
    )
    assert r.status_code == 422 and "nope" in r.json()["detail"]["message"]
    assert table_counts(database) == before
    assert manager.get(f"/api/projects/{pid}").json()["training"]["exam"]["per_control_pass_mark"] == {}


def test_annotators_do_not_see_or_change_training_settings(
    manager: Api, project: dict[str, Any], client_for: Any
) -> None:
    pid = project["id"]
    ann = annotator(client_for, manager, pid)
    assert ann.get(f"/api/projects/{pid}").json()["training"] is None
    r = ann.patch(f"/api/projects/{pid}", json={"training": {"require_certification": True}})
    assert r.status_code == 403
    assert manager.get(f"/api/projects/{pid}").json()["training"]["require_certification"] is False


def test_practice_next_is_204_without_practice_items(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    gold_item(manager, database, pid, "exam", REFERENCE)
    ann = annotator(client_for, manager, pid)
    assert ann.get(f"/api/projects/{pid}/practice/next").status_code == 204


def test_practice_serves_unanswered_items_first_then_the_lowest_scoring(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    a = gold_item(manager, database, pid, "practice", {"sentiment": "positive"})
    b = gold_item(manager, database, pid, "practice", {"sentiment": "negative"})
    gold_item(manager, database, pid, "exam", {"sentiment": "neutral"})
    ann = annotator(client_for, manager, pid)
    first = ann.get(f"/api/projects/{pid}/practice/next").json()
    assert set(first) == {"id", "data"} and first["data"] == {"text": TEXT}
    assert first["id"] in (a, b)
    ann.post(f"/api/projects/{pid}/practice/{first['id']}", json={"result": {"sentiment": "positive"}})
    second = ann.get(f"/api/projects/{pid}/practice/next").json()
    assert second["id"] == ({a, b} - {first["id"]}).pop()  # unanswered first
    ann.post(f"/api/projects/{pid}/practice/{second['id']}", json={"result": {"sentiment": "positive"}})
    retry = ann.get(f"/api/projects/{pid}/practice/next").json()
    assert retry["id"] == b  # answered b wrong: the lowest score comes back


def test_practice_feedback_scores_diffs_and_explains(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    publish(manager, pid, markdown="# Guide\n## Sentiment\n### Positive\nHappy words.\n## People (PER)\n")
    item = gold_item(
        manager,
        database,
        pid,
        "practice",
        REFERENCE,
        explanations={"sentiment": "They are glad to meet.", "entities": "Names."},
    )
    ann = annotator(client_for, manager, pid)
    answer = {
        "sentiment": "negative",
        "entities": [{"start": 0, "end": 3, "label": "PER"}, {"start": 17, "end": 32, "label": "ORG"}],
        "stars": 2,
        "note": "a meeting",
    }
    before = table_counts(database)
    r = ann.post(f"/api/projects/{pid}/practice/{item}", json={"result": answer})
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"score", "scores", "diff", "reference", "explanations", "section"}
    assert body["scores"]["sentiment"] == 0.0
    assert body["scores"]["stars"] == 0.5  # |2 - 4| / (5 - 1)
    assert 0 < body["scores"]["entities"] < 1 and 0 < body["scores"]["note"] < 1
    assert abs(body["score"] - sum(body["scores"].values()) / 4) < 1e-9
    assert body["diff"]["sentiment"] == {
        "kind": "choices",
        "matched": [],
        "missing": ["positive"],
        "extra": ["negative"],
    }
    assert body["diff"]["stars"] == {"kind": "rating", "answer": 2, "reference": 4, "delta": -2}
    spans = body["diff"]["entities"]
    assert spans["kind"] == "spans"
    assert [p["reference"]["text"] for p in spans["boundary"]] == ["Ada Lovelace"]
    assert [s["text"] for s in spans["missed"]] == ["London"]
    assert [s["text"] for s in spans["extra"]] == ["Charles Babbage"]
    ops = body["diff"]["note"]
    assert ops["kind"] == "text" and {"op": "delete", "reference": "friendly", "answer": ""} in ops["ops"]
    stripped = [{k: v for k, v in s.items() if k != "id"} for s in body["reference"]["entities"]]
    assert {**body["reference"], "entities": stripped} == REFERENCE  # region ids drawn by the gold route
    assert body["explanations"]["sentiment"] == "They are glad to meet."
    assert body["section"] == "positive"  # the heading naming the first wrong control's reference label
    after = table_counts(database)
    assert after["practice_answers"] == before["practice_answers"] + 1
    assert after["annotations"] == before["annotations"]  # practice never makes annotations
    assert after["assignments"] == before["assignments"]


def test_the_section_comes_from_an_example_when_no_heading_names_the_label(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    publish(manager, pid, markdown="# Guide\n## Tone of voice\n")
    ex = gold_item(manager, database, pid, "example", {"sentiment": "positive"})
    example(manager, pid, ex, "tone-of-voice", "sentiment", "positive")
    item = gold_item(manager, database, pid, "practice", {"sentiment": "positive"})
    ann = annotator(client_for, manager, pid)
    body = ann.post(f"/api/projects/{pid}/practice/{item}", json={"result": {"sentiment": "neutral"}}).json()
    assert body["section"] == "tone-of-voice"
    right = ann.post(
        f"/api/projects/{pid}/practice/{item}", json={"result": {"sentiment": "positive"}}
    ).json()
    assert right["score"] == 1.0 and right["section"] is None


def test_practice_answers_are_validated_like_submissions(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    item = gold_item(manager, database, pid, "practice", REFERENCE)
    exam_item = gold_item(manager, database, pid, "exam", REFERENCE)
    ann = annotator(client_for, manager, pid)
    before = table_counts(database)
    r = ann.post(f"/api/projects/{pid}/practice/{item}", json={"result": {"sentiment": "furious"}})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_result"
    r = ann.post(
        f"/api/projects/{pid}/practice/{item}", json={"result": {"stars": 3}}
    )  # sentiment is required
    assert r.status_code == 422 and r.json()["detail"]["control"] == "sentiment"
    r = ann.post(f"/api/projects/{pid}/practice/{exam_item}", json={"result": {"sentiment": "positive"}})
    assert r.status_code == 404  # an exam item is no practice item: its answer is never shown
    assert table_counts(database) == before


def test_outsiders_cannot_practise(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    item = gold_item(manager, database, pid, "practice", REFERENCE)
    outsider = client_for("out@example.com")
    assert outsider.get(f"/api/projects/{pid}/practice/next").status_code == 404
    r = outsider.post(f"/api/projects/{pid}/practice/{item}", json={"result": {"sentiment": "positive"}})
    assert r.status_code == 404
