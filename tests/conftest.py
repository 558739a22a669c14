"""Shared fixtures: a goldlabel app on a fresh database (SQLite, and PostgreSQL when reachable).

PostgreSQL tests run against GOLDLABEL_TEST_POSTGRES_URL (default: the local server this
machine kind starts). Where it is unreachable they are skipped with the reason shown in the
summary (pytest -ra).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import create_engine, make_url, text

from goldlabel.core import security
from goldlabel.core.settings import LOCAL_HOSTS, Settings
from goldlabel.db.engine import Database
from goldlabel.db.migrate import upgrade
from goldlabel.db.models import Base

BASE_POSTGRES_URL = os.environ.get(
    "GOLDLABEL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_pg_state: dict[str, str | None] = {}


def _postgres_url() -> str:
    """Under pytest-xdist each worker gets its own database (``test_gw0`` …), created here."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return BASE_POSTGRES_URL
    base = make_url(BASE_POSTGRES_URL)
    name = f"{base.database}_{worker}"
    try:
        engine = create_engine(base, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    except Exception:  # unreachable: postgres_unavailable() reports why
        return BASE_POSTGRES_URL
    return base.set(database=name).render_as_string(hide_password=False)


POSTGRES_URL = _postgres_url()

# Production argon2 costs ~0.3 s a hash by design; tests hash hundreds of passwords.
security._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def postgres_unavailable() -> str | None:
    """None if PostgreSQL answers, else why not (checked once per run)."""
    if "reason" not in _pg_state:
        try:
            engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            engine.dispose()
            _pg_state["reason"] = None
        except Exception as exc:  # any connection failure means: skip, and say why
            _pg_state["reason"] = f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}"
    return _pg_state["reason"]


def reset_postgres() -> None:
    """Empty every table; the schema is migrated from scratch once per test run."""
    engine = create_engine(POSTGRES_URL)
    if not _pg_state.get("migrated"):
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        upgrade(engine)
        _pg_state["migrated"] = "yes"
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test instead of migrating each time."""
    path = tmp_path_factory.mktemp("template") / "goldlabel.sqlite3"
    database = Database(f"sqlite:///{path}")
    upgrade(database.engine)
    database.dispose()
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    if request.param == "sqlite":
        target = tmp_path / "goldlabel.sqlite3"
        shutil.copyfile(sqlite_template, target)
        return f"sqlite:///{target}"
    reason = postgres_unavailable()
    if reason:
        pytest.skip(reason)
    reset_postgres()
    return POSTGRES_URL


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        login_attempts_per_minute=1000,
        # Background jobs write on their own clock: tests run them explicitly (or turn the loop on).
        background_interval_seconds=0,
        allowed_hosts=["testserver", *LOCAL_HOSTS],  # testserver: the Host of Starlette's TestClient
    )


@pytest.fixture
def database(settings: Settings) -> Iterator[Database]:
    db = Database(settings.effective_database_url)
    upgrade(db.engine)
    yield db
    db.dispose()
