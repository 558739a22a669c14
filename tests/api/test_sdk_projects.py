"""The SDK's resources against the app: projects, items, members, predictions, import and
export the way a notebook user calls them, errors with their codes and nothing changed."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import goldlabel
from goldlabel.db.engine import Database
from goldlabel.sdk import ApiError, Client, Project
from tests.api.conftest import SCHEMA, Api, accept_invitation, table_counts


@pytest.fixture
def gl(manager: Api, app: Any) -> Iterator[Client]:
    from fastapi.testclient import TestClient

    token = manager.post("/api/auth/tokens", json={"name": "sdk"}).json()["token"]
    with goldlabel.Client(token=token, http=TestClient(app)) as client:
        yield client


@pytest.fixture
def reviews(gl: Client) -> Project:
    return gl.projects.create("Reviews", schema=SCHEMA, description="from the SDK")


def test_projects_list_get_update_delete(gl: Client, reviews: Project, database: Database) -> None:
    assert goldlabel.Client is Client
    assert [(p.id, p.name) for p in gl.projects.list()] == [(reviews.id, "Reviews")]
    got = gl.projects.get(reviews.id)
    assert got.info.description == "from the SDK" and got.info.role == "manager"
    assert [c["name"] for c in got.info.schema_["controls"]] == ["sentiment", "entities", "stars", "note"]
    assert reviews.update(name="Product reviews").name == "Product reviews"
    assert gl.projects.update(reviews.id, description="changed").info.description == "changed"
    before = table_counts(database)
    with pytest.raises(ApiError) as err:
        reviews.delete(confirm="Reviews")  # the old name: refused
    assert err.value.status_code == 422 and table_counts(database) == before
    reviews.delete(confirm="Product reviews")
    assert gl.projects.list() == []
    with pytest.raises(ApiError) as err:
        gl.project(reviews.id)
    assert err.value.status_code == 404 and err.value.code == "not_found"


def test_items_list_iterate_and_get(gl: Client, reviews: Project) -> None:
    rows = [{"id": f"r{n}", "data": {"text": f"text {n}"}, "meta": {"n": n}} for n in range(5)]
    assert reviews.import_items(rows).created == 5
    page = reviews.items.list(page=2, page_size=2)
    assert page.total == 5 and [i.data["text"] for i in page.items] == ["text 2", "text 3"]
    assert page.items[0].meta == {"n": 2}
    every = list(reviews.items)
    assert [i.data["text"] for i in every] == [f"text {n}" for n in range(5)]
    item = reviews.items.get(every[0].id)
    assert item.external_id == "r0" and item.project_id == reviews.id and item.annotations == []
    with pytest.raises(ApiError) as err:
        reviews.items.get(987654)
    assert err.value.code == "not_found"


def test_members_add_list_remove(gl: Client, reviews: Project, client_for: Any, database: Database) -> None:
    client_for("ann@example.com")
    assert reviews.members.add("ann@example.com", "annotator").status == "invited"
    assert [(m.email, m.role) for m in reviews.members.list()] == [("manager@example.com", "manager")]
    accept_invitation(database, reviews.id, "ann@example.com")  # as the invitee would
    members = {m.email: m for m in reviews.members.list()}
    assert members["ann@example.com"].role == "annotator"
    assert reviews.members.add("ann@example.com", "reviewer").status == "member"
    reviews.members.remove(members["ann@example.com"].user_id)
    assert [m.email for m in reviews.members.list()] == ["manager@example.com"]


def test_import_a_dataframe_with_labels_as_gold(gl: Client, reviews: Project) -> None:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "external_id": ["a", "b"],
            "text": ["great stuff", "awful"],
            "sentiment": ["positive", "negative"],
            "stars": [5, 1],
        }
    )
    result = reviews.import_items(frame, labels_as="gold", gold_set="exam")
    assert (result.created, result.skipped) == (2, 0)
    gold = {row["external_id"]: row["gold"] for row in reviews.rows(gold=True)}
    assert gold["a"]["result"]["sentiment"] == "positive" and gold["b"]["result"]["stars"] == 1
    assert {g["set"] for g in gold.values()} == {"exam"}
    back = reviews.to_pandas(gold=True).set_index("external_id")
    assert back.loc["a", "sentiment"] == "positive" and back.loc["b", "stars"] == 1
    assert back.loc["a", "sentiment.method"] == "gold"


def test_import_a_path_with_progress_and_skip_duplicates(
    gl: Client, reviews: Project, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "items.csv"
    path.write_text("id,text\n" + "".join(f"{n},row {n}\n" for n in range(2000)))
    assert reviews.import_items(path, progress=True).created == 2000
    assert "import" in capfd.readouterr().err  # the bar, on stderr
    again = reviews.import_items(path, on_duplicate="skip", progress=False)
    assert (again.created, again.skipped) == (0, 2000)
    assert capfd.readouterr().err == ""
    assert reviews.refresh().info.item_count == 2000


def test_a_bad_import_raises_with_its_code_and_imports_nothing(
    gl: Client, reviews: Project, tmp_path: Path, database: Database
) -> None:
    before = table_counts(database)
    with pytest.raises(ApiError) as err:
        reviews.import_items([{"text": "fine"}, {"words": "no text field"}])
    assert err.value.status_code == 422 and err.value.code == "invalid_import"
    assert err.value.detail["row"] == 2
    bad = tmp_path / "items.txt"
    bad.write_text("hello")
    with pytest.raises(ApiError) as err:
        reviews.import_items(bad)
    assert err.value.code == "invalid_import" and ".parquet" in err.value.message
    assert table_counts(database) == before


def _labelled(gl: Client, reviews: Project) -> None:
    reviews.import_items([{"id": "x", "text": "Ada is happy"}, {"id": "y", "text": "meh"}])
    for _ in range(2):
        item = gl.next_item(reviews.id)
        assert item is not None
        gl.annotate(item["id"], {"sentiment": "positive", "stars": 4})


def test_export_to_bytes_a_path_and_a_file(gl: Client, reviews: Project, tmp_path: Path) -> None:
    _labelled(gl, reviews)
    tmp_path = tmp_path / "exports"  # beside the test's database files
    tmp_path.mkdir()
    body = reviews.export("json", labels="both")
    assert isinstance(body, bytes)
    items = json.loads(body)
    assert [i["external_id"] for i in items] == ["x", "y"]
    assert items[0]["consensus"]["sentiment"]["value"] == "positive"
    target = tmp_path / "out.jsonl"
    assert reviews.export("jsonl", path=target) == target
    assert [json.loads(line)["external_id"] for line in target.read_bytes().splitlines()] == ["x", "y"]
    sink = io.BytesIO()
    assert reviews.export("csv", path=sink) is None
    assert sink.getvalue().decode().splitlines()[0].startswith('"item_id","text"')
    with pytest.raises(ApiError) as err:
        reviews.export("xml", path=tmp_path / "never.xml")
    assert err.value.code == "invalid_request" and not (tmp_path / "never.xml").exists()
    assert list(tmp_path.iterdir()) == [target]  # no partial file left behind


def test_to_pandas_and_to_datasets(gl: Client, reviews: Project) -> None:
    _labelled(gl, reviews)
    frame = reviews.to_pandas().set_index("external_id")
    assert list(frame.index) == ["x", "y"] and frame.loc["x", "text"] == "Ada is happy"
    assert list(frame["sentiment"]) == ["positive", "positive"] and list(frame["stars"]) == [4, 4]
    assert "annotations" not in frame.columns
    every = reviews.to_pandas(labels="annotations")
    assert [a["author"] for a in every["annotations"][0]] == ["manager@example.com"]
    dataset = reviews.to_datasets()
    assert dataset.num_rows == 2 and dataset["sentiment"] == ["positive", "positive"]
    assert dataset.features["stars"].dtype == "int64"


def test_to_datasets_without_the_package_says_how_to_install(
    gl: Client, reviews: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "datasets", None)  # import datasets -> ImportError
    with pytest.raises(ImportError, match="pip install datasets"):
        reviews.to_datasets()


def test_predictions_create_list_delete(gl: Client, reviews: Project, database: Database) -> None:
    """Against the predictions routes (issue 10 point 1)."""
    reviews.import_items([{"id": "p1", "text": "one"}, {"id": "p2", "text": "two"}])
    first = next(iter(reviews.items)).id
    created = reviews.predictions.create(
        [
            {"item_id": first, "model": "bert", "model_version": "1", "score": 0.9,
             "result": {"sentiment": "positive", "stars": 4}},
            {"external_id": "p2", "model": "bert", "model_version": "2", "result": {"sentiment": "negative"}},
        ]
    )  # fmt: skip
    assert created == 3  # one per control of each entry
    listed = reviews.predictions.list()
    assert listed.total == 3
    assert {(p.control, p.value) for p in listed.items if p.item_id == first} == {
        ("sentiment", "positive"),
        ("stars", 4),
    }
    assert reviews.predictions.list(item_id=first).total == 2
    assert reviews.predictions.list(model="other").total == 0
    before = table_counts(database)
    with pytest.raises(ApiError) as err:
        reviews.predictions.create([{"item_id": first, "model": "m", "model_version": "1",
                                     "result": {"sentiment": "great"}}])  # fmt: skip
    assert err.value.status_code == 422 and table_counts(database) == before
    assert reviews.predictions.delete(model="bert", model_version="2") == 1
    assert reviews.predictions.delete() == 2
    assert reviews.predictions.list().total == 0
