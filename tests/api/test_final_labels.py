"""Final labels through HTTP: majority vote against Dawid-Skene on crafted answers, honeypot
weighting and gating, provenance precedence, staleness, the background loop, and the export."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from goldlabel.api.app import create_app
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, FinalLabel, Item
from tests.api.conftest import Api, table_counts
from tests.api.final_helpers import (
    CHOICE_SCHEMA,
    answer,
    choice_project,
    finals,
    members,
    patch_consensus,
    settle,
)
from tests.api.honeypot_helpers import mark_gold


def _spam_setup(manager: Api, client_for: Callable[..., Api]) -> tuple[int, list[int], dict[int, str]]:
    """Two careful annotators answer the truth; three spammers say "b" whatever the item. On the
    items whose truth is "a" the spammers outvote the careful two."""
    pid, ids = choice_project(manager, 12)
    team = members(client_for, manager, pid, ["good1", "good2", "spam1", "spam2", "spam3"], "manager")
    truth = {item_id: "a" if i % 2 == 0 else "b" for i, item_id in enumerate(ids)}
    for item_id, label in truth.items():
        for name, api in team.items():
            answer(api, item_id, label if name.startswith("good") else "b")
    return pid, ids, truth


def test_majority_vote_follows_the_spammers_and_dawid_skene_sees_through_them(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, ids, truth = _spam_setup(manager, client_for)
    patch_consensus(manager, pid, {"method": "majority_vote"})
    settle(database)
    by_mv = finals(manager, pid)
    assert {i: f["result"]["label"] for i, f in by_mv.items()} == dict.fromkeys(ids, "b")
    first_a = ids[0]
    assert by_mv[first_a]["controls"]["label"]["method"] == "majority_vote"
    assert by_mv[first_a]["confidence"] == pytest.approx(3 / 5)
    assert by_mv[first_a]["agreement"] == pytest.approx(4 / 10)  # (1 + 3) agreeing pairs of 10
    assert by_mv[first_a]["provenance"] == "consensus" and by_mv[first_a]["n_annotations"] == 5

    patch_consensus(manager, pid, {"method": "dawid_skene"})
    settle(database)
    by_ds = finals(manager, pid)
    assert {i: f["result"]["label"] for i, f in by_ds.items()} == truth
    assert by_ds[first_a]["controls"]["label"]["method"] == "dawid_skene"
    assert by_ds[first_a]["confidence"] > 0.8


@pytest.mark.parametrize("method", ["one_coin", "glad", "mace"])
def test_every_categorical_method_gives_a_label_per_item(
    manager: Api, client_for: Callable[..., Api], database: Database, method: str
) -> None:
    pid, ids, _ = _spam_setup(manager, client_for)
    patch_consensus(manager, pid, {"methods": {"label": method}})
    settle(database)
    got = finals(manager, pid)
    assert set(got) == set(ids)
    assert {f["controls"]["label"]["method"] for f in got.values()} == {method}
    assert all(0 <= f["confidence"] <= 1 and f["result"]["label"] in "ab" for f in got.values())


def _honeypot_team(manager: Api, client_for: Callable[..., Api]) -> tuple[int, int]:
    """``good`` answers both honeypots right, ``bad1`` and ``bad2`` wrong; on the production
    item ``good`` says "a" and the two others "b". Returns (project, production item)."""
    pid, ids = choice_project(manager, 3)
    team = members(client_for, manager, pid, ["good", "bad1", "bad2"], "manager")
    pots, item = ids[:2], ids[2]
    for pot in pots:
        for name, api in team.items():
            answer(api, pot, "c" if name == "good" else "a")
        mark_gold(manager, pot, {"label": "c"})
    answer(team["good"], item, "a")
    answer(team["bad1"], item, "b")
    answer(team["bad2"], item, "b")
    return pid, item


def test_weighting_by_honeypot_accuracy_turns_the_vote(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, item = _honeypot_team(manager, client_for)
    patch_consensus(manager, pid, {"method": "majority_vote"})
    settle(database)
    assert finals(manager, pid)[item]["result"] == {"label": "b"}
    patch_consensus(manager, pid, {"weighted": True})
    settle(database)
    final = finals(manager, pid)[item]
    assert final["result"] == {"label": "a"}
    assert final["confidence"] > 0.9  # 1 against 2 x 0.01
    assert set(finals(manager, pid)) == {item}  # the honeypots are gold: no final row


def test_gating_leaves_out_annotators_below_the_accuracy_floor(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, item = _honeypot_team(manager, client_for)
    patch_consensus(manager, pid, {"method": "dawid_skene", "min_honeypot_accuracy": 0.5})
    settle(database)
    final = finals(manager, pid)[item]
    assert final["result"] == {"label": "a"}
    assert final["controls"]["label"]["n_annotations"] == 1  # only good's answer entered
    assert final["n_annotations"] == 3  # all three submitted
    patch_consensus(manager, pid, {"min_honeypot_accuracy": 0.0, "method": "majority_vote"})
    settle(database)
    assert finals(manager, pid)[item]["result"] == {"label": "b"}


def test_a_submission_marks_its_item_stale_and_the_job_clears_it(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, ids = choice_project(manager, 2)
    team = members(client_for, manager, pid, ["x", "y"], "manager")
    saved = answer(team["x"], ids[0], "a")

    def stale() -> set[int]:
        with database.session() as db:
            return set(db.scalars(select(Item.id).where(Item.project_id == pid, Item.final_stale.is_(True))))

    assert stale() == {ids[0]}
    assert manager.get(f"/api/projects/{pid}/final").json() == {"items": [], "total": 0, "stale": 1}
    settle(database)
    assert stale() == set() and finals(manager, pid)[ids[0]]["result"] == {"label": "a"}
    # A revision of the submitted answer: stale again, and the label follows it.
    r = team["x"].patch(
        f"/api/annotations/{saved['id']}",
        json={"result": {"label": "c"}, "status": "submitted", "version": 1},
    )
    assert r.status_code == 200, r.text
    assert stale() == {ids[0]}
    settle(database)
    assert finals(manager, pid)[ids[0]]["result"] == {"label": "c"}
    # A draft changes nothing.
    r = team["y"].post(f"/api/items/{ids[1]}/annotations", json={"result": {"label": "a"}, "status": "draft"})
    assert r.status_code == 201 and stale() == set()


def test_imported_annotations_get_final_labels(manager: Api, database: Database) -> None:
    r = manager.post("/api/projects", json={"name": "Imported", "schema": CHOICE_SCHEMA})
    pid = r.json()["id"]
    rows = [
        {"data": {"text": "x"}, "annotations": [{"result": {"label": "b"}, "author": "p@example.com"}]},
        {"data": {"text": "y"}},
    ]
    r = manager.post(f"/api/projects/{pid}/items", json=rows)
    assert r.status_code == 201, r.text
    settle(database)
    got = finals(manager, pid)
    assert [f["result"] for f in got.values()] == [{"label": "b"}]


def test_the_job_never_overwrites_an_adjudicated_label(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, ids = choice_project(manager, 1)
    team = members(client_for, manager, pid, ["x", "y"], "manager")
    answer(team["x"], ids[0], "a")
    settle(database)
    r = manager.post(f"/api/projects/{pid}/adjudication/{ids[0]}", json={"result": {"label": "c"}})
    assert r.status_code == 200, r.text
    answer(team["y"], ids[0], "a")
    patch_consensus(manager, pid, {"method": "majority_vote"})  # marks everything stale too
    settle(database)
    final = finals(manager, pid)[ids[0]]
    assert (final["result"], final["provenance"], final["decided_by"]) == (
        {"label": "c"},
        "adjudicated",
        "manager@example.com",
    )


def test_other_control_types_use_their_own_aggregate(
    manager: Api, project: dict[str, Any], client_for: Callable[..., Api], database: Database
) -> None:
    pid = project["id"]
    r = manager.post(f"/api/projects/{pid}/items", json=[{"data": {"text": "Ada at ACME"}}])
    item = manager.get(f"/api/projects/{pid}/items").json()["items"][0]["id"]
    team = members(client_for, manager, pid, ["x"], "manager")
    for api, stars in ((manager, 4), (team["x"], 2)):
        body = {"result": {"sentiment": "positive", "stars": stars, "entities": []}, "status": "submitted"}
        assert api.post(f"/api/items/{item}/annotations", json=body).status_code == 201, r.text
    settle(database)
    final = finals(manager, pid)[item]
    quality = manager.get(f"/api/projects/{pid}/consensus").json()["items"][0]["controls"]
    assert (
        final["result"]["stars"] == quality["stars"]["value"]
        and final["controls"]["stars"]["method"] == "median"
    )
    assert final["controls"]["stars"]["confidence"] == pytest.approx(quality["stars"]["confidence"])
    assert final["controls"]["entities"]["method"] == "character_majority"
    assert final["confidence"] == min(c["confidence"] for c in final["controls"].values())


def test_export_final_gives_the_same_labels_as_get_final(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, ids, _ = _spam_setup(manager, client_for)
    # No job round ran: the export brings the stale items up to date itself.
    r = manager.get(f"/api/projects/{pid}/export?format=json&labels=final")
    assert r.status_code == 200, r.text
    exported = {i["id"]: {k: c["value"] for k, c in i["consensus"].items()} for i in r.json()}
    served = {i: f["result"] for i, f in finals(manager, pid).items()}
    assert exported == served and set(served) == set(ids)
    methods = {c["method"] for i in r.json() for c in i["consensus"].values()}
    assert methods == {"dawid_skene"}
    # An adjudication shows in both.
    assert (
        manager.post(
            f"/api/projects/{pid}/adjudication/{ids[1]}", json={"result": {"label": "c"}}
        ).status_code
        == 200
    )
    lines = manager.get(f"/api/projects/{pid}/export?format=jsonl&labels=final").text.splitlines()
    exported = {i["id"]: {k: c["value"] for k, c in i["consensus"].items()} for i in map(json.loads, lines)}
    assert exported == {i: f["result"] for i, f in finals(manager, pid).items()}
    assert exported[ids[1]] == {"label": "c"}


def test_the_background_loop_computes_without_any_request(
    settings: Settings, database: Database, make_user: Callable[..., int]
) -> None:
    app = create_app(settings.model_copy(update={"background_interval_seconds": 0.05}), database)
    with TestClient(app) as client:  # the lifespan runs: the loop is on
        make_user("boss@example.com", can_create_projects=True)
        api = Api(client, "boss@example.com").login()
        pid, ids = choice_project(api, 3, overlap=1)
        for item_id in ids:
            answer(api, item_id, "b")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            # Read as it comes: the loop may write rows between the page's count and its rows.
            body = api.get(f"/api/projects/{pid}/final?page_size=500").json()
            got = {i["item_id"]: i for i in body["items"]}
            if len(got) == 3 and body["total"] == 3:
                break
            time.sleep(0.05)
        assert {i: f["result"] for i, f in got.items()} == {key: {"label": "b"} for key in ids}


def test_permissions_on_final(manager: Api, client_for: Callable[..., Api], database: Database) -> None:
    pid, ids = choice_project(manager, 1)
    people = members(client_for, manager, pid, ["ann"], "annotator") | members(
        client_for, manager, pid, ["rev"], "reviewer"
    )
    outsider = client_for("out@example.com")
    answer(manager, ids[0], "a")
    settle(database)
    assert people["rev"].get(f"/api/projects/{pid}/final").status_code == 200
    r = people["ann"].get(f"/api/projects/{pid}/final")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    assert outsider.get(f"/api/projects/{pid}/final").status_code == 404
    assert manager.get("/api/projects/999999/final").status_code == 404


def test_the_job_writes_one_row_per_item_whatever_the_rounds(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    pid, ids, _ = _spam_setup(manager, client_for)
    for _ in range(3):
        settle(database)
    with database.session() as db:
        assert sorted(db.scalars(select(FinalLabel.item_id).where(FinalLabel.project_id == pid))) == sorted(
            ids
        )
    before = table_counts(database)
    settle(database)  # nothing stale: nothing written
    assert table_counts(database) == before


def test_the_warm_cache_gives_what_a_cold_start_gives(
    manager: Api, client_for: Callable[..., Api], database: Database
) -> None:
    """Rounds on the process's cache (answers added, revised, an item deleted, one turned gold)
    end where a cold recomputation of everything does."""
    from goldlabel.services import final_cache
    from goldlabel.services.final_labels import mark_project_stale

    pid, ids, truth = _spam_setup(manager, client_for)
    patch_consensus(manager, pid, {"overlap": {"min": 7, "max": 7}})
    settle(database)
    extra = members(client_for, manager, pid, ["late"], "manager")["late"]
    for item_id in ids[:4]:
        answer(extra, item_id, truth[item_id])
    settle(database)
    saved = answer(manager, ids[5], "c")
    settle(database)
    body = {"result": {"label": "a"}, "status": "submitted", "version": saved["version"]}
    assert manager.patch(f"/api/annotations/{saved['id']}", json=body).status_code == 200
    assert manager.delete(f"/api/items/{ids[6]}").status_code == 204
    mark_gold(manager, ids[7], {"label": "a"})
    settle(database)
    warm = finals(manager, pid)
    final_cache.forget()
    with database.session(write=True) as db:
        mark_project_stale(db, pid)
    settle(database)
    cold = finals(manager, pid)
    assert set(warm) == set(ids) - {ids[6], ids[7]}
    assert {i: (f["result"], round(f["confidence"], 2)) for i, f in warm.items()} == {
        i: (f["result"], round(f["confidence"], 2)) for i, f in cold.items()
    }


def test_final_filters_and_sorts(manager: Api, client_for: Callable[..., Api], database: Database) -> None:
    pid, ids = choice_project(manager, 4, overlap=2)
    patch_consensus(
        manager, pid, {"method": "majority_vote", "overlap": {"min": 2, "max": 2, "confidence": 0.9}}
    )
    team = members(client_for, manager, pid, ["x", "y"], "manager")
    agreed, split, single, decided = ids
    for item_id, labels in ((agreed, "aa"), (split, "ab"), (single, "a"), (decided, "bb")):
        for who, label in zip("xy", labels, strict=False):
            answer(team[who], item_id, label)
    settle(database)
    r = manager.post(f"/api/projects/{pid}/adjudication/{decided}", json={"result": {"label": "c"}})
    assert r.status_code == 200, r.text

    def listed(query: str) -> list[int]:
        r = manager.get(f"/api/projects/{pid}/final?{query}")
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["total"] == len(body["items"])
        return [i["item_id"] for i in body["items"]]

    assert listed("") == listed("sort=item") == ids
    assert listed("provenance=adjudicated") == [decided]
    assert listed("provenance=consensus") == [agreed, split, single]
    assert listed("provenance=reviewed") == []
    assert listed("needs_adjudication=true") == [split]
    assert listed("needs_adjudication=false") == [agreed, single, decided]
    assert listed("max_confidence=0.5") == [split]  # at or below
    assert listed("max_confidence=0.49") == []
    assert listed("sort=confidence") == [split, agreed, single, decided]  # ties in queue order
    by_agreement = listed("sort=agreement")
    assert by_agreement[:2] == [split, agreed]  # 0 then 1; no agreement (one answer) last
    assert set(by_agreement[2:]) == {single, decided}
    assert listed("provenance=consensus&needs_adjudication=false&sort=confidence") == [agreed, single]
    page = manager.get(f"/api/projects/{pid}/final?sort=confidence&page_size=1&page=2").json()
    assert [i["item_id"] for i in page["items"]] == [agreed] and page["total"] == 4
    for bad in (
        "provenance=gold",
        "provenance=",
        "needs_adjudication=maybe",
        "max_confidence=1.5",
        "max_confidence=-0.1",
        "max_confidence=nan",
        "max_confidence=x",
        "sort=rank",
    ):
        r = manager.get(f"/api/projects/{pid}/final?{bad}")
        assert r.status_code == 422, (bad, r.text)
        assert r.json()["detail"]["code"] == "invalid_request", bad


@pytest.mark.parametrize("method", ["majority_vote", "dawid_skene"])
def test_a_rejected_answer_leaves_the_consensus_until_its_author_corrects_it(
    manager: Api, client_for: Callable[..., Api], database: Database, method: str
) -> None:
    pid, (item,) = choice_project(manager, 1, overlap=3)
    patch_consensus(manager, pid, {"method": method, "review": {"sample": "all"}})
    team = members(client_for, manager, pid, ["x", "y", "z"], "manager")
    answer(team["x"], item, "a")
    saved = {name: answer(team[name], item, "b") for name in ("y", "z")}
    settle(database)
    assert finals(manager, pid)[item]["result"] == {"label": "b"}

    def stale() -> bool:
        with database.session() as db:
            return bool(db.scalar(select(Item.final_stale).where(Item.id == item)))

    for name in ("y", "z"):
        r = manager.post(
            f"/api/annotations/{saved[name]['id']}/review", json={"verdict": "reject", "comment": "no"}
        )
        assert r.status_code == 200 and r.json()["review_status"] == "rejected", r.text
    assert stale()  # the verdicts marked the item
    settle(database)
    final = finals(manager, pid)[item]
    assert final["result"] == {"label": "a"}  # only x's answer counts
    assert final["controls"]["label"]["n_annotations"] == 1 and final["n_annotations"] == 3
    # The authors correct their answers: back to review (pending), and they count again.
    for name in ("y", "z"):
        r = team[name].patch(
            f"/api/annotations/{saved[name]['id']}",
            json={"result": {"label": "c"}, "status": "submitted", "version": saved[name]["version"]},
        )
        assert r.status_code == 200, r.text
    with database.session() as db:
        statuses = db.scalars(select(Annotation.review_status).where(Annotation.item_id == item))
        assert sorted(statuses) == ["pending", "pending", "pending"]
    settle(database)
    final = finals(manager, pid)[item]
    assert final["result"] == {"label": "c"}
    assert final["controls"]["label"]["n_annotations"] == 3
    assert manager.get(f"/api/projects/{pid}/final").json()["stale"] == 0


@pytest.mark.parametrize("method", ["dawid_skene", "one_coin", "glad", "mace"])
def test_weighting_anchors_the_dawid_skene_family_on_the_honeypots(
    manager: Api, client_for: Callable[..., Api], database: Database, method: str
) -> None:
    """``bad1`` and ``bad2`` always agree with each other and never with ``good``: from the
    production answers alone a truth-inference model trusts the consistent pair (and reads good
    as flipping labels). Six honeypots, where the pair is always wrong and good always right,
    anchor the fit: weighted, the labels follow good."""
    pid, ids = choice_project(manager, 8, overlap=3)
    team = members(client_for, manager, pid, ["good", "bad1", "bad2"], "manager")
    pots, production = ids[:6], ids[6:]
    flip = {"a": "b", "b": "a"}
    truth = {item_id: "ab"[i % 2] for i, item_id in enumerate(ids)}
    for item_id in ids:
        for name, api in team.items():
            answer(api, item_id, truth[item_id] if name == "good" else flip[truth[item_id]])
    for pot in pots:
        mark_gold(manager, pot, {"label": truth[pot]})
    patch_consensus(manager, pid, {"method": method, "weighted": False})
    settle(database)
    plain = finals(manager, pid)
    assert set(plain) == set(production)  # honeypots are gold: no row
    assert {i: f["result"]["label"] for i, f in plain.items()} == {i: flip[truth[i]] for i in production}
    patch_consensus(manager, pid, {"weighted": True})
    settle(database)
    anchored = finals(manager, pid)
    assert {i: f["result"]["label"] for i, f in anchored.items()} == {i: truth[i] for i in production}
    assert {f["controls"]["label"]["method"] for f in anchored.values()} == {method}
    assert all(f["confidence"] > 0.5 for f in anchored.values())
