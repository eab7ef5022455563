"""Fixtures for the real-browser suite: Debian's Chromium, a live server with the policy data.

Every test in this directory is marked ``browser`` so ``pytest -m "not browser"`` skips them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "browser: real-browser, accessibility and HTML-validity tests "
        '(need Chromium and Java; skip with -m "not browser")',
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run this directory's tests last (after pytest-django's db/transactional ordering).

    Once Playwright has started, its event loop stays running in the main thread until
    the session ends, and Django then refuses synchronous ORM calls there unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. Running the browser tests last keeps both the loop
    and that variable away from every other test (a subprocess inheriting it fails
    `manage.py check --deploy` with async.E001).
    """
    mine = [item for item in items if HERE in item.path.parents]
    if mine:
        others = [item for item in items if HERE not in item.path.parents]
        items[:] = others + mine


@pytest.fixture(scope="session", autouse=True)
def _allow_sync_orm_beside_playwright() -> Iterator[None]:
    """Let the fixtures (and pytest-django's flush) use the ORM while Playwright's loop runs."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch the system Chromium (never `playwright install`) with flags that work as root."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def base_url() -> None:
    """No base URL: the tests use ``live_server.url``.

    This shadows pytest-playwright 0.10's fallback ``base_url`` fixture (used when
    pytest-base-url is not installed), a session fixture defined as an instance method,
    which pytest 9 deprecates with a warning that ``filterwarnings = error`` turns into
    an error.
    """
    return None


@pytest.fixture
def seeded(transactional_db) -> Iterator[None]:
    """The seeded policy data, published as v1, in a database the live server can see.

    The same as the ``policy`` fixture of tests/conftest.py, on ``transactional_db``.
    """
    from policydata.loading import load_seed
    from policydata.matrix import clear_cache
    from policydata.publishing import ensure_published

    load_seed()
    ensure_published()
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def site(live_server, seeded) -> str:
    """The live server's base URL, with the policy data loaded."""
    return live_server.url


@dataclass
class BrowserErrors:
    """Console errors and uncaught exceptions from every page of a browser context."""

    messages: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def watch_context(self, context: Any) -> None:
        for page in context.pages:
            self.watch(page)
        context.on("page", self.watch)

    def watch(self, page: Any) -> None:
        def on_console(message: Any) -> None:
            if message.type == "error":
                source = message.location.get("url") or page.url
                self.messages.append(f"console error on {page.url} ({source}): {message.text}")

        def on_page_error(error: Any) -> None:
            self.messages.append(f"uncaught exception on {page.url}: {error}")

        page.on("console", on_console)
        page.on("pageerror", on_page_error)

    def allow(self, pattern: str) -> None:
        """Expect a message matching this pattern (e.g. the 422 of an invalid step)."""
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [m for m in self.messages if not any(p.search(m) for p in self.allowed)]

    def assert_none(self) -> None:
        found = self.unexpected()
        assert not found, "Browser errors:\n" + "\n".join(found)


@pytest.fixture
def browser_errors() -> Iterator[BrowserErrors]:
    """Fails the test (at teardown, at the latest) on any console error or page error."""
    errors = BrowserErrors()
    yield errors
    errors.assert_none()


@pytest.fixture
def context(new_context, browser_errors: BrowserErrors):
    """pytest-playwright's context, with every page watched for console errors."""
    ctx = new_context()
    browser_errors.watch_context(ctx)
    return ctx


@pytest.fixture
def no_js_context(new_context, browser_errors: BrowserErrors):
    """A context with JavaScript disabled: plain forms, posts and redirects."""
    ctx = new_context(java_script_enabled=False)
    browser_errors.watch_context(ctx)
    return ctx


@pytest.fixture
def axe():
    """Collects axe-core violations over several pages; call ``assert_clean()`` at the end."""
    from .helpers import AxeReport

    return AxeReport()
