"""The triage queue per centre: sorted by urgency or age, time waited, target, overdue flag."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from apps.consultations import selectors
from apps.consultations.states import State
from tests.consultation_helpers import people
from tests.consultation_urls import en
from tests.factories import ConsultationFactory, centre

pytestmark = pytest.mark.django_db


def test_it_sorts_by_urgency_then_age_and_flags_overdue() -> None:
    now = timezone.now()
    normal_old = ConsultationFactory(
        urgency="normal", submitted_at=now - datetime.timedelta(days=20)
    )
    acute_new = ConsultationFactory(urgency="acute", submitted_at=now - datetime.timedelta(hours=2))
    acute_old = ConsultationFactory(
        urgency="acute", submitted_at=now - datetime.timedelta(hours=30)
    )
    weeks = ConsultationFactory(urgency="two_weeks", submitted_at=now - datetime.timedelta(days=1))
    ConsultationFactory(state=State.TEAM)  # decided: not in the queue
    ConsultationFactory(centre=centre("etela-suomi"))  # another centre
    rows = selectors.triage_queue(centre(), "urgency", now=now)
    assert [r.case for r in rows] == [acute_old, acute_new, weeks, normal_old]
    assert [r.overdue for r in rows] == [True, False, False, True]
    assert rows[0].waited_hours == 30 and rows[0].target_hours == 24
    assert next(r.case for r in selectors.triage_queue(centre(), "age", now=now)) == normal_old
    assert next(r.case for r in selectors.triage_queue(centre(), "-age", now=now)) == acute_new


def test_the_queue_page_shows_overdue_requests(signed_in) -> None:  # type: ignore[no-untyped-def]
    p = people()
    late = ConsultationFactory(
        urgency="acute", submitted_at=timezone.now() - datetime.timedelta(days=3)
    )
    page = signed_in(p.coordinator).get(
        en("consultations:queue", centre_slug="sisa-suomi") + "?sort=bogus"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert late.reference in html and "overdue" in html


def test_a_long_queue_is_paged(signed_in) -> None:  # type: ignore[no-untyped-def]
    p = people()
    ConsultationFactory.create_batch(55)
    client = signed_in(p.coordinator)
    first = client.get(en("consultations:queue", centre_slug="sisa-suomi")).content.decode()
    assert first.count("data-case=") == 50 and "55 requests waiting" in first
    second = client.get(en("consultations:queue", centre_slug="sisa-suomi") + "?sort=age&page=2")
    assert second.content.decode().count("data-case=") == 5
