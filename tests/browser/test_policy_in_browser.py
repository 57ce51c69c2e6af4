"""The network's map and the consultation pages work under the strict Content Security Policy
(no inline script or style): Chromium reports no violation while they are used."""

from __future__ import annotations

import pytest

from tests.browser.test_shell_in_browser import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _collect_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return violations


def test_the_map_and_its_panel_need_nothing_inline(page) -> None:  # type: ignore[no-untyped-def]
    violations = _collect_violations(page)
    sign_in(page, "demo-coordinator@example.fi")
    page.goto("/fi/network/sisa-suomi/map/")
    page.locator("[data-map-search]").fill("kunniaan liittyvä")
    page.locator("[data-map-results]").get_by_role(
        "button", name="Kunniaan liittyvän väkivallan asiantuntija"
    ).click()
    page.locator("#station-panel [data-request-consultation]").wait_for()
    page.locator("[data-map-viewport]").focus()
    page.keyboard.press("+")
    page.goto("/fi/network/sisa-suomi/lines/L6/")
    page.goto("/fi/network/sisa-suomi/directory/?q=perhe")
    assert not violations, violations


def test_the_consultation_pages_need_nothing_inline(page) -> None:  # type: ignore[no-untyped-def]
    from apps.consultations.models import Consultation

    violations = _collect_violations(page)
    sign_in(page, "demo-requester@example.fi")
    page.goto("/fi/consultations/new/")
    page.wait_for_function("window.htmx !== undefined")
    with page.expect_response(lambda response: "/drafts/save/" in response.url):
        page.locator("[name=question]").fill("Miten tukea perhettä?")
    page.goto("/fi/consultations/")
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_url("**/fi/")
    sign_in(page, "demo-coordinator@example.fi")
    case = Consultation.objects.filter(centre__slug="sisa-suomi").order_by("pk").first()
    assert case is not None
    page.goto(f"/fi/consultations/{case.pk}/")
    page.goto("/fi/consultations/queue/sisa-suomi/")
    assert not violations, violations
