"""Retention of consultation records (the kinds the trust app's retention run handles).

Default periods follow the proposal in docs/security.md ("Retention"; domain.md R9); the
administrator changes them per kind ("Retention periods" in the admin), including the 30-year
period (`THIRTY_YEARS_DAYS`) that applies if the controller treats consultation records as
child-and-family client documents. A legal hold keeps a case whatever its period.

- `consultations.closed_consultation`: a closed case keeps its full record for 2 years after
  closure (so that it can return), then its narrative is stripped: every free text of the case,
  its meetings, steps, invitations, assessments, timeline and feedback is removed; the
  structured fields (centre, dates, age band, urgency, lines, form of help, gap categories,
  ratings) stay for the statistics.
- `consultations.ended_request`: a request that was redirected or withdrawn is deleted with
  everything attached to it 1 year after it ended.
- `consultations.feedback_text`: the free text of feedback is removed 1 year after it was
  given; the ratings stay.

The preview shows references only, never case content.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.consultations.instrument import Assessment
from apps.consultations.models import (
    Consultation,
    Feedback,
    Invitation,
    Meeting,
    NextStep,
    Perspective,
    TimelineEvent,
)
from apps.consultations.states import State
from apps.trust.retention import RecordKind, register_kind

# What replaces a required free text that retention removed.
REMOVED = "—"

# The free-text fields of each model, and whether the field may be blank.
CASE_TEXT = (
    "question",
    "situation",
    "services_involved",
    "tried",
    "caller",
    "privacy_basis_code",
    "decision_note",
    "redirect_reason",
    "what_worked",
    "gaps_text",
)
REQUIRED_CASE_TEXT = {"question", "situation"}


def closed_consultations(cutoff: datetime) -> QuerySet[Consultation]:
    """Closed cases whose narrative is still there, closed before the cutoff."""
    return Consultation.objects.filter(
        state=State.CLOSED, closed_at__lt=cutoff, narrative_removed_at__isnull=True
    )


def strip_narrative(cases: QuerySet[Consultation]) -> int:
    """Remove every free text of the cases; keep the structured fields and findings."""
    ids = list(cases.values_list("pk", flat=True))
    if not ids:
        return 0
    case_values = {field: (REMOVED if field in REQUIRED_CASE_TEXT else "") for field in CASE_TEXT}
    Consultation.objects.filter(pk__in=ids).update(
        **case_values, narrative_removed_at=timezone.now()
    )
    TimelineEvent.objects.filter(consultation_id__in=ids).update(note="")
    Invitation.objects.filter(consultation_id__in=ids).update(message="", answer_reason="")
    Assessment.objects.filter(consultation_id__in=ids).update(override_reason="")
    meetings = Meeting.objects.filter(consultation_id__in=ids)
    meetings.update(recommendations="", place="", online_link="")
    Perspective.objects.filter(meeting__in=meetings).update(perspective=REMOVED, reason=REMOVED)
    NextStep.objects.filter(meeting__in=meetings).update(
        what=REMOVED, who=REMOVED, not_done_reason=""
    )
    Feedback.objects.filter(consultation_id__in=ids).update(free_text="")
    return len(ids)


def ended_requests(cutoff: datetime) -> QuerySet[Consultation]:
    """Redirected or withdrawn requests that ended before the cutoff (the time of the last
    entry on their timeline: the redirection or withdrawal)."""
    return (
        Consultation.objects.filter(state__in=(State.REDIRECTED, State.WITHDRAWN))
        .annotate(ended_at=Coalesce(Max("events__at"), "submitted_at"))
        .filter(ended_at__lt=cutoff)
    )


def delete_cases(cases: QuerySet[Consultation]) -> int:
    """Delete the cases with their timeline, assessments, invitations, meetings and feedback."""
    ids = list(cases.values_list("pk", flat=True))
    Consultation.objects.filter(pk__in=ids).delete()
    return len(ids)


def old_feedback_text(cutoff: datetime) -> QuerySet[Feedback]:
    return Feedback.objects.filter(created_at__lt=cutoff).exclude(free_text="")


def remove_feedback_text(feedback: QuerySet[Feedback]) -> int:
    return feedback.update(free_text="")


def _reference(case: Consultation) -> str:
    return case.reference


def register() -> None:
    """Called once from ConsultationsConfig.ready()."""
    register_kind(
        RecordKind(
            key="consultations.closed_consultation",
            label=_("closed consultations: free text removed after the period"),
            default_days=2 * 365,
            method="pseudonymise",
            expired=closed_consultations,
            dispose=strip_narrative,
            describe=_reference,
        )
    )
    register_kind(
        RecordKind(
            key="consultations.ended_request",
            label=_("redirected or withdrawn requests"),
            default_days=365,
            method="delete",
            expired=ended_requests,
            dispose=delete_cases,
            describe=_reference,
        )
    )
    register_kind(
        RecordKind(
            key="consultations.feedback_text",
            label=_("free text of feedback"),
            default_days=365,
            method="pseudonymise",
            expired=old_feedback_text,
            dispose=remove_feedback_text,
            describe=lambda feedback: f"#{feedback.pk}",
        )
    )
