"""Projects, schema validation (JSON and Label Studio XML), members."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import SCHEMA, Api, add_member, table_counts

LS_CONFIG = """<View>
  <Text name="text" value="$review"/>
  <Choices name="sentiment" toName="text" choice="single">
    <Choice value="Positive" hotkey="p"/><Choice value="Negative"/>
  </Choices>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Rating name="stars" toName="text" maxRating="10"/>
  <TextArea name="comment" toName="text"/>
</View>"""


def test_create_and_get_project(manager: Api, project: dict[str, Any]) -> None:
    assert project["role"] == "manager" and project["item_count"] == 0
    got = manager.get(f"/api/projects/{project['id']}").json()
    assert got["schema"]["overlap"] == 2
    assert [c["type"] for c in got["schema"]["controls"]] == ["choices", "spans", "rating", "text"]
    assert [p["id"] for p in manager.get("/api/projects").json()] == [project["id"]]


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (
            {"fields": {"text": "text"}, "controls": [{"name": "c", "type": "boxes3d", "field": "text"}]},
            "type",
        ),
        (
            {
                "fields": {"text": "text"},
                "controls": [{"name": "c", "type": "choices", "field": "nope", "options": ["a"]}],
            },
            "nope",
        ),
        (
            {
                "fields": {"img": "image"},
                "controls": [{"name": "e", "type": "spans", "field": "img", "labels": ["A"]}],
            },
            "cannot label a image",
        ),
        (
            {
                "fields": {"text": "text"},
                "controls": [{"name": "c", "type": "choices", "field": "text", "options": ["a", "a"]}],
            },
            "unique",
        ),
        (
            {
                "fields": {"text": "text"},
                "controls": [
                    {"name": "c", "type": "choices", "field": "text", "options": ["a"]},
                    {"name": "c", "type": "rating", "field": "text"},
                ],
            },
            "two controls",
        ),
        (
            {
                "fields": {"text": "text"},
                "controls": [{"name": "r", "type": "rating", "field": "text", "min": 5, "max": 1}],
            },
            "below max",
        ),
        ({"fields": {"text": "text"}, "controls": []}, "controls"),
        (
            {
                "fields": {"text": "text"},
                "controls": [{"name": "c", "type": "choices", "field": "text", "options": ["a"]}],
                "overlap": 0,
            },
            "overlap",
        ),
        (
            {
                "fields": {"img": "image"},
                "controls": [
                    {
                        "name": "pose",
                        "type": "keypoints",
                        "field": "img",
                        "labels": ["person"],
                        "points": ["head", "neck"],
                        "skeleton": [["head", "tail"]],
                    }
                ],
            },
            "skeleton names unknown points ['tail']",
        ),
    ],
)
def test_bad_schema_is_refused_with_a_clear_message(
    manager: Api, database: Any, schema: Any, message: str
) -> None:
    before = table_counts(database)
    r = manager.post("/api/projects", json={"name": "bad", "schema": schema})
    assert r.status_code == 422
    assert message in r.json()["detail"]["message"]
    assert table_counts(database) == before


def test_label_studio_config_becomes_a_schema(manager: Api) -> None:
    r = manager.post("/api/projects", json={"name": "from LS", "label_config": LS_CONFIG})
    assert r.status_code == 201, r.text
    schema = r.json()["schema"]
    assert schema["fields"] == {"review": "text"}
    by_name = {c["name"]: c for c in schema["controls"]}
    assert by_name["sentiment"]["options"] == ["Positive", "Negative"]
    assert by_name["sentiment"]["hotkeys"] == {"Positive": "p"}
    assert by_name["ner"]["type"] == "spans" and by_name["ner"]["field"] == "review"
    assert by_name["stars"]["max"] == 10 and by_name["comment"]["type"] == "text"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            '<View><Image name="i" value="$img"/><RectangleLabels name="b" toName="i"/></View>',
            "RectangleLabels",
        ),
        ("<View><Text", "not valid XML"),
        ('<!DOCTYPE x [<!ENTITY a "aaaa">]><View><Text name="t" value="$t"/></View>', "XML"),
        (
            '<View><Text name="t" value="$t"/>'
            '<Choices name="c" toName="zzz"><Choice value="a"/></Choices></View>',
            "zzz",
        ),
    ],
)
def test_unsupported_label_studio_config_is_refused(manager: Api, config: str, message: str) -> None:
    r = manager.post("/api/schema/validate", json={"label_config": config})
    assert r.status_code == 422
    assert message in r.json()["detail"]["message"]


def test_schema_validate_returns_the_normalised_schema(manager: Api) -> None:
    r = manager.post("/api/schema/validate", json={"schema": SCHEMA})
    assert r.status_code == 200
    assert r.json()["schema"]["controls"][0]["multiple"] is False


def test_changing_overlap_reopens_items(manager: Api, project: dict[str, Any], client_for: Any) -> None:
    pid = project["id"]
    manager.post(f"/api/projects/{pid}/items", json=[{"text": "only item"}])
    for email in ("a1@example.com", "a2@example.com", "a3@example.com"):
        client_for(email, login=False)
        add_member(manager, pid, email, "annotator")
    clients = [
        Api(manager.client.__class__(manager.client.app), e).login()
        for e in ("a1@example.com", "a2@example.com", "a3@example.com")
    ]
    assert clients[0].get(f"/api/projects/{pid}/next").status_code == 200
    assert clients[1].get(f"/api/projects/{pid}/next").status_code == 200
    assert clients[2].get(f"/api/projects/{pid}/next").status_code == 204
    schema = {**SCHEMA, "overlap": 3}
    assert manager.patch(f"/api/projects/{pid}", json={"schema": schema}).status_code == 200
    assert clients[2].get(f"/api/projects/{pid}/next").status_code == 200


def test_members_roles_and_limits(
    manager: Api, project: dict[str, Any], client_for: Any, database: Any
) -> None:
    pid = project["id"]
    annotator = client_for("ann@example.com")
    add_member(manager, pid, "ann@example.com", "annotator")
    members = manager.get(f"/api/projects/{pid}/members").json()
    assert {(m["email"], m["role"]) for m in members} == {
        ("manager@example.com", "manager"),
        ("ann@example.com", "annotator"),
    }
    assert annotator.get(f"/api/projects/{pid}").json()["role"] == "annotator"
    before = table_counts(database)
    assert (  # an unknown email is an invitation now: tests/api/test_invitations.py
        manager.post(
            f"/api/projects/{pid}/members", json={"email": "ann@example.com", "role": "owner"}
        ).status_code
        == 422
    )
    me = next(m for m in members if m["email"] == "manager@example.com")
    assert manager.delete(f"/api/projects/{pid}/members/{me['user_id']}").status_code == 403
    assert table_counts(database) == before
    ann_id = next(m["user_id"] for m in members if m["email"] == "ann@example.com")
    assert manager.delete(f"/api/projects/{pid}/members/{ann_id}").status_code == 204
    assert annotator.get(f"/api/projects/{pid}").status_code == 404


LS_WITH_EXTRAS = """<View>
  <Header value="Read the review"/>
  <Text name="text" value="$review" granularity="word"/>
  <Choices name="sentiment" toName="text" choice="single" showInline="true">
    <Choice value="Positive" selected="true"/><Choice value="Negative"/>
  </Choices>
  <TextArea name="comment" toName="text" rows="4" maxSubmissions="1"/>
</View>"""


def test_validation_lists_every_attribute_the_conversion_ignores(manager: Api) -> None:
    r = manager.post("/api/schema/validate", json={"label_config": LS_WITH_EXTRAS})
    assert r.status_code == 200, r.text
    assert r.json()["warnings"] == [
        "<Header> ignores value",
        "<Text name='text'> ignores granularity",
        "<Choices name='sentiment'> ignores showInline",
        "<Choices name='sentiment'>: <Choice> ignores selected",
        "<TextArea name='comment'> ignores maxSubmissions, rows",
    ]
    assert manager.post("/api/schema/validate", json={"schema": SCHEMA}).json()["warnings"] == []


def test_a_label_studio_config_is_kept_beside_its_schema(manager: Api, client_for: Any) -> None:
    r = manager.post(
        "/api/projects", json={"name": "LS", "label_config": LS_WITH_EXTRAS, "overlap": 3, "order": "random"}
    )
    assert r.status_code == 201, r.text
    project = r.json()
    assert project["label_config"] == LS_WITH_EXTRAS
    assert project["schema"]["overlap"] == 3 and project["schema"]["order"] == "random"
    got = manager.get(f"/api/projects/{project['id']}").json()
    assert got["label_config"] == LS_WITH_EXTRAS
    annotator = client_for("ann@example.com")
    add_member(manager, project["id"], "ann@example.com", "annotator")
    assert annotator.get(f"/api/projects/{project['id']}").json()["label_config"] is None  # managers only
    # saving a JSON schema drops the config it no longer matches; saving a config keeps it again
    r = manager.patch(f"/api/projects/{project['id']}", json={"schema": got["schema"]})
    assert r.status_code == 200, r.text
    assert r.json()["label_config"] is None
    r = manager.patch(f"/api/projects/{project['id']}", json={"label_config": LS_WITH_EXTRAS})
    assert r.status_code == 200 and r.json()["label_config"] == LS_WITH_EXTRAS


def test_overlap_and_order_are_fields_that_override_the_schema(manager: Api, database: Any) -> None:
    r = manager.post("/api/projects", json={"name": "p", "schema": SCHEMA, "overlap": 5, "order": "random"})
    assert r.status_code == 201, r.text
    created = r.json()["schema"]
    assert (created["overlap"], created["order"]) == (5, "random")
    r = manager.patch(f"/api/projects/{r.json()['id']}", json={"overlap": 1})  # without resending the schema
    assert r.status_code == 200, r.text
    assert r.json()["schema"] == {**created, "overlap": 1}
    before = table_counts(database)
    bad = manager.post("/api/projects", json={"name": "p", "schema": SCHEMA, "overlap": 0})
    assert bad.status_code == 422 and bad.json()["detail"]["code"] == "invalid_request"
    assert table_counts(database) == before
