"""Browser-test fixtures: a real goldlabel server in a subprocess and the system Chromium.

The server runs `goldlabel start` on a free loopback port with a temporary data dir, so these
tests drive exactly what a user runs. The browser is the system Chromium (never a downloaded
build); without it the tests are skipped with the reason shown in the summary.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from goldlabel.db.engine import Database
from tests.live_server import cli, running_server

CHROMIUM = Path(os.environ.get("GOLDLABEL_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
STATIC_INDEX = Path(__file__).resolve().parents[2] / "src" / "goldlabel" / "static" / "index.html"


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    admin_email: str
    admin_password: str


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install the system browser (apt-get install -y chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, chromium_path: Path) -> Iterator[Server]:
    if not STATIC_INDEX.exists():
        pytest.fail("the web UI is not built: run scripts/build-frontend.sh first", pytrace=False)
    data_dir = tmp_path_factory.mktemp("goldlabel-data")
    email, password = "admin@example.org", "e2e-password-123"
    cli("user", "create", email, "--password-stdin", "--admin", data_dir=data_dir, input=f"{password}\n")
    with running_server(data_dir, "--no-demo") as (_proc, url):
        yield Server(url=url, data_dir=data_dir, admin_email=email, admin_password=password)


@pytest.fixture(scope="session")
def browser(chromium_path: Path):  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


_FAILED = pytest.StashKey[bool]()


@pytest.fixture
def new_page(browser, request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Factory of pages, each in its own browser context (own cookies: one user each).

    When the test fails, each page's screenshot and text are saved under the test's tmp_path.
    """
    contexts = []
    errors: list[str] = []

    def make():  # type: ignore[no-untyped-def]
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 860})
        context.set_default_timeout(15_000)
        contexts.append(context)
        pg = context.new_page()
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        return pg

    try:
        yield make
    finally:
        if request.node.stash.get(_FAILED, False):
            for i, context in enumerate(contexts):
                for j, pg in enumerate(context.pages):
                    shot = tmp_path / f"failure-{i}-{j}.png"
                    pg.screenshot(path=str(shot), full_page=True)
                    print(f"\n[e2e] {pg.url} -> {shot}\n{pg.locator('body').inner_text()[:2000]}")
        for context in contexts:
            context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(new_page):  # type: ignore[no-untyped-def]
    return new_page()


def login(page, server: Server, email: str | None = None, password: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Log in through the login form (the page must be on /login)."""
    page.get_by_label("Email").fill(email or server.admin_email)
    page.get_by_label("Password").fill(password or server.admin_password)
    page.get_by_role("button", name="Log in").click()


def api_client(server: Server, email: str | None = None, password: str | None = None) -> httpx.Client:
    """An API client logged in like the web UI (session cookie + CSRF header), as the admin by
    default. Already open: close it with `contextlib.closing` where it matters."""
    client = httpx.Client(base_url=server.url, timeout=30)
    credentials = {"email": email or server.admin_email, "password": password or server.admin_password}
    client.post("/api/auth/login", json=credentials).raise_for_status()
    client.headers["X-CSRF-Token"] = client.cookies["goldlabel_csrf"]
    return client


@contextmanager
def server_db(server: Server) -> Iterator[Session]:
    """A write session on the running server's own database (what the server cannot be asked
    to do over HTTP: a state only time or the monitoring would reach)."""
    database = Database(f"sqlite:///{server.data_dir / 'goldlabel.sqlite3'}")
    try:
        with database.session(write=True) as db:
            yield db
    finally:
        database.engine.dispose()


ITEM_TEXT = ".workspace :is(.spans [data-text-root], .field-card .text-block)"


def item_text(page) -> str:  # type: ignore[no-untyped-def]
    """The text of the item on a labeling, practice or exam page (once it is shown)."""
    text = page.locator(ITEM_TEXT).first
    text.wait_for()
    return str(text.inner_text())


def answer_exam(
    page, answers: dict[str, str], right: bool, options: tuple[str, str] = ("positive", "negative")
) -> None:  # type: ignore[no-untyped-def]
    """Answer an exam attempt's items one at a time (``answers``: item text -> the right
    option; wrong: the other of ``options``), then finish."""
    for n in range(1, len(answers) + 1):
        page.get_by_test_id("exam-progress").filter(has_text=f"Item {n} / {len(answers)}").wait_for()
        text = item_text(page)
        sentiment = answers[text] if right else (set(options) - {answers[text]}).pop()
        page.get_by_role("radio", name=sentiment).click()
        page.get_by_role("button", name="Save and finish" if n == len(answers) else "Save and next").click()


def add_guideline_example(  # type: ignore[no-untyped-def]
    form, item_id: int, kind: str, section: str, label: str, explanation: str, wrong: str | None
) -> None:
    """Fill the guideline's "Add an example" form for the ``sentiment`` control and save it."""
    form.get_by_label("Item", exact=True).select_option(str(item_id))
    form.get_by_label(kind, exact=True).check()
    form.get_by_label("Section").select_option(section)
    form.get_by_label("Control").select_option("sentiment")
    form.get_by_label("Label").select_option(label)
    if wrong:
        form.locator('[aria-label="Wrong answer"]').get_by_role("radio", name=wrong).click()
    form.locator('[aria-label="Right answer (reference)"]').get_by_role("radio", name=label).click()
    form.locator("textarea").fill(explanation)
    form.get_by_role("button", name="Save example").click()
