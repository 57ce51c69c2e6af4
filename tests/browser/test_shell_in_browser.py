"""Signing in as every demo role, switching language, the htmx filter, and axe-core."""

from __future__ import annotations

import re
import time

import pytest
import time_machine

from apps.core.demo import DEMO_PASSWORD, DEMO_USERS
from apps.trust.demo import DEMO_TOTP_SECRET
from tests.mfa import TYPING_TIME, totp_code

# Flushed after each test; serialized_rollback brings back the migrations' reference data.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page, email: str, language: str = "fi") -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/{language}/accounts/login/")
    page.get_by_label("Sähköposti" if language == "fi" else "Email").fill(email)
    page.get_by_label("Salasana" if language == "fi" else "Password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    # Either the second step (staff) or straight home.
    page.wait_for_url(lambda url: "/2fa/authenticate/" in url or url.endswith("/home/"))
    if "/2fa/authenticate/" in page.url:
        enter_demo_code(page, email, language)
    page.wait_for_url(f"**/{language}/home/")


def enter_demo_code(page, email: str, language: str) -> None:  # type: ignore[no-untyped-def]
    """The second sign-in step of a staff demo user, who share the published demo TOTP secret
    (README, "Demo users"). A code is accepted once (replay protection, across tests too)
    and only within its 30-second step: a user signing in again within the same step, or too
    close to its end for a slow machine to type and check the code, moves the clock (live
    server included) to the start of an unused step, as a real user would wait for the next
    code."""
    now = time.time()
    used = _used_steps.setdefault(email, set())
    step = int(now) // 30
    if step in used or (step + 1) * 30 - now < TYPING_TIME:
        step += 1
        while step in used:
            step += 1
    used.add(step)
    moved_to = max(now, step * 30 + 1)
    with time_machine.travel(moved_to, tick=True):
        page.locator("input[name=code]").fill(totp_code(DEMO_TOTP_SECRET))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url(f"**/{language}/home/")


# The TOTP time steps already used per demo user in this test run.
_used_steps: dict[str, set[int]] = {}


def assert_no_serious_violations(page) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}:\n" + "\n".join(serious)


@pytest.mark.parametrize("demo_user", DEMO_USERS, ids=[u.role.value for u in DEMO_USERS])
def test_it_signs_in_as_each_demo_role(page, demo_user) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, demo_user.email)
    card = page.locator(f'[data-role="{demo_user.role.value}"]')
    assert card.is_visible()
    assert "Sisä-Suomen OT-keskus" in card.inner_text()
    assert_no_serious_violations(page)
    page.get_by_role("button", name="Kirjaudu ulos").click()
    page.wait_for_url("**/fi/")
    assert page.get_by_role("link", name="Kirjaudu sisään").first.is_visible()


def test_it_switches_language_on_the_same_page(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "demo-coordinator@example.fi")
    page.goto("/fi/network/sisa-suomi/")
    assert page.locator("html").get_attribute("lang") == "fi"
    page.get_by_role("button", name="Svenska").click()
    page.wait_for_url("**/sv/network/sisa-suomi/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Expertnätverk")
    assert page.get_by_role("button", name="Svenska").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/network/sisa-suomi/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Skip to main content").count() == 1
    assert page.get_by_role("heading", name="Demanding separations").is_visible()


def test_it_filters_stations_in_place_with_htmx(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "demo-requester@example.fi")
    page.goto("/fi/network/sisa-suomi/")
    page.wait_for_function("window.htmx !== undefined")
    marker = page.evaluate("window.__notReloaded = true")
    assert marker is True
    page.get_by_label("Linja", exact=True).select_option("L6")
    page.wait_for_url(re.compile(r".*\?.*line=L6.*"))
    page.get_by_text("6 asemaa löytyi.").wait_for()
    assert page.evaluate("window.__notReloaded") is True  # a partial update, not a page load
    page.get_by_label("Hae asemia").fill("tulkk")
    page.get_by_text("1 asema löytyi.").wait_for()
    assert page.get_by_role("heading", name="Tulkkipalvelu").is_visible()
    assert_no_serious_violations(page)


@pytest.mark.parametrize(
    "path",
    ["/fi/", "/sv/accounts/login/", "/en/accessibility/", "/fi/privacy/", "/fi/no-such-page/"],
)
def test_it_has_no_serious_accessibility_violations(page, path: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(path)
    assert_no_serious_violations(page)


def test_it_moves_focus_to_the_skip_link_first(page) -> None:  # type: ignore[no-untyped-def]
    page.goto("/fi/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
