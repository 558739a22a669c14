"""What converting a Label Studio config found: the problems that refuse it (every one, each
naming its tag and attribute) and the warnings that list what it ignores.

Kept apart from ``controls.labelstudio`` (the mapping itself) so the mapping reads in one sitting;
``Conversion`` collects instead of raising, so one refusal lists every problem of a config, and
``validation_problems`` does the same for a converted schema the schema model then refuses (an
empty option, a rating scale too long, a hotkey of two keys), naming each control's tag.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One thing in a config that cannot be imported: the tag (and its ``name``), the attribute
    at fault if one is (``toName``, ``alias``, ``required`` …), and what to do."""

    tag: str | None
    name: str | None
    attribute: str | None
    message: str

    def __str__(self) -> str:
        if self.tag is None:
            return self.message
        where = f"<{self.tag} name={self.name!r}>" if self.name else f"<{self.tag}>"
        return f"{where}: {self.message}"  # messages name their attribute themselves

    def as_dict(self) -> dict[str, str | None]:
        return {"tag": self.tag, "name": self.name, "attribute": self.attribute, "message": self.message}


class LabelConfigError(ValueError):
    """A Label Studio config we cannot map; ``problems`` lists every reason, each naming its tag."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = tuple(problems)
        count = f" ({len(self.problems)} problems)" if len(self.problems) > 1 else ""
        super().__init__(f"label config refused{count}: " + "; ".join(str(p) for p in self.problems))


def describe(el: Element) -> str:
    name = el.get("name")
    return f"<{el.tag} name={name!r}>" if name else f"<{el.tag}>"


class Conversion:
    """One conversion's findings: problems are collected (not raised) so all are reported."""

    def __init__(self) -> None:
        self.problems: list[ConfigProblem] = []
        self.warnings: dict[str, None] = {}  # ordered and without repeats
        self.objects: dict[str, tuple[str, str]] = {}  # Label Studio object name -> (kind, data key)
        self.constants: set[str] = set()  # names of static <Text> tags
        self.instructions: list[str] = []
        self.aliases: dict[str, dict[str, str]] = {}

    def refuse(self, el: Element, message: str, attribute: str | None = None) -> None:
        self.problems.append(ConfigProblem(el.tag, el.get("name"), attribute, message))

    def warn(self, message: str) -> None:
        self.warnings[message] = None

    def ignore(self, el: Element, known: frozenset[str], *, parent: Element | None = None) -> None:
        """List the attributes the mapping does not read (conditions included: always shown)."""
        ignored = sorted(set(el.attrib) - known)
        if ignored:
            where = f"{describe(parent)}: <{el.tag}>" if parent is not None else describe(el)
            self.warn(f"{where} ignores {', '.join(ignored)}")


#: Which Label Studio attribute holds each schema key a validation error may name.
SCHEMA_KEY_ATTRIBUTES = {
    "name": "name",
    "options": "value",
    "labels": "value",
    "points": "value",
    "hotkeys": "hotkey",
}


def validation_problems(
    sources: Sequence[tuple[str, str]], errors: Sequence[Mapping[str, Any]]
) -> list[ConfigProblem]:
    """A converted schema's validation errors (pydantic's ``errors()``) as config problems, each
    naming the Label Studio tag its control came from (``sources``: tag and name per control, in
    the schema's order, as ``ConvertedConfig.sources``): every one, not the first."""
    problems = []
    for error in errors:
        loc, message = tuple(error["loc"]), str(error["msg"]).removeprefix("Value error, ")
        index = loc[1] if len(loc) > 1 and loc[0] == "controls" else None
        if isinstance(index, int) and index < len(sources):
            tag, name = sources[index]
            key = str(loc[3]) if len(loc) > 3 else None
            attribute = SCHEMA_KEY_ATTRIBUTES.get(key or "", "maxRating" if tag == "Rating" else None)
            problems.append(ConfigProblem(tag, name, attribute, message))
        else:
            where = ".".join(str(p) for p in loc)
            problems.append(
                ConfigProblem(None, None, None, f"schema {where}: {message}" if where else message)
            )
    return problems
