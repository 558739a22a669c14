"""From disagreement to guidelines: ranked ambiguous cases on crafted answers, a case made a
question or a guideline example in one step, agreement on the affected labels before and after
a guideline version, and who may do what (negative tests leave the database as it was)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, FinalLabel, Review, User
from tests.api.conftest import SCHEMA, Api, add_member, table_counts
from tests.api.quality_helpers import make_project, submit, team

TEXTS = [
    "Ada met Bob.",
    "Great, just great.",
    "A calm day.",
    "Fine, I guess.",
    "Acme hired Ada.",
    "Rain again.",
]
GUIDELINE = "# Sentiment\n\n## Sarcasm\n\nSarcasm counts as negative.\n"


def answers(pid_items: list[int]) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """positive ↔ negative split on items 0-2, each time by someone else; c alone answered
    neutral for positive on item 3; PER ↔ ORG on the same span of item 4."""
    i = pid_items
    return {
        "a": [
            (i[0], {"sentiment": "positive"}),
            (i[1], {"sentiment": "positive"}),
            (i[2], {"sentiment": "negative"}),
            (i[3], {"sentiment": "positive"}),
            (i[4], {"sentiment": "neutral", "entities": [{"start": 0, "end": 4, "label": "PER"}]}),
            (i[5], {"sentiment": "negative"}),
        ],
        "b": [
            (i[0], {"sentiment": "positive"}),
            (i[1], {"sentiment": "negative"}),
            (i[2], {"sentiment": "positive"}),
            (i[3], {"sentiment": "positive"}),
            (i[4], {"sentiment": "neutral", "entities": [{"start": 0, "end": 4, "label": "ORG"}]}),
            (i[5], {"sentiment": "negative"}),
        ],
        "c": [
            (i[0], {"sentiment": "negative"}),
            (i[1], {"sentiment": "positive"}),
            (i[2], {"sentiment": "positive"}),
            (i[3], {"sentiment": "neutral"}),
            (i[4], {"sentiment": "neutral", "entities": [{"start": 0, "end": 4, "label": "PER"}]}),
            (i[5], {"sentiment": "negative"}),
        ],
    }


@pytest.fixture
def crafted(manager: Api, client_for: Callable[..., Api]) -> dict[str, Any]:
    schema = {**SCHEMA, "overlap": 3}
    pid, items = make_project(manager, schema, [{"text": t} for t in TEXTS])
    people = team(client_for, manager, pid, ["a", "b", "c"])
    for name, rows in answers(items).items():
        for item_id, result in rows:
            submit(people[name], item_id, result)
    for name, role in (("rev", "reviewer"), ("ann", "annotator")):
        people[name] = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", role)
    return {"pid": pid, "items": items, **people}


def report(api: Api, pid: int, **params: Any) -> dict[str, Any]:
    r = api.get(f"/api/projects/{pid}/disagreements", params=params)
    assert r.status_code == 200, r.text
    return dict(r.json())


def case_of(body: dict[str, Any], control: str, labels: set[str]) -> dict[str, Any]:
    found = [c for c in body["cases"] if c["control"] == control and {c["label_a"], c["label_b"]} == labels]
    assert len(found) == 1, body["cases"]
    return found[0]


def test_cases_are_ranked_from_the_crafted_answers(crafted: dict[str, Any]) -> None:
    pid, items, rev = crafted["pid"], crafted["items"], crafted["rev"]
    body = report(rev, pid)
    assert body["final_source"] == "consensus"  # no final label yet: the quality engine's consensus
    top = body["cases"][0]
    assert (top["control"], top["label_a"], top["label_b"]) == ("sentiment", "positive", "negative")
    assert top["n_items"] == 3 and {i["item_id"] for i in top["items"]} == set(items[:3])
    assert all(i["count_a"] == 2 and i["count_b"] == 1 and i["n_answers"] == 3 for i in top["items"])
    # Each of a, b and c answered negative once where the others said positive.
    assert {a["annotator"]: (a["gave_a"], a["gave_b"]) for a in top["annotators"]} == {
        "a@example.com": (2, 1),
        "b@example.com": (2, 1),
        "c@example.com": (2, 1),
    }
    assert top["spread"] == pytest.approx(3 / 4) and top["splits"] == pytest.approx(3 * 2 / 3)
    assert top["score"] == pytest.approx(2 * 3 / 4) and "score" in top["explanation"]
    neutral = case_of(body, "sentiment", {"positive", "neutral"})
    assert [a["annotator"] for a in neutral["annotators"] if a["against_final"]] == ["c@example.com"]
    assert neutral["score"] < top["score"]
    spans = case_of(body, "entities", {"PER", "ORG"})
    assert [i["item_id"] for i in spans["items"]] == [items[4]]
    assert [c["score"] for c in body["cases"]] == sorted((c["score"] for c in body["cases"]), reverse=True)
    assert body["total"] == len(body["cases"]) == 3
    # The labels annotators agree on least come first; item 5 (all negative) is not low.
    labels = {(x["control"], x["label"]): x for x in body["labels"]}
    # positive: 2 of 3 on items 0-3 → 8 agreeing of 16 ordered pairs; neutral: 0/2 + 6/6.
    assert labels[("sentiment", "positive")]["agreement"] == pytest.approx(8 / 16)
    assert labels[("sentiment", "neutral")]["agreement"] == pytest.approx(6 / 8)
    assert labels[("sentiment", "positive")]["n_items"] == 4
    assert (body["labels"][0]["control"], body["labels"][0]["label"], body["labels"][0]["agreement"]) == (
        "entities",
        "ORG",
        0.0,
    )
    low = {(x["item_id"], x["control"]) for x in body["items"]}
    assert (items[4], "entities") in low and (items[5], "sentiment") not in low
    # Paged: one case per page, the second page holds the second case.
    page2 = report(rev, pid, page=2, page_size=1)
    assert page2["total"] == 3 and page2["cases"] == [body["cases"][1]]


def test_final_labels_and_rejections_change_the_ranking(crafted: dict[str, Any], database: Database) -> None:
    pid, items, rev = crafted["pid"], crafted["items"], crafted["rev"]
    before = report(rev, pid)
    neutral_before = case_of(before, "sentiment", {"positive", "neutral"})
    with database.session(write=True) as db:
        # The final label of item 0 is negative: a and b are now the ones against it there.
        db.add(
            FinalLabel(
                item_id=items[0], project_id=pid, result={"sentiment": "negative"}, provenance="reviewed"
            )
        )
        c_id = db.scalars(select(User.id).where(User.email == "c@example.com")).one()
        annotation = db.scalars(
            select(Annotation.id).where(Annotation.item_id == items[3], Annotation.author_id == c_id)
        ).one()
        for _ in range(3):
            db.add(
                Review(
                    project_id=pid,
                    item_id=items[3],
                    annotation_id=annotation,
                    verdict="reject",
                    comment="Mild praise is positive.",
                    guideline_section="sarcasm",
                )
            )
    after = report(rev, pid)
    assert after["final_source"] == "final_labels"
    top = case_of(after, "sentiment", {"positive", "negative"})
    sides = {a["annotator"]: a["against_final"] for a in top["annotators"]}
    assert sides == {"a@example.com": 1, "b@example.com": 1, "c@example.com": 0}
    neutral = case_of(after, "sentiment", {"positive", "neutral"})
    assert neutral["rejections"] == 3 and neutral["score"] > neutral_before["score"]
    assert after["cases"][0]["label_b"] == "neutral"  # the rejections put it first
    (group,) = after["rejections"]
    assert group["section"] == "sarcasm" and group["count"] == 3 and group["items"] == [items[3]]
    assert {"control": "sentiment", "label": "neutral", "count": 3} in group["labels"]
    assert group["comments"][0] == "Mild praise is positive."


def test_a_case_becomes_a_question_in_one_step(crafted: dict[str, Any], database: Database) -> None:
    pid, items, rev = crafted["pid"], crafted["items"], crafted["rev"]
    # Labels in either order name the same case; the item defaults to the most split one.
    r = rev.post(
        f"/api/projects/{pid}/disagreements/question",
        json={"control": "sentiment", "label_a": "negative", "label_b": "positive"},
    )
    assert r.status_code == 201, r.text
    made = r.json()
    question = made["question"]
    assert question["status"] == "open" and question["item_id"] in items[:3]
    assert (
        "“positive”" in question["text"]
        and "“negative”" in question["text"]
        and "3 item(s)" in question["text"]
    )
    assert made["action"]["kind"] == "question" and made["action"]["question_id"] == question["id"]
    queue = crafted["a"].get(f"/api/projects/{pid}/questions", params={"status": "open"}).json()
    assert [q["id"] for q in queue] == [question["id"]] and queue[0]["asker"] == "rev@example.com"
    top = case_of(report(rev, pid), "sentiment", {"positive", "negative"})
    assert [a["question_id"] for a in top["actions"]] == [question["id"]]
    # A chosen item and text are kept.
    r = rev.post(
        f"/api/projects/{pid}/disagreements/question",
        json={
            "control": "entities",
            "label_a": "PER",
            "label_b": "ORG",
            "item_id": items[4],
            "text": "Acme?",
        },
    )
    assert r.status_code == 201 and r.json()["question"]["text"] == "Acme?"
    # Refusals change nothing: an item outside the case, labels never confused, annotators.
    counts = table_counts(database)
    outside = {"control": "sentiment", "label_a": "positive", "label_b": "negative", "item_id": items[5]}
    assert rev.post(f"/api/projects/{pid}/disagreements/question", json=outside).status_code == 422
    never = {"control": "sentiment", "label_a": "negative", "label_b": "neutral"}
    r = rev.post(f"/api/projects/{pid}/disagreements/question", json=never)
    assert r.status_code == 404 and r.json()["detail"]["code"] == "not_found"
    ok = {"control": "sentiment", "label_a": "positive", "label_b": "negative"}
    assert crafted["ann"].post(f"/api/projects/{pid}/disagreements/question", json=ok).status_code == 403
    assert table_counts(database) == counts


def test_a_case_becomes_a_guideline_example_in_one_step(
    manager: Api, crafted: dict[str, Any], database: Database
) -> None:
    pid, items = crafted["pid"], crafted["items"]
    assert (
        manager.put(f"/api/projects/{pid}/guideline/draft", json={"markdown": GUIDELINE}).status_code == 200
    )
    body = {"control": "sentiment", "label_a": "positive", "label_b": "negative", "item_id": items[1]}
    # Reviewers do not edit the guideline; a section the guideline lacks is refused.
    report(manager, pid)  # the cases are computed (and cached) by the first read
    counts = table_counts(database)
    r = crafted["rev"].post(
        f"/api/projects/{pid}/disagreements/example",
        json={**body, "correct": "negative", "section": "sarcasm"},
    )
    assert r.status_code == 403
    r = manager.post(
        f"/api/projects/{pid}/disagreements/example", json={**body, "correct": "negative", "section": "nope"}
    )
    assert r.status_code == 422 and r.json()["detail"]["field"] == "section"
    r = manager.post(
        f"/api/projects/{pid}/disagreements/example",
        json={**body, "correct": "neutral", "section": "sarcasm"},
    )
    assert r.status_code == 422 and r.json()["detail"]["field"] == "correct"
    assert table_counts(database) == counts
    r = manager.post(
        f"/api/projects/{pid}/disagreements/example",
        json={**body, "correct": "negative", "section": "sarcasm", "kind": "counterexample"},
    )
    assert r.status_code == 201, r.text
    made = r.json()
    example = made["example"]
    # The item was served (annotated): a never-served copy becomes the example; production keeps it.
    assert made["copied"] is True and example["item_id"] != items[1]
    assert example["data"] == {"text": TEXTS[1]}
    assert (
        example["reference"]["sentiment"] == "negative" and example["wrong_result"]["sentiment"] == "positive"
    )
    assert example["control"] == "sentiment" and example["label"] == "negative"
    assert "“negative”" in example["explanation"]
    assert made["action"]["example_item_id"] == example["item_id"] and made["action"]["item_id"] == items[1]
    draft = manager.get(f"/api/projects/{pid}/guideline/draft").json()
    assert [e["item_id"] for e in draft["examples"]] == [example["item_id"]]
    assert manager.get(f"/api/items/{items[1]}/gold").status_code == 404
    # A span case: the final spans with the chosen label on the confused span.
    r = manager.post(
        f"/api/projects/{pid}/disagreements/example",
        json={
            "control": "entities",
            "label_a": "PER",
            "label_b": "ORG",
            "correct": "ORG",
            "section": "sentiment",
        },
    )
    assert r.status_code == 201, r.text
    (span,) = r.json()["example"]["reference"]["entities"]
    assert (span["start"], span["end"], span["label"]) == (0, 4, "ORG")


def test_agreement_after_a_guideline_version(
    manager: Api, crafted: dict[str, Any], client_for: Callable[..., Api]
) -> None:
    pid, rev = crafted["pid"], crafted["rev"]
    people = {k: crafted[k] for k in "abc"}
    assert (
        manager.put(f"/api/projects/{pid}/guideline/draft", json={"markdown": GUIDELINE}).status_code == 200
    )
    v1 = manager.post(f"/api/projects/{pid}/guideline/publish", json={"level": "major", "note": ""})
    assert v1.status_code == 201, v1.text
    v1_id = v1.json()["version"]["id"]
    # New items labelled under v1: everyone agrees on positive and on negative.
    texts = [f"after {n}" for n in range(4)]
    assert (
        manager.post(f"/api/projects/{pid}/items", json=[{"data": {"text": t}} for t in texts]).status_code
        == 201
    )
    listed = manager.get(f"/api/projects/{pid}/items?page_size=500").json()["items"]
    new = [i["id"] for i in listed if i["data"]["text"].startswith("after")]
    for n, item_id in enumerate(new):
        for api in people.values():
            submit(api, item_id, {"sentiment": "positive" if n % 2 else "negative"})
    r = rev.get(
        f"/api/projects/{pid}/disagreements/impact",
        params={"guideline_version": v1_id, "labels": ["sentiment:positive", "sentiment:negative"]},
    )
    assert r.status_code == 200, r.text
    impact = r.json()
    assert impact["version"]["id"] == v1_id and impact["previous"] is None and impact["source"] == "chosen"
    positive = impact["labels"][0]
    assert (positive["control"], positive["label"]) == ("sentiment", "positive")
    # Before: 2 of 3 answers positive on items 0-3 (8 of 16 pairs); after: 3 of 3 on two items.
    assert positive["before"]["n_items"] == 4 and positive["after"]["n_items"] == 2
    assert positive["after"]["agreement"] == 1.0 and positive["before"]["agreement"] == pytest.approx(0.5)
    assert positive["change"] == pytest.approx(1.0 - positive["before"]["agreement"])
    before = positive["before"]
    assert before["ci_low"] <= before["agreement"] <= before["ci_high"]
    assert impact["overall"]["after"]["agreement"] == 1.0 and impact["overall"]["change"] > 0
    # Default labels: both labels of every case made a question or an example.
    r = rev.get(f"/api/projects/{pid}/disagreements/impact", params={"guideline_version": v1_id})
    assert r.status_code == 200 and r.json()["labels"] == [] and r.json()["overall"] is None
    asked = {"control": "sentiment", "label_a": "positive", "label_b": "negative"}
    assert rev.post(f"/api/projects/{pid}/disagreements/question", json=asked).status_code == 201
    r = rev.get(f"/api/projects/{pid}/disagreements/impact", params={"guideline_version": v1_id})
    assert r.json()["source"] == "actions"
    assert [(x["control"], x["label"]) for x in r.json()["labels"]] == [
        ("sentiment", "positive"),
        ("sentiment", "negative"),
    ]
    # A later version: v1's answers are now "before".
    v2 = manager.post(f"/api/projects/{pid}/guideline/publish", json={"level": "minor", "note": ""})
    if v2.status_code == 409:  # the draft did not change
        manager.put(f"/api/projects/{pid}/guideline/draft", json={"markdown": GUIDELINE + "\nMore.\n"})
        v2 = manager.post(f"/api/projects/{pid}/guideline/publish", json={"level": "minor", "note": ""})
    v2_body = v2.json()
    r = rev.get(
        f"/api/projects/{pid}/disagreements/impact", params={"guideline_version": v2_body["version"]["id"]}
    )
    assert r.json()["previous"]["id"] == v1_id
    assert (
        r.json()["labels"][0]["after"]["n_items"] == 0 and r.json()["labels"][0]["after"]["agreement"] is None
    )
    # Refusals: another project's or a missing version, a label the schema lacks, a bad form.
    assert (
        rev.get(f"/api/projects/{pid}/disagreements/impact", params={"guideline_version": 999}).status_code
        == 404
    )
    bad = {"guideline_version": v1_id, "labels": ["sentiment:joy"]}
    assert rev.get(f"/api/projects/{pid}/disagreements/impact", params=bad).status_code == 422
    bad = {"guideline_version": v1_id, "labels": ["sentiment"]}
    assert rev.get(f"/api/projects/{pid}/disagreements/impact", params=bad).status_code == 422


def test_who_may_see_the_cases(crafted: dict[str, Any], client_for: Callable[..., Api], manager: Api) -> None:
    pid = crafted["pid"]
    r = crafted["ann"].get(f"/api/projects/{pid}/disagreements")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    assert (
        crafted["ann"]
        .get(f"/api/projects/{pid}/disagreements/impact", params={"guideline_version": 1})
        .status_code
        == 403
    )
    stranger = client_for("stranger@example.com")
    assert stranger.get(f"/api/projects/{pid}/disagreements").status_code == 404
    assert manager.get(f"/api/projects/{pid}/disagreements").status_code == 200
    assert manager.get("/api/projects/999999/disagreements").status_code == 404


def test_the_cases_are_cached_until_answers_change(crafted: dict[str, Any], database: Database) -> None:
    pid, items, rev = crafted["pid"], crafted["items"], crafted["rev"]
    first = report(rev, pid)
    from goldlabel.db.models import QualityCache

    with database.session() as db:
        keys = set(db.scalars(select(QualityCache.key).where(QualityCache.project_id == pid)))
    assert {"disagreements:sentiment", "disagreements:entities"} <= keys
    assert report(rev, pid) == first
    # c changes their answer on item 0 to positive: the positive/negative case loses that item.
    annotation = next(
        a for a in rev.get(f"/api/items/{items[0]}").json()["annotations"] if a["author"] == "c@example.com"
    )
    r = crafted["c"].patch(
        f"/api/annotations/{annotation['id']}",
        json={"result": {"sentiment": "positive"}, "status": "submitted", "version": annotation["version"]},
    )
    assert r.status_code == 200, r.text
    top = case_of(report(rev, pid), "sentiment", {"positive", "negative"})
    assert top["n_items"] == 2 and items[0] not in {i["item_id"] for i in top["items"]}
