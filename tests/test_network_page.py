from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from apps.accounts.models import Role
from apps.organisations.models import Centre
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db

URL = "/fi/network/sisa-suomi/"


@pytest.fixture
def requester(settings, signed_in):  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    return signed_in(user_with_roles((Role.REQUESTER, "sisa-suomi")))


def test_it_lists_the_lines_with_their_ordered_stops(requester: Client) -> None:
    html = requester.get(URL).content.decode()
    assert "Vaativat erotilanteet" in html
    first = html.index("Perheoikeudelliset palvelut")
    assert first < html.index("Lastenvalvoja", first) < html.index("Perheneuvola", first)
    assert "40 asemaa löytyi." in html


def test_it_names_lines_in_the_page_language(requester: Client) -> None:
    html = requester.get("/sv/network/sisa-suomi/").content.decode()
    assert "Krävande skilsmässosituationer" in html


def test_it_filters_by_line_and_text(requester: Client) -> None:
    html = requester.get(URL, {"line": "L6"}).content.decode()
    assert "6 asemaa löytyi." in html
    html = requester.get(URL, {"q": "kunniaan"}).content.decode()
    assert "Kunniaan liittyvän väkivallan asiantuntija" in html
    html = requester.get(URL, {"q": "Honour-related"}).content.decode()  # competence in English
    assert "Turvakoti" in html


def test_it_answers_htmx_with_the_results_partial_only(requester: Client) -> None:
    response = requester.get(URL, {"line": "L8"}, headers={"hx-request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "6 asemaa löytyi." in html
    assert 'class="stations"' in html
    assert "HX-Request" in response["Vary"]


def test_it_shows_a_form_error_for_an_unknown_line(requester: Client) -> None:
    response = requester.get(URL, {"line": "nope", "q": "x" * 500})
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()


def test_it_shows_contacts_to_members_only(requester: Client, client: Client) -> None:
    assert "mailto:leila.haapakoski@example.fi" in requester.get(URL).content.decode()
    requester.logout()
    Centre.objects.filter(slug="sisa-suomi").update(network_is_public=True)
    html = client.get(URL).content.decode()
    assert "Kunniaan liittyvän väkivallan asiantuntija" in html
    assert "@example.fi" not in html


def test_it_sends_a_single_centre_user_straight_to_their_network(requester: Client) -> None:
    response = requester.get("/fi/network/")
    assert response["Location"] == URL


def test_it_offers_a_choice_to_a_national_viewer(signed_in, client: Client) -> None:  # type: ignore[no-untyped-def]
    signed_in(user_with_roles((Role.NATIONAL_VIEWER, "sisa-suomi")))
    html = client.get("/en/network/").content.decode()
    assert html.count('href="/en/network/') == 6  # five centres + the nav link
