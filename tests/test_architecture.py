"""Import direction between goldlabel's layers, checked on the source's syntax tree.

quality is a pure library (numpy/scipy/pandas only); core is the bottom layer; controls,
formats and db sit below services; services below api and cli; the sdk is a client and never
pulls in server code. Every ``import`` counts: top-level, inside functions, under
TYPE_CHECKING, absolute or relative.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from importlib.util import resolve_name
from pathlib import Path

import pytest

import goldlabel

SRC = Path(goldlabel.__file__).resolve().parent
ENTRY_POINTS = ("goldlabel.api", "goldlabel.cli")
SERVICES_AND_ABOVE = ("goldlabel.services", *ENTRY_POINTS)
SERVER_THIRD_PARTY = ("fastapi", "starlette", "sqlalchemy", "alembic", "uvicorn", "psycopg")


@dataclass(frozen=True)
class Rule:
    layer: str  # goldlabel.<layer>
    why: str
    forbidden: tuple[str, ...] = ()  # module prefixes that may not be imported
    only_goldlabel: tuple[str, ...] | None = None  # if set, the only goldlabel modules allowed


RULES = [
    Rule(
        "quality",
        "quality is a pure library: nothing from the rest of goldlabel, no web/db/validation stack",
        forbidden=("fastapi", "starlette", "sqlalchemy", "pydantic", "pydantic_settings", "alembic"),
        only_goldlabel=("goldlabel.quality",),
    ),
    Rule("controls", "controls sit below services", forbidden=SERVICES_AND_ABOVE),
    Rule("formats", "formats sit below services", forbidden=SERVICES_AND_ABOVE),
    Rule("db", "db sits below services", forbidden=SERVICES_AND_ABOVE),
    Rule("services", "services never know about HTTP or the command line", forbidden=ENTRY_POINTS),
    Rule("core", "core is the bottom layer", only_goldlabel=("goldlabel.core", "goldlabel")),
    Rule(
        "sdk",
        "the SDK is a client: no server modules",
        forbidden=(
            "goldlabel.api", "goldlabel.services", "goldlabel.db", "goldlabel.cli", "goldlabel.jobs",
            *SERVER_THIRD_PARTY,
        ),
    ),
]  # fmt: skip


def module_name(path: Path, root: Path = SRC) -> tuple[str, bool]:
    """Dotted module name of a source file under the goldlabel package, and whether it is a package."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts.pop()
    return ".".join(parts), is_package


def imports_in(source: str, module: str, is_package: bool) -> set[str]:
    """Every module name the source imports (``from a import b`` counts as ``a`` and ``a.b``)."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = (
                resolve_name("." * node.level + (node.module or ""), package)
                if node.level
                else node.module or ""
            )
            found.add(base)
            # a name may be a submodule; dunders (__version__) and * never are
            found.update(f"{base}.{a.name}" for a in node.names if not a.name.startswith(("__", "*")))
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _allowed(rule: Rule, name: str) -> bool:
    if any(_within(name, p) for p in rule.forbidden):
        return False
    if rule.only_goldlabel is None or not _within(name, "goldlabel"):
        return True
    # "goldlabel" itself (the root package) is allowed exactly, never as a prefix
    return any(name == p if p == "goldlabel" else _within(name, p) for p in rule.only_goldlabel)


def violations(rule: Rule, module: str, imported: set[str]) -> list[str]:
    return [f"{module} imports {name}" for name in sorted(imported) if not _allowed(rule, name)]


def layer_files(layer: str) -> list[Path]:
    return sorted((SRC / layer).rglob("*.py"))


@pytest.mark.parametrize("rule", RULES, ids=[r.layer for r in RULES])
def test_import_direction(rule: Rule) -> None:
    files = layer_files(rule.layer)
    if rule.layer != "sdk":  # the SDK may still be an empty package
        assert files, f"no sources found for goldlabel.{rule.layer}: is the rule still pointing somewhere?"
    problems: list[str] = []
    for path in files:
        module, is_package = module_name(path)
        problems += violations(rule, module, imports_in(path.read_text(encoding="utf-8"), module, is_package))
    assert not problems, f"{rule.why}:\n  " + "\n  ".join(problems)


def test_layers_exist_where_the_rules_expect_them() -> None:
    for layer in ("quality", "controls", "formats", "db", "services", "core", "api", "cli"):
        assert (SRC / layer / "__init__.py").is_file(), layer
    # the quality package really is checked file by file
    assert len(layer_files("quality")) >= 10


# ---- the checker itself must catch what it claims to catch -------------------------------------


def _rule(layer: str) -> Rule:
    return next(r for r in RULES if r.layer == layer)


QUALITY = "goldlabel.quality.table"
TYPE_CHECKING_IMPORT = """from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from goldlabel.db.engine import Database
"""


@pytest.mark.parametrize(
    ("layer", "module", "is_package", "source", "caught"),
    [
        ("quality", QUALITY, False, "from goldlabel.db.models import Item", "goldlabel.db.models"),
        ("quality", QUALITY, False, "import sqlalchemy.orm", "sqlalchemy.orm"),
        ("quality", QUALITY, False, "from pydantic import BaseModel", "pydantic"),
        ("quality", QUALITY, False, "from ..core import limits", "goldlabel.core"),
        ("quality", "goldlabel.quality.scoring", True, "from ...services import x", "goldlabel.services"),
        ("quality", QUALITY, False, "from goldlabel import controls", "goldlabel.controls"),
        ("quality", QUALITY, False, "def f():\n    import fastapi\n", "fastapi"),
        ("quality", QUALITY, False, TYPE_CHECKING_IMPORT, "goldlabel.db.engine"),
        ("controls", "goldlabel.controls.choices", False, "from goldlabel.services import items", "services"),
        ("formats", "goldlabel.formats.rows", False, "from ..api.deps import ActorDep", "goldlabel.api.deps"),
        ("db", "goldlabel.db.engine", False, "import goldlabel.cli.main", "goldlabel.cli.main"),
        ("services", "goldlabel.services.items", False, "from .. import api", "goldlabel.api"),
        ("services", "goldlabel.services.items", False, "from goldlabel.cli.main import app", "cli.main"),
        ("core", "goldlabel.core.settings", False, "from goldlabel.controls import schema", "controls"),
        ("core", "goldlabel.core.settings", False, "from ..db import models", "goldlabel.db"),
        ("sdk", "goldlabel.sdk.client", False, "from goldlabel.services.views import ItemView", "services"),
        ("sdk", "goldlabel.sdk", True, "import sqlalchemy", "sqlalchemy"),
    ],
)
def test_checker_catches(layer: str, module: str, is_package: bool, source: str, caught: str) -> None:
    found = violations(_rule(layer), module, imports_in(source, module, is_package))
    assert any(caught in v for v in found), found


@pytest.mark.parametrize(
    ("layer", "module", "is_package", "source"),
    [
        ("quality", QUALITY, False, "import numpy as np\nfrom .scoring import score_text"),
        ("quality", "goldlabel.quality.scoring.text", False, "from goldlabel.quality.scoring._axis import x"),
        ("quality", "goldlabel.quality.scoring", True, "from ..agreement import alpha"),
        ("services", "goldlabel.services.items", False, "from goldlabel.db import models\nfrom . import x"),
        ("core", "goldlabel.core.settings", False, "from goldlabel import __version__\nfrom . import errors"),
        ("db", "goldlabel.db.engine", False, "from goldlabel.core.settings import Settings"),
    ],
)
def test_checker_allows(layer: str, module: str, is_package: bool, source: str) -> None:
    assert violations(_rule(layer), module, imports_in(source, module, is_package)) == []


def test_relative_imports_resolve_like_python() -> None:
    assert imports_in("from . import views", "goldlabel.services.items", False) >= {
        "goldlabel.services", "goldlabel.services.views"
    }  # fmt: skip
    assert "goldlabel.quality.agreement.alpha" in imports_in(
        "from ..agreement.alpha import x", "goldlabel.quality.scoring", True
    )
    assert module_name(SRC / "quality" / "scoring" / "__init__.py") == ("goldlabel.quality.scoring", True)
    assert module_name(SRC / "services" / "items.py") == ("goldlabel.services.items", False)
