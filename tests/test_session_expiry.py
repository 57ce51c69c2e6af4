"""Sessions end after inactivity; signed-in pages carry the warning that lets users extend."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from apps.accounts.models import Role
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db


def test_sessions_slide_and_end_after_inactivity() -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_signed_in_pages_carry_the_warning_dialog(signed_in) -> None:  # type: ignore[no-untyped-def]
    html = signed_in(user_with_roles((Role.REQUESTER, "sisa-suomi"))).get("/en/home/")
    text = html.content.decode()
    assert 'id="session-timeout"' in text
    assert 'data-timeout-seconds="1800"' in text
    assert 'data-warning-seconds="120"' in text
    assert '<script src="/static/js/session-timeout.js" defer></script>' in text


def test_anonymous_pages_have_no_warning(client: Client) -> None:
    assert 'id="session-timeout"' not in client.get("/en/").content.decode()


def test_extending_answers_json_and_renews_the_session(signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((Role.REQUESTER, "sisa-suomi")))
    response = client.post("/en/trust/session/extend/", HTTP_ACCEPT="application/json")
    assert response.json() == {"signed_in": True, "expires_in": 1800}
    assert response.cookies["sessionid"].value


def test_extending_without_javascript_returns_to_the_page(signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((Role.REQUESTER, "sisa-suomi")))
    response = client.post("/en/trust/session/extend/", {"next": "/en/network/"})
    assert response["Location"] == "/en/network/"


def test_an_expired_session_is_told_to_sign_in(client: Client) -> None:
    response = client.post("/en/trust/session/extend/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json() == {"signed_in": False}


def test_the_sign_in_page_says_why_after_a_timeout(client: Client) -> None:
    html = client.get("/en/accounts/login/?reason=timeout&next=/en/home/").content.decode()
    assert "You were signed out because nothing happened for a while." in html
    assert "nothing happened" not in client.get("/en/accounts/login/").content.decode()
