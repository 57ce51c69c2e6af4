from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/fi/", "/healthz", "/fi/no-such-page/", "/en/accounts/login/"])
def test_it_sends_the_security_headers(client: Client, path: str) -> None:
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_it_serves_htmx_and_css_locally(client: Client) -> None:
    html = client.get("/fi/").content.decode()
    assert '<script src="/static/vendor/htmx/htmx.min.js" defer></script>' in html
    assert 'href="/static/css/ot.css"' in html
    assert "https://" not in html.split("<body>")[0]  # nothing from a CDN in <head>
