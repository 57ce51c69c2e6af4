from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.models import Role
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db


def test_it_offers_every_language_with_its_own_name(client: Client) -> None:
    html = client.get("/fi/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'value="sv" lang="sv"' in html
    assert ">Svenska</button>" in html
    assert ">English</button>" in html
    assert 'name="next" value="/fi/"' in html


def test_it_keeps_the_current_page_when_switching(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/fi/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/sv/privacy/"
    page = client.get(response["Location"])
    assert '<html lang="sv">' in page.content.decode()
    assert "Dataskyddsbeskrivning" in page.content.decode()


def test_it_keeps_the_query_of_a_filtered_page(signed_in, client: Client) -> None:  # type: ignore[no-untyped-def]
    signed_in(user_with_roles((Role.REQUESTER, "sisa-suomi")))
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/fi/network/sisa-suomi/?q=poliisi"}
    )
    assert response["Location"] == "/en/network/sisa-suomi/?q=poliisi"


def test_it_remembers_the_choice_for_the_root(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/fi/"})
    assert client.get("/")["Location"] == "/en/"


def test_it_ignores_an_unknown_language(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/fi/"})
    assert response.status_code == 302
    assert response["Location"] == "/fi/"


def test_it_refuses_to_redirect_to_another_site(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "sv", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
