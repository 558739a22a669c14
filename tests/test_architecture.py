"""goldlabel's structure, checked on the source's syntax tree.

Import direction: quality is a pure library (numpy/scipy/pandas only); core is the bottom layer;
controls, formats and db sit below services; services below api and cli; api reaches the
database only through services (plus the engine and migrations it starts); the cli acts through
services and starts the api; the sdk is a client and never pulls in server code. Every
``import`` counts: top-level, inside functions, under TYPE_CHECKING, absolute or relative.

Also checked here: the execution model (docs/ARCHITECTURE.md: routes are ``async def`` and never
open a session on the loop themselves; only api knows the web framework) and that the access
policy lives in services/access.py alone.
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
WEB_FRAMEWORK = ("fastapi", "starlette", "uvicorn")
# What api and cli may use of the database package: the engine and the migrations they start.
DB_ENTRY = ("goldlabel.db.engine", "goldlabel.db.migrate")


@dataclass(frozen=True)
class Rule:
    layer: str  # goldlabel.<layer>
    why: str
    forbidden: tuple[str, ...] = ()  # module prefixes that may not be imported
    only_goldlabel: tuple[str, ...] | None = None  # if set, the only goldlabel modules allowed
    optional: bool = False  # the layer may have no sources (yet)
    except_: tuple[str, ...] = ()  # names (and the modules holding them) allowed though forbidden


RULES = [
    Rule(
        "quality",
        "quality is a pure library: nothing from the rest of goldlabel, no web/db/validation stack",
        forbidden=("fastapi", "starlette", "sqlalchemy", "pydantic", "pydantic_settings", "alembic"),
        only_goldlabel=("goldlabel.quality",),
    ),
    Rule("controls", "controls sit below services", forbidden=SERVICES_AND_ABOVE),
    Rule("formats", "formats sit below services", forbidden=SERVICES_AND_ABOVE),
    Rule(
        "db",
        "db sits below services and is synchronous code: no web framework (anyio, the async "
        "runtime, only in Database.run)",
        forbidden=(*SERVICES_AND_ABOVE, "goldlabel.jobs", *WEB_FRAMEWORK),
    ),
    Rule(
        "services",
        "services never know about HTTP, the event loop or the command line",
        forbidden=(*ENTRY_POINTS, *WEB_FRAMEWORK, "anyio"),
    ),
    Rule(
        "api",
        "api is thin: it calls services (no SQL, no models), and uses of db only the engine and "
        "migrations; it never imports the cli",
        forbidden=("sqlalchemy", "alembic", "goldlabel.cli"),
        only_goldlabel=(
            "goldlabel", "goldlabel.api", "goldlabel.services", "goldlabel.core", "goldlabel.controls",
            "goldlabel.formats", *DB_ENTRY,
        ),
    ),
    Rule(
        "cli",
        "the cli acts through services and starts the api (app factory, server, the in-process API for "
        "the SDK's import and export), nothing more: "
        "of SQLAlchemy only the Session type the services take",
        forbidden=("sqlalchemy", "alembic", *WEB_FRAMEWORK),
        except_=("sqlalchemy.orm.Session",),
        only_goldlabel=(
            "goldlabel", "goldlabel.cli", "goldlabel.api.app", "goldlabel.api.serve", "goldlabel.api.local",
            "goldlabel.services", "goldlabel.core", "goldlabel.formats", "goldlabel.sdk", *DB_ENTRY,
        ),
    ),
    Rule(
        "jobs",
        "jobs (a runner, when there is one) call services; never the api, cli or web framework",
        forbidden=(*ENTRY_POINTS, *WEB_FRAMEWORK),
        optional=True,
    ),
    Rule("core", "core is the bottom layer", only_goldlabel=("goldlabel.core", "goldlabel")),
    Rule(
        "sdk",
        "the SDK is a client: no server modules",
        forbidden=(
            "goldlabel.api", "goldlabel.services", "goldlabel.db", "goldlabel.cli", "goldlabel.jobs",
            *SERVER_THIRD_PARTY,
        ),
        optional=True,
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
    excepted = any(_within(name, p) or _within(p, name) for p in rule.except_)
    if any(_within(name, p) for p in rule.forbidden) and not excepted:
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
    if not rule.optional:
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
        ("db", "goldlabel.db.engine", False, "from starlette.concurrency import x", "starlette"),
        ("db", "goldlabel.db.engine", False, "from fastapi import Depends", "fastapi"),
        ("services", "goldlabel.services.queue", False, "import anyio", "anyio"),
        ("api", "goldlabel.api.routes.queue", False, "from goldlabel.db.models import Item", "db.models"),
        ("api", "goldlabel.api.routes.queue", False, "from sqlalchemy import select", "sqlalchemy"),
        ("api", "goldlabel.api.routes.queue", False, "from ...cli import main", "goldlabel.cli"),
        ("api", "goldlabel.api.deps", False, "from goldlabel.db.writer import WriterLock", "db.writer"),
        ("cli", "goldlabel.cli.main", False, "from goldlabel.db.models import User", "db.models"),
        ("cli", "goldlabel.cli.main", False, "from goldlabel.api.routes import queue", "api.routes"),
        ("cli", "goldlabel.cli.main", False, "from fastapi import FastAPI", "fastapi"),
        ("cli", "goldlabel.cli.main", False, "from sqlalchemy import select", "sqlalchemy.select"),
        ("jobs", "goldlabel.jobs.runner", False, "from goldlabel.api.deps import ActorDep", "goldlabel.api"),
        ("jobs", "goldlabel.jobs", True, "from ..cli.main import app", "goldlabel.cli"),
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
        ("db", "goldlabel.db.engine", False, "from goldlabel.core.settings import Settings\nimport anyio"),
        ("api", "goldlabel.api.deps", False, "from goldlabel.db.engine import Database"),
        ("api", "goldlabel.api.app", False, "from goldlabel import __version__\nfrom ..db.migrate import x"),
        ("api", "goldlabel.api.routes.queue", False, "from goldlabel.services import queue\nimport fastapi"),
        ("cli", "goldlabel.cli.main", False, "from goldlabel.api.app import create_app"),
        ("cli", "goldlabel.cli.main", False, "from goldlabel.services import auth\nimport typer"),
        ("cli", "goldlabel.cli.main", False, "from sqlalchemy.orm import Session"),
        ("jobs", "goldlabel.jobs.runner", False, "from goldlabel.services import imports"),
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


# ---- the execution model (docs/ARCHITECTURE.md) -------------------------------------------------

ROUTES = SRC / "api" / "routes"
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete"})


def _is_route(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call)
        and isinstance(d.func, ast.Attribute)
        and isinstance(d.func.value, ast.Name)
        and d.func.value.id == "router"
        and d.func.attr in HTTP_METHODS
        for d in fn.decorator_list
    )


def _passes_the_database(call: ast.Call) -> bool:
    values = [*call.args, *(k.value for k in call.keywords)]
    return any(isinstance(v, ast.Name) and v.id == "database" for v in values)


def _on_the_loop(node: ast.AST) -> list[str]:
    """What the route's own body does on the event loop that blocks it: open a session, or hand
    the database to a call it does not await (a service that opens its own sessions, run right
    there). A nested function or lambda is work handed to ``Database.run`` or a thread, so it is
    not descended into; an awaited call (``run_in_threadpool(service, database, …)``) is async."""
    found: list[str] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue
        if isinstance(child, ast.Call):
            awaited = isinstance(node, ast.Await)
            if isinstance(child.func, ast.Attribute) and child.func.attr == "session":
                found.append(f"line {child.lineno}: opens a session on the event loop (use database.run)")
            elif not awaited and _passes_the_database(child):
                found.append(
                    f"line {child.lineno}: hands the database to a call on the event loop "
                    "(await it on a worker thread: run_in_threadpool)"
                )
        found += _on_the_loop(child)
    return found


def execution_problems(source: str) -> list[str]:
    problems: list[str] = []
    for node in ast.parse(source).body:
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not _is_route(node):
            continue
        if isinstance(node, ast.FunctionDef):
            problems.append(f"{node.name}: a plain def route (make it async def)")
        problems += [f"{node.name} {problem}" for problem in _on_the_loop(node)]
    return problems


def test_routes_follow_the_execution_model() -> None:
    paths = sorted(ROUTES.glob("*.py"))
    assert len(paths) > 10, "no route modules found: is ROUTES still pointing at them?"
    problems = {p.name: found for p in paths if (found := execution_problems(p.read_text(encoding="utf-8")))}
    assert not problems, f"routes are async def and hand their database work to database.run: {problems}"


ROUTER = "from fastapi import APIRouter\nrouter = APIRouter()\n"


@pytest.mark.parametrize(
    ("source", "problems"),
    [
        ('@router.get("/x")\nasync def x(database):\n    return await database.run(lambda db: 1)\n', 0),
        ('@router.get("/x")\ndef x(database):\n    with database.session() as db:\n        return 1\n', 2),
        ('@router.post("/x")\nasync def x(database):\n    with database.session(write=True):\n'
         "        pass\n", 1),
        ('@router.post("/x")\nasync def x(database):\n    def work():\n        with database.session():\n'
         "            pass\n    return await to_thread(work)\n", 0),
        ("def helper(database):\n    with database.session():\n        pass\n", 0),  # not a route
        ('@router.get("/x")\nasync def x(database):\n    return report(database, 1)\n', 1),
        ('@router.get("/x")\nasync def x(database):\n    return make(1, source=database)\n', 1),
        ('@router.get("/x")\nasync def x(database):\n    return await run_in_threadpool(f, database)\n', 0),
        ('@router.get("/x")\nasync def x(database):\n    return await _helper(database, 1)\n', 0),
    ],
)  # fmt: skip
def test_execution_checker(source: str, problems: int) -> None:
    assert len(execution_problems(ROUTER + source)) == problems


# ---- the access policy lives in services/access.py ---------------------------------------------

POLICY = SRC / "services" / "access.py"


def policy_problems(source: str) -> list[str]:
    """Role rules outside the policy module: reading ``actor.is_admin``, or a rank table of roles."""
    problems: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr == "is_admin"
            and isinstance(node.value, ast.Name)
            and node.value.id == "actor"
        ):
            problems.append(f"line {node.lineno}: reads actor.is_admin")
        names = [node.id] if isinstance(node, ast.Name) else []
        names += [a.name for a in node.names] if isinstance(node, ast.ImportFrom) else []
        problems += [f"line {node.lineno}: uses {n}" for n in names if n.endswith("RANK")]
    return problems


def test_role_rules_live_in_the_access_module() -> None:
    problems = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.rglob("*.py"))
        if path != POLICY and (found := policy_problems(path.read_text(encoding="utf-8")))
    }
    assert not problems, f"decide with the functions of services/access.py: {problems}"
    assert policy_problems(POLICY.read_text(encoding="utf-8")), "the checker no longer sees the rules"


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ('role = "manager" if actor.is_admin else row.role', True),
        ("from goldlabel.services.access import ROLE_RANK", True),
        ("ok = ROLE_RANK[role] >= ROLE_RANK['reviewer']", True),
        ("role = effective_role(actor, row.role)", False),
        ("UserView(is_admin=user.is_admin)", False),  # data about a user, not a decision
        ("Actor(id=1, email='x', is_admin=True)", False),
    ],
)
def test_policy_checker(source: str, caught: bool) -> None:
    assert bool(policy_problems(source)) is caught
