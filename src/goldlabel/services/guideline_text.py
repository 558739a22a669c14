"""What a guideline's Markdown is made of: its sections (headings with stable anchors) and the
line diff between two versions. Pure functions, no database.

Anchors are GitHub's: the heading's text, lower-cased, with everything but letters, marks,
numbers, connector punctuation, spaces and hyphens removed, spaces turned into hyphens; a
repeated anchor gets ``-1``, ``-2`` … This is a port of ``github-slugger``, which the web UI uses
to give rendered headings their ids, so a link to a section made here lands on the same heading
there (``frontend/src/render/slugCases.json`` holds the cases both test suites check).
Headings are found by markdown-it-py (CommonMark, with the GFM tables and strikethrough the UI's
remark-gfm also reads), never by a regular expression: a ``#`` inside a code block is no heading.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

MAX_GUIDELINE_CHARS = 500_000
MAX_DIFF_LINES = 20_000  # lines listed in one diff (the count of changes is always exact)
DIFF_CONTEXT = 3


def slug(value: str) -> str:
    """github-slugger's ``slug``: one heading text to its anchor (not made unique)."""
    return "".join(c for c in value.lower() if _kept(c)).replace(" ", "-")


def _kept(char: str) -> bool:
    category = unicodedata.category(char)
    return char in " -" or category[0] in "LMN" or category == "Pc"


class Slugger:
    """github-slugger's ``BananaSlug``: unique anchors in document order."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, value: str) -> str:
        original = result = slug(value)
        while result in self._seen:
            self._seen[original] += 1
            result = f"{original}-{self._seen[original]}"
        self._seen[result] = 0
        return result


@dataclass(frozen=True, slots=True)
class Heading:
    anchor: str
    title: str
    depth: int
    line: int  # 0-based line where the heading starts


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Raw HTML is parsed as HTML so that it can be left out of heading texts, as the UI drops it.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _text(inline: Token) -> str:
    """A heading's text as the rendered page has it (its text content): images and raw HTML
    (which the UI never renders) add nothing."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def headings(markdown: str) -> list[Heading]:
    """Every heading in document order, with its unique anchor."""
    tokens = _parser().parse(markdown)
    slugger = Slugger()
    out: list[Heading] = []
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        title = _text(tokens[i + 1])
        line = token.map[0] if token.map else 0
        out.append(
            Heading(anchor=slugger.slug(title), title=title.strip(), depth=int(token.tag[1:]), line=line)
        )
    return out


def anchors(markdown: str) -> set[str]:
    return {h.anchor for h in headings(markdown)}


# ---- diff ------------------------------------------------------------------------------------

LineOp = Literal["equal", "add", "remove"]
SectionChange = Literal["added", "removed", "changed"]


@dataclass(frozen=True, slots=True)
class DiffLine:
    op: LineOp
    text: str
    old_line: int | None  # 1-based
    new_line: int | None


@dataclass(frozen=True, slots=True)
class Hunk:
    old_start: int
    new_start: int
    lines: list[DiffLine]


@dataclass(frozen=True, slots=True)
class ChangedSection:
    anchor: str
    title: str
    change: SectionChange


@dataclass(frozen=True, slots=True)
class Diff:
    hunks: list[Hunk]
    added: int
    removed: int
    sections: list[ChangedSection]
    truncated: bool


def _section_bodies(markdown: str) -> dict[str, tuple[str, str]]:
    """anchor -> (title, the section's own lines up to the next heading); '' is the preamble."""
    lines = markdown.splitlines()
    found = headings(markdown)
    bodies: dict[str, tuple[str, str]] = {}
    starts = [(h.line, h.anchor, h.title) for h in found]
    if not starts or starts[0][0] > 0:
        bodies[""] = ("(before the first heading)", "\n".join(lines[: starts[0][0] if starts else None]))
    for k, (line, anchor, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        bodies[anchor] = (title, "\n".join(lines[line:end]))
    return bodies


def line_diff(old: str, new: str) -> Diff:
    """A unified line diff (hunks with ``DIFF_CONTEXT`` lines of context) and the sections whose
    text changed, was added or removed (by anchor)."""
    a, b = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    hunks: list[Hunk] = []
    added = removed = listed = 0
    truncated = False
    for group in matcher.get_grouped_opcodes(DIFF_CONTEXT):
        lines: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("equal", a[i1 + k], i1 + k + 1, j1 + k + 1) for k in range(i2 - i1)]
                continue
            removed += i2 - i1
            added += j2 - j1
            lines += [DiffLine("remove", a[i], i + 1, None) for i in range(i1, i2)]
            lines += [DiffLine("add", b[j], None, j + 1) for j in range(j1, j2)]
        if listed + len(lines) > MAX_DIFF_LINES:
            truncated = True
            continue
        listed += len(lines)
        hunks.append(Hunk(old_start=group[0][1] + 1, new_start=group[0][3] + 1, lines=lines))
    return Diff(
        hunks=hunks, added=added, removed=removed, sections=_changed_sections(old, new), truncated=truncated
    )


def _changed_sections(old: str, new: str) -> list[ChangedSection]:
    before, after = _section_bodies(old), _section_bodies(new)
    out: list[ChangedSection] = []
    for anchor, (title, body) in after.items():
        if anchor not in before:
            out.append(ChangedSection(anchor, title, "added"))
        elif before[anchor][1] != body:
            out.append(ChangedSection(anchor, title, "changed"))
    out += [ChangedSection(a, t, "removed") for a, (t, _) in before.items() if a not in after]
    return out
