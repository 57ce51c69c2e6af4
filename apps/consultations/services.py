"""Writes of the consultation app. Every state change goes through `transition()`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation

from apps.accounts.models import Role, RoleAssignment, User
from apps.consultations import guard
from apps.consultations.instrument import Instrument, score, validate_definition
from apps.consultations.models import (
    Assessment,
    Consultation,
    Feedback,
    Invitation,
    Meeting,
    NextStep,
    Participant,
    Perspective,
    RequestDraft,
    TimelineEvent,
)
from apps.consultations.states import Action, State, target_of
from apps.consultations.tasks import notify
from apps.network.models import Actor

# Fields of the request form that a draft keeps.
DRAFT_FIELDS = (
    "question",
    "situation",
    "age_band",
    "services_involved",
    "tried",
    "urgency",
    "help_wished",
    "region",
    "lines",
    "language",
    "centre",
    "caller",
    "requester",
)
MASK = "[***]"


def case_path(
    case: Consultation, name: str = "consultations:detail", language: str | None = None
) -> str:
    with translation.override(language or case.language):
        return reverse(name, kwargs={"pk": case.pk})


def event(case: Consultation, action: str, by: Any, note: str = "") -> TimelineEvent:
    return TimelineEvent.objects.create(
        consultation=case, action=action, by=by if getattr(by, "pk", None) else None, note=note
    )


@transaction.atomic
def transition(case: Consultation, action: Action, by: Any, note: str = "", **changes: Any) -> None:
    """Move the case along the state machine and record it; IllegalTransition if not allowed."""
    locked = Consultation.objects.select_for_update().get(pk=case.pk)
    source = State(locked.state)
    target = target_of(action, source)
    for name, value in changes.items():
        setattr(case, name, value)
    case.state = target
    case.save()
    TimelineEvent.objects.create(
        consultation=case,
        action=action,
        from_state=source,
        to_state=target,
        by=by if getattr(by, "pk", None) else None,
        note=note,
    )


def _coordinators(case: Consultation) -> list[int]:
    if case.coordinator_id:
        return [case.coordinator_id]
    return list(
        RoleAssignment.objects.filter(centre_id=case.centre_id, role=Role.COORDINATOR).values_list(
            "user_id", flat=True
        )
    )


# --- drafts and requests -------------------------------------------------------------------


def draft_save(
    *, user: User, draft: RequestDraft | None, data: dict[str, Any]
) -> tuple[RequestDraft, list[str]]:
    """Store the typed form; identity codes are masked before storing. Returns the fields masked."""
    clean: dict[str, Any] = {}
    masked: list[str] = []
    for name in DRAFT_FIELDS:
        value = data.get(name)
        if isinstance(value, list):
            clean[name] = [str(v)[:20] for v in value][:50]
        elif value is not None:
            text = str(value)[:20000]
            codes = guard.find_identity_codes(text)
            if codes:
                text = guard.mask(text, codes, MASK)
                masked.append(name)
            clean[name] = text
    if draft is None:
        draft = RequestDraft.objects.create(user=user, data=clean)
    else:
        draft.data = clean
        draft.save(update_fields=["data", "updated_at"])
    return draft, masked


def _next_reference(centre_slug: str) -> str:
    year = timezone.localdate().year
    prefix = f"{centre_slug[:3].upper()}-{year}-"
    last = (
        Consultation.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def request_submit(
    *, filed_by: User, data: dict[str, Any], draft: RequestDraft | None = None
) -> Consultation:
    lines = data.pop("lines", [])
    centre = data["centre"]
    case = Consultation(
        filed_by=filed_by, submitted_at=timezone.now(), state=State.SUBMITTED, **data
    )
    if case.requester is None and not case.caller:
        case.requester = filed_by
    case.reference = _next_reference(centre.slug)
    case.save()
    case.lines.set(lines)
    note = ""
    if case.caller:
        note = "on behalf of a caller"
    TimelineEvent.objects.create(
        consultation=case, action=Action.SUBMIT, to_state=State.SUBMITTED, by=filed_by, note=note
    )
    if draft is not None:
        draft.delete()
    notify(_coordinators(case), "new_request", case.reference, case_path(case, language="fi"))
    return case


def assign(case: Consultation, *, coordinator: User, by: User) -> None:
    """Assign a coordinator; a submitted case moves into triage."""
    if case.state == State.SUBMITTED:
        transition(case, Action.TAKE, by, coordinator=coordinator)
    else:
        case.coordinator = coordinator
        case.save(update_fields=["coordinator", "updated_at"])
    event(case, "assigned", by, note=coordinator.get_full_name())


# --- OT-mittari ----------------------------------------------------------------------------


def active_instrument(key: str = "ot-mittari") -> Instrument | None:
    return (
        Instrument.objects.filter(key=key, status=Instrument.Status.ACTIVE)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def assess(
    case: Consultation,
    *,
    instrument: Instrument,
    answers: dict[str, Any],
    agreed_level: str,
    override_reason: str,
    with_requester: bool,
    by: User,
) -> Assessment:
    result = score(instrument.definition, answers)
    assessment = Assessment.objects.create(
        consultation=case,
        instrument=instrument,
        answers=answers,
        dimension_scores=result.dimension_scores,
        dimension_bands=result.dimension_bands,
        total=result.total,
        computed_level=result.level,
        agreed_level=agreed_level or result.level,
        override_reason=override_reason,
        with_requester=with_requester,
        assessed_by=by,
    )
    event(case, "assessed", by, note=assessment.agreed_level)
    return assessment


def instrument_import(
    *, definition: dict[str, Any], by: User, activate: bool = False
) -> Instrument:
    validate_definition(definition)
    instrument = Instrument.objects.create(
        key=definition["key"],
        version=definition["version"],
        provisional=bool(definition.get("provisional", True)),
        source_note=str(definition.get("source_note", "")),
        definition=definition,
        created_by=by,
    )
    if activate:
        instrument_activate(instrument)
    return instrument


@transaction.atomic
def instrument_activate(instrument: Instrument) -> None:
    Instrument.objects.filter(key=instrument.key, status=Instrument.Status.ACTIVE).exclude(
        pk=instrument.pk
    ).update(status=Instrument.Status.RETIRED)
    instrument.status = Instrument.Status.ACTIVE
    instrument.save(update_fields=["status"])


def instrument_ensure_default() -> Instrument:
    from apps.consultations.instrument import load_default_definition

    definition = load_default_definition()
    instrument, _created = Instrument.objects.get_or_create(
        key=definition["key"],
        version=definition["version"],
        defaults={
            "provisional": True,
            "source_note": definition["source_note"],
            "definition": definition,
            "status": Instrument.Status.ACTIVE,
        },
    )
    return instrument


# --- triage decision -----------------------------------------------------------------------


def decide(
    case: Consultation, *, form_of_help: str, competences: Iterable[Any], note: str, by: User
) -> None:
    with transaction.atomic():
        transition(
            case,
            Action.DECIDE,
            by,
            form_of_help=form_of_help,
            decision_note=note,
            decided_at=timezone.now(),
            coordinator=case.coordinator or by,
        )
        case.competences_needed.set(competences)
    notify([case.requester_id], "decision", case.reference, case_path(case))


def redirect(case: Consultation, *, target: str, reason: str, by: User) -> None:
    transition(
        case,
        Action.REDIRECT,
        by,
        redirect_target=target,
        redirect_reason=reason,
        decided_at=timezone.now(),
        coordinator=case.coordinator or by,
    )
    notify([case.requester_id], "decision", case.reference, case_path(case))


def withdraw(case: Consultation, *, by: User, reason: str = "") -> None:
    transition(case, Action.WITHDRAW, by, note=reason)


# --- team ----------------------------------------------------------------------------------


def invite(
    case: Consultation, *, actor: Actor, message: str, reasons: list[str], by: User
) -> Invitation:
    if actor.user_id is None:
        raise ValueError("actor has no user account")
    invitation = Invitation.objects.create(
        consultation=case,
        actor=actor,
        user_id=actor.user_id,
        message=message,
        reasons=reasons,
        invited_by=by,
    )
    event(case, "invited", by, note=actor.name)
    with translation.override(case.language):
        path = reverse("consultations:invitation", kwargs={"pk": invitation.pk})
    notify([actor.user_id], "invitation", case.reference, path, language=case.language)
    return invitation


def invitation_answer(invitation: Invitation, *, accept: bool, reason: str, by: User) -> None:
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.answer_reason = reason
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answer_reason", "answered_at"])
    case = invitation.consultation
    event(
        case,
        "invitation_accepted" if accept else "invitation_declined",
        by,
        note=invitation.actor.name + (f": {reason}" if reason else ""),
    )
    notify(
        _coordinators(case),
        "invitation_answered",
        case.reference,
        case_path(case, "consultations:team"),
    )


def invitation_withdraw(invitation: Invitation, *, by: User) -> None:
    invitation.status = Invitation.Status.WITHDRAWN
    invitation.save(update_fields=["status"])
    event(invitation.consultation, "invitation_withdrawn", by, note=invitation.actor.name)


# --- the consultation meeting --------------------------------------------------------------


def team_users(case: Consultation) -> list[User]:
    """Who may take part: the coordinator and the experts who accepted."""
    users: list[User] = []
    if case.coordinator_id:
        users.append(case.coordinator)
    for inv in case.invitations.filter(status=Invitation.Status.ACCEPTED).select_related(
        "user", "actor"
    ):
        if inv.user not in users:
            users.append(inv.user)
    return users


def ics_for(meeting: Meeting, attendees: Iterable[User]) -> str:
    """An iCalendar invitation with no case content: reference, time, place or link."""
    from icalendar import Calendar, Event, vCalAddress, vText

    cal = Calendar()
    cal.add("prodid", "-//OT-verkosto//consultations//FI")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    ev = Event()
    ev.add("uid", f"ot-consultation-{meeting.consultation_id}-{meeting.number}@ot-verkosto")
    ev.add("dtstamp", timezone.now())
    ev.add("dtstart", meeting.starts_at)
    ev.add("dtend", meeting.starts_at + datetime.timedelta(minutes=meeting.duration_minutes))
    ev.add("summary", f"OT-konsultaatio {meeting.consultation.reference}")
    if meeting.place:
        ev.add("location", meeting.place)
    if meeting.online_link:
        ev.add("url", meeting.online_link)
        ev.add("description", meeting.online_link)
    for user in attendees:
        address = vCalAddress(f"mailto:{user.email}")
        address.params["role"] = vText("REQ-PARTICIPANT")
        ev.add("attendee", address, encode=0)
    cal.add_component(ev)
    return cal.to_ical().decode("utf-8")


@transaction.atomic
def schedule(case: Consultation, *, data: dict[str, Any], by: User) -> Meeting:
    number = (case.meetings.aggregate(n=Max("number"))["n"] or 0) + 1
    meeting = Meeting.objects.create(consultation=case, number=number, **data)
    for user in team_users(case):
        role = "coordinator" if user.pk == case.coordinator_id else "expert"
        Participant.objects.create(meeting=meeting, user=user, role=role)
    for user in (meeting.chair, meeting.scribe):
        Participant.objects.get_or_create(meeting=meeting, user=user, defaults={"role": "expert"})
    transition(case, Action.SCHEDULE, by, note=f"#{number}")
    attendees = [p.user for p in meeting.participants.select_related("user")]
    notify(
        [u.pk for u in attendees],
        "scheduled",
        case.reference,
        case_path(case),
        language=meeting.language,
        ics=ics_for(meeting, attendees),
    )
    return meeting


@transaction.atomic
def record_save(
    meeting: Meeting,
    *,
    family_took_part: bool | None,
    recommendations: str,
    participants: list[dict[str, Any]],
    perspectives: list[dict[str, str]],
    next_steps: list[dict[str, Any]],
    submit: bool,
    by: User,
) -> None:
    meeting.family_took_part = family_took_part
    meeting.recommendations = recommendations
    for row in participants:
        Participant.objects.filter(meeting=meeting, pk=row["id"]).update(
            role=row["role"], minutes_spent=row["minutes_spent"]
        )
    meeting.perspectives.all().delete()
    Perspective.objects.bulk_create(Perspective(meeting=meeting, **p) for p in perspectives)
    meeting.next_steps.all().delete()
    NextStep.objects.bulk_create(NextStep(meeting=meeting, **s) for s in next_steps)
    if submit:
        meeting.record_status = Meeting.RecordStatus.SUBMITTED
        event(meeting.consultation, "record_submitted", by)
        notify(
            [meeting.chair_id],
            "record_to_approve",
            meeting.consultation.reference,
            case_path(meeting.consultation),
            language=meeting.language,
        )
    meeting.save()


@transaction.atomic
def record_approve(
    meeting: Meeting, *, by: User, follow_up_date: datetime.date | None = None
) -> None:
    meeting.record_status = Meeting.RecordStatus.APPROVED
    meeting.approved_at = timezone.now()
    meeting.save(update_fields=["record_status", "approved_at"])
    case = meeting.consultation
    changes: dict[str, Any] = {}
    if follow_up_date is not None:
        changes["follow_up_date"] = follow_up_date
        changes["follow_up_reminded_at"] = None
    transition(case, Action.APPROVE_MEMO, by, note=f"#{meeting.number}", **changes)
    with translation.override(meeting.language):
        path = reverse("consultations:memo", kwargs={"pk": meeting.pk})
    notify([case.requester_id], "memo_ready", case.reference, path, language=meeting.language)


# --- follow-up, return, closure ------------------------------------------------------------


def step_mark(step: NextStep, *, status: str, reason: str, by: User) -> None:
    step.status = status
    step.not_done_reason = reason if status == NextStep.Status.NOT_DONE else ""
    step.save(update_fields=["status", "not_done_reason"])
    event(
        step.meeting.consultation,
        "step_done" if status == NextStep.Status.DONE else "step_not_done",
        by,
        note=step.what[:200] + (f" — {reason}" if reason else ""),
    )


def case_return(case: Consultation, *, reason: str, by: User) -> None:
    transition(case, Action.RETURN, by, note=reason)


def close(
    case: Consultation, *, what_worked: str, gap_categories: list[str], gaps_text: str, by: User
) -> None:
    transition(
        case,
        Action.CLOSE,
        by,
        what_worked=what_worked,
        gap_categories=gap_categories,
        gaps_text=gaps_text,
        closed_at=timezone.now(),
        feedback_requested_at=timezone.now(),
    )
    notify(
        [case.requester_id],
        "feedback_request",
        case.reference,
        case_path(case, "consultations:feedback"),
    )


def feedback_give(
    case: Consultation, *, requester: User, ratings: dict[str, int], free_text: str
) -> Feedback:
    feedback = Feedback.objects.create(
        consultation=case, requester=requester, ratings=ratings, free_text=free_text
    )
    event(case, "feedback_given", requester)
    return feedback


# --- reminders -----------------------------------------------------------------------------

FEEDBACK_REMINDER_AFTER = datetime.timedelta(days=7)
STEP_REMINDER_INTERVAL = datetime.timedelta(days=7)


def reminders_send_due(now: datetime.datetime | None = None) -> dict[str, int]:
    """Remind of due next steps, follow-up dates and missing feedback. Safe to run often."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"steps": 0, "follow_up": 0, "feedback": 0}
    due_steps = (
        NextStep.objects.filter(
            status=NextStep.Status.OPEN,
            due__lte=today,
            meeting__consultation__state=State.FOLLOW_UP,
        )
        .exclude(reminded_at__gt=now - STEP_REMINDER_INTERVAL)
        .select_related("meeting__consultation")
    )
    for step in due_steps:
        case = step.meeting.consultation
        notify(
            [case.requester_id, case.coordinator_id],
            "step_due",
            case.reference,
            case_path(case, "consultations:follow_up"),
            language=step.meeting.language,
        )
        step.reminded_at = now
        step.save(update_fields=["reminded_at"])
        event(case, "reminder_sent", None, note=step.what[:200])
        counts["steps"] += 1
    for case in Consultation.objects.filter(
        state=State.FOLLOW_UP, follow_up_date__lte=today, follow_up_reminded_at__isnull=True
    ):
        notify(
            [case.coordinator_id],
            "follow_up_due",
            case.reference,
            case_path(case, "consultations:follow_up"),
        )
        case.follow_up_reminded_at = now
        case.save(update_fields=["follow_up_reminded_at"])
        event(case, "reminder_sent", None, note="follow-up date")
        counts["follow_up"] += 1
    for case in Consultation.objects.filter(
        state=State.CLOSED,
        feedback_requested_at__lte=now - FEEDBACK_REMINDER_AFTER,
        feedback_reminded_at__isnull=True,
        requester__isnull=False,
    ).exclude(feedback__isnull=False):
        notify(
            [case.requester_id],
            "feedback_reminder",
            case.reference,
            case_path(case, "consultations:feedback"),
        )
        case.feedback_reminded_at = now
        case.save(update_fields=["feedback_reminded_at"])
        counts["feedback"] += 1
    return counts
