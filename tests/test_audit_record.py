"""The audit trail's writer: who, what, from where, chained to the previous entry."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from apps.audit.log import entry_digest, record
from apps.audit.models import Action, AuditEntry
from tests.audit_tamper import tamper_set
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_it_records_the_user_the_object_and_the_address() -> None:
    user = UserFactory()
    request = RequestFactory().get("/fi/some/path/?q=1", REMOTE_ADDR="192.0.2.7")
    request.user = user

    entry = record(Action.VIEW, request=request, target=user)

    assert entry.user_id == user.pk
    assert entry.user_label == user.email
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(user.pk)
    assert entry.ip_address == "192.0.2.7"
    assert entry.path == "/fi/some/path/?q=1"


def test_it_chains_each_entry_to_the_previous_one() -> None:
    first = record(Action.SIGN_IN_FAILED, object_type="login", detail={"email": "x@example.fi"})
    second = record(Action.EXPORT, object_type="report")

    assert first.previous_hash == ""
    assert second.previous_hash == first.entry_hash
    stored = AuditEntry.objects.get(pk=second.pk)
    assert entry_digest(stored) == stored.entry_hash


def test_a_changed_entry_no_longer_matches_its_hash() -> None:
    entry = record(Action.VIEW, object_type="consultation", object_id=5)
    tamper_set(entry.pk, "object_id", "6")

    assert entry_digest(AuditEntry.objects.get(pk=entry.pk)) != entry.entry_hash
