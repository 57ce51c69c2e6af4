"""Security headers on every response, per-view framing for embeddable pages, rate limits,
security.txt and templates free of inline script and style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory, override_settings

from apps.accounts.models import Role
from apps.core.framing import allow_framing, parse_embed_origins
from apps.core.ratelimits import rate_limited
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/fi/",
    "/healthz",
    "/fi/no-such-page/",
    "/en/accounts/login/",
    "/en/home/",
    "/en/network/sisa-suomi/",
    "/en/audit/log/",
    "/.well-known/security.txt",
    "/en/admin/",
]


def csp_directives(response: HttpResponse) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(signed_in, client: Client, path: str) -> None:  # type: ignore[no-untyped-def]
    for visitor in (None, user_with_roles((Role.ADMINISTRATOR, "sisa-suomi"), is_staff=True)):
        if visitor is not None:
            signed_in(visitor)
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        directives = csp_directives(response)
        assert directives["default-src"] == "default-src 'self'"
        assert directives["script-src"] == "script-src 'self'"
        assert directives["style-src"] == "style-src 'self'"
        assert directives["frame-ancestors"] == "frame-ancestors 'none'"
        assert directives["object-src"] == "object-src 'none'"


def test_the_policy_allows_no_inline_code_anywhere(client: Client) -> None:
    policy = client.get("/fi/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_templates_have_no_inline_script_style_or_handlers() -> None:
    offenders = []
    for template in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("apps/*/templates/**/*.html")]:
        text = template.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*application/json)",
            r"<style\b",
            r"\sstyle=",
            r"\son[a-z]+=",
        ):
            if re.search(pattern, text):
                offenders.append(f"{template.relative_to(ROOT)}: {pattern}")
    assert not offenders, offenders


def _embeddable(request: HttpRequest, centre_slug: str) -> HttpResponse:
    return HttpResponse("map")


@override_settings(OT_EMBED_ORIGINS="sisa-suomi=https://www.example.fi;*=https://ot.example.fi")
def test_allow_framing_opens_one_view_to_the_centres_origins(client: Client) -> None:
    from csp.middleware import CSPMiddleware
    from django.middleware.clickjacking import XFrameOptionsMiddleware

    view = allow_framing(_embeddable)
    request = RequestFactory().get("/embed/")
    response = CSPMiddleware(
        lambda r: XFrameOptionsMiddleware(lambda r: view(r, centre_slug="sisa-suomi"))(r)
    )(request)
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == (
        "frame-ancestors https://ot.example.fi https://www.example.fi"
    )
    assert "X-Frame-Options" not in response


@override_settings(OT_EMBED_ORIGINS="")
def test_allow_framing_without_configured_origins_keeps_the_denial() -> None:
    from csp.middleware import CSPMiddleware
    from django.middleware.clickjacking import XFrameOptionsMiddleware

    view = allow_framing(_embeddable)
    request = RequestFactory().get("/embed/")
    response = CSPMiddleware(
        lambda r: XFrameOptionsMiddleware(lambda r: view(r, centre_slug="sisa-suomi"))(r)
    )(request)
    assert csp_directives(response)["frame-ancestors"] == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_embed_origins_ignore_malformed_parts() -> None:
    assert parse_embed_origins("a=https://x.example.fi javascript:x; =https://y; b") == {
        "a": ["https://x.example.fi"]
    }


@override_settings(ACCOUNT_RATE_LIMITS={"ot_request_submission": "2/h/key"})
def test_rate_limited_refuses_the_third_post_within_the_hour() -> None:
    calls = []

    @rate_limited("request_submission")
    def submit(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        return HttpResponse("ok")

    user = user_with_roles((Role.REQUESTER, "sisa-suomi"))
    answers = []
    for _ in range(3):
        request = RequestFactory().post("/submit/", {"text": "x"})
        request.user = user
        request.session = {}  # type: ignore[assignment]
        answers.append(submit(request).status_code)
    assert answers == [200, 200, 429]
    assert len(calls) == 2
    get = RequestFactory().get("/submit/")
    get.user = user
    assert submit(get).status_code == 200  # GET is not counted


def test_rate_limited_needs_a_configured_rate() -> None:
    with pytest.raises(KeyError, match="ot_no_such_group"):
        rate_limited("no_such_group")


def test_security_txt_names_a_contact_and_an_expiry(client: Client) -> None:
    response = client.get("/.well-known/security.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert re.search(r"^Contact: mailto:\S+@\S+$", body, re.M)
    assert re.search(r"^Expires: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", body, re.M)


@override_settings(OT_SECURITY_CONTACT="")
def test_security_txt_is_absent_without_a_contact(client: Client) -> None:
    assert client.get("/.well-known/security.txt").status_code == 404
