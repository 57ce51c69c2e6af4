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


def test_an_administrator_reads_a_case_only_under_a_grant_and_it_is_logged(signed_in) -> None:  # type: ignore[no-untyped-def]
    from tests.consultation_helpers import case_in_follow_up, people

    p = people()
    case, _meeting = case_in_follow_up(p)
    client = signed_in(p.admin)
    url = f"/en/consultations/{case.pk}/"
    assert client.get(url).status_code == 404  # no case content without break-glass
    assert not AuditEntry.objects.filter(object_id=str(case.pk), user_id=p.admin.pk).exists()

    client.post("/en/trust/break-glass/sisa-suomi/", {"reason": REASON})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert case.question in html and "data-break-glass" in html
    entry = AuditEntry.objects.get(
        action=Action.VIEW, object_type="consultations.consultation", user_id=p.admin.pk
    )
    assert entry.object_id == str(case.pk)
    assert entry.detail["break_glass"] is True
    # Read only: coordinating the case stays closed to the administrator.
    assert client.get(f"/en/consultations/{case.pk}/assess/").status_code == 404
    # The requester sees this access in "who has viewed my requests".
    from django.test import Client

    from tests.mfa import sign_in_client

    requester = sign_in_client(Client(), p.requester)
    mine = requester.get("/en/audit/my-access/").content.decode()
    assert p.admin.email in mine and f"#{case.pk}" in mine

    # When the grant has expired (60 minutes), the case is closed to the administrator again.
    BreakGlassGrant.objects.filter(user=p.admin).update(expires_at=timezone.now())
    assert client.get(url).status_code == 404


def test_a_grant_for_one_centre_opens_no_case_of_another(signed_in) -> None:  # type: ignore[no-untyped-def]
    from tests.consultation_helpers import case_in_follow_up, people
    from tests.factories import ConsultationFactory

    p = people()
    case, _meeting = case_in_follow_up(p)
    other = ConsultationFactory(centre=centre("ita-suomi"))
    client = signed_in(user_with_roles((Role.ADMINISTRATOR, "ita-suomi")))
    client.post("/en/trust/break-glass/ita-suomi/", {"reason": REASON})
    assert client.get(f"/en/consultations/{other.pk}/").status_code == 200
    assert client.get(f"/en/consultations/{case.pk}/").status_code == 404
