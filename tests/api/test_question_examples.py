"""An answered question becomes an example or counterexample in the guideline draft in one step
(``POST /api/questions/{id}/to-example``), through the guideline's example service: a served
item is copied (production keeps it), gold of the hidden sets never becomes an example, every
refusal leaves the database as it was."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.db.engine import Database
from tests.api.conftest import Api, add_member, import_texts, table_counts
from tests.api.honeypot_helpers import mark_gold

GUIDELINE = "# Sentiment\n\n## Sarcasm\n\nSarcasm counts as negative.\n"


@pytest.fixture
def asked(manager: Api, project: dict[str, Any], client_for: Any) -> dict[str, Any]:
    pid = project["id"]
    import_texts(manager, pid, ["Great, just great.", "A calm day.", "Fine."])
    people = {}
    for name, role in (("ann", "annotator"), ("rev", "reviewer")):
        people[name] = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", role)
    item = people["ann"].get(f"/api/projects/{pid}/next").json()
    q = people["ann"].post(f"/api/items/{item['id']}/questions", json={"text": "Is sarcasm negative?"}).json()
    a = people["rev"].post(f"/api/questions/{q['id']}/answer", json={"answer": "Yes, sarcasm is negative."})
    assert a.status_code == 200, a.text
    assert (
        manager.put(f"/api/projects/{pid}/guideline/draft", json={"markdown": GUIDELINE}).status_code == 200
    )
    return {"pid": pid, "item": item["id"], "question": q["id"], **people}


def _to_example(api: Api, question: int, **body: Any) -> Any:
    payload = {"kind": "example", "section": "sarcasm", "reference": {"sentiment": "negative"}, **body}
    return api.post(f"/api/questions/{question}/to-example", json=payload)


def test_an_answer_becomes_an_example_on_a_copy_of_a_served_item(manager: Api, asked: dict[str, Any]) -> None:
    pid = asked["pid"]
    r = _to_example(manager, asked["question"])
    assert r.status_code == 201, r.text
    made = r.json()
    assert made["copied"] is True and made["question_id"] == asked["question"]
    example = made["example"]
    assert example["item_id"] != asked["item"] and example["data"] == {"text": "Great, just great."}
    assert example["kind"] == "example" and example["section"] == "sarcasm"
    assert example["explanation"] == "Yes, sarcasm is negative."  # the answer, unless one is given
    assert example["reference"]["sentiment"] == "negative"
    draft = manager.get(f"/api/projects/{pid}/guideline/draft").json()
    assert [e["item_id"] for e in draft["examples"]] == [example["item_id"]]
    # the served item stays a production item
    assert manager.get(f"/api/items/{asked['item']}/gold").status_code == 404
    assert manager.get(f"/api/projects/{pid}").json()["item_count"] == 4


def test_a_counterexample_with_its_own_explanation(manager: Api, asked: dict[str, Any]) -> None:
    r = _to_example(
        manager,
        asked["question"],
        kind="counterexample",
        wrong_result={"sentiment": "positive"},
        explanation="Praise said with sarcasm is not praise.",
        control="sentiment",
        label="negative",
    )
    assert r.status_code == 201, r.text
    example = r.json()["example"]
    assert example["kind"] == "counterexample" and example["wrong_result"]["sentiment"] == "positive"
    assert example["explanation"] == "Praise said with sarcasm is not praise."
    assert example["label"] == "negative"


def test_an_item_never_served_becomes_the_example_itself(manager: Api, asked: dict[str, Any]) -> None:
    pid = asked["pid"]
    listed = manager.get(f"/api/projects/{pid}/items?page_size=50").json()["items"]
    unserved = next(i["id"] for i in listed if i["id"] != asked["item"] and i["data"]["text"] == "Fine.")
    q = manager.post(f"/api/items/{unserved}/questions", json={"text": "Neutral?"}).json()
    r = _to_example(manager, q["id"], reference={"sentiment": "neutral"}, explanation="Plain words: neutral.")
    assert r.status_code == 201, r.text
    assert r.json()["copied"] is False and r.json()["example"]["item_id"] == unserved
    assert manager.get(f"/api/items/{unserved}/gold").json()["set"] == "example"


def test_refusals_change_nothing(
    manager: Api, asked: dict[str, Any], client_for: Any, database: Database
) -> None:
    question = asked["question"]
    stranger = client_for("stranger@example.com")
    before = table_counts(database)
    for api, status, code in (
        (asked["ann"], 403, "role_required"),
        (asked["rev"], 403, "role_required"),  # the guideline is the managers'
        (stranger, 404, "not_found"),
    ):
        r = _to_example(api, question)
        assert r.status_code == status and r.json()["detail"]["code"] == code
    assert _to_example(manager, 999999).status_code == 404
    # the example service's own checks, after the copy was made: the copy goes too
    r = _to_example(manager, question, section="no-such-section")
    assert r.status_code == 422, r.text
    r = _to_example(manager, question, reference={"sentiment": "sarcastic"})
    assert r.status_code == 422 and r.json()["detail"]["code"] == "invalid_result"
    r = _to_example(manager, question, kind="counterexample")  # no wrong answer
    assert r.status_code == 422
    assert _to_example(manager, question, kind="other").status_code == 422
    assert table_counts(database) == before


def test_gold_of_the_hidden_sets_never_becomes_an_example(
    manager: Api, asked: dict[str, Any], database: Database
) -> None:
    mark_gold(manager, asked["item"], {"sentiment": "negative"}, gold_set="honeypot")
    before = table_counts(database)
    r = _to_example(manager, asked["question"])
    assert r.status_code == 422 and r.json()["detail"]["code"] == "not_example_gold"
    assert table_counts(database) == before


def test_an_open_question_needs_an_explanation(manager: Api, asked: dict[str, Any]) -> None:
    q = asked["ann"].post(f"/api/items/{asked['item']}/questions", json={"text": "And irony?"}).json()
    r = _to_example(manager, q["id"])
    assert r.status_code == 422 and "explanation" in r.json()["detail"]["message"]
    assert _to_example(manager, q["id"], explanation="Irony too.").status_code == 201
