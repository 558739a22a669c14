"""The monitoring dashboard through HTTP (``GET /api/projects/{id}/dashboard``): progress and
forecast, throughput per day, agreement and honeypot accuracy over time, confusion across the
team, drift, backlogs; who may read it; the cached series and when they are recomputed."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from goldlabel.api.background import jobs_for
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, FinalLabel, QualityCache
from goldlabel.services import dashboard, dashboard_refresh, dashboard_series
from goldlabel.services.dashboard_views import DayCount, Progress
from tests.api.conftest import Api, add_member
from tests.api.dashboard_helpers import N_UNLABELLED, at_day, label_project
from tests.api.test_monitoring import count_queries


@pytest.fixture
def labelled(manager: Api, project: dict[str, Any], client_for: Any, database: Database) -> dict[str, Any]:
    return label_project(manager, project, client_for, database)


def _get(api: Api, pid: int, **query: Any) -> dict[str, Any]:
    r = api.get(f"/api/projects/{pid}/dashboard", params=query)
    assert r.status_code == 200, r.text
    return r.json()


def test_progress_counts_production_items_and_the_annotations_they_need(
    manager: Api, labelled: dict[str, Any]
) -> None:
    progress = _get(manager, labelled["pid"])["progress"]
    # 10 production items answered twice (overlap 2), 4 not yet; the 4 honeypots are not counted
    assert progress == {
        "total_items": 10 + N_UNLABELLED,
        "items_complete": 10,
        "items_final": 0,
        "annotations_needed": 2 * (10 + N_UNLABELLED),
        "annotations_done": 20,
        "annotations_submitted": 20,
    }


def test_throughput_per_day_counts_every_submission_on_its_day(
    manager: Api, labelled: dict[str, Any]
) -> None:
    body = _get(manager, labelled["pid"], days=5)
    days = {d["day"]: d["count"] for d in body["throughput"]}
    assert list(days) == [(at_day(o).date()).isoformat() for o in range(-4, 1)]
    assert days[at_day(-2).date().isoformat()] == 10  # items 4-8, two annotators
    assert days[at_day(-1).date().isoformat()] == 8  # honeypots 0-3
    assert days[at_day(0).date().isoformat()] == 10  # items 9-13
    assert days[at_day(-3).date().isoformat()] == 0


def test_forecast_reads_the_recent_pace(manager: Api, labelled: dict[str, Any]) -> None:
    forecast = _get(manager, labelled["pid"])["forecast"]
    # active days from two days ago: 10, 8, 10 -> median 10/day; 8 annotations remain
    assert forecast["remaining_annotations"] == 8
    assert forecast["days_used"] == 3 and forecast["rate_per_day"] == 10
    tomorrow = (at_day(1).date()).isoformat()
    assert forecast["expected"] == tomorrow and forecast["done"] is False
    assert forecast["earliest"] == tomorrow and forecast["latest"] == tomorrow
    assert "median" in forecast["method"]


def test_agreement_over_time_is_the_mean_over_items_completed_each_day(
    manager: Api, labelled: dict[str, Any]
) -> None:
    points = {p["day"]: p for p in _get(manager, labelled["pid"])["agreement"]}
    two_days_ago, today = points[at_day(-2).date().isoformat()], points[at_day(0).date().isoformat()]
    assert two_days_ago["n_items"] == 5 and two_days_ago["agreement"] == pytest.approx(3 / 5)  # 4, 6, 8
    assert today["n_items"] == 5 and today["agreement"] == pytest.approx(2 / 5)  # 10, 12
    assert today["controls"] == {"sentiment": pytest.approx(2 / 5)}
    assert at_day(-1).date().isoformat() not in points  # only honeypots that day: not production


def test_honeypot_accuracy_over_time_and_confusion_against_gold(
    manager: Api, labelled: dict[str, Any]
) -> None:
    body = _get(manager, labelled["pid"])
    assert body["honeypot_accuracy"] == [
        {"day": at_day(-1).date().isoformat(), "n": 8, "accuracy": pytest.approx(6 / 8)}
    ]
    sentiment = next(c for c in body["gold_confusion"] if c["control"] == "sentiment")
    assert sentiment["labels"] == ["positive", "negative", "neutral"]
    assert sentiment["matrix"] == [[4, 0, 0], [2, 2, 0], [0, 0, 0]]  # lazy says positive on gold negative
    assert body["confused_most"][0] == {
        "control": "sentiment",
        "reference": "negative",
        "answer": "positive",
        "count": 2,
        "rate": 0.5,
    }


def test_confusion_across_the_team_counts_label_pairs_on_the_same_item(
    manager: Api, labelled: dict[str, Any]
) -> None:
    team = {c["control"]: c for c in _get(manager, labelled["pid"])["team_confusion"]}
    assert set(team) == {"sentiment", "stars"}  # the categorical controls
    sentiment = team["sentiment"]
    # even items: both positive (5 pairs); odd items: negative against positive (5 pairs)
    assert sentiment["matrix"] == [[5, 5, 0], [5, 0, 0], [0, 0, 0]]
    assert sentiment["n_pairs"] == 10 and sentiment["agreement"] == 0.5
    assert team["stars"]["n_pairs"] == 0 and team["stars"]["agreement"] is None


def test_drifting_annotators_fell_from_their_own_baseline(manager: Api, labelled: dict[str, Any]) -> None:
    users = labelled["users"]
    # recent: today only; baseline: the days before (agreement 3/5, then 2/5 today)
    body = _get(manager, labelled["pid"], recent_days=1)
    rows = {(r["email"], r["metric"]): r for r in body["drifting"]}
    assert set(rows) == {("good@example.com", "agreement"), ("lazy@example.com", "agreement")}
    row = rows["lazy@example.com", "agreement"]
    assert row["user_id"] == users["lazy"]
    assert row["baseline"] == pytest.approx(0.6) and row["recent"] == pytest.approx(0.4)
    assert row["change"] == pytest.approx(-0.2) and (row["n_baseline"], row["n_recent"]) == (5, 5)
    # a fall of 0.2 is not drift when the threshold is 0.25
    assert _get(manager, labelled["pid"], recent_days=1, drift_threshold=0.25)["drifting"] == []


def test_backlogs_count_review_pending_per_tier_and_adjudication(
    manager: Api, labelled: dict[str, Any], database: Database
) -> None:
    pid, ids = labelled["pid"], labelled["ids"]
    with database.session(write=True) as db:
        db.execute(
            update(Annotation)
            .where(Annotation.item_id.in_([ids[4], ids[5]]))
            .values(review_status="pending", review_tier=1)
        )
        db.execute(
            update(Annotation)
            .where(Annotation.item_id == ids[6])
            .values(review_status="pending", review_tier=2)
        )
        db.execute(update(Annotation).where(Annotation.item_id == ids[7]).values(review_status="accepted"))
        for i, waiting in ((8, True), (9, True), (10, False)):
            db.add(
                FinalLabel(
                    item_id=ids[i],
                    project_id=pid,
                    result={},
                    provenance="consensus",
                    needs_adjudication=waiting,
                )
            )
    body = _get(manager, pid)
    assert body["backlogs"] == {
        "review": [{"tier": 1, "count": 4}, {"tier": 2, "count": 2}],
        "review_total": 6,
        "adjudication": 2,
    }
    assert body["progress"]["items_final"] == 3


def test_reviewers_read_it_annotators_do_not_and_outsiders_find_nothing(
    manager: Api, labelled: dict[str, Any], client_for: Any
) -> None:
    pid = labelled["pid"]
    reviewer = client_for("reviewer@example.com")
    add_member(manager, pid, "reviewer@example.com", "reviewer")
    assert reviewer.get(f"/api/projects/{pid}/dashboard").status_code == 200
    r = labelled["apis"]["lazy"].get(f"/api/projects/{pid}/dashboard")
    assert r.status_code == 403 and r.json()["detail"]["code"] == "role_required"
    outsider = client_for("outsider@example.com")
    assert outsider.get(f"/api/projects/{pid}/dashboard").status_code == 404
    assert manager.get("/api/projects/999999/dashboard").status_code == 404


def test_bad_query_values_are_422(manager: Api, labelled: dict[str, Any]) -> None:
    pid = labelled["pid"]
    for query in ({"days": 0}, {"days": 1000}, {"drift_threshold": 0}, {"recent_days": "x"}):
        r = manager.get(f"/api/projects/{pid}/dashboard", params=query)
        assert r.status_code == 422, query


def test_the_series_are_cached_until_a_submission_changes(
    manager: Api, labelled: dict[str, Any], database: Database
) -> None:
    pid = labelled["pid"]
    first = _get(manager, pid)
    with database.session() as db:
        keys = set(db.scalars(select(QualityCache.key).where(QualityCache.project_id == pid)))
    assert "dashboard:30:7" in keys
    with count_queries(database) as queries:
        again = _get(manager, pid)
    assert not any("annotations.result" in q for q in queries)  # no submissions read again
    assert again["throughput"] == first["throughput"]
    # a new submission changes the fingerprint: the series are recomputed
    lazy = labelled["apis"]["lazy"]
    item = lazy.get(f"/api/projects/{pid}/next").json()
    r = lazy.post(
        f"/api/items/{item['id']}/annotations",
        json={"result": {"sentiment": "neutral"}, "status": "submitted"},
    )
    assert r.status_code == 201, r.text
    # the request answers at once from the previous result, marked stale …
    with count_queries(database) as queries:
        stale = _get(manager, pid)
    assert not any("annotations.result" in q for q in queries)
    assert stale["stale"] is True and stale["computed_at"] == first["computed_at"]
    assert stale["throughput"] == first["throughput"]
    assert stale["progress"]["annotations_done"] == 20
    # … until the background job recomputes the series of the dashboards looked at
    assert dashboard_refresh.refresh_viewed(database) == 1
    assert dashboard_refresh.refresh_viewed(database) == 0  # nothing changed since
    after = _get(manager, pid)
    assert after["stale"] is False
    assert datetime.fromisoformat(after["computed_at"]) > datetime.fromisoformat(first["computed_at"])
    assert after["throughput"][-1]["count"] == first["throughput"][-1]["count"] + 1
    assert after["progress"]["annotations_done"] == 21


def test_the_job_refreshes_only_dashboards_looked_at_within_a_day(
    manager: Api, labelled: dict[str, Any], database: Database
) -> None:
    pid = labelled["pid"]
    assert _get(manager, pid, days=7)["stale"] is False  # computed inline: nothing was cached
    assert _get(manager, pid, days=7)["stale"] is False
    with database.session(write=True) as db:
        db.execute(
            update(QualityCache)
            .where(QualityCache.project_id == pid, QualityCache.key == "dashboard:7:7")
            .values(fingerprint=f"{dashboard_series.SERIES_VERSION}:old")
        )
    assert _get(manager, pid, days=7)["stale"] is True
    # a day later nobody has looked: the job leaves it alone
    later = datetime.now(UTC) + timedelta(days=1, minutes=1)
    assert dashboard_refresh.refresh_viewed(database, now=later) == 0
    assert dashboard_refresh.refresh_viewed(database) == 1
    assert _get(manager, pid, days=7)["stale"] is False
    assert dashboard_refresh.DASHBOARD_JOB in jobs_for(Settings())  # the server's loop runs it


def test_a_stale_dashboard_keeps_its_permissions(
    manager: Api, labelled: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = labelled["pid"]
    _get(manager, pid)
    with database.session(write=True) as db:
        db.execute(
            update(QualityCache)
            .where(QualityCache.project_id == pid, QualityCache.key == "dashboard:30:7")
            .values(fingerprint=f"{dashboard_series.SERIES_VERSION}:old")
        )
    reviewer = client_for("reviewer@example.com")
    add_member(manager, pid, "reviewer@example.com", "reviewer")
    assert _get(reviewer, pid)["stale"] is True
    assert labelled["apis"]["lazy"].get(f"/api/projects/{pid}/dashboard").status_code == 403
    assert client_for("outsider@example.com").get(f"/api/projects/{pid}/dashboard").status_code == 404


# ---- the forecast, known answers ----------------------------------------------------------------


def _progress(needed: int, done: int) -> Progress:
    return Progress(
        total_items=0,
        items_complete=0,
        items_final=0,
        annotations_needed=needed,
        annotations_done=done,
        annotations_submitted=done,
    )


def _days(counts: list[int]) -> list[DayCount]:
    start = date(2026, 1, 1)
    return [DayCount(day=start + timedelta(days=i), count=c) for i, c in enumerate(counts)]


def test_forecast_range_from_the_quartiles_of_the_daily_counts() -> None:
    today = date(2026, 2, 1)
    f = dashboard.forecast(_progress(1000, 100), _days([0] * 10 + [10, 20, 30, 40, 50]), today)
    # leading empty days left out: 10..50; median 30, quartiles 20 and 40
    assert f.days_used == 5 and f.rate_per_day == 30
    assert f.expected == today + timedelta(days=30)  # ceil(900 / 30)
    assert f.earliest == today + timedelta(days=23)  # ceil(900 / 40)
    assert f.latest == today + timedelta(days=45)  # ceil(900 / 20)


def test_forecast_without_pace_or_without_work() -> None:
    today = date(2026, 2, 1)
    idle = dashboard.forecast(_progress(10, 0), _days([0] * 14), today)
    assert idle.expected is None and idle.rate_per_day is None and not idle.done
    slow = dashboard.forecast(_progress(10, 0), _days([5, 0, 0, 0, 0]), today)
    assert slow.rate_per_day == 0 and slow.expected is None and slow.latest is None
    done = dashboard.forecast(_progress(10, 10), _days([5]), today)
    assert done.done and done.expected == today and done.remaining_annotations == 0


def test_pair_agreements_average_to_the_consensus_pairwise_agreement() -> None:
    """The dashboard keeps each pair's agreement (for drift); their mean is exactly what
    ``quality.consensus.pairwise_agreement`` gives the item, memoised or not."""
    from datetime import UTC, datetime

    from goldlabel.controls.schema import load_schema
    from goldlabel.services.quality.consensus import pairwise_agreement
    from tests.api.conftest import SCHEMA

    spec = load_schema(SCHEMA).control("entities")
    assert spec is not None
    values = [
        [{"start": 0, "end": 3, "label": "PER"}],
        [{"start": 0, "end": 4, "label": "PER"}],
        [],
        [{"start": 0, "end": 3, "label": "PER"}],
    ]
    at = datetime.now(UTC)
    given = [(dashboard_series._Answer(author=i, at=at, result={}), v) for i, v in enumerate(values)]
    memo: dict[tuple[str, str], float] = {}
    for _ in range(2):  # the second time from the memo
        pairs = dashboard_series._pair_agreements(spec, given, memo)
        assert len(pairs) == 6
        mean = sum(v for _, _, v in pairs) / len(pairs)
        assert mean == pytest.approx(pairwise_agreement(spec, values))
    assert memo


def test_thousands_of_gold_items_do_not_overflow_the_fingerprint(
    manager: Api, project: dict[str, Any], database: Database
) -> None:
    """Item ids are random 53-bit numbers; their plain sum over 3,000 gold items overflowed
    SQLite's integers in the submissions fingerprint (a 500 on every quality report)."""
    from sqlalchemy import insert

    from goldlabel.db.models import Item

    pid = project["id"]
    rows = [
        {
            "id": (1 << 52) + i,  # large, as random ids mostly are
            "project_id": pid,
            "data": {"text": "g"},
            "meta": {},
            "rank": i,
            "gold_set": "honeypot",
            "open": False,
        }
        for i in range(3000)
    ]
    with database.session(write=True) as db:
        db.execute(insert(Item), rows)
    assert _get(manager, pid)["progress"]["total_items"] == 0
    assert manager.get(f"/api/projects/{pid}/agreement").status_code == 200


def test_a_new_project_has_an_empty_dashboard(manager: Api, project: dict[str, Any]) -> None:
    body = _get(manager, project["id"], days=3)
    assert body["progress"]["total_items"] == 0 and body["progress"]["annotations_needed"] == 0
    assert body["forecast"]["done"] is False and body["forecast"]["expected"] is None
    assert [d["count"] for d in body["throughput"]] == [0, 0, 0]
    assert body["agreement"] == [] and body["honeypot_accuracy"] == [] and body["drifting"] == []
    assert body["backlogs"] == {"review": [], "review_total": 0, "adjudication": 0}
