"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server. Skipped only where /usr/bin/chromium is absent; with CI_REQUIRE_BROWSER=1 a
missing Chromium is a failure instead."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be allowed.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} not found: browser tests need Debian's chromium (apt-get install chromium)"
        )
        if os.environ.get("CI_REQUIRE_BROWSER") == "1":
            pytest.fail(message + " and CI_REQUIRE_BROWSER=1 is set", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, settings):  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    from apps.organisations.services import reference_data_ensure

    # Transactional tests empty every table afterwards, the migrations' rows included.
    reference_data_ensure()
    # The demo loader refuses to run with DEBUG off, which is how tests run.
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    context = browser.new_context(locale="fi-FI", base_url=live_server.url)
    # Generous: CI machines can be several times slower than a workstation, and a wait that
    # succeeds returns as soon as it can.
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    context.close()
