"""Saving an annotation while a manager deletes its item (PostgreSQL).

On PostgreSQL a save reads what it decides on, then writes, with other transactions committing
in between; a delete of the item may land there. The save must then answer 404 (the item is
gone, like any missing item), never a 500, and the two must not deadlock. The interleavings are
made deterministic by a hook between the save's read and its writes. On SQLite a save runs in
one immediate write transaction, so nothing can come in between: those runs are skipped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from goldlabel.db.engine import Database
from goldlabel.services import annotations as annotations_service
from tests.api.conftest import Api, add_member, import_texts, table_counts

RESULT = {"sentiment": "positive"}
LOCK_WAIT_TIMEOUT_S = 10.0
WAITING_FOR_A_LOCK = text(
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
)


@pytest.fixture
def postgres(database: Database) -> Database:
    if database.is_sqlite:
        pytest.skip("SQLite runs a save in one immediate write transaction: no delete can come in between")
    return database


@pytest.fixture
def annotator(client_for: Callable[..., Api], manager: Api, project: dict[str, Any]) -> Api:
    annotator = client_for("ann@example.com")
    add_member(manager, project["id"], annotator.email, "annotator")
    return annotator


@pytest.fixture
def served(manager: Api, annotator: Api, project: dict[str, Any]) -> dict[str, Any]:
    """The one item of the project, served to (locked by) the annotator."""
    import_texts(manager, project["id"], ["Ada Lovelace joined Acme in Paris."])
    r = annotator.get(f"/api/projects/{project['id']}/next")
    assert r.status_code == 200, r.text
    return r.json()


def _hooked(monkeypatch: pytest.MonkeyPatch, name: str, before: Callable[[], None]) -> None:
    """Run ``before`` once, when the save path reaches ``annotations.<name>``."""
    original = getattr(annotations_service, name)
    calls: list[None] = []

    def hooked(*args: Any, **kwargs: Any) -> Any:
        if not calls:
            calls.append(None)
            before()
        return original(*args, **kwargs)

    monkeypatch.setattr(annotations_service, name, hooked)


def _save_of(annotator: Api, method: str, item_id: int, status: str) -> Callable[[], Any]:
    """The save to race (a PATCH first gets its draft, which must not meet the hook)."""
    body: dict[str, Any] = {"result": RESULT, "status": status}
    if method == "POST":
        return lambda: annotator.post(f"/api/items/{item_id}/annotations", json=body)
    draft = annotator.post(f"/api/items/{item_id}/annotations", json={"result": RESULT, "status": "draft"})
    assert draft.status_code == 201, draft.text
    return lambda: annotator.patch(f"/api/annotations/{draft.json()['id']}", json={**body, "version": 1})


def _wait_for_a_lock_wait(database: Database) -> None:
    """Return once a transaction of this database waits for a row lock."""
    deadline = time.monotonic() + LOCK_WAIT_TIMEOUT_S
    while time.monotonic() < deadline:
        with database.engine.connect() as conn:  # a new transaction: a fresh view of the activity
            if conn.execute(WAITING_FOR_A_LOCK).scalar():
                return
        time.sleep(0.01)
    raise AssertionError("the delete never waited for a lock")


@pytest.mark.parametrize("method", ["POST", "PATCH"])
@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_a_save_whose_item_is_deleted_after_its_read_is_not_found(
    postgres: Database,
    manager: Api,
    annotator: Api,
    served: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    status: str,
) -> None:
    """The delete commits between the save's read and its first write. The insert broke the
    item's foreign key (500), the lock and its slot were gone (409 item_full), the annotation was
    gone (409 stale_version): each is a 404 now, and nothing of the item is left."""
    save = _save_of(annotator, method, served["id"], status)
    deleted: list[int] = []
    # _validated runs after the read of the save's context and before any write.
    _hooked(
        monkeypatch,
        "_validated",
        lambda: deleted.append(manager.delete(f"/api/items/{served['id']}").status_code),
    )
    r = save()
    assert deleted == [204]
    assert r.status_code == 404, r.text
    assert r.json()["detail"]["code"] == "not_found"
    assert r.json()["detail"]["message"] == ("item" if method == "POST" else "annotation") + " not found"
    counts = table_counts(postgres)
    assert (counts["items"], counts["annotations"], counts["assignments"]) == (0, 0, 0)


def test_a_submission_and_a_delete_of_its_item_do_not_deadlock(
    postgres: Database, manager: Api, annotator: Api, served: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The submission has turned the annotator's lock into the submission (that assignment row is
    its own until it commits) when the delete starts and waits for the row; then the submission
    inserts the annotation, whose foreign key needs the item row. Had the delete locked the item
    rows first, each would wait for the other, and PostgreSQL would abort one with a 500. Both
    succeed: the submission first, then the delete, which takes the new annotation with it."""
    deleting: dict[str, Any] = {}

    def delete_item() -> None:
        try:
            deleting["status"] = manager.delete(f"/api/items/{served['id']}").status_code
        except Exception as exc:  # a 500 surfaces here (the test client re-raises it)
            deleting["error"] = exc

    thread = threading.Thread(target=delete_item)

    def start_the_delete() -> None:
        thread.start()
        _wait_for_a_lock_wait(postgres)

    _hooked(monkeypatch, "_insert", start_the_delete)  # after the lock became the submission
    body = {"result": RESULT, "status": "submitted"}
    r = annotator.post(f"/api/items/{served['id']}/annotations", json=body)
    thread.join(timeout=LOCK_WAIT_TIMEOUT_S)
    assert r.status_code == 201, r.text
    assert deleting == {"status": 204}
    counts = table_counts(postgres)
    assert (counts["items"], counts["annotations"], counts["assignments"]) == (0, 0, 0)
