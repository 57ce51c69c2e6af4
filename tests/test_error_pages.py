"""Bad input gets a clear page, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from apps.core.views import server_error
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/xx/", "/de/", "/xx/accounts/login/", "/fi/no-such-page/", "/nothing"]
)
def test_it_answers_unknown_addresses_with_the_404_page(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Sivua ei löytynyt</h1>" in html
    # The other two languages are there too, marked with their lang.
    assert '<p lang="sv"><strong>Sidan hittades inte.</strong>' in html
    assert '<p lang="en"><strong>Page not found.</strong>' in html


def test_it_shows_the_404_page_in_the_language_of_the_prefix(client: Client) -> None:
    html = client.get("/en/no-such-page/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html


def test_it_explains_a_bad_login_in_the_form(client: Client) -> None:
    UserFactory(email="someone@example.fi")
    response = client.post(
        "/en/accounts/login/", {"login": "someone@example.fi", "password": "wrong"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "not correct" in html


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"login": "", "password": ""},
        {"login": "not-an-email", "password": "x"},
        {"login": "a@b.fi" * 200, "password": "x" * 5000},
        {"login": "\x00\ufffd", "password": "\u202e"},
    ],
)
def test_it_never_fails_on_odd_login_input(client: Client, data: dict[str, str]) -> None:
    response = client.post("/fi/accounts/login/", data)
    assert response.status_code == 200
    assert "Tarkista lomake" in response.content.decode()


def test_it_signs_in_with_the_right_password(client: Client) -> None:
    UserFactory(email="someone@example.fi")
    response = client.post(
        "/fi/accounts/login/", {"login": "Someone@Example.fi", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/fi/home/"


def test_it_shows_a_friendly_page_on_csrf_failure() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/fi/accounts/login/", {"login": "a@example.fi", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Lomake on vanhentunut" in html
    assert '<p lang="en"><strong>The form has expired.</strong>' in html


def test_it_renders_the_500_page_without_the_database() -> None:
    request = RequestFactory().get("/fi/")
    response = server_error(request)
    assert response.status_code == 500
    assert "Palvelinvirhe" in response.content.decode()
    assert '<p lang="sv"><strong>Serverfel.</strong>' in response.content.decode()


def test_it_answers_a_forbidden_page_with_the_403_page(signed_in, client: Client) -> None:  # type: ignore[no-untyped-def]
    signed_in(UserFactory())
    response = client.get("/en/admin/", follow=True)
    # Non-staff users get the 403 page: the admin signs in only through allauth (issue 6), so
    # its own password form, which would skip two-factor sign-in, is never shown.
    assert response.status_code == 403
    assert "Access denied" in response.content.decode()


def test_it_closes_signup(client: Client) -> None:
    response = client.get("/en/accounts/signup/")
    assert response.status_code == 200
    assert "Accounts are created by administrators" in response.content.decode()
    response = client.post(
        "/en/accounts/signup/",
        {"email": "new@example.fi", "password1": "x-Long-pass-123", "password2": "x-Long-pass-123"},
    )
    from apps.accounts.models import User

    assert not User.objects.filter(email="new@example.fi").exists()
