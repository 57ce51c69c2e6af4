"""WCAG 2.2.1: before the session ends for inactivity, a dialog lets the user extend it.
Playwright's clock runs the page's timers forward; nothing waits in real time."""

from __future__ import annotations

import pytest

from apps.accounts.models import Role
from tests.factories import TEST_PASSWORD, user_with_roles

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_warning_extends_the_session_and_expiry_goes_to_sign_in(page) -> None:  # type: ignore[no-untyped-def]
    user = user_with_roles((Role.REQUESTER, "sisa-suomi"), email="ajastin@example.fi")
    page.clock.install()
    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/home/")

    dialog = page.locator("#session-timeout")
    assert not dialog.is_visible()
    page.clock.run_for((30 * 60 - 119) * 1000)  # into the last two minutes
    assert dialog.is_visible()
    assert page.get_by_role("heading", name="Are you still there?").is_visible()

    page.get_by_role("button", name="Continue my session").click()
    dialog.wait_for(state="hidden")
    page.clock.run_for(5 * 60 * 1000)  # well past the old expiry: still here
    assert page.url.endswith("/en/home/")

    # At expiry the page goes to the sign-in page (which, with the server's session still
    # alive here as no real time passed, sends the user on to where they were).
    with page.expect_request("**/en/accounts/login/?reason=timeout&next=%2Fen%2Fhome%2F"):
        page.clock.run_for(30 * 60 * 1000)
