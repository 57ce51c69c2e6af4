"""Reads of the consultation app; each list is a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.consultations.models import (
    URGENCY_ORDER,
    URGENCY_TARGET_HOURS,
    Consultation,
    Feedback,
    FeedbackMark,
    Invitation,
    Meeting,
    NextStep,
    Urgency,
)
from apps.consultations.states import OPEN_STATES, State
from apps.network.models import Line
from apps.organisations.models import Centre

QUEUE_STATES = (State.SUBMITTED, State.TRIAGE)
QUEUE_SORTS = {
    "urgency": ("urgency_rank", "submitted_at"),
    "age": ("submitted_at",),
    "-age": ("-submitted_at",),
}


@dataclass(frozen=True)
class QueueRow:
    case: Consultation
    waited: datetime.timedelta
    target: datetime.timedelta
    overdue: bool

    @property
    def waited_hours(self) -> int:
        return int(self.waited.total_seconds() // 3600)

    @property
    def target_hours(self) -> int:
        return int(self.target.total_seconds() // 3600)


def _urgency_rank() -> Case:
    return Case(
        *[When(urgency=u, then=Value(rank)) for u, rank in URGENCY_ORDER.items()],
        output_field=IntegerField(),
    )


def triage_queue(
    centre: Centre, sort: str = "urgency", now: datetime.datetime | None = None
) -> list[QueueRow]:
    now = now or timezone.now()
    cases = (
        Consultation.objects.filter(centre=centre, state__in=QUEUE_STATES)
        .select_related("region", "coordinator")
        .annotate(urgency_rank=_urgency_rank())
        .order_by(*QUEUE_SORTS.get(sort, QUEUE_SORTS["urgency"]))
    )
    rows = []
    for case in cases:
        target = datetime.timedelta(hours=URGENCY_TARGET_HOURS[Urgency(case.urgency)])
        waited = now - case.submitted_at
        rows.append(QueueRow(case, waited, target, waited > target))
    return rows


def cases_of_centre(centre: Centre, *, open_only: bool = True) -> QuerySet[Consultation]:
    cases = Consultation.objects.filter(centre=centre).select_related("region", "coordinator")
    if open_only:
        cases = cases.filter(state__in=list(OPEN_STATES))
    return cases.order_by("-submitted_at")


def cases_of_requester(user: Any) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(requester_id=user.pk)
        .select_related("region", "centre")
        .order_by("-submitted_at")
    )


def invitations_of(user: Any) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(user_id=user.pk)
        .exclude(status=Invitation.Status.WITHDRAWN)
        .select_related("consultation", "actor")
        .order_by("-invited_at")
    )


def coordinators_of(centre: Centre) -> QuerySet[User]:
    return User.objects.filter(
        role_assignments__centre=centre, role_assignments__role=Role.COORDINATOR, is_active=True
    ).distinct()


def requesters_of(centres: list[Centre]) -> QuerySet[User]:
    return User.objects.filter(
        role_assignments__centre__in=centres,
        role_assignments__role=Role.REQUESTER,
        is_active=True,
    ).distinct()


def case_detail(pk: int) -> Consultation:
    return (
        Consultation.objects.select_related(
            "centre", "region", "requester", "coordinator", "filed_by"
        )
        .prefetch_related(
            "lines",
            "competences_needed",
            Prefetch("events", queryset=_events()),
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("actor", "user").order_by("invited_at"),
            ),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.select_related("chair", "scribe").prefetch_related(
                    "next_steps"
                ),
            ),
            Prefetch("assessments", queryset=_assessments()),
        )
        .get(pk=pk)
    )


def _events() -> QuerySet[Any]:
    from apps.consultations.models import TimelineEvent

    return TimelineEvent.objects.select_related("by").order_by("at", "id")


def _assessments() -> QuerySet[Any]:
    from apps.consultations.instrument import Assessment

    return Assessment.objects.select_related("instrument", "assessed_by").order_by(
        "-created_at", "-id"
    )


def meeting_detail(pk: int) -> Meeting:
    return (
        Meeting.objects.select_related(
            "consultation__centre", "consultation__region", "chair", "scribe"
        )
        .prefetch_related(
            Prefetch("participants", queryset=_participants()),
            "perspectives",
            "next_steps",
        )
        .get(pk=pk)
    )


def _participants() -> QuerySet[Any]:
    from apps.consultations.models import Participant

    return Participant.objects.select_related("user").order_by("id")


def due_steps(case: Consultation) -> QuerySet[NextStep]:
    return (
        NextStep.objects.filter(meeting__consultation=case)
        .select_related("meeting")
        .order_by("due", "id")
    )


# --- feedback reports: per consultation and per line, never per expert ------------------


def _averages(rows: list[dict[str, int]]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for mark in FeedbackMark:
        values = [r[mark.value] for r in rows if mark.value in r]
        out[mark.value] = round(sum(values) / len(values), 1) if values else None
    return out


def feedback_by_line(centre: Centre) -> list[dict[str, Any]]:
    """Average rating per mark for each line of the centre, with the number of answers."""
    per_line: dict[int, list[dict[str, int]]] = defaultdict(list)
    answers = (
        Feedback.objects.filter(consultation__centre=centre)
        .prefetch_related(Prefetch("consultation__lines", queryset=Line.objects.only("id")))
        .select_related("consultation")
    )
    for feedback in answers:
        for line in feedback.consultation.lines.all():
            per_line[line.pk].append(feedback.ratings)
    report = []
    for line in Line.objects.filter(centre=centre).order_by("order", "key"):
        rows = per_line.get(line.pk, [])
        report.append({"line": line, "count": len(rows), "averages": _averages(rows)})
    return report


def feedback_of_case(case: Consultation) -> dict[str, Any]:
    rows = list(case.feedback.all())
    return {
        "count": len(rows),
        "averages": _averages([f.ratings for f in rows]),
        "texts": [f.free_text for f in rows if f.free_text],
    }
