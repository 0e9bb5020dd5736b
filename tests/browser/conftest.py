"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server.

No browser is downloaded (`playwright install` is never run); Chromium comes from
`apt-get install chromium`. Every page opened here records its requests, and any request
for another host is aborted, so these tests cannot reach the internet.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
BUILT_ASSETS = [ROOT / "static/dist/app.css", ROOT / "static/dist/govuk-frontend.min.js"]


# Playwright's sync API runs an asyncio event loop in the test thread for as long as it is
# started. Django then refuses ORM calls (they look like calls from async code) unless
# DJANGO_ALLOW_ASYNC_UNSAFE is set. Both are therefore package-scoped: they end with the
# browser tests, so neither the loop nor the variable leaks into the rest of the suite
# (where the variable would, for one, make `check --deploy` warn).


@pytest.fixture(scope="package", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package", autouse=True)
def _migration_data(django_db_setup, django_db_blocker) -> Iterator[None]:
    """Keep serialized_rollback working once Playwright runs, and leave the data in place.

    live_server needs committed data, so browser tests are transactional: the database is
    flushed after each, and serialized_rollback reloads what data migrations created
    (vocabularies, content types) from a copy kept on the connection object. Playwright's
    sync API runs an event loop in this thread, and from then on Django hands out new
    connection objects without that copy; keeping it on the class makes every connection
    see it. At the end the data is put back, or with --reuse-db the next run would start
    from, and serialise, an empty vocabulary.
    """
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    contents = getattr(connection, "_test_serialized_contents", None)
    wrapper_class = type(connection)
    if contents:
        wrapper_class._test_serialized_contents = contents
    yield
    if contents:
        del wrapper_class._test_serialized_contents
        with django_db_blocker.unblock():
            _restore_if_flushed(contents)


def _restore_if_flushed(contents: str) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    if not ContentType.objects.exists():
        connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="package")
def browser(_allow_orm_beside_playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        # A failure, not a skip: a missing browser must not pass CI silently.
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it with `apt-get install chromium` "
            "(or set CHROMIUM_PATH). Browser tests never download a browser.",
            pytrace=False,
        )
    missing = [str(p.relative_to(ROOT)) for p in BUILT_ASSETS if not p.exists()]
    if missing:
        pytest.fail(
            f"Built assets missing ({', '.join(missing)}): run `make assets`.", pytrace=False
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
        # Connections opened while Playwright's loop ran belong to that loop's context;
        # close them now, as nothing else will.
        from django.db import connections

        connections.close_all()


class RecordingContext:
    """A browser context that keeps every URL requested and every console error."""

    def __init__(self, context: BrowserContext, allowed_netloc: str) -> None:
        self.context = context
        self.allowed_netloc = allowed_netloc
        self.requests: list[str] = []
        self.errors: list[str] = []
        context.on("request", lambda request: self.requests.append(request.url))
        context.route("**/*", self._only_live_server)

    def _only_live_server(self, route, request) -> None:
        if urlsplit(request.url).netloc == self.allowed_netloc:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        return page

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def foreign_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith(("data:", "about:"))
            and urlsplit(url).netloc != self.allowed_netloc
        ]


@pytest.fixture
def browser_context_factory(browser, live_server):
    """Makes recording contexts, e.g. ``browser_context_factory(java_script_enabled=False)``."""
    made: list[RecordingContext] = []

    def make(**options) -> RecordingContext:
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "en-GB")
        recording = RecordingContext(
            browser.new_context(**options), urlsplit(live_server.url).netloc
        )
        made.append(recording)
        return recording

    yield make
    for recording in made:
        recording.context.close()


@pytest.fixture
def recording(browser_context_factory) -> RecordingContext:
    return browser_context_factory()


@pytest.fixture
def page(recording) -> Page:
    return recording.new_page()
