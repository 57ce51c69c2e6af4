"""Who gets what on the network's pages: the access matrix of issue 4's URLs."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.models import Role
from apps.network.models import Guideline
from apps.organisations.models import Centre
from tests.factories import user_with_roles
from tests.network_fixtures import load_demo

pytestmark = pytest.mark.django_db

ROLES = [
    Role.REQUESTER,
    Role.EXPERT,
    Role.COORDINATOR,
    Role.LEADERSHIP,
    Role.NATIONAL_VIEWER,
    Role.ADMINISTRATOR,
]
EDITORS = {Role.LEADERSHIP, Role.ADMINISTRATOR}
C = "/fi/network/sisa-suomi"
VIEW_URLS = [
    f"{C}/map/",
    f"{C}/map.svg",
    f"{C}/stations/s6/",
    f"{C}/lines/L6/",
    f"{C}/directory/",
    "GUIDELINE",
]
EDIT_URLS = [
    f"{C}/edit/",
    f"{C}/edit/history/",
    f"{C}/edit/lines/new/",
    f"{C}/edit/lines/L6/",
    f"{C}/edit/lines/L6/delete/",
    f"{C}/edit/actors/new/",
    f"{C}/edit/actors/s6/",
    f"{C}/edit/guidelines/new/?line=L6",
    "GUIDELINE_EDIT",
    f"{C}/edit/import/",
    f"{C}/edit/export.csv",
    f"{C}/edit/competences/",
]
POST_URLS = [
    f"{C}/edit/lines/L6/stops/s33/move/",
    f"{C}/edit/lines/L6/stops/s34/remove/",
    f"{C}/edit/publish/",
]


def _resolve(url: str) -> str:
    pk = Guideline.objects.get(actor__key="s6").pk
    return {
        "GUIDELINE": f"{C}/guidelines/{pk}/",
        "GUIDELINE_EDIT": f"{C}/edit/guidelines/{pk}/",
    }.get(url, url)


@pytest.fixture(autouse=True)
def _demo(settings) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)


@pytest.mark.parametrize("role", ROLES)
def test_roles_of_the_centre(signed_in, role: str) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((role, "sisa-suomi")))
    for url in VIEW_URLS:
        assert client.get(_resolve(url)).status_code == 200, url
    for url in EDIT_URLS:
        expected = 200 if role in EDITORS else 403
        assert client.get(_resolve(url)).status_code == expected, url
    for url in POST_URLS:
        expected = 302 if role in EDITORS else 403
        assert client.post(url, {"direction": "up", "public": "0"}).status_code == expected, url
        assert client.get(url).status_code == 405


def test_anonymous_is_sent_to_sign_in_everywhere() -> None:
    client = Client()
    for url in VIEW_URLS + EDIT_URLS + POST_URLS + ["/fi/network/national/"]:
        response = client.post(_resolve(url)) if url in POST_URLS else client.get(_resolve(url))
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"], url


def test_another_centres_coordinator(signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((Role.COORDINATOR, "ita-suomi")))
    for url in VIEW_URLS:
        assert client.get(_resolve(url)).status_code == 404, url
    for url in EDIT_URLS:
        assert client.get(_resolve(url)).status_code == 403, url
    assert client.get("/fi/network/national/").status_code == 200


def test_published_centre_for_outsiders() -> None:
    Centre.objects.filter(slug="sisa-suomi").update(network_is_public=True)
    client = Client()
    for url in [f"{C}/map/", f"{C}/stations/s6/", f"{C}/lines/L6/", f"{C}/directory/"]:
        assert client.get(url).status_code == 200, url
    assert client.get(_resolve("GUIDELINE")).status_code == 404  # guidelines stay internal
    assert client.get(f"{C}/stations/s1/").status_code == 200  # a unit
    assert client.get(f"{C}/stations/s17/").status_code == 404  # a researcher without consent
    for url in [
        "/fi/network/public/sisa-suomi/",
        "/fi/network/public/sisa-suomi/stations/s6/",
        "/fi/network/embed/sisa-suomi/",
    ]:
        assert client.get(url).status_code == 200, url
