"""Retention: records past their period are pseudonymised or deleted by the scheduled run,
which logs what it did; legal holds protect records; the preview shows the next run.
The clock is moved with time-machine."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from apps.accounts.models import Role, RoleAssignment, User
from apps.audit.models import Action, AuditEntry
from apps.trust import retention
from apps.trust.models import THIRTY_YEARS_DAYS, LegalHold, RetentionPolicy
from tests.factories import UserFactory, user_with_roles
from tests.mfa import enrol_totp

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def run_retention() -> str:
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue()


def test_it_pseudonymises_accounts_unused_for_two_years() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        old = user_with_roles((Role.EXPERT, "sisa-suomi"), email="vanha@example.fi")
        old.last_login = start
        old.save()
        enrol_totp(old)
        recent = UserFactory(email="tuore@example.fi")
    with time_machine.travel(start + 400 * DAY, tick=False):
        recent.last_login = timezone.now()
        recent.save()
    with time_machine.travel(start + 2 * 365 * DAY - DAY, tick=False):
        assert "accounts.inactive_user: 0 pseudonymised" in run_retention()
    with time_machine.travel(start + 2 * 365 * DAY + DAY, tick=False):
        assert "accounts.inactive_user: 1 pseudonymised" in run_retention()

    old.refresh_from_db()
    assert old.email == f"removed-{old.pk}@removed.invalid"
    assert old.full_name == ""
    assert not old.is_active
    assert not old.has_usable_password()
    assert not RoleAssignment.objects.filter(user=old).exists()
    assert User.objects.get(pk=recent.pk).email == "tuore@example.fi"
    entry = AuditEntry.objects.get(action=Action.RETENTION)
    assert entry.object_type == "accounts.inactive_user"
    assert entry.detail == {
        "method": "pseudonymise",
        "days": 730,
        "count": 1,
        "ids": [str(old.pk)],
    }


def test_a_legal_hold_keeps_a_record() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        held = UserFactory(email="pidossa@example.fi")
        LegalHold.objects.create(
            kind="accounts.inactive_user", object_id=str(held.pk), reason="Complaint 12/2026"
        )
    with time_machine.travel(start + 3 * 365 * DAY, tick=False):
        run_retention()
    assert User.objects.get(pk=held.pk).email == "pidossa@example.fi"
    LegalHold.objects.update(released_at=timezone.now())
    with time_machine.travel(start + 3 * 365 * DAY, tick=False):
        run_retention()
    assert User.objects.get(pk=held.pk).email != "pidossa@example.fi"


def test_the_period_is_configurable_up_to_thirty_years() -> None:
    start = timezone.now()
    RetentionPolicy.objects.create(kind="accounts.inactive_user", days=THIRTY_YEARS_DAYS)
    with time_machine.travel(start, tick=False):
        user = UserFactory()
    with time_machine.travel(start + 29 * 365 * DAY, tick=False):
        run_retention()
        assert User.objects.get(pk=user.pk).is_active
    with time_machine.travel(start + 30 * 365 * DAY + 10 * DAY, tick=False):
        run_retention()
        assert not User.objects.get(pk=user.pk).is_active


def test_it_deletes_expired_sessions() -> None:
    store = SessionStore()
    store["x"] = 1
    store.create()
    with time_machine.travel(timezone.now() + 31 * DAY, tick=False):
        assert "sessions.session: 1 deleted" in run_retention()
    assert not Session.objects.exists()


def test_the_dry_run_and_the_preview_change_nothing(signed_in) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        UserFactory(email="menossa@example.fi")
    with time_machine.travel(start + 800 * DAY, tick=False):
        out = io.StringIO()
        call_command("apply_retention", dry_run=True, stdout=out)
        assert "accounts.inactive_user: 1 due (pseudonymise, 730 days, 0 on legal hold)" in (
            out.getvalue()
        )
        dpo = user_with_roles((Role.DATA_PROTECTION_OFFICER, "sisa-suomi"))
        dpo.last_login = timezone.now()
        dpo.save()
        html = signed_in(dpo).get("/en/trust/retention/").content.decode()
    assert "menossa@example.fi" in html
    assert User.objects.filter(email="menossa@example.fi").exists()
    assert not AuditEntry.objects.filter(action=Action.RETENTION).exists()
    assert AuditEntry.objects.filter(object_type="trust.retention_preview").exists()


def test_the_registry_is_open_to_other_apps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "_KINDS", dict(retention._KINDS))
    retention.register_kind(
        retention.RecordKind(
            key="test.everyone",
            label="everyone",
            default_days=0,
            method="delete",
            expired=lambda cutoff: User.objects.filter(date_joined__lt=cutoff),
            dispose=lambda users: users.delete()[0],
        )
    )
    UserFactory()
    with time_machine.travel(timezone.now() + DAY, tick=False):
        run_retention()
    assert not User.objects.exists()


def test_other_roles_cannot_see_the_preview(client: Client, signed_in) -> None:  # type: ignore[no-untyped-def]
    signed_in(user_with_roles((Role.COORDINATOR, "sisa-suomi")))
    assert client.get("/en/trust/retention/").status_code == 403
