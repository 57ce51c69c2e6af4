from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def lang_of(html: str) -> str:
    match = re.search(r'<html lang="([a-z-]+)"', html)
    assert match, "no <html lang> attribute"
    return match.group(1)


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("fi", "OT-verkosto: OT-keskusten asiantuntijaverkosto"),
        ("sv", "OT-verkosto: OT-centrens expertnätverk"),
        ("en", "OT-verkosto: the expert network of the OT centres"),
    ],
)
def test_it_renders_the_shell_in_each_language(client: Client, prefix: str, heading: str) -> None:
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert lang_of(html) == prefix
    assert heading in html


def test_it_redirects_the_root_to_finnish_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/fi/"


def test_it_redirects_the_root_to_the_browser_language(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "sv-FI,sv;q=0.9,en;q=0.5"})
    assert response["Location"] == "/sv/"


def test_it_shows_the_localised_centre_names(client: Client) -> None:
    assert "Sisä-Suomen OT-keskus" in client.get("/fi/").content.decode()
    assert "OT-centret i Inre Finland" in client.get("/sv/").content.decode()
    assert "Inner Finland OT centre" in client.get("/en/").content.decode()


def test_it_puts_the_skip_link_first_and_landmarks_in_place(client: Client) -> None:
    html = client.get("/en/").content.decode()
    body = html.split("<body>", 1)[1].lstrip()
    assert body.startswith('<a class="skip-link" href="#main">Skip to main content</a>')
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html


def test_it_links_the_statements_from_every_page(client: Client) -> None:
    for path in ("/fi/", "/fi/accounts/login/", "/fi/does-not-exist/"):
        html = client.get(path).content.decode()
        assert 'href="/fi/accessibility/"' in html
        assert 'href="/fi/privacy/"' in html
