"""Request submission is rate-limited per user (settings OT_RATE_REQUEST_SUBMISSION)."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.models import Role
from apps.consultations.models import Consultation
from tests.factories import user_with_roles
from tests.mfa import sign_in_client

pytestmark = pytest.mark.django_db


def test_the_third_submission_within_the_hour_is_refused_without_a_server_error(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "ot_request_submission": "2/h/key",
    }
    client = sign_in_client(Client(), user_with_roles((Role.REQUESTER, "sisa-suomi")))
    answers = [
        client.post("/en/consultations/new/", {"question": f"Kysymys {n}"}).status_code
        for n in range(3)
    ]
    assert answers[:2] == [400, 400]  # incomplete forms, answered with their messages
    assert answers[2] == 429
    assert client.get("/en/consultations/new/").status_code == 200  # reading is not counted
    assert not Consultation.objects.exists()
    # Another person is not affected.
    other = sign_in_client(Client(), user_with_roles((Role.REQUESTER, "sisa-suomi")))
    assert other.post("/en/consultations/new/", {"question": "x"}).status_code == 400
