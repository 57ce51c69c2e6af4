"""Hypothesis feeds arbitrary text to every form in tests/robustness.py: no server error, no
lost input."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.mfa import sign_in_client
from tests.robustness import FORM_CASES, FormCase, echoed, free_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_fixture(settings):  # type: ignore[no-untyped-def]
    return settings


@pytest.mark.parametrize("case", FORM_CASES, ids=[case.name for case in FORM_CASES])
def test_no_text_breaks_a_form_or_is_lost(case: FormCase, settings_fixture) -> None:  # type: ignore[no-untyped-def]
    # Rate limits are tested elsewhere; here every example must reach the form.
    settings_fixture.ACCOUNT_RATE_LIMITS = {
        key: "100000/m/ip" if key in ("login", "login_failed") else "100000/m/key"
        for key in settings_fixture.ACCOUNT_RATE_LIMITS
    }
    client = Client()
    if case.user is not None:
        user = case.user()
        sign_in_client(client, user)

    fixed = {**case.fixed, **(case.fixed_from_db() if case.fixed_from_db else {})}

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=st.fixed_dictionaries(dict.fromkeys(case.text_fields, free_text)))
    def check(values: dict[str, str]) -> None:
        data: dict[str, object] = {**fixed, **values}
        for name in case.file_fields:
            data[name] = SimpleUploadedFile(f"{name}.csv", values[name].encode("utf-8"))
        response = getattr(client, case.method)(case.url, data)
        assert response.status_code < 500, (case.name, data)
        if response.status_code in case.accepted:
            return
        assert response.status_code in (200, 400), (case.name, response.status_code)
        html = response.content.decode()
        lost = [
            name
            for name, value in values.items()
            if name not in case.file_fields and not echoed(html, value)
        ]
        assert not lost, f"{case.name}: input of {lost} not shown again: {values}"

    check()


def test_a_nul_character_gets_a_message_not_an_error(client: Client) -> None:
    response = client.post("/en/accounts/login/", {"login": "a\x00b@example.fi", "password": "x"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()


def test_the_request_case_is_refused_by_the_identity_code_guard() -> None:
    """The robustness case of the request form really runs into the privacy guard (so its
    examples prove that a refused request keeps every text)."""
    from tests.robustness import IDENTITY_CODE

    case = next(c for c in FORM_CASES if c.name.startswith("consultation request"))
    client = sign_in_client(Client(), case.user())  # type: ignore[misc]
    fixed = {**case.fixed, **case.fixed_from_db()}  # type: ignore[misc]
    response = client.post(case.url, {**fixed, "question": "Q?", "situation": "S."})
    assert response.status_code == 400
    html = response.content.decode()
    assert "personal identity code" in html
    assert IDENTITY_CODE in html  # the refused text is kept
