"""Guideline sections and diffs: anchors agree with the web UI's (github-slugger) on the cases
both test suites read, headings come from a Markdown parser, and the diff names what changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from goldlabel.services.guideline_text import Slugger, headings, line_diff

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parents[2] / "frontend/src/render/slugCases.json").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "|".join(c["headings"]))
def test_slugs_match_the_ui(case: dict[str, Any]) -> None:
    slugger = Slugger()
    assert [slugger.slug(h) for h in case["headings"]] == case["anchors"]


def test_headings_from_the_parser() -> None:
    md = "\n".join(
        [
            "# Intro",
            "",
            "```",
            "# not a heading (code)",
            "```",
            "",
            "    # indented code, no heading",
            "",
            "## The *PER* label `x` ![img](a.png)",
            "",
            "Setext heading",
            "--------------",
            "",
            "## Intro",
            "#no-space is text",
        ]
    )
    found = [(h.anchor, h.title, h.depth) for h in headings(md)]
    assert found == [
        ("intro", "Intro", 1),
        ("the-per-label-x-", "The PER label x", 2),
        ("setext-heading", "Setext heading", 2),
        ("intro-1", "Intro", 2),
    ]


def test_raw_html_in_a_heading_is_left_out() -> None:
    # as in the UI, which never renders raw HTML (markdown.test.tsx checks the same heading)
    assert headings("# a <b>bold</b> claim")[0].anchor == "a-bold-claim"


def test_diff() -> None:
    old = "# A\n\none\ntwo\n\n# B\n\nthree\n"
    new = "# A\n\none\n2\n\n# C\n\nthree\n"
    diff = line_diff(old, new)
    ops = [(x.op, x.text) for h in diff.hunks for x in h.lines if x.op != "equal"]
    assert ops == [("remove", "two"), ("add", "2"), ("remove", "# B"), ("add", "# C")]
    assert (diff.added, diff.removed, diff.truncated) == (2, 2, False)
    assert {(s.anchor, s.change) for s in diff.sections} == {
        ("a", "changed"),
        ("c", "added"),
        ("b", "removed"),
    }
    assert line_diff(old, old).hunks == []
