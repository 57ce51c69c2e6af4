"""Administrators see case content only through a time-limited, reasoned, logged grant."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apps.accounts.models import Role
from apps.accounts.permissions import has_break_glass
from apps.audit.models import Action, AuditEntry
from apps.trust.models import BreakGlassGrant
from tests.factories import centre, user_with_roles

pytestmark = pytest.mark.django_db

REASON = "Support ticket 4711: requester cannot see their own consultation"


def test_an_administrator_opens_access_with_a_reason(signed_in) -> None:  # type: ignore[no-untyped-def]
    admin = user_with_roles((Role.ADMINISTRATOR, "sisa-suomi"))
    client = signed_in(admin)
    own = centre("sisa-suomi")
    assert not has_break_glass(admin, own)

    response = client.post(
        "/en/trust/break-glass/sisa-suomi/", {"reason": REASON, "next": "/en/home/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/en/home/"
    assert has_break_glass(admin, own)
    assert not has_break_glass(admin, centre("ita-suomi"))
    entry = AuditEntry.objects.get(action=Action.BREAK_GLASS)
    assert entry.user_id == admin.pk
    assert entry.centre_id == own.pk
    assert entry.detail["reason"] == REASON


def test_the_grant_expires(signed_in, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OT_BREAK_GLASS_MINUTES = 30
    admin = user_with_roles((Role.ADMINISTRATOR, "sisa-suomi"))
    signed_in(admin).post("/en/trust/break-glass/sisa-suomi/", {"reason": REASON})
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert has_break_glass(admin, centre("sisa-suomi"))
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert not has_break_glass(admin, centre("sisa-suomi"))


def test_a_short_reason_is_refused_and_kept(signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((Role.ADMINISTRATOR, "sisa-suomi")))
    response = client.post("/en/trust/break-glass/sisa-suomi/", {"reason": "because"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ensure this value has at least 20 characters" in html
    assert re.search(r">\s*because</textarea>", html)
    assert not BreakGlassGrant.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.BREAK_GLASS).exists()


def test_an_unsafe_next_address_is_ignored(signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((Role.ADMINISTRATOR, "sisa-suomi")))
    response = client.post(
        "/en/trust/break-glass/sisa-suomi/", {"reason": REASON, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/en/home/"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEADERSHIP, Role.DATA_PROTECTION_OFFICER])
def test_other_roles_cannot_break_glass(signed_in, role: str) -> None:  # type: ignore[no-untyped-def]
    user = user_with_roles((role, "sisa-suomi"))
    response = signed_in(user).post("/en/trust/break-glass/sisa-suomi/", {"reason": REASON})
    assert response.status_code == 403
    assert not has_break_glass(user, centre("sisa-suomi"))


def test_an_administrator_of_another_centre_cannot_break_glass_here(signed_in) -> None:  # type: ignore[no-untyped-def]
    admin = user_with_roles((Role.ADMINISTRATOR, "ita-suomi"))
    response = signed_in(admin).post("/en/trust/break-glass/sisa-suomi/", {"reason": REASON})
    assert response.status_code == 403
