"""A coordinator without two-factor sign-in is made to enrol, enrols with a code computed from
the secret the page shows, and from then on signs in with password and code."""

from __future__ import annotations

import time

import pytest
import time_machine

from apps.accounts.models import Role
from apps.core.demo import DEMO_PASSWORD
from tests.browser.test_shell_in_browser import assert_no_serious_violations, enter_demo_code
from tests.factories import TEST_PASSWORD, user_with_roles
from tests.mfa import totp_code, totp_code_to_type

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def password_step(page, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.locator("main form button[type=submit]").click()


def test_a_coordinator_must_enrol_and_then_signs_in_with_a_code(page) -> None:  # type: ignore[no-untyped-def]
    user = user_with_roles((Role.COORDINATOR, "sisa-suomi"), email="uusi-koordinaattori@example.fi")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    password_step(page, user.email, TEST_PASSWORD)

    # Forced to the set-up page, after confirming the password (allauth asks before any change
    # to two-factor settings), whatever they open.
    page.wait_for_url("**/en/accounts/reauthenticate/**")
    assert page.get_by_text("Your role requires two-factor sign-in").first.is_visible()
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/en/accounts/2fa/totp/activate/")
    page.goto("/en/network/sisa-suomi/")
    page.wait_for_url("**/en/accounts/2fa/totp/activate/")

    assert_no_serious_violations(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code_to_type(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(lambda url: "/totp/activate/" not in url)
    page.goto("/en/home/")
    assert page.url.endswith("/en/home/")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/en/")

    # The next time-step, so that the code differs from the one used to enrol.
    with time_machine.travel(time.time() + 31, tick=True):
        password_step(page, user.email, TEST_PASSWORD)
        page.wait_for_url("**/en/accounts/2fa/authenticate/")
        assert_no_serious_violations(page)
        page.get_by_label("Code").fill("123456" if totp_code(secret) != "123456" else "654321")
        with page.expect_navigation():  # the form comes back with its error: wait for it
            page.locator("main form button[type=submit]").first.click()
        assert page.url.endswith("/en/accounts/2fa/authenticate/")  # wrong code: still here
        page.get_by_label("Code").fill(totp_code_to_type(secret))
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_url("**/en/home/")
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert not violations, violations  # the two-factor pages work under the strict policy


def test_a_demo_coordinator_signs_in_with_the_published_demo_secret(page) -> None:  # type: ignore[no-untyped-def]
    password_step(page, "demo-coordinator@example.fi", DEMO_PASSWORD)
    page.wait_for_url("**/en/accounts/2fa/authenticate/")
    enter_demo_code(page, "demo-coordinator@example.fi", "en")


def test_the_audit_log_and_break_glass_pages_are_accessible(page) -> None:  # type: ignore[no-untyped-def]
    password_step(page, "demo-admin@example.fi", DEMO_PASSWORD)
    page.wait_for_url("**/en/accounts/2fa/authenticate/")
    enter_demo_code(page, "demo-admin@example.fi", "en")
    page.get_by_role("link", name="Audit log").click()
    page.wait_for_url("**/en/audit/log/")
    assert page.get_by_role("cell", name="demo-admin@example.fi").first.is_visible()
    assert_no_serious_violations(page)
    page.goto("/en/trust/break-glass/sisa-suomi/")
    page.get_by_label("Reason").fill("lyhyt")
    with page.expect_navigation():
        page.get_by_role("button", name="Open access and record the reason").click()
    assert page.get_by_text("Ensure this value has at least 20 characters").is_visible()
    assert page.get_by_label("Reason").input_value() == "lyhyt"
    assert_no_serious_violations(page)
    page.goto("/en/trust/retention/")
    assert_no_serious_violations(page)


def test_a_coordinator_can_use_a_security_key_instead(page) -> None:  # type: ignore[no-untyped-def]
    """WebAuthn under the strict CSP, with Chromium's virtual authenticator."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    user = user_with_roles((Role.COORDINATOR, "sisa-suomi"), email="avain@example.fi")
    password_step(page, user.email, TEST_PASSWORD)
    page.wait_for_url("**/en/accounts/reauthenticate/**")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/en/accounts/2fa/totp/activate/")

    page.goto("/en/accounts/2fa/webauthn/add/")
    page.get_by_label("Name").fill("Työavain")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    page.goto("/en/home/")
    assert page.url.endswith("/en/home/")  # the key counts as the second factor

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/en/")
    password_step(page, user.email, TEST_PASSWORD)
    page.wait_for_url("**/en/accounts/2fa/authenticate/")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url("**/en/home/")


def test_the_shell_runs_under_the_policy_without_violations(page) -> None:  # type: ignore[no-untyped-def]
    """htmx, the session script and the pages themselves need nothing inline."""
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    for path in ("/fi/", "/fi/accounts/login/", "/fi/privacy/", "/fi/no-such-page/"):
        page.goto(path)
    password_step(page, "demo-requester@example.fi", DEMO_PASSWORD)
    page.wait_for_url("**/en/home/")
    page.goto("/en/network/sisa-suomi/")
    with page.expect_response(lambda response: "q=" in response.url):
        page.get_by_label("Search stations").fill("perhe")
    page.goto("/en/audit/my-access/")
    assert not violations, violations
