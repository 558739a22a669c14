"""Alert rules and alerts through HTTP and the background job: rules CRUD (managers), who may
read, a rule fires exactly once per crossing and re-arms when the metric is back, in-app
notifications for managers, webhook delivery to a loopback receiver (allowed by the setting),
redirects not followed, private addresses refused by default."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import select, update

from goldlabel.api.background import jobs_for
from goldlabel.core.settings import Settings
from goldlabel.db.engine import Database
from goldlabel.db.models import Alert, AlertRule, Annotation
from goldlabel.services import alerts
from goldlabel.services.jobs import run_due
from tests.api.conftest import Api, add_member, table_counts
from tests.api.dashboard_helpers import label_project


def _rule(api: Api, pid: int, **body: Any) -> Any:
    return api.post(f"/api/projects/{pid}/alerts/rules", json=body)


def _pending(database: Database, pid: int, n: int) -> None:
    """``n`` annotations of the project waiting for review (what the review helpers write)."""
    with database.session(write=True) as db:
        db.execute(update(Annotation).where(Annotation.project_id == pid).values(review_status=None))
        ids = list(db.scalars(select(Annotation.id).where(Annotation.project_id == pid).limit(n)))
        db.execute(
            update(Annotation).where(Annotation.id.in_(ids)).values(review_status="pending", review_tier=1)
        )


@pytest.fixture
def labelled(manager: Api, project: dict[str, Any], client_for: Any, database: Database) -> dict[str, Any]:
    return label_project(manager, project, client_for, database)


# ---- rules CRUD -----------------------------------------------------------------------------------


def test_managers_create_list_update_and_delete_rules(manager: Api, project: dict[str, Any]) -> None:
    pid = project["id"]
    r = _rule(manager, pid, metric="review_backlog", direction="above", threshold=10)
    assert r.status_code == 201, r.text
    rule = r.json()
    assert rule["metric"] == "review_backlog" and rule["enabled"] and not rule["firing"]
    assert rule["webhook_url"] is None
    assert [x["id"] for x in manager.get(f"/api/projects/{pid}/alerts/rules").json()] == [rule["id"]]
    r = manager.patch(
        f"/api/projects/{pid}/alerts/rules/{rule['id']}",
        json={"threshold": 5, "webhook_url": "https://hooks.example.com/x"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["threshold"] == 5 and r.json()["webhook_url"] == "https://hooks.example.com/x"
    r = manager.patch(f"/api/projects/{pid}/alerts/rules/{rule['id']}", json={"webhook_url": ""})
    assert r.json()["webhook_url"] is None
    assert manager.delete(f"/api/projects/{pid}/alerts/rules/{rule['id']}").status_code == 204
    assert manager.get(f"/api/projects/{pid}/alerts/rules").json() == []
    assert manager.delete(f"/api/projects/{pid}/alerts/rules/{rule['id']}").status_code == 404


def test_reviewers_read_annotators_get_403_and_nothing_changes(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    pid = project["id"]
    rule = _rule(manager, pid, metric="agreement", direction="below", threshold=0.5).json()
    reviewer, annotator = client_for("rev@example.com"), client_for("ann@example.com")
    add_member(manager, pid, "rev@example.com", "reviewer")
    add_member(manager, pid, "ann@example.com", "annotator")
    outsider = client_for("out@example.com")
    assert reviewer.get(f"/api/projects/{pid}/alerts/rules").status_code == 200
    assert reviewer.get(f"/api/projects/{pid}/alerts").status_code == 200
    before = table_counts(database)
    body = {"metric": "agreement", "direction": "below", "threshold": 0.1}
    assert _rule(reviewer, pid, **body).status_code == 403
    assert (
        reviewer.patch(f"/api/projects/{pid}/alerts/rules/{rule['id']}", json={"threshold": 0}).status_code
        == 403
    )
    assert reviewer.delete(f"/api/projects/{pid}/alerts/rules/{rule['id']}").status_code == 403
    for path in ("alerts/rules", "alerts"):
        assert annotator.get(f"/api/projects/{pid}/{path}").status_code == 403
    assert _rule(annotator, pid, **body).status_code == 403
    assert outsider.get(f"/api/projects/{pid}/alerts").status_code == 404
    assert table_counts(database) == before
    with database.session() as db:
        assert db.get_one(AlertRule, rule["id"]).threshold == 0.5


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"metric": "nonsense", "direction": "below", "threshold": 1}, "invalid_request"),
        ({"metric": "agreement", "direction": "sideways", "threshold": 1}, "invalid_request"),
        ({"metric": "agreement", "direction": "below", "threshold": "NaN"}, "invalid_request"),
        (
            {"metric": "agreement", "direction": "below", "threshold": 1, "webhook_url": "ftp://x.example/"},
            "webhook_refused",
        ),
        (
            {
                "metric": "agreement",
                "direction": "below",
                "threshold": 1,
                "webhook_url": "http://127.0.0.1:9/",
            },
            "webhook_refused",
        ),
        (
            {"metric": "agreement", "direction": "below", "threshold": 1, "webhook_url": "http://10.1.2.3/"},
            "webhook_refused",
        ),
        (
            {
                "metric": "agreement",
                "direction": "below",
                "threshold": 1,
                "webhook_url": "http://169.254.169.254/",
            },
            "webhook_refused",
        ),
        (
            {"metric": "agreement", "direction": "below", "threshold": 1, "webhook_url": "http://localhost/"},
            "webhook_refused",
        ),
        (
            {"metric": "agreement", "direction": "below", "threshold": 1, "webhook_url": "http://[::1]/"},
            "webhook_refused",
        ),
    ],
)
def test_bad_rules_are_refused_and_nothing_is_stored(
    manager: Api, project: dict[str, Any], database: Database, body: dict[str, Any], code: str
) -> None:
    before = table_counts(database)
    r = _rule(manager, project["id"], **body)
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["code"] == code
    assert table_counts(database) == before


# ---- the job ----------------------------------------------------------------------------------------


def test_a_rule_fires_once_per_crossing_and_rearms(
    manager: Api, labelled: dict[str, Any], database: Database
) -> None:
    pid = labelled["pid"]
    rule = _rule(manager, pid, metric="review_backlog", direction="above", threshold=2).json()
    _pending(database, pid, 1)
    assert alerts.evaluate(database, allow_private=False) == []
    _pending(database, pid, 3)
    fired = alerts.evaluate(database, allow_private=False)
    assert len(fired) == 1
    assert alerts.evaluate(database, allow_private=False) == []  # still above: no repeat
    assert manager.get(f"/api/projects/{pid}/alerts/rules").json()[0]["firing"] is True
    history = manager.get(f"/api/projects/{pid}/alerts").json()
    assert len(history) == 1 and history[0]["rule_id"] == rule["id"] and history[0]["value"] == 3
    assert history[0]["metric"] == "review_backlog" and history[0]["webhook_status"] is None
    assert "above the threshold 2" in history[0]["message"]
    inbox = manager.get("/api/inbox").json()["notifications"]
    assert [(n["kind"], n["payload"]["alert_id"]) for n in inbox] == [("alert", fired[0])]
    assert labelled["apis"]["lazy"].get("/api/inbox").json()["notifications"] == []  # managers only
    _pending(database, pid, 2)  # back at the threshold: re-armed, nothing fired
    assert alerts.evaluate(database, allow_private=False) == []
    assert manager.get(f"/api/projects/{pid}/alerts/rules").json()[0]["firing"] is False
    _pending(database, pid, 5)
    assert len(alerts.evaluate(database, allow_private=False)) == 1
    assert len(manager.get(f"/api/projects/{pid}/alerts").json()) == 2


def test_quality_metrics_fire_from_the_dashboard_series(
    manager: Api, labelled: dict[str, Any], database: Database
) -> None:
    pid = labelled["pid"]
    # honeypots: 6 of 8 right (0.75); agreement of items done this week: 5 of 10 (0.5)
    _rule(manager, pid, metric="honeypot_accuracy", direction="below", threshold=0.8)
    _rule(manager, pid, metric="honeypot_accuracy", direction="below", threshold=0.7)
    _rule(manager, pid, metric="agreement", direction="below", threshold=0.6)
    _rule(manager, pid, metric="throughput_per_day", direction="below", threshold=5)
    _rule(manager, pid, metric="adjudication_backlog", direction="above", threshold=0)
    assert len(alerts.evaluate(database, allow_private=False)) == 2
    fired = {
        (a["metric"], a["details"]["threshold"]): a["value"]
        for a in manager.get(f"/api/projects/{pid}/alerts").json()
    }
    assert fired == {("honeypot_accuracy", 0.8): pytest.approx(0.75), ("agreement", 0.6): pytest.approx(0.5)}


def test_a_disabled_rule_never_fires(manager: Api, labelled: dict[str, Any], database: Database) -> None:
    pid = labelled["pid"]
    _rule(manager, pid, metric="review_backlog", direction="above", threshold=0, enabled=False)
    _pending(database, pid, 3)
    assert alerts.evaluate(database, allow_private=False) == []


def test_the_alert_job_is_registered_and_paced(database: Database) -> None:
    jobs = jobs_for(Settings())
    names = [job.name for job in jobs]
    assert "alerts" in names
    alerts_job = jobs[names.index("alerts")]
    assert alerts_job.every_s == alerts.EVALUATE_EVERY_S
    calls: list[bool] = []
    counted = dataclasses.replace(alerts_job, run=lambda _db: calls.append(True))
    last_run: dict[str, float] = {}
    run_due(database, (counted,), "holder", last_run)  # the first round evaluates
    run_due(database, (counted,), "holder", last_run)  # a second one within the pace does not
    assert calls == [True]


def test_the_setting_defaults_to_refusing_private_addresses() -> None:
    assert Settings().webhook_allow_private is False


# ---- webhooks ----------------------------------------------------------------------------------------


class Receiver:
    """A tiny HTTP server on loopback, in a thread, that records what it is sent."""

    def __init__(self, status: int = 204, location: str | None = None) -> None:
        self.requests: list[tuple[str, dict[str, str], Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"null")
                outer.requests.append((self.path, dict(self.headers), body))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


class TestLoopbackAllowed:
    """With GOLDLABEL_WEBHOOK_ALLOW_PRIVATE (the Settings field) a loopback receiver is reached."""

    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.model_copy(update={"webhook_allow_private": True})

    def test_the_webhook_gets_the_alert_as_json(
        self, manager: Api, labelled: dict[str, Any], database: Database, receiver: Receiver
    ) -> None:
        pid = labelled["pid"]
        r = _rule(
            manager,
            pid,
            metric="review_backlog",
            direction="above",
            threshold=0,
            webhook_url=f"{receiver.url}/hook?x=1",
        )
        assert r.status_code == 201, r.text
        _pending(database, pid, 2)
        [alert_id] = alerts.evaluate(database, allow_private=True)
        [(path, headers, body)] = receiver.requests
        assert path == "/hook?x=1" and headers["Content-Type"] == "application/json"
        assert body["event"] == "alert" and body["alert_id"] == alert_id and body["project_id"] == pid
        assert body["metric"] == "review_backlog" and body["value"] == 2 and body["threshold"] == 0
        assert body["direction"] == "above" and body["project"] == "Reviews"
        [history] = manager.get(f"/api/projects/{pid}/alerts").json()
        assert history["webhook_status"] == "delivered (HTTP 204)"

    def test_a_redirect_is_not_followed(
        self, manager: Api, labelled: dict[str, Any], database: Database
    ) -> None:
        pid = labelled["pid"]
        with Receiver() as target, Receiver(status=307, location=f"{target.url}/stolen") as redirecting:
            url = redirecting.url
            _rule(manager, pid, metric="review_backlog", direction="above", threshold=0, webhook_url=url)
            _pending(database, pid, 1)
            alerts.evaluate(database, allow_private=True)
            assert len(redirecting.requests) == 1 and target.requests == []
        [history] = manager.get(f"/api/projects/{pid}/alerts").json()
        assert history["webhook_status"] == "failed: HTTP 307 (redirects are not followed)"

    def test_without_the_setting_delivery_refuses_loopback(
        self, manager: Api, labelled: dict[str, Any], database: Database, receiver: Receiver
    ) -> None:
        pid = labelled["pid"]
        _rule(manager, pid, metric="review_backlog", direction="above", threshold=0, webhook_url=receiver.url)
        _pending(database, pid, 1)
        assert len(alerts.evaluate(database, allow_private=False)) == 1  # the alert is kept
        assert receiver.requests == []
        with database.session() as db:
            status = db.scalars(select(Alert.webhook_status)).one()
        assert status == "refused: the URL points at a loopback address"

    def test_an_unreachable_webhook_is_recorded_not_raised(
        self, manager: Api, labelled: dict[str, Any], database: Database
    ) -> None:
        pid = labelled["pid"]
        closed = Receiver()
        url = closed.url  # bound, never listening after close
        closed.server.server_close()
        _rule(manager, pid, metric="review_backlog", direction="above", threshold=0, webhook_url=url)
        _pending(database, pid, 1)
        assert len(alerts.evaluate(database, allow_private=True)) == 1
        [history] = manager.get(f"/api/projects/{pid}/alerts").json()
        assert history["webhook_status"] == "failed: ConnectError"


def test_annotator_accuracy_fires_naming_who_is_below(
    manager: Api, project: dict[str, Any], client_for: Any, database: Database
) -> None:
    """Ten honeypots answered by both: ``good`` right on all, ``lazy`` (always positive) on half."""
    from tests.api.conftest import import_texts
    from tests.api.honeypot_helpers import label_queue, mark_gold, truth

    pid = project["id"]
    import_texts(manager, pid, [f"item {i}" for i in range(10)])
    apis = {}
    for name in ("good", "lazy"):
        apis[name] = client_for(f"{name}@example.com")
        add_member(manager, pid, f"{name}@example.com", "annotator")
    ids: dict[int, int] = {}

    def good(item: dict[str, Any]) -> dict[str, Any]:
        ids[int(item["data"]["text"].split()[-1])] = item["id"]
        return {"sentiment": truth(int(item["data"]["text"].split()[-1]))}

    label_queue(apis["good"], pid, good)
    label_queue(apis["lazy"], pid, lambda item: {"sentiment": "positive"})
    _rule(manager, pid, metric="annotator_accuracy", direction="below", threshold=0.6)
    assert alerts.evaluate(database, allow_private=False) == []  # no honeypots yet: no value
    for i, item_id in ids.items():
        mark_gold(manager, item_id, {"sentiment": truth(i)})
    assert len(alerts.evaluate(database, allow_private=False)) == 1
    [alert] = manager.get(f"/api/projects/{pid}/alerts").json()
    assert alert["value"] == pytest.approx(0.5)
    lazy_id = apis["lazy"].get("/api/auth/me").json()["id"]
    assert alert["details"]["annotators"] == [
        {"user_id": lazy_id, "email": "lazy@example.com", "accuracy": pytest.approx(0.5), "n": 10}
    ]


def test_the_sdk_reads_the_dashboard_and_manages_rules(
    manager: Api, labelled: dict[str, Any], app: Any
) -> None:
    from fastapi.testclient import TestClient

    from goldlabel.sdk import ApiError, Client

    pid = labelled["pid"]
    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with Client(token=token, http=TestClient(app)) as gl:
        board = gl.dashboard(pid, days=5)
        assert len(board["throughput"]) == 5 and board["progress"]["annotations_done"] == 20
        rule = gl.create_alert_rule(pid, "review_backlog", "above", 3)
        assert gl.update_alert_rule(pid, rule["id"], threshold=4)["threshold"] == 4
        assert [r["id"] for r in gl.alert_rules(pid)] == [rule["id"]]
        assert gl.alerts(pid) == []
        gl.delete_alert_rule(pid, rule["id"])
        assert gl.alert_rules(pid) == []
        with pytest.raises(ApiError) as err:
            gl.create_alert_rule(pid, "agreement", "below", 0.5, webhook_url="http://169.254.169.254/")
        assert err.value.code == "webhook_refused"
