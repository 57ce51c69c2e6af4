"""Retention of consultations with a moved clock: a closed case loses its free texts after its
period (2 years by default, 30 years when configured so), redirected and withdrawn requests are
deleted after theirs, feedback text goes after a year; legal holds keep a case; every run is in
the audit log and the preview shows references only."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from apps.audit.models import Action, AuditEntry
from apps.consultations import services
from apps.consultations.models import Consultation, Feedback, NextStep, TimelineEvent
from apps.trust import retention
from apps.trust.models import THIRTY_YEARS_DAYS, LegalHold, RetentionPolicy
from tests.consultation_helpers import case_in_follow_up, people
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
CLOSED = "consultations.closed_consultation"
ENDED = "consultations.ended_request"
FEEDBACK = "consultations.feedback_text"


def run_retention() -> str:
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    return out.getvalue()


def closed_case(p):  # type: ignore[no-untyped-def]
    case, _meeting = case_in_follow_up(p)
    services.close(
        case,
        what_worked="Yhteinen palaveri auttoi.",
        gap_categories=["waiting_time"],
        gaps_text="Jonot psykiatriaan olivat pitkät.",
        by=p.coordinator,
    )
    services.feedback_give(
        case, requester=p.requester, ratings={"clarity": 5}, free_text="Kiitos avusta."
    )
    case.refresh_from_db()
    return case


def test_a_closed_case_keeps_its_text_for_the_period_then_only_structured_fields() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        p = people()
        case = closed_case(p)
        open_case, _ = case_in_follow_up(p)
    with time_machine.travel(start + 2 * 365 * DAY - DAY, tick=False):
        assert f"{CLOSED}: 0 pseudonymised" in run_retention()
    case.refresh_from_db()
    assert case.question == "Miten tukea perhettä?"

    with time_machine.travel(start + 2 * 365 * DAY + DAY, tick=False):
        assert f"{CLOSED}: 1 pseudonymised" in run_retention()
        # A second run finds nothing more to do.
        assert f"{CLOSED}: 0 pseudonymised" in run_retention()

    case.refresh_from_db()
    assert case.narrative_removed_at is not None
    assert case.question == "—" and case.situation == "—"
    assert case.what_worked == "" and case.gaps_text == ""
    # The structured fields and findings stay for the statistics.
    assert case.state == "closed" and case.gap_categories == ["waiting_time"]
    assert case.age_band == "7-12" and case.closed_at is not None
    step = NextStep.objects.get(meeting__consultation=case)
    assert step.what == "—" and step.who == "—"
    assert not TimelineEvent.objects.filter(consultation=case).exclude(note="").exists()
    feedback = Feedback.objects.get(consultation=case)
    assert feedback.free_text == "" and feedback.ratings == {"clarity": 5}
    # The open case is untouched.
    open_case.refresh_from_db()
    assert open_case.question == "Miten tukea perhettä?"

    entry = AuditEntry.objects.get(action=Action.RETENTION, object_type=CLOSED)
    assert entry.detail["ids"] == [str(case.pk)]
    assert entry.detail["method"] == "pseudonymise"


def test_the_thirty_year_period_and_a_legal_hold_keep_the_case() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        p = people()
        kept_by_period = closed_case(p)
        held = closed_case(p)
        LegalHold.objects.create(kind=CLOSED, object_id=str(held.pk), reason="Oikeudenkäynti")
        # The controller treats consultation records as child-and-family client documents.
        RetentionPolicy.objects.create(kind=CLOSED, days=THIRTY_YEARS_DAYS)
    with time_machine.travel(start + 29 * 365 * DAY, tick=False):
        assert f"{CLOSED}: 0 pseudonymised" in run_retention()
        due = next(r for r in retention.preview() if r.kind.key == CLOSED)
        assert due.days == THIRTY_YEARS_DAYS and due.held == 1
    kept_by_period.refresh_from_db()
    assert kept_by_period.question == "Miten tukea perhettä?"
    with time_machine.travel(start + (THIRTY_YEARS_DAYS + 1) * DAY, tick=False):
        assert f"{CLOSED}: 1 pseudonymised" in run_retention()
    kept_by_period.refresh_from_db()
    held.refresh_from_db()
    assert kept_by_period.narrative_removed_at is not None
    assert held.narrative_removed_at is None
    assert held.question == "Miten tukea perhettä?"


def test_redirected_and_withdrawn_requests_are_deleted_after_a_year() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        p = people()
        redirected = ConsultationFactory(requester=p.requester)
        services.redirect(redirected, target="basic", reason="Peruspalvelut", by=p.coordinator)
        withdrawn = ConsultationFactory(requester=p.requester)
        services.withdraw(withdrawn, by=p.requester)
        waiting = ConsultationFactory(requester=p.requester)
    with time_machine.travel(start + 300 * DAY, tick=False):
        # The preview shows references, never case content.
        due = next(r for r in retention.preview() if r.kind.key == ENDED)
        assert due.count == 0
    with time_machine.travel(start + 366 * DAY, tick=False):
        due = next(r for r in retention.preview() if r.kind.key == ENDED)
        assert sorted(due.examples) == sorted([redirected.reference, withdrawn.reference])
        assert f"{ENDED}: 2 deleted" in run_retention()
    assert list(Consultation.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert not TimelineEvent.objects.filter(consultation_id=redirected.pk).exists()


def test_feedback_text_goes_after_a_year_and_the_ratings_stay() -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        case = closed_case(people())
    with time_machine.travel(start + 366 * DAY, tick=False):
        assert f"{FEEDBACK}: 1 pseudonymised" in run_retention()
    feedback = Feedback.objects.get(consultation=case)
    assert feedback.free_text == "" and feedback.ratings == {"clarity": 5}
    case.refresh_from_db()
    assert case.question == "Miten tukea perhettä?"  # the case's own period has not passed
