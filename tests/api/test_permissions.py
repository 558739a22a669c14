"""The permission matrix: every role against every project-scoped route of docs/API.md.

Roles: a global admin (not a member), the project's manager, a reviewer, an annotator, an
outsider (manager of another project, not a member of this one) and an anonymous client.
Every refused request must leave every row of every table as it was (contents, not counts: a
refused UPDATE must fail the test), and an outsider's 404 must be byte-for-byte the answer for an
id that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation
from tests.api.conftest import PASSWORD, SCHEMA, Api, add_member
from tests.api.helpers_files import png_bytes
from tests.api.snapshots import Contents, row_counts, table_contents

ROLES = ("admin", "manager", "reviewer", "annotator", "outsider", "anonymous")
MISSING = 987_654
NEW_PASSWORD = "another long passphrase"
SECRET = "secret"
TEXTS = ["first sentence", "second sentence", "third sentence", "fourth sentence"]
PNG = png_bytes((10, 120, 240))


@dataclass(frozen=True)
class Ids:
    project: int
    item_a: int  # served to both annotators, both submitted an annotation
    item_b: int  # locked by both annotators right now
    item_c: int  # served to nobody
    annotation: int  # the annotator's annotation on item_a
    other_annotation: int  # annotator2's annotation on item_a
    member: int  # annotator2's user id: the target of member removal and of the admin's user routes
    media: str  # a file uploaded to the project
    invitation: int  # pending for pending@example.com (no account)
    outsider_invitation: int  # pending for the outsider: only they may accept or decline it
    token: int  # one of the manager's API tokens

    def missing(self) -> Ids:
        return replace(
            self, project=MISSING, item_a=MISSING, item_b=MISSING, item_c=MISSING,
            annotation=MISSING, other_annotation=MISSING,
        )  # fmt: skip


@dataclass
class World:
    database: Database
    ids: Ids
    clients: dict[str, Any]
    annotator2: Api
    user_ids: dict[str, int]


@pytest.fixture
def anonymous(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def world(
    app: Any,
    database: Database,
    client_for: Callable[..., Api],
    make_user: Callable[..., int],
    manager: Api,
    project: dict[str, Any],
    anonymous: TestClient,
) -> World:
    pid = project["id"]
    admin = client_for("admin@example.com", admin=True)
    reviewer = client_for("reviewer@example.com")
    annotator = client_for("annotator@example.com")
    annotator2 = client_for("annotator2@example.com")
    outsider = client_for("outsider@example.com", can_create_projects=True)
    make_user("newbie@example.com")
    for email, role in (
        ("reviewer@example.com", "reviewer"),
        ("annotator@example.com", "annotator"),
        ("annotator2@example.com", "annotator"),
    ):
        add_member(manager, pid, email, role)
    r = outsider.post("/api/projects", json={"name": "Elsewhere", "schema": SCHEMA})
    assert r.status_code == 201, r.text
    r = manager.post(
        f"/api/projects/{pid}/items",
        json=[{"data": {"text": t}, "meta": {"gold": SECRET}} for t in TEXTS],
    )
    assert r.status_code == 201, r.text
    item_ids = [i["id"] for i in manager.get(f"/api/projects/{pid}/items").json()["items"]]
    assert len(item_ids) == 4

    annotation_ids = []
    for who in (annotator, annotator2):
        served = who.get(f"/api/projects/{pid}/next")
        assert served.status_code == 200, served.text
        assert served.json()["id"] == item_ids[0]
        r = who.post(
            f"/api/items/{item_ids[0]}/annotations",
            json={"result": {"sentiment": "positive"}, "status": "submitted", "lead_time_ms": 1000},
        )
        assert r.status_code == 201, r.text
        annotation_ids.append(r.json()["id"])
    for who in (annotator, annotator2):
        served = who.get(f"/api/projects/{pid}/next")
        assert served.status_code == 200, served.text
        assert served.json()["id"] == item_ids[1]

    r = manager.post(f"/api/projects/{pid}/media", files=[("files", ("pic.png", PNG, "image/png"))])
    assert r.status_code == 201, r.text
    media_name = r.json()[0]["name"]
    for email in ("pending@example.com", "outsider@example.com"):
        r = manager.post(f"/api/projects/{pid}/members", json={"email": email, "role": "annotator"})
        assert r.status_code == 201 and r.json()["status"] == "invited", r.text
    invitations = {i["email"]: i["id"] for i in manager.get(f"/api/projects/{pid}/invitations").json()}
    r = manager.post("/api/auth/tokens", json={"name": "script"})
    assert r.status_code == 201, r.text
    token_id = r.json()["id"]

    members = {m["email"]: m["user_id"] for m in manager.get(f"/api/projects/{pid}/members").json()}
    ids = Ids(
        project=pid,
        item_a=item_ids[0],
        item_b=item_ids[1],
        item_c=item_ids[2],
        annotation=annotation_ids[0],
        other_annotation=annotation_ids[1],
        member=members["annotator2@example.com"],
        media=media_name,
        invitation=invitations["pending@example.com"],
        outsider_invitation=invitations["outsider@example.com"],
        token=token_id,
    )
    clients = {
        "admin": admin,
        "manager": manager,
        "reviewer": reviewer,
        "annotator": annotator,
        "outsider": outsider,
        "anonymous": anonymous,
    }
    return World(database=database, ids=ids, clients=clients, annotator2=annotator2, user_ids=members)


# ---- the routes ---------------------------------------------------------------------------

Req = tuple[str, str, dict[str, Any]]

ROUTES: dict[str, Callable[[Ids], Req]] = {
    "project_get": lambda i: ("GET", f"/api/projects/{i.project}", {}),
    "project_patch": lambda i: ("PATCH", f"/api/projects/{i.project}", {"json": {"description": "changed"}}),
    "members_list": lambda i: ("GET", f"/api/projects/{i.project}/members", {}),
    "members_add": lambda i: (
        "POST", f"/api/projects/{i.project}/members",
        {"json": {"email": "newbie@example.com", "role": "annotator"}},
    ),
    "members_remove": lambda i: ("DELETE", f"/api/projects/{i.project}/members/{i.member}", {}),
    "items_import": lambda i: (
        "POST", f"/api/projects/{i.project}/items", {"json": [{"data": {"text": "imported later"}}]}
    ),
    "items_list": lambda i: ("GET", f"/api/projects/{i.project}/items", {}),
    "next": lambda i: ("GET", f"/api/projects/{i.project}/next", {}),
    "skip": lambda i: ("POST", f"/api/items/{i.item_b}/skip", {"json": {"reason": "unclear"}}),
    "annotations_list": lambda i: ("GET", f"/api/items/{i.item_a}/annotations", {}),
    "annotations_create": lambda i: (
        "POST", f"/api/items/{i.item_b}/annotations",
        {"json": {"result": {"sentiment": "neutral"}, "status": "draft", "lead_time_ms": 10}},
    ),
    "annotations_patch": lambda i: (
        "PATCH", f"/api/annotations/{i.annotation}",
        {"json": {"result": {"sentiment": "negative"}, "status": "submitted", "version": 1}},
    ),
    "export": lambda i: ("GET", f"/api/projects/{i.project}/export?format=json", {}),
    "media_upload": lambda i: (
        "POST", f"/api/projects/{i.project}/media", {"files": [("files", ("upload.png", PNG, "image/png"))]}
    ),
    "media_serve": lambda i: ("GET", f"/api/media/{i.project}/{i.media}", {}),
    "project_create": lambda i: ("POST", "/api/projects", {"json": {"name": "Another", "schema": SCHEMA}}),
    "invitations_list": lambda i: ("GET", f"/api/projects/{i.project}/invitations", {}),
    "invitations_revoke": lambda i: ("DELETE", f"/api/projects/{i.project}/invitations/{i.invitation}", {}),
    "my_invitations": lambda i: ("GET", "/api/invitations", {}),
    "invitation_accept": lambda i: ("POST", f"/api/invitations/{i.outsider_invitation}/accept", {}),
    "invitation_decline": lambda i: ("DELETE", f"/api/invitations/{i.outsider_invitation}", {}),
    "tokens_list": lambda i: ("GET", "/api/auth/tokens", {}),
    "token_create": lambda i: ("POST", "/api/auth/tokens", {"json": {"name": "new", "expires_in_days": 7}}),
    "token_revoke": lambda i: ("DELETE", f"/api/auth/tokens/{i.token}", {}),
    "password_change": lambda i: (
        "POST", "/api/auth/me/password",
        {"json": {"current_password": PASSWORD, "new_password": NEW_PASSWORD}},
    ),
    "users_list": lambda i: ("GET", "/api/users", {}),
    "users_create": lambda i: ("POST", "/api/users", {"json": {"email": "created@example.com"}}),
    "users_update": lambda i: ("PATCH", f"/api/users/{i.member}", {"json": {"can_create_projects": True}}),
    "users_reset_password": lambda i: ("POST", f"/api/users/{i.member}/password", {"json": {}}),
}  # fmt: skip

NOT_AUTHOR = frozenset({403, 404})

# Expected status per role, in ROLES order: admin, manager, reviewer, annotator, outsider, anonymous.
EXPECTED: dict[str, tuple[int | frozenset[int], ...]] = {
    "project_get": (200, 200, 200, 200, 404, 401),
    "project_patch": (200, 200, 403, 403, 404, 401),
    "members_list": (200, 200, 403, 403, 404, 401),
    "members_add": (201, 201, 403, 403, 404, 401),
    "members_remove": (204, 204, 403, 403, 404, 401),
    "items_import": (201, 201, 403, 403, 404, 401),
    "items_list": (200, 200, 200, 200, 404, 401),
    "next": (200, 200, 200, 200, 404, 401),
    # only the member holding the item may skip it; others who can see it get a conflict
    "skip": (409, 409, 409, 204, 404, 401),
    "annotations_list": (200, 200, 200, 200, 404, 401),
    # the annotator holds item_b; managers may annotate any item; a reviewer was never served it
    "annotations_create": (201, 201, NOT_AUTHOR, 201, 404, 401),
    # only the author may edit an annotation
    "annotations_patch": (NOT_AUTHOR, NOT_AUTHOR, NOT_AUTHOR, 200, 404, 401),
    "export": (200, 200, 403, 403, 404, 401),
    "media_upload": (201, 201, 403, 403, 404, 401),
    "media_serve": (200, 200, 200, 200, 404, 401),
    # creating projects is a right: admins hold it; the manager and the outsider were granted it
    "project_create": (201, 201, 403, 403, 201, 401),
    "invitations_list": (200, 200, 403, 403, 404, 401),
    "invitations_revoke": (204, 204, 403, 403, 404, 401),
    # an invitation is its invitee's alone: anyone else's is the same 404 as a missing one
    "my_invitations": (200, 200, 200, 200, 200, 401),
    "invitation_accept": (404, 404, 404, 404, 200, 401),
    "invitation_decline": (404, 404, 404, 404, 204, 401),
    # tokens are their owner's alone (the manager's here)
    "tokens_list": (200, 200, 200, 200, 200, 401),
    "token_create": (201, 201, 201, 201, 201, 401),
    "token_revoke": (404, 204, 404, 404, 404, 401),
    "password_change": (204, 204, 204, 204, 204, 401),
    # accounts: global admins only
    "users_list": (200, 403, 403, 403, 403, 401),
    "users_create": (201, 403, 403, 403, 403, 401),
    "users_update": (200, 403, 403, 403, 403, 401),
    "users_reset_password": (200, 403, 403, 403, 403, 401),
}
assert set(EXPECTED) == set(ROUTES)


def _cases() -> Iterator[Any]:
    for route in ROUTES:
        for role, expected in zip(ROLES, EXPECTED[route], strict=True):
            yield pytest.param(route, role, expected, id=f"{route}-{role}")


def send(client: Any, req: Req) -> Any:
    method, url, kwargs = req
    return client.request(method, url, **kwargs)


def _matches(status: int, expected: int | frozenset[int]) -> bool:
    return status in expected if isinstance(expected, frozenset) else status == expected


# ---- what a permitted request must have done ----------------------------------------------


def _check_allowed(world: World, route: str, role: str, r: Any, before: Contents) -> None:
    ids, manager = world.ids, world.clients["manager"]
    counts_before, after = row_counts(before), row_counts(table_contents(world.database))
    changed = {t: after[t] - counts_before[t] for t in after if after[t] != counts_before[t]}
    if route == "project_get":
        body = r.json()
        assert body["id"] == ids.project
        assert body["role"] == ("manager" if role == "admin" else role)
    elif route == "project_patch":
        assert manager.get(f"/api/projects/{ids.project}").json()["description"] == "changed"
    elif route == "members_list":
        emails = {m["email"] for m in r.json()}
        assert {"manager@example.com", "reviewer@example.com", "annotator@example.com"} <= emails
    elif route == "members_add":
        assert changed == {"invitations": 1}  # an invitation, not yet a membership
        assert r.json() == {"email": "newbie@example.com", "role": "annotator", "status": "invited"}
        pending = manager.get(f"/api/projects/{ids.project}/invitations").json()
        assert ("newbie@example.com", "annotator") in {(i["email"], i["role"]) for i in pending}
    elif route == "members_remove":
        assert changed == {"project_members": -1}
        gone = world.annotator2.get(f"/api/projects/{ids.project}")
        assert gone.status_code == 404
    elif route == "items_import":
        assert changed == {"items": 1}
    elif route == "items_list":
        body = r.json()
        listed = [i["id"] for i in body["items"]]
        if role == "annotator":
            assert listed == [ids.item_a, ids.item_b]
            assert body["total"] == 2
            assert all("meta" not in i for i in body["items"])
            assert SECRET not in r.text
        else:
            assert len(listed) == len(TEXTS) and body["total"] == len(TEXTS)
            if role == "reviewer":  # meta is for managers only
                assert all("meta" not in i for i in body["items"]) and SECRET not in r.text
            else:
                assert all(i["meta"] == {"gold": SECRET} for i in body["items"])
    elif route == "next":
        body = r.json()
        assert body["id"] == (ids.item_b if role == "annotator" else ids.item_c)
        assert "meta" not in body and SECRET not in r.text
    elif route == "skip":
        assert changed == {}
        nxt = world.clients[role].get(f"/api/projects/{ids.project}/next")
        assert nxt.status_code == 200 and nxt.json()["id"] == ids.item_c
    elif route == "annotations_list":
        authors = sorted(a["author"] for a in r.json())
        if role == "annotator":
            assert [a["id"] for a in r.json()] == [ids.annotation]
            assert authors == ["annotator@example.com"]
        else:
            assert authors == ["annotator2@example.com", "annotator@example.com"]
    elif route == "annotations_create":
        assert changed == {"annotations": 1, "annotation_history": 1}  # its history starts
        assert r.json()["item_id"] == ids.item_b and r.json()["status"] == "draft"
    elif route == "annotations_patch":
        assert r.json()["version"] == 2 and r.json()["result"] == {"sentiment": "negative"}
    elif route == "export":
        exported = orjson.loads(r.content)
        assert [i["id"] for i in exported][:2] == [ids.item_a, ids.item_b]
        assert len(exported) == len(TEXTS)
        assert len(exported[0]["annotations"]) == 2
    elif route == "media_upload":
        url = r.json()[0]["url"]
        served = world.clients["annotator"].get(url)
        assert served.status_code == 200 and served.content == PNG
    elif route == "media_serve":
        assert r.content == PNG
        assert r.headers["content-type"] == "image/png"
    elif route == "project_create":
        assert changed == {"projects": 1, "project_members": 1}
        assert r.json()["role"] == "manager"
    elif route == "invitations_list":
        assert {i["email"] for i in r.json()} == {"pending@example.com", "outsider@example.com"}
    elif route == "invitations_revoke":
        assert changed == {"invitations": -1}
    elif route == "my_invitations":
        expected = [ids.outsider_invitation] if role == "outsider" else []
        assert [i["id"] for i in r.json()] == expected
    elif route == "invitation_accept":
        assert changed == {"invitations": -1, "project_members": 1}
        assert world.clients[role].get(f"/api/projects/{ids.project}").json()["role"] == "annotator"
    elif route == "invitation_decline":
        assert changed == {"invitations": -1}
        assert world.clients[role].get(f"/api/projects/{ids.project}").status_code == 404
    elif route == "tokens_list":
        assert [t["id"] for t in r.json()] == ([ids.token] if role == "manager" else [])
        assert all("token" not in t for t in r.json())  # never the secret
    elif route == "token_create":
        assert changed == {"api_tokens": 1} and r.json()["expires_at"] is not None
    elif route == "token_revoke":
        assert changed == {"api_tokens": -1}
    elif route == "password_change":
        assert changed == {}  # the session that changed it is the user's only one here
        assert world.clients[role].get("/api/auth/me").status_code == 200
    elif route == "users_list":
        assert "annotator2@example.com" in {u["email"] for u in r.json()}
    elif route == "users_create":
        assert changed == {"users": 1} and r.json()["password"]
    elif route == "users_update":
        assert r.json()["can_create_projects"] is True
    elif route == "users_reset_password":
        assert changed == {"web_sessions": -1}  # annotator2's session ended
        assert world.annotator2.get("/api/auth/me").status_code == 401
    else:  # pragma: no cover - every route has a check
        raise AssertionError(route)


# ---- the matrix -------------------------------------------------------------------------------


@pytest.mark.parametrize(("route", "role", "expected"), list(_cases()))
def test_permission_matrix(world: World, route: str, role: str, expected: int | frozenset[int]) -> None:
    client = world.clients[role]
    req = ROUTES[route](world.ids)
    before = table_contents(world.database)
    r = send(client, req)
    assert _matches(r.status_code, expected), f"{route} as {role}: {r.status_code} {r.text[:300]}"
    if r.status_code >= 400:
        assert table_contents(world.database) == before, f"{route} as {role} was refused but changed data"
        if role == "outsider" and r.status_code == 404:  # not the admin-only routes' 403
            missing = send(client, ROUTES[route](world.ids.missing()))
            assert missing.status_code == 404
            assert r.json() == missing.json(), "a non-member must not tell 'exists' from 'missing'"
            assert SECRET not in r.text
    else:
        _check_allowed(world, route, role, r, before)


def test_the_snapshot_sees_a_change_that_keeps_the_counts(world: World) -> None:
    """What the matrix relies on: an UPDATE in place changes the contents, not the row counts."""
    before = table_contents(world.database)
    with world.database.session(write=True) as db:
        changed = update(Annotation).where(Annotation.id == world.ids.annotation)
        db.execute(changed.values(result={"sentiment": "negative"}))
    after = table_contents(world.database)
    assert row_counts(after) == row_counts(before)
    assert after != before


# ---- annotators: only what was served to them, only their own work -------------------------


def test_annotator_cannot_reach_items_not_served(world: World) -> None:
    annotator, ids = world.clients["annotator"], world.ids
    before = table_contents(world.database)
    create = "/api/items/{}/annotations"
    probes = [
        ("GET", create, {}),
        ("POST", create, {"json": {"result": {"sentiment": "x"}, "status": "draft"}}),
        ("POST", create, {"json": {"result": {"sentiment": "neutral"}, "status": "draft"}}),
        ("POST", create, {"json": {"result": {"sentiment": "neutral"}}}),
        ("POST", "/api/items/{}/skip", {"json": {"reason": "nope"}}),
    ]
    for method, url, kwargs in probes:
        unserved = annotator.request(method, url.format(ids.item_c), **kwargs)
        missing = annotator.request(method, url.format(MISSING), **kwargs)
        assert unserved.status_code == 404, (method, url, unserved.text)
        assert unserved.json() == missing.json()
    assert table_contents(world.database) == before


def test_annotator_sees_only_own_annotations(world: World) -> None:
    annotator, ids = world.clients["annotator"], world.ids
    listed = annotator.get(f"/api/items/{ids.item_a}/annotations")
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()] == [ids.annotation]
    assert "annotator2@example.com" not in listed.text
    # the other annotator's annotation is there, and visible to the manager
    everyone = world.clients["manager"].get(f"/api/items/{ids.item_a}/annotations").json()
    assert ids.other_annotation in [a["id"] for a in everyone]
    # ... but patching it is the same 404 as patching nothing
    before = table_contents(world.database)
    body = {"result": {"sentiment": "negative"}, "status": "submitted", "version": 1}
    theirs = annotator.patch(f"/api/annotations/{ids.other_annotation}", json=body)
    missing = annotator.patch(f"/api/annotations/{MISSING}", json=body)
    assert theirs.status_code == 404 and theirs.json() == missing.json()
    assert table_contents(world.database) == before
    unchanged = world.clients["manager"].get(f"/api/items/{ids.item_a}/annotations").json()
    assert {a["id"]: a["result"] for a in unchanged}[ids.other_annotation] == {"sentiment": "positive"}


def test_annotator_responses_never_contain_meta(world: World) -> None:
    annotator, ids = world.clients["annotator"], world.ids
    pid = ids.project
    # control: the secret is really there for managers
    assert SECRET in world.clients["manager"].get(f"/api/projects/{pid}/items").text
    responses = [
        annotator.get("/api/projects"),
        annotator.get(f"/api/projects/{pid}"),
        annotator.get(f"/api/projects/{pid}/items"),
        annotator.get(f"/api/projects/{pid}/items?page=1&page_size=500"),
        annotator.get(f"/api/projects/{pid}/next"),
        annotator.get(f"/api/items/{ids.item_a}/annotations"),
        annotator.post(
            f"/api/items/{ids.item_b}/annotations",
            json={"result": {"sentiment": "neutral"}, "status": "draft", "lead_time_ms": 5},
        ),
        annotator.get(f"/api/projects/{pid}/next"),  # now carries the draft
        annotator.get(f"/api/items/{ids.item_b}/annotations"),
        annotator.patch(
            f"/api/annotations/{ids.annotation}",
            json={"result": {"sentiment": "negative"}, "status": "submitted", "version": 1},
        ),
        annotator.get(f"/api/projects/{pid}/export?format=json"),
        annotator.get(f"/api/projects/{pid}/members"),
        annotator.get(f"/api/media/{pid}/{ids.media}"),
    ]
    statuses = [r.status_code for r in responses]
    assert statuses == [200, 200, 200, 200, 200, 200, 201, 200, 200, 200, 403, 403, 200]
    for r in responses:
        assert SECRET.encode() not in r.content, (r.request.url, r.text[:300])
    served = responses[4].json()
    assert "meta" not in served and served["id"] == ids.item_b
    assert responses[7].json()["draft"]["result"] == {"sentiment": "neutral"}
    for page in (responses[2].json(), responses[3].json()):
        assert page["items"] and all(set(i) <= {"id", "data", "draft", "prediction"} for i in page["items"])
    # after a skip, what comes next still has no meta
    assert annotator.post(f"/api/items/{ids.item_b}/skip", json={"reason": "x"}).status_code == 204
    nxt = annotator.get(f"/api/projects/{pid}/next")
    assert nxt.status_code == 200 and nxt.json()["id"] == ids.item_c
    assert SECRET not in nxt.text and "meta" not in nxt.json()


def test_reviewer_labeling_responses_never_contain_meta(world: World) -> None:
    """Reviewers see every item and everyone's annotations (README), but meta is for managers only:
    nothing of the labeling routes (next, save, list annotations) carries it to them."""
    reviewer, ids = world.clients["reviewer"], world.ids
    pid = ids.project
    served = reviewer.get(f"/api/projects/{pid}/next")
    assert served.status_code == 200 and served.json()["id"] == ids.item_c
    draft = reviewer.post(
        f"/api/items/{ids.item_c}/annotations", json={"result": {"note": "unsure"}, "status": "draft"}
    )
    assert draft.status_code == 201, draft.text
    submitted = reviewer.patch(
        f"/api/annotations/{draft.json()['id']}",
        json={"result": {"sentiment": "neutral"}, "status": "submitted", "version": 1},
    )
    assert submitted.status_code == 200, submitted.text
    theirs = reviewer.get(f"/api/items/{ids.item_a}/annotations")
    own = reviewer.get(f"/api/items/{ids.item_c}/annotations")
    following = reviewer.get(f"/api/projects/{pid}/next")
    assert [r.status_code for r in (theirs, own, following)] == [200, 200, 200]
    assert sorted(a["author"] for a in theirs.json()) == ["annotator2@example.com", "annotator@example.com"]
    assert [a["status"] for a in own.json()] == ["submitted"]
    assert following.json()["id"] not in (ids.item_a, ids.item_b, ids.item_c)  # the fourth item
    for r in (served, draft, submitted, theirs, own, following):
        assert SECRET.encode() not in r.content, (r.request.url, r.text[:300])
    for body in (served.json(), following.json()):
        assert set(body) == {"id", "data", "draft", "prediction"}
    for annotation in (draft.json(), submitted.json(), *theirs.json(), *own.json()):
        assert "meta" not in annotation
    # control: the secret is there for managers
    assert SECRET in world.clients["manager"].get(f"/api/projects/{pid}/items").text


# ---- role escalation ---------------------------------------------------------------------------


def _roles(world: World) -> dict[str, str]:
    r = world.clients["manager"].get(f"/api/projects/{world.ids.project}/members")
    return {m["email"]: m["role"] for m in r.json()}


def test_manager_cannot_grant_above_own(world: World, client_for: Callable[..., Api]) -> None:
    manager, pid = world.clients["manager"], world.ids.project
    before, roles = table_contents(world.database), _roles(world)
    for role in ("admin", "owner", "superuser", "Manager", "MANAGER", ""):
        for email in ("newbie@example.com", "annotator@example.com"):
            r = manager.post(f"/api/projects/{pid}/members", json={"email": email, "role": role})
            assert r.status_code == 422, (role, email, r.text)
    assert table_contents(world.database) == before
    assert _roles(world) == roles
    newbie = Api(TestClient(manager.client.app), "newbie@example.com").login()
    try:
        me = newbie.get("/api/auth/me").json()
        assert me["is_admin"] is False
        assert newbie.get(f"/api/projects/{pid}").status_code == 404
    finally:
        newbie.client.close()


@pytest.mark.parametrize("actor", ["reviewer", "annotator"])
def test_only_managers_add_members(world: World, actor: str) -> None:
    client, pid = world.clients[actor], world.ids.project
    before, roles = table_contents(world.database), _roles(world)
    attempts = [
        ("newbie@example.com", "annotator"),
        ("newbie@example.com", "manager"),
        ("outsider@example.com", "reviewer"),
        ("annotator2@example.com", "manager"),
        (f"{actor}@example.com", "manager"),
    ]
    for email, role in attempts:
        r = client.post(f"/api/projects/{pid}/members", json={"email": email, "role": role})
        assert r.status_code == 403, (actor, email, role, r.text)
    r = client.delete(f"/api/projects/{pid}/members/{world.ids.member}")
    assert r.status_code == 403
    assert table_contents(world.database) == before
    assert _roles(world) == roles
    assert client.get(f"/api/projects/{pid}").json()["role"] == actor


@pytest.mark.parametrize(
    ("actor", "new_role"),
    [
        ("manager", "annotator"),
        ("manager", "reviewer"),
        ("manager", "manager"),
        ("reviewer", "manager"),
        ("reviewer", "annotator"),
        ("annotator", "reviewer"),
        ("annotator", "manager"),
    ],
)
def test_nobody_changes_own_role(world: World, actor: str, new_role: str) -> None:
    client, pid = world.clients[actor], world.ids.project
    before, roles = table_contents(world.database), _roles(world)
    email = f"{actor}@example.com"
    r = client.post(f"/api/projects/{pid}/members", json={"email": email, "role": new_role})
    assert r.status_code == 403, r.text
    own_id = client.get("/api/auth/me").json()["id"]
    r = client.delete(f"/api/projects/{pid}/members/{own_id}")
    assert r.status_code == 403, r.text
    assert table_contents(world.database) == before
    assert _roles(world) == roles
    assert client.get(f"/api/projects/{pid}").json()["role"] == actor


# ---- CSRF on cookie sessions; API tokens ------------------------------------------------------


CSRF_WRITES: dict[str, Callable[[Ids], Req]] = {
    "project_patch": ROUTES["project_patch"],
    "members_add": ROUTES["members_add"],
    "members_remove": ROUTES["members_remove"],
    "items_import": ROUTES["items_import"],
    "annotations_create": lambda i: (
        "POST", f"/api/items/{i.item_c}/annotations", {"json": {"result": {"sentiment": "neutral"}}}
    ),
    "media_upload": ROUTES["media_upload"],
    "token_create": lambda i: ("POST", "/api/auth/tokens", {"json": {"name": "x"}}),
    "shortcuts": lambda i: ("PUT", "/api/auth/me/shortcuts", {"json": {"shortcuts": {"submit": "s"}}}),
    "project_create": ROUTES["project_create"],
    "invitations_revoke": ROUTES["invitations_revoke"],
    "token_revoke": ROUTES["token_revoke"],
    "password_change": ROUTES["password_change"],
    # a GET, but it locks an item: a cross-site link must not claim items with the cookie
    "next": ROUTES["next"],
}  # fmt: skip


@pytest.mark.parametrize("route", list(CSRF_WRITES))
def test_cookie_writes_need_the_csrf_header(world: World, route: str) -> None:
    manager = world.clients["manager"]
    good = manager.client.headers.pop("X-CSRF-Token")
    before = table_contents(world.database)
    me_before = manager.get("/api/auth/me").json()
    for header in (None, "", "wrong-token", good[:-1], good + "x"):
        if header is None:
            manager.client.headers.pop("X-CSRF-Token", None)
        else:
            manager.client.headers["X-CSRF-Token"] = header
        r = send(manager, CSRF_WRITES[route](world.ids))
        assert r.status_code == 403, (header, r.text)
        assert r.json()["detail"]["code"] == "csrf_failed"
        assert table_contents(world.database) == before
        assert manager.get("/api/auth/me").json() == me_before
        assert manager.get(f"/api/projects/{world.ids.project}").json()["description"] == ""
    # the same request with the right header goes through (the test is about the header alone)
    manager.client.headers["X-CSRF-Token"] = good
    assert send(manager, CSRF_WRITES[route](world.ids)).status_code in (200, 201, 204)


def test_api_token_needs_no_csrf(world: World, app: Any) -> None:
    manager, ids = world.clients["manager"], world.ids
    r = manager.post("/api/auth/tokens", json={"name": "script"})
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    with TestClient(app) as bare:
        assert "X-CSRF-Token" not in bare.headers and not bare.cookies
        before = table_contents(world.database)
        auth = {"Authorization": f"Token {token}"}
        items = [{"data": {"text": "by token"}}]
        r = bare.post(f"/api/projects/{ids.project}/items", json=items, headers=auth)
        assert r.status_code == 201, r.text
        r = bare.patch(f"/api/projects/{ids.project}", json={"description": "via token"}, headers=auth)
        assert r.status_code == 200, r.text
        assert len(table_contents(world.database)["items"]) == len(before["items"]) + 1
        assert bare.get("/api/auth/me", headers=auth).json()["email"] == "manager@example.com"
        # a wrong token, or a cookie-less write without any credentials, changes nothing
        before = table_contents(world.database)
        for headers in ({"Authorization": "Token not-a-real-token"}, {"Authorization": "Basic abc"}, {}):
            r = bare.post(
                f"/api/projects/{ids.project}/items", json=[{"data": {"text": "x"}}], headers=headers
            )
            assert r.status_code == 401, (headers, r.text)
        assert table_contents(world.database) == before
    assert manager.get(f"/api/projects/{ids.project}").json()["description"] == "via token"
