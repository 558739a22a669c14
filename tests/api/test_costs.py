"""Time and cost: active time adds up over saves, rates per member, the cost report's figures
(cost per final label, what overlap and review add) and its CSV, managers only."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, FinalLabel, Item, Review, utcnow
from tests.api.conftest import Api, add_member, import_texts, table_counts

HOUR = 3_600_000


def uid(api: Api) -> int:
    return int(api.get("/api/auth/me").json()["id"])


def label(api: Api, pid: int, active_ms: int) -> int:
    item = api.get(f"/api/projects/{pid}/next").json()
    body = {"result": {"sentiment": "positive"}, "status": "submitted", "active_ms": active_ms}
    r = api.post(f"/api/items/{item['id']}/annotations", json=body)
    assert r.status_code == 201, r.text
    return int(item["id"])


def test_active_time_adds_up_over_saves_and_is_bounded(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    import_texts(manager, pid, ["one"])
    a = client_for("a@example.com")
    add_member(manager, pid, a.email, "annotator")
    item = a.get(f"/api/projects/{pid}/next").json()
    draft = a.post(
        f"/api/items/{item['id']}/annotations",
        json={"result": {"note": "x"}, "status": "draft", "active_ms": 4000},
    ).json()
    bad = a.patch(
        f"/api/annotations/{draft['id']}",
        json={"result": {"sentiment": "negative"}, "status": "submitted", "version": 1, "active_ms": -1},
    )
    assert bad.status_code == 422
    ok = a.patch(
        f"/api/annotations/{draft['id']}",
        json={"result": {"sentiment": "negative"}, "status": "submitted", "version": 1, "active_ms": 2500},
    )
    assert ok.status_code == 200, ok.text
    with database.session() as db:
        assert db.scalar(select(Annotation.active_ms).where(Annotation.id == draft["id"])) == 6500
    too_much = a.patch(
        f"/api/annotations/{draft['id']}",
        json={"result": {"sentiment": "negative"}, "status": "submitted", "version": 2, "active_ms": 10**12},
    )
    assert too_much.status_code == 422


@pytest.fixture
def priced(manager: Api, project: dict[str, Any], client_for: Any, database: Database) -> dict[str, Any]:
    """Overlap 2 on two items: a (hourly 30) and b (2 per item) label both; r reviews twice."""
    pid = project["id"]
    import_texts(manager, pid, ["one", "two"])
    a, b, r = client_for("a@example.com"), client_for("b@example.com"), client_for("r@example.com")
    add_member(manager, pid, a.email, "annotator")
    add_member(manager, pid, b.email, "annotator")
    add_member(manager, pid, r.email, "reviewer")
    rates = {a: ("hourly", 30.0), b: ("per_item", 2.0), r: ("per_item", 1.5)}
    for api, (kind, rate) in rates.items():
        res = manager.patch(
            f"/api/projects/{pid}/members/{uid(api)}/rate", json={"rate_kind": kind, "rate": rate}
        )
        assert res.status_code == 200, res.text
        assert (res.json()["rate_kind"], res.json()["rate"]) == (kind, rate)
    for _ in range(2):
        label(a, pid, HOUR // 2)  # first on each item (a labels before b)
        label(b, pid, HOUR // 4)
    with database.session(write=True) as db:
        for ann in db.scalars(select(Annotation).where(Annotation.author_id == uid(b))):
            db.add(
                Review(
                    project_id=pid,
                    item_id=ann.item_id,
                    annotation_id=ann.id,
                    reviewer_id=uid(r),
                    verdict="accept",
                )
            )
    return {"pid": pid, "a": a, "b": b, "r": r}


def test_the_cost_report(manager: Api, priced: dict[str, Any], database: Database) -> None:
    pid = priced["pid"]
    report = manager.get(f"/api/projects/{pid}/costs").json()
    people = {p["email"]: p for p in report["people"]}
    a, b, r = people["a@example.com"], people["b@example.com"], people["r@example.com"]
    assert (a["annotations"], a["active_hours"], a["cost"]) == (2, 1.0, 30.0)  # 1 h at 30
    assert (b["annotations"], b["active_hours"], b["cost"]) == (2, 0.5, 4.0)  # 2 items at 2
    assert (r["reviews"], r["review_cost"], r["cost"]) == (2, 3.0, 3.0)  # 2 reviews at 1.5
    assert report["cost"] == 37.0 and report["annotations"] == 4 and report["reviews"] == 2
    # Both items have their 2 submissions: 2 final labels until the job writes any.
    assert (report["final_labels"], report["final_source"]) == (2, "complete_items")
    assert report["cost_per_final_label"] == 18.5
    assert report["overlap_cost"] == 4.0  # b's answers came second on each item
    assert report["review_cost"] == 3.0
    assert report["unrated"] == 0
    # Once the final-labels job wrote rows, those are counted.
    with database.session(write=True) as db:
        item = db.scalars(select(Item.id).where(Item.project_id == pid)).first()
        db.add(
            FinalLabel(item_id=item, project_id=pid, result={}, provenance="consensus", computed_at=utcnow())
        )
    report = manager.get(f"/api/projects/{pid}/costs").json()
    assert (report["final_labels"], report["final_source"], report["cost_per_final_label"]) == (
        1,
        "final_labels",
        37.0,
    )


def test_an_hourly_reviewer_is_priced_at_the_mean_active_time(manager: Api, priced: dict[str, Any]) -> None:
    pid, r = priced["pid"], priced["r"]
    manager.patch(f"/api/projects/{pid}/members/{uid(r)}/rate", json={"rate_kind": "hourly", "rate": 40})
    report = manager.get(f"/api/projects/{pid}/costs").json()
    assert report["review_hours_each"] == 0.375  # (0.5 + 0.5 + 0.25 + 0.25) / 4
    assert report["review_cost"] == 30.0  # 2 reviews * 0.375 h * 40


def test_the_csv_has_the_same_figures_and_is_spreadsheet_safe(
    manager: Api, priced: dict[str, Any], client_for: Any
) -> None:
    pid = priced["pid"]
    evil = client_for("=cmd@example.com")
    add_member(manager, pid, evil.email, "annotator")
    manager.patch(f"/api/projects/{pid}/members/{uid(evil)}/rate", json={"rate_kind": "per_item", "rate": 1})
    r = manager.get(f"/api/projects/{pid}/costs.csv")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.text)))
    header = rows[0]
    by_email = {row[header.index("email")]: row for row in rows[1:] if row and len(row) == len(header)}
    assert by_email["a@example.com"][header.index("cost")] == "30.0"
    assert "'=cmd@example.com" in by_email  # a formula start gets a quote
    assert by_email["TOTAL"][header.index("cost")] == "37.0"
    summary = {row[0]: row[1] for row in rows if len(row) == 2}
    assert summary["cost_per_final_label"] == "18.5" and summary["final_source"] == "complete_items"


def test_rates_and_costs_are_for_managers(
    manager: Api, priced: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid, a, r = priced["pid"], priced["a"], priced["r"]
    stranger = client_for("s@example.com")
    before = table_counts(database)
    for api, status in ((a, 403), (r, 403), (stranger, 404)):
        assert api.get(f"/api/projects/{pid}/costs").status_code == status
        assert api.get(f"/api/projects/{pid}/costs.csv").status_code == status
        assert api.get(f"/api/projects/{pid}/rates").status_code == status
        rate = {"rate_kind": "hourly", "rate": 999}
        assert api.patch(f"/api/projects/{pid}/members/{uid(a)}/rate", json=rate).status_code == status
    for bad in (
        {"rate_kind": "hourly", "rate": None},
        {"rate_kind": "weekly", "rate": 1},
        {"rate_kind": "hourly", "rate": -1},
    ):
        assert manager.patch(f"/api/projects/{pid}/members/{uid(a)}/rate", json=bad).status_code == 422, bad
    assert (
        manager.patch(
            f"/api/projects/{pid}/members/99999/rate", json={"rate_kind": "hourly", "rate": 1}
        ).status_code
        == 404
    )
    assert table_counts(database) == before
    rates = {
        x["email"]: (x["rate_kind"], x["rate"]) for x in manager.get(f"/api/projects/{pid}/rates").json()
    }
    assert rates["a@example.com"] == ("hourly", 30.0)
    # Clearing a rate: that work then costs 0 and the report says someone is unrated.
    manager.patch(f"/api/projects/{pid}/members/{uid(a)}/rate", json={"rate_kind": None, "rate": None})
    report = manager.get(f"/api/projects/{pid}/costs").json()
    assert report["unrated"] == 1 and report["cost"] == 7.0
