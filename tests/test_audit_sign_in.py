"""Every sign-in, failed sign-in and sign-out is in the audit trail."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.audit.models import Action, AuditEntry
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str) -> None:
    client.post("/en/accounts/login/", {"login": email, "password": password})


def test_it_records_a_sign_in_and_a_sign_out(client: Client) -> None:
    user = UserFactory()
    sign_in(client, user.email, TEST_PASSWORD)
    client.post("/en/accounts/logout/")

    actions = list(AuditEntry.objects.filter(user=user).values_list("action", flat=True))
    assert actions == [Action.SIGN_IN, Action.SIGN_OUT]
    entry = AuditEntry.objects.get(action=Action.SIGN_IN)
    assert entry.user_label == user.email
    assert entry.ip_address == "127.0.0.1"


def test_it_records_a_failed_sign_in_with_the_address_typed(client: Client) -> None:
    user = UserFactory()
    sign_in(client, user.email, "wrong-password-123")

    entry = AuditEntry.objects.get()
    assert entry.action == Action.SIGN_IN_FAILED
    assert entry.user_id is None
    assert entry.detail == {"identifier": user.email}
    assert "wrong-password" not in str(entry.detail)


def test_it_locks_the_account_out_after_five_failures(client: Client) -> None:
    user = UserFactory()
    for _attempt in range(5):
        sign_in(client, user.email, "wrong-password-123")
    response = client.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})

    assert "_auth_user_id" not in client.session
    assert b"Too many failed login attempts" in response.content
    assert AuditEntry.objects.filter(action=Action.SIGN_IN_FAILED).count() == 5
    assert not AuditEntry.objects.filter(action=Action.SIGN_IN).exists()
