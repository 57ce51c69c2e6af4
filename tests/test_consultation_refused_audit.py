"""A refused closure or return shows the case again, and that view is in the audit log too."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.audit.models import Action, AuditEntry
from tests.consultation_helpers import case_in_follow_up, people
from tests.consultation_urls import en
from tests.mfa import sign_in_client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("step", ["close", "return"])
def test_a_refused_step_records_the_view_of_the_case(step: str) -> None:
    p = people()
    case, _meeting = case_in_follow_up(p)
    coordinator = sign_in_client(Client(), p.coordinator)
    views_before = AuditEntry.objects.filter(
        action=Action.VIEW, object_id=str(case.pk), user=p.coordinator
    ).count()

    response = coordinator.post(en(f"consultations:{step}", pk=case.pk), {})

    assert response.status_code == 400
    views = AuditEntry.objects.filter(
        action=Action.VIEW, object_id=str(case.pk), user=p.coordinator
    )
    assert views.count() == views_before + 1
    assert views.last().detail["page"] == "follow_up"  # type: ignore[union-attr]
