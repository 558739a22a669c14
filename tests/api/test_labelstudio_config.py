"""Creating a project from a Label Studio config through HTTP: a refusal names every tag and
attribute at fault at once (``problems``) and creates nothing; ``alias``, constant ``<Text>``,
``toName`` lists and ``required`` inside conditional blocks are each honoured or refused by name."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from goldlabel.db.engine import Database
from tests.api.conftest import Api, table_counts


def refused(manager: Api, database: Database, config: str) -> list[dict[str, Any]]:
    """Create a project from ``config``: it must be a 422 invalid_schema that changes nothing;
    returns the problems listed, after checking the message names each of them."""
    before = table_counts(database)
    r = manager.post("/api/projects", json={"name": "from LS", "label_config": config})
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail["code"] == "invalid_schema"
    assert table_counts(database) == before
    problems: list[dict[str, Any]] = detail["problems"]
    for p in problems:
        assert set(p) == {"tag", "name", "attribute", "message"}
        assert f"<{p['tag']}" in detail["message"] and p["message"] in detail["message"]
    # the validation route refuses it the same way
    checked = manager.post("/api/schema/validate", json={"label_config": config})
    assert checked.status_code == 422 and checked.json()["detail"]["problems"] == problems
    return problems


def named(problems: list[dict[str, Any]]) -> set[tuple[str | None, str | None, str | None]]:
    return {(p["tag"], p["name"], p["attribute"]) for p in problems}


def test_every_unsupported_tag_and_attribute_is_named_at_once(manager: Api, database: Database) -> None:
    config = """<View>
      <Text name="text" value="$text"/>
      <Image name="img" value="$image"/>
      <Ranker name="rank" toName="text"/>
      <Relations><Relation value="cites"/></Relations>
      <Taxonomy name="tax" toName="text"/>
      <Choices name="topic" toName="nowhere"><Choice value="a"/></Choices>
      <Rating name="stars" toName="text" maxRating="lots"/>
      <Labels name="ocr" toName="img"><Label value="word"/></Labels>
      <RectangleLabels name="boxes" toName="img"/>
    </View>"""
    problems = refused(manager, database, config)
    assert named(problems) == {
        ("Ranker", "rank", None),
        ("Relations", None, None),
        ("Relation", None, None),
        ("Taxonomy", "tax", None),
        ("Choices", "topic", "toName"),
        ("Rating", "stars", "maxRating"),
        ("Labels", "ocr", None),
        ("RectangleLabels", "boxes", None),
    }
    by_tag = {p["tag"]: p["message"] for p in problems}
    assert "nowhere" in by_tag["Choices"] and "lots" not in by_tag["Rating"]
    assert "RectangleLabels" in by_tag["Labels"]  # says what to use on an image
    assert "no <Label> children" in by_tag["RectangleLabels"]
    assert len(problems) == 8


ALIASED = """<View>
  <Text name="text" value="$review"/>
  <Choices name="sentiment" toName="text">
    <Choice value="Positive" alias="pos" hotkey="p"/><Choice value="Negative" alias="neg"/>
    <Choice value="Neutral"/>
  </Choices>
  <Labels name="ner" toName="text"><Label value="Person" alias="PER"/><Label value="Place"/></Labels>
</View>"""


def test_an_alias_keeps_the_shown_label_in_the_schema(manager: Api) -> None:
    r = manager.post("/api/projects", json={"name": "aliased", "label_config": ALIASED})
    assert r.status_code == 201, r.text
    controls = {c["name"]: c for c in r.json()["schema"]["controls"]}
    # Annotators see (and goldlabel stores) what Label Studio shows; Label Studio's results
    # carry the alias, which the migration maps back (tests/test_cli_labelstudio.py).
    assert controls["sentiment"]["options"] == ["Positive", "Negative", "Neutral"]
    assert controls["sentiment"]["hotkeys"] == {"Positive": "p"}
    assert controls["ner"]["labels"] == ["Person", "Place"]
    warnings = manager.post("/api/schema/validate", json={"label_config": ALIASED}).json()["warnings"]
    assert not any("alias" in w for w in warnings)  # honoured, not ignored


@pytest.mark.parametrize(
    ("children", "message"),
    [
        (
            '<Choice value="a" alias="x"/><Choice value="b" alias="x"/>',
            "alias 'x' is given to both 'a' and 'b'",
        ),
        ('<Choice value="a" alias="b"/><Choice value="b"/>', "alias 'b' is also another <Choice>'s value"),
    ],
)
def test_an_ambiguous_alias_is_refused_by_name(
    manager: Api, database: Database, children: str, message: str
) -> None:
    config = f'<View><Text name="t" value="$t"/><Choices name="c" toName="t">{children}</Choices></View>'
    problems = refused(manager, database, config)
    assert named(problems) == {("Choices", "c", "alias")}
    assert message in problems[0]["message"]


def test_an_alias_on_keypoint_labels_is_refused_by_name(manager: Api, database: Database) -> None:
    config = """<View><Image name="img" value="$image"/>
      <KeyPointLabels name="pose" toName="img">
        <Label value="nose" alias="n"/><Label value="eye"/>
      </KeyPointLabels>
    </View>"""
    assert named(refused(manager, database, config)) == {("KeyPointLabels", "pose", "alias")}


STATIC_TEXT = """<View>
  <Text name="intro" value="Read the whole review before you pick."/>
  <Text name="review" value="$review"/>
  <Text name="tip" value="Sarcasm counts as negative."/>
  <Choices name="sentiment" toName="review"><Choice value="pos"/><Choice value="neg"/></Choices>
</View>"""


def test_a_constant_text_becomes_the_description_not_a_field(manager: Api) -> None:
    r = manager.post("/api/projects", json={"name": "static", "label_config": STATIC_TEXT})
    assert r.status_code == 201, r.text
    project = r.json()
    assert project["schema"]["fields"] == {"review": "text"}
    assert project["description"] == "Read the whole review before you pick.\n\nSarcasm counts as negative."
    # a description the creator gives wins
    r = manager.post(
        "/api/projects", json={"name": "static 2", "label_config": STATIC_TEXT, "description": "Mine."}
    )
    assert r.status_code == 201 and r.json()["description"] == "Mine."
    warnings = manager.post("/api/schema/validate", json={"label_config": STATIC_TEXT}).json()["warnings"]
    assert warnings == [
        "<Text name='intro'> is a constant text, not task data: a new project shows it in its description",
        "<Text name='tip'> is a constant text, not task data: a new project shows it in its description",
    ]
    # items need the data field only
    r = manager.post(f"/api/projects/{project['id']}/items", json=[{"data": {"review": "Great."}}])
    assert r.status_code == 201, r.text


def test_a_control_on_a_constant_text_or_a_constant_media_is_refused_by_name(
    manager: Api, database: Database
) -> None:
    config = """<View>
      <Text name="intro" value="Instructions"/>
      <Image name="logo" value="https://example.com/logo.png"/>
      <Text name="body" value="$body"/>
      <TextArea name="note" toName="intro"/>
      <Choices name="c" toName="body"><Choice value="a"/></Choices>
    </View>"""
    problems = refused(manager, database, config)
    assert named(problems) == {("Image", "logo", "value"), ("TextArea", "note", "toName")}
    assert any("constant <Text name='intro'>" in p["message"] for p in problems)


TO_NAME_LIST = """<View>
  <Image name="left" value="$left"/><Image name="right" value="$right"/>
  <Choices name="verdict" toName="left,right" required="true">
    <Choice value="same"/><Choice value="different"/>
  </Choices>
  <Rating name="quality" toName="left,right"/>
</View>"""


def test_a_per_task_control_with_a_to_name_list_is_shown_beside_the_first(manager: Api) -> None:
    r = manager.post("/api/projects", json={"name": "pair", "label_config": TO_NAME_LIST})
    assert r.status_code == 201, r.text
    schema = r.json()["schema"]
    assert schema["fields"] == {"left": "image", "right": "image"}
    assert [(c["name"], c["field"]) for c in schema["controls"]] == [("verdict", "left"), ("quality", "left")]
    warnings = manager.post("/api/schema/validate", json={"label_config": TO_NAME_LIST}).json()["warnings"]
    assert (
        "<Choices name='verdict'> is answered once per task; shown beside 'left', the first of its toName"
        in (warnings)
    )


def test_a_region_control_with_a_to_name_list_is_refused_by_name(manager: Api, database: Database) -> None:
    config = """<View>
      <Image name="a" value="$a"/><Image name="b" value="$b"/><Text name="t" value="$t"/>
      <RectangleLabels name="boxes" toName="a,b"><Label value="car"/></RectangleLabels>
      <Labels name="ner" toName="t,missing"><Label value="PER"/></Labels>
    </View>"""
    problems = refused(manager, database, config)
    assert named(problems) == {("RectangleLabels", "boxes", "toName"), ("Labels", "ner", "toName")}
    messages = " ".join(p["message"] for p in problems)
    assert "toName='a,b' names 2 objects" in messages and "unknown object 'missing'" in messages


CONDITIONAL = """<View>
  <Text name="tweet" value="$tweet"/>
  <Choices name="sentiment" toName="tweet"><Choice value="Positive"/><Choice value="Negative"/></Choices>
  <View visibleWhen="choice-selected" whenTagName="sentiment" whenChoiceValue="Negative">
    <Choices name="why" toName="tweet" required="true"><Choice value="Rude"/><Choice value="Sad"/></Choices>
    <TextArea name="detail" toName="tweet"/>
  </View>
  <Choices name="props" toName="tweet" required="true" visibleWhen="choice-selected" whenTagName="sentiment">
    <Choice value="Sarcastic"/>
  </Choices>
</View>"""


def test_required_inside_a_conditional_block_is_refused_by_name(manager: Api, database: Database) -> None:
    problems = refused(manager, database, CONDITIONAL)
    assert named(problems) == {("Choices", "why", "required"), ("Choices", "props", "required")}
    why = next(p["message"] for p in problems if p["name"] == "why")
    assert 'visibleWhen="choice-selected"' in why and "<View>" in why
    props = next(p["message"] for p in problems if p["name"] == "props")
    assert "<Choices name='props'>" in props


def test_a_conditional_control_that_is_not_required_is_kept_and_its_condition_listed(manager: Api) -> None:
    config = CONDITIONAL.replace(' required="true"', "")
    r = manager.post("/api/schema/validate", json={"label_config": config})
    assert r.status_code == 200, r.text
    assert [c["name"] for c in r.json()["schema"]["controls"]] == ["sentiment", "why", "detail", "props"]
    warnings = r.json()["warnings"]
    assert "<View> ignores visibleWhen, whenChoiceValue, whenTagName" in warnings
    assert "<Choices name='props'> ignores visibleWhen, whenTagName" in warnings


def test_all_four_cases_and_an_unsupported_tag_are_listed_together(manager: Api, database: Database) -> None:
    config = """<View>
      <Text name="intro" value="Read carefully"/><Text name="t" value="$t"/>
      <Image name="a" value="$a"/><Image name="b" value="$b"/>
      <Choices name="c" toName="t"><Choice value="x" alias="y"/><Choice value="y"/></Choices>
      <PolygonLabels name="poly" toName="a,b"><Label value="road"/></PolygonLabels>
      <View visibleWhen="region-selected"><Rating name="r" toName="t" required="true"/></View>
      <TextArea name="note" toName="intro"/>
      <Pairwise name="pw" toName="a,b"/>
    </View>"""
    problems = refused(manager, database, config)
    assert named(problems) == {
        ("Choices", "c", "alias"),
        ("PolygonLabels", "poly", "toName"),
        ("Rating", "r", "required"),
        ("TextArea", "note", "toName"),
        ("Pairwise", "pw", None),
    }


def test_a_deeply_nested_config_converts_or_is_refused_never_a_500(manager: Api, database: Database) -> None:
    inner = '<Text name="t" value="$t"/><TextArea name="a" toName="t"/>'
    deep = "<View>" * 5000 + inner + "</View>" * 5000
    r = manager.post("/api/schema/validate", json={"label_config": deep})
    assert r.status_code == 200, r.text
    controls = r.json()["schema"]["controls"]
    assert [(c["name"], c["type"], c["field"]) for c in controls] == [("a", "text", "t")]
    refused(manager, database, deep.replace('toName="t"', 'toName="nowhere"'))


def test_what_the_schema_refuses_after_conversion_is_listed_by_tag_too(
    manager: Api, database: Database
) -> None:
    config = """<View><Text name="t" value="$t"/>
      <Choices name="c" toName="t"><Choice value=" "/></Choices>
      <Rating name="r" toName="t" maxRating="500"/>
      <Labels name="l" toName="t"><Label value="A" hotkey="ab"/></Labels>
    </View>"""
    problems = refused(manager, database, config)
    assert named(problems) == {
        ("Choices", "c", "value"),
        ("Rating", "r", "maxRating"),
        ("Labels", "l", "hotkey"),
    }
    assert {p["name"]: p["message"] for p in problems} == {
        "c": "options must be non-empty strings",
        "r": "a rating scale may have at most 101 steps",
        "l": "hotkey 'ab' must be a single printable character",
    }


def test_names_and_data_keys_goldlabel_cannot_hold_are_refused_by_tag(
    manager: Api, database: Database
) -> None:
    config = """<View><Text name="t" value="$my text"/><Text name="u" value="$u"/>
      <Choices name="my choice" toName="u"><Choice value="a"/></Choices>
    </View>"""
    assert named(refused(manager, database, config)) == {
        ("Text", "t", "value"),
        ("Choices", "my choice", "name"),
    }


def test_label_studio_results_with_aliases_import_as_the_shown_labels(manager: Api) -> None:
    """Needs the Label Studio reader (helper h2) and imported annotations and predictions (h1)."""
    pid = manager.post("/api/projects", json={"name": "aliased", "label_config": ALIASED}).json()["id"]

    def result(choice: str, label: str) -> list[dict[str, Any]]:
        span = {"start": 0, "end": 3, "text": "Ada", "labels": [label]}
        return [
            {
                "id": "c",
                "from_name": "sentiment",
                "to_name": "text",
                "type": "choices",
                "value": {"choices": [choice]},
            },
            {"id": "s", "from_name": "ner", "to_name": "text", "type": "labels", "value": span},
        ]

    tasks = [
        {
            "id": 1,
            "data": {"review": "Ada was great."},
            "annotations": [
                {"completed_by": {"email": "manager@example.com"}, "result": result("pos", "PER")}
            ],
            "predictions": [{"model_version": "v1", "result": result("neg", "PER")}],
        },
        {
            "id": 2,
            "data": {"review": "Bob was there."},
            "annotations": [
                {"completed_by": {"email": "x@elsewhere.org"}, "result": result("Neutral", "Place")}
            ],
        },
    ]
    r = manager.post(
        f"/api/projects/{pid}/items?format=labelstudio",
        files={"file": ("export.json", orjson.dumps(tasks), "application/json")},
    )
    assert r.status_code == 201, r.text
    assert (r.json()["annotations"], r.json()["predictions"]) == (2, 2)
    exported = manager.get(f"/api/projects/{pid}/export?format=json&labels=annotations").json()
    answers = {item["external_id"]: [a["result"] for a in item["annotations"]] for item in exported}
    shown = {k: [(a["sentiment"], [s["label"] for s in a["ner"]]) for a in v] for k, v in answers.items()}
    assert shown == {"1": [("Positive", ["Person"])], "2": [("Neutral", ["Place"])]}
    item_id = next(item["id"] for item in exported if item["external_id"] == "1")
    listed = manager.get(f"/api/projects/{pid}/predictions", params={"item_id": item_id}).json()["items"]
    predicted = {p["control"]: p["value"] for p in listed}
    assert predicted["sentiment"] == "Negative"
    assert [(s["start"], s["end"], s["label"]) for s in predicted["ner"]] == [(0, 3, "Person")]
