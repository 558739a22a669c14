"""``goldlabel import-labelstudio``: a Label Studio project (config + JSON export) migrated in one
command, all or nothing, on a --data-dir (sqlite and postgres, as tests/test_cli.py).

The fixtures are tests/test_cli.py's (imported, so the arguments below redefine their names)."""

# ruff: noqa: F811

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select

from goldlabel.db.engine import Database
from goldlabel.db.models import Annotation, Item, Project, User
from goldlabel.services import bootstrap, imports
from tests.api.conftest import table_counts
from tests.test_cli import Cli, data_dir, database, first, run  # noqa: F401 (fixtures)

CONFIG = """<View>
  <Header value="Read the review"/>
  <Text name="intro" value="Tag people and companies, then the overall sentiment."/>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Choices name="sentiment" toName="text" required="true">
    <Choice value="Positive" alias="pos"/><Choice value="Negative" alias="neg"/>
  </Choices>
</View>"""
MAPPED, UNMAPPED = "ann@example.com", "someone@elsewhere.org"


def ner(start: int, end: int, text: str, label: str, rid: str) -> dict[str, Any]:
    value = {"start": start, "end": end, "text": text, "labels": [label]}
    return {"id": rid, "from_name": "ner", "to_name": "text", "type": "labels", "value": value}


def sentiment(alias: str, rid: str) -> dict[str, Any]:
    value = {"choices": [alias]}
    return {"id": rid, "from_name": "sentiment", "to_name": "text", "type": "choices", "value": value}


def annotation(aid: int, email: str, result: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": aid, "completed_by": {"id": aid, "email": email, "first_name": "", "last_name": ""},
        "result": result, "was_cancelled": False, "ground_truth": False, "lead_time": 12.5,
        "created_at": "2024-05-01T10:00:00.000000Z", "updated_at": "2024-05-01T10:00:00.000000Z",
    }  # fmt: skip


EXPORT: list[dict[str, Any]] = [
    {
        "id": 101,
        "data": {"text": "Ada Lovelace joined Acme."},
        "meta": {"source": "crm"},
        "annotations": [
            annotation(1, MAPPED, [ner(0, 12, "Ada Lovelace", "PER", "a1"), sentiment("pos", "a2")]),
            annotation(2, UNMAPPED, [ner(20, 24, "Acme", "ORG", "b1"), sentiment("neg", "b2")]),
        ],
        "predictions": [
            {
                "id": 7,
                "model_version": "ner-v2",
                "score": 0.8,
                "result": [ner(0, 12, "Ada Lovelace", "PER", "p1")],
            }
        ],
    },
    {
        "id": 102,
        "data": {"text": "Nothing to see."},
        "annotations": [],
        "predictions": [
            {"id": 8, "model_version": "sent-v1", "score": 0.6, "result": [sentiment("neg", "p2")]}
        ],
    },
]


def write(tmp_path: Path, export: Any, config: str = CONFIG) -> tuple[Path, Path]:
    export_path, config_path = tmp_path / "project-1-export.json", tmp_path / "label_config.xml"
    export_path.write_bytes(orjson.dumps(export))
    config_path.write_text(config)
    return export_path, config_path


def test_a_refused_config_names_every_tag_exits_1_and_creates_nothing(
    run: Cli, database: Database, first: bootstrap.FirstStart, tmp_path: Path
) -> None:
    config = CONFIG.replace(
        "</View>",
        '<Ranker name="rank" toName="text"/>'
        '<View visibleWhen="choice-selected"><TextArea name="why" toName="text" required="true"/></View>'
        '<Labels name="more" toName="text,intro"><Label value="X"/></Labels></View>',
    )
    export_path, config_path = write(tmp_path, EXPORT, config)
    before = table_counts(database)
    result = run("import-labelstudio", str(export_path), "--config", str(config_path))
    assert result.exit_code == 1, result.output
    assert "(4 problems)" in result.stderr
    for named in ("<Ranker name='rank'>", "<TextArea name='why'>: required", "<Labels name='more'>: toName"):
        assert named in result.stderr
    assert "constant <Text name='intro'>" in result.stderr
    assert table_counts(database) == before


def test_a_failed_import_leaves_no_project_behind(
    run: Cli, database: Database, first: bootstrap.FirstStart, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever stops the import after the project was created (here: the disk), the project goes."""

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError("disk on fire")

    monkeypatch.setattr(imports, "import_file", broken)
    export_path, config_path = write(tmp_path, EXPORT)
    before = table_counts(database)
    with pytest.raises(OSError, match="disk on fire"):
        run("import-labelstudio", str(export_path), "--config", str(config_path))
    assert table_counts(database) == before


def test_a_task_that_does_not_fit_is_named_and_nothing_is_left(
    run: Cli, database: Database, first: bootstrap.FirstStart, tmp_path: Path
) -> None:
    """Needs the Label Studio reader (helper h2's formats/labelstudio.py) and imported labels (h1)."""
    bad = [
        *EXPORT,
        {"id": 103, "data": {"text": "x"}, "annotations": [annotation(3, MAPPED, [sentiment("meh", "c")])]},
    ]
    export_path, config_path = write(tmp_path, bad)
    before = table_counts(database)
    result = run("import-labelstudio", str(export_path), "--config", str(config_path))
    assert result.exit_code == 1, result.output
    assert "row 3" in result.stderr and "meh" in result.stderr
    assert table_counts(database) == before


def test_a_label_studio_export_migrates_with_authors_aliases_and_predictions(
    run: Cli, database: Database, first: bootstrap.FirstStart, tmp_path: Path
) -> None:
    """Needs the Label Studio reader (helper h2's formats/labelstudio.py) and imported labels (h1)."""
    from goldlabel.db.models import Prediction  # lands with helper h1's predictions table

    run.create_user(MAPPED)
    export_path, config_path = write(tmp_path, EXPORT)
    result = run.ok("import-labelstudio", str(export_path), "--config", str(config_path), "--name", "Reviews")
    assert ": 2 items, 2 annotations, 2 predictions" in result.stdout
    assert "config warning: <Header> ignores value" in result.stdout
    with database.session() as db:
        project = db.scalars(select(Project).where(Project.name == "Reviews")).one()
        assert project.label_config == CONFIG
        assert project.description == "Tag people and companies, then the overall sentiment."
        items = {i.external_id: i for i in db.scalars(select(Item).where(Item.project_id == project.id))}
        assert set(items) == {"101", "102"}
        assert items["101"].data == {"text": "Ada Lovelace joined Acme."} and items["101"].meta == {
            "source": "crm"
        }
        rows = db.execute(
            select(
                Annotation.result, User.email, User.imported_name, Annotation.status, Annotation.lead_time_ms
            )
            .join(User, User.id == Annotation.author_id)
            .where(Annotation.project_id == project.id)
        ).all()
        by_author = {name or email: (result, status, lead) for result, email, name, status, lead in rows}
        # Mapped by email to the account; the unknown author kept by name (a placeholder account).
        assert set(by_author) == {MAPPED, UNMAPPED}
        mapped, unmapped = by_author[MAPPED], by_author[UNMAPPED]
        assert next(e for _, e, n, *_ in rows if n is None) == MAPPED
        # Label Studio's aliases (pos, neg) are the labels the schema shows.
        assert mapped[0]["sentiment"] == "Positive" and unmapped[0]["sentiment"] == "Negative"
        assert [(s["start"], s["end"], s["label"]) for s in mapped[0]["ner"]] == [(0, 12, "PER")]
        assert [(s["start"], s["end"], s["label"]) for s in unmapped[0]["ner"]] == [(20, 24, "ORG")]
        assert mapped[1] == "submitted" and mapped[2] == 12_500
        predictions = db.execute(
            select(Prediction.item_id, Prediction.control, Prediction.value, Prediction.model_version)
            .where(Prediction.project_id == project.id)
            .order_by(Prediction.item_id)
        ).all()
        got = {(item_id, control, version): value for item_id, control, value, version in predictions}
        assert got[(items["102"].id, "sentiment", "sent-v1")] == "Negative"
        ada = got[(items["101"].id, "ner", "ner-v2")]
        assert [(s["start"], s["end"], s["label"]) for s in ada] == [(0, 12, "PER")]
        assert len(got) == 2
