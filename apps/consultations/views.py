"""Views of the consultation journey. Thin: permission check, form, service, audit, render.

Access answers: anonymous -> sign-in; a signed-in user who may not see the case -> 404 (a
case's existence is not disclosed); one who sees it but may not do the action -> 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts import permissions
from apps.accounts.permissions import require_signed_in
from apps.audit.log import record
from apps.audit.models import Action
from apps.consultations import forms as f
from apps.consultations import pdf, selectors, services
from apps.consultations.instrument import Instrument, InstrumentError
from apps.consultations.models import (
    Consultation,
    FeedbackMark,
    GapCategory,
    Invitation,
    Meeting,
    NextStep,
    RequestDraft,
)
from apps.consultations.states import IllegalTransition, State
from apps.consultations.suggestions import suggest
from apps.core.ratelimits import rate_limited
from apps.network.models import Actor, Line
from apps.organisations.models import Centre

QUEUE_PAGE_SIZE = 50


def _int(value: Any) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _confirmed(request: HttpRequest) -> bool:
    return request.POST.get(f.CONFIRM_FIELD) == "on"


def _case(request: HttpRequest, pk: int) -> Consultation:
    """The case if the user may read it whole, else 404."""
    try:
        case = selectors.case_detail(pk)
    except Consultation.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_view_consultation(request.user, case):
        raise Http404
    return case


def _coordinated_case(request: HttpRequest, pk: int) -> Consultation:
    case = _case(request, pk)
    if not permissions.can_coordinate(request.user, case):
        raise PermissionDenied
    return case


def _refused(request: HttpRequest, error: IllegalTransition, case: Consultation) -> HttpResponse:
    messages.error(request, str(error.message))
    return redirect("consultations:detail", pk=case.pk)


def _form_status(request: HttpRequest) -> int:
    """200 for a form page shown, 400 when it is shown again after a POST with errors."""
    return 400 if request.method == "POST" else 200


def _record_case_event(
    request: HttpRequest, action: Action, case: Consultation, event: str, **detail: object
) -> None:
    """Audit-log one event on the case; `detail` adds to the event's name."""
    record(action, request=request, target=case, detail={"event": event, **detail})


def _record_case_view(
    request: HttpRequest, case: Consultation, page: str, **detail: object
) -> None:
    """Audit-log that the user saw one page of the case."""
    _record_case_event(request, Action.VIEW, case, "consultation.view", page=page, **detail)


def _case_page(
    request: HttpRequest, case: Consultation, page: str, context: dict[str, Any], **detail: object
) -> HttpResponse:
    """Audit-log the view of a page of the case and render `consultations/<page>.html`.

    The status is 400 when the page is shown again after a POST with errors.
    """
    _record_case_view(request, case, page, **detail)
    return render(
        request,
        f"consultations/{page}.html",
        {"case": case, **context},
        status=_form_status(request),
    )


# --- lists ---------------------------------------------------------------------------------


@require_safe
@require_signed_in
def consultation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    staff_centres = Centre.objects.filter(
        pk__in=permissions.centre_ids_of(user, permissions.CASE_STAFF_ROLES)
    )
    centre_cases = [
        (centre, list(selectors.cases_of_centre(centre)[:100])) for centre in staff_centres
    ]
    ctx = {
        "drafts": RequestDraft.objects.filter(user=user)[:20],
        "requests": list(selectors.cases_of_requester(user)[:100]),
        "invitations": list(selectors.invitations_of(user)[:100]),
        "centre_cases": centre_cases,
        "can_file": permissions.can_file_request(user),
        "can_manage_instruments": permissions.can_manage_instruments(user),
    }
    record(Action.VIEW, request=request, detail={"event": "consultation.list"})
    return render(request, "consultations/list.html", ctx)


@require_safe
@require_signed_in
def queue(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = get_object_or_404(Centre, slug=centre_slug)
    if not permissions.can_view_queue(request.user, centre):
        raise PermissionDenied
    sort = request.GET.get("sort", "urgency")
    if sort not in selectors.QUEUE_SORTS:
        sort = "urgency"
    rows = selectors.triage_queue(centre, sort)
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    record(
        Action.VIEW,
        request=request,
        centre_id=centre.pk,
        detail={"event": "consultation.queue", "sort": sort},
    )
    return render(
        request,
        "consultations/queue.html",
        {
            "centre": centre,
            "rows": page.object_list,
            "page": page,
            "total": len(rows),
            "sort": sort,
            "can_coordinate": permissions.can_coordinate(request.user, centre),
        },
    )


# --- request intake ------------------------------------------------------------------------


def _filer_centres(request: HttpRequest) -> list[Centre]:
    ids = permissions.centre_ids_of(request.user, permissions.REQUEST_FILER_ROLES)
    return list(Centre.objects.filter(pk__in=ids).order_by("name_fi"))


def _request_form(request: HttpRequest, data: Any = None, initial: Any = None) -> f.RequestForm:
    centres = _filer_centres(request)
    on_behalf = any(permissions.can_file_on_behalf(request.user, c) for c in centres)
    return f.RequestForm(
        data,
        initial=initial,
        centres=centres,
        on_behalf=on_behalf,
        requesters=selectors.requesters_of(centres) if on_behalf else None,
        confirmed=_confirmed(request) if data is not None else False,
    )


def _initial_from_map(request: HttpRequest, centres: list[Centre]) -> dict[str, Any]:
    """Preselected lines when the request starts from a station or line on the map."""
    line_ids: list[int] = []
    for raw in request.GET.getlist("line"):
        if raw.isdigit():
            line_ids.append(int(raw))
    actor_id = request.GET.get("actor", "")
    initial: dict[str, Any] = {}
    if actor_id.isdigit():
        actor = Actor.objects.filter(pk=int(actor_id), centre__in=centres).first()
        if actor is not None:
            initial["centre"] = actor.centre_id
            if not line_ids:
                line_ids = list(actor.lines.values_list("pk", flat=True))
            if actor.region_id:
                initial["region"] = actor.region_id
    if line_ids:
        initial["lines"] = list(
            Line.objects.filter(pk__in=line_ids, centre__in=centres).values_list("pk", flat=True)
        )
    return initial


@require_http_methods(["GET", "HEAD", "POST"])
@require_signed_in
@rate_limited("request_submission")  # POSTs per user: OT_RATE_REQUEST_SUBMISSION (10 an hour)
def request_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_file_request(request.user):
        raise PermissionDenied
    draft: RequestDraft | None = None
    draft_id = request.POST.get("draft") or request.GET.get("draft") or ""
    if draft_id.isdigit():
        draft = _own_draft(request, int(draft_id))
    if request.method == "POST":
        form = _request_form(request, request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "privacy_warnings_confirmed"}
            data.setdefault("caller", "")
            data.setdefault("requester", None)
            case = services.request_submit(filed_by=request.user, data=data, draft=draft)
            _record_case_event(request, Action.CREATE, case, "consultation.create")
            messages.success(
                request, _("Your request %(ref)s was sent to the centre.") % {"ref": case.reference}
            )
            return redirect("consultations:detail", pk=case.pk)
        if draft is None:
            # Keep what was typed even if the tab closes now (identity codes masked).
            draft, _masked = services.draft_save(
                user=request.user, draft=None, data=_posted(request)
            )
    else:
        initial = draft.data if draft else _initial_from_map(request, _filer_centres(request))
        form = _request_form(request, initial=initial)
    record(
        Action.VIEW,
        request=request,
        object_type="consultations.requestdraft",
        object_id=draft.pk if draft else "",
        detail={"event": "consultation.request_form"},
    )
    status = _form_status(request)
    return render(
        request, "consultations/request_form.html", {"form": form, "draft": draft}, status=status
    )


def _own_draft(request: HttpRequest, pk: int) -> RequestDraft | None:
    draft = RequestDraft.objects.filter(pk=pk).first()
    return draft if draft is not None and permissions.can_use_draft(request.user, draft) else None


def _posted(request: HttpRequest) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in services.DRAFT_FIELDS:
        if name == "lines":
            data[name] = request.POST.getlist(name)
        elif name in request.POST:
            data[name] = request.POST.get(name, "")
    return data


@require_POST
@require_signed_in
def draft_save(request: HttpRequest) -> HttpResponse:
    """htmx: save the form as the user types; returns the status line and the draft id."""
    if not permissions.can_file_request(request.user):
        raise PermissionDenied
    draft = None
    draft_id = request.POST.get("draft", "")
    if draft_id.isdigit():
        draft = _own_draft(request, int(draft_id))
    draft, masked = services.draft_save(user=request.user, draft=draft, data=_posted(request))
    record(
        Action.CHANGE,
        request=request,
        object_type="consultations.requestdraft",
        object_id=draft.pk,
        detail={"event": "consultation.draft_save"},
    )
    return render(request, "consultations/_draft_status.html", {"draft": draft, "masked": masked})


@require_POST
@require_signed_in
def draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    draft = RequestDraft.objects.filter(pk=pk).first()
    if draft is None or not permissions.can_use_draft(request.user, draft):
        raise Http404
    draft.delete()
    record(
        Action.DELETE,
        request=request,
        object_type="consultations.requestdraft",
        object_id=pk,
        detail={"event": "consultation.draft_delete"},
    )
    messages.success(request, _("The draft was deleted."))
    return redirect("consultations:list")


# --- the case ------------------------------------------------------------------------------


@require_safe
@require_signed_in
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        case = selectors.case_detail(pk)
    except Consultation.DoesNotExist as missing:
        raise Http404 from missing
    # An administrator sees no case content, except read-only under a break-glass grant for
    # the case's centre (given with a reason at trust:break_glass); every such read is logged.
    break_glass = False
    if not permissions.can_view_consultation(request.user, case):
        if permissions.can_view_consultation_summary(request.user, case):
            invitation = case.invitations.filter(
                user_id=request.user.pk, status=Invitation.Status.PENDING
            ).first()
            return redirect("consultations:invitation", pk=invitation.pk)
        if not permissions.has_break_glass(request.user, case.centre):
            raise Http404
        break_glass = True
    coordinating = permissions.can_coordinate(request.user, case)
    detail: dict[str, object] = {"event": "consultation.view"}
    if break_glass:
        detail["break_glass"] = True
    record(Action.VIEW, request=request, target=case, detail=detail)
    ctx = {
        "case": case,
        "break_glass": break_glass,
        "coordinating": coordinating,
        "assessment": next(iter(case.assessments.all()), None),
        "meetings": list(case.meetings.all()),
        "feedback": selectors.feedback_of_case(case)
        if case.state == State.CLOSED and coordinating
        else None,
        "can_give_feedback": permissions.can_give_feedback(request.user, case)
        and not case.feedback.filter(requester_id=request.user.pk).exists(),
        "can_withdraw": permissions.can_withdraw_consultation(request.user, case)
        and case.state in (State.SUBMITTED, State.TRIAGE, State.TEAM),
        "assign_form": f.AssignForm(
            coordinators=selectors.coordinators_of(case.centre),
            initial={"coordinator": case.coordinator_id or request.user.pk},
        )
        if coordinating
        else None,
        "user_id": request.user.pk,
        "feedback_marks": FeedbackMark.choices,
        "gap_labels": [
            GapCategory(g).label for g in case.gap_categories if g in GapCategory.values
        ],
    }
    return render(request, "consultations/detail.html", ctx)


@require_POST
@require_signed_in
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = _coordinated_case(request, pk)
    form = f.AssignForm(request.POST, coordinators=selectors.coordinators_of(case.centre))
    if not form.is_valid():
        messages.error(request, _("Choose a coordinator of the centre."))
        return redirect("consultations:detail", pk=case.pk)
    try:
        services.assign(case, coordinator=form.cleaned_data["coordinator"], by=request.user)
    except IllegalTransition as error:
        return _refused(request, error, case)
    _record_case_event(request, Action.CHANGE, case, "consultation.assign")
    messages.success(request, _("Coordinator assigned."))
    return redirect("consultations:detail", pk=case.pk)


@require_POST
@require_signed_in
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if not permissions.can_withdraw_consultation(request.user, case):
        raise PermissionDenied
    try:
        services.withdraw(case, by=request.user)
    except IllegalTransition as error:
        return _refused(request, error, case)
    _record_case_event(request, Action.CHANGE, case, "consultation.withdraw")
    messages.success(request, _("The request was withdrawn."))
    return redirect("consultations:detail", pk=case.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@require_signed_in
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    case = _coordinated_case(request, pk)
    instrument = services.active_instrument()
    if instrument is None:
        messages.error(request, _("No OT-mittari version is in use. Leadership can import one."))
        return redirect("consultations:detail", pk=case.pk)
    if request.method == "POST":
        form = f.AssessmentForm(request.POST, instrument=instrument, confirmed=_confirmed(request))
        if form.is_valid():
            try:
                assessment = services.assess(
                    case,
                    instrument=instrument,
                    answers=form.answers(),
                    agreed_level=form.cleaned_data["agreed_level"],
                    override_reason=form.cleaned_data["override_reason"],
                    with_requester=form.cleaned_data["with_requester"],
                    by=request.user,
                )
            except InstrumentError as error:
                form.add_error(None, str(error))
            else:
                _record_case_event(
                    request, Action.CHANGE, case, "consultation.assess", assessment=assessment.pk
                )
                messages.success(
                    request,
                    _("Assessment saved: %(level)s.")
                    % {"level": assessment.get_agreed_level_display()},
                )
                return redirect("consultations:detail", pk=case.pk)
    else:
        previous = next(iter(case.assessments.all()), None)
        initial = {}
        if previous and previous.instrument_id == instrument.pk:
            initial = {
                f"item_{k}": ("null" if v is None else str(v)) for k, v in previous.answers.items()
            }
        form = f.AssessmentForm(initial=initial, instrument=instrument)
    return _case_page(request, case, "assess", {"form": form, "instrument": instrument})


@require_http_methods(["GET", "HEAD", "POST"])
@require_signed_in
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = _coordinated_case(request, pk)
    if request.method == "POST":
        form = f.DecisionForm(request.POST, centre=case.centre, confirmed=_confirmed(request))
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["outcome"] == "redirect":
                    services.redirect(
                        case,
                        target=data["redirect_target"],
                        reason=data["redirect_reason"],
                        by=request.user,
                    )
                else:
                    services.decide(
                        case,
                        form_of_help=data["form_of_help"],
                        competences=data["competences"],
                        note=data["note"],
                        by=request.user,
                    )
            except IllegalTransition as error:
                return _refused(request, error, case)
            _record_case_event(
                request, Action.CHANGE, case, "consultation.decide", outcome=data["outcome"]
            )
            messages.success(request, _("Decision saved."))
            if data["outcome"] == "help":
                return redirect("consultations:team", pk=case.pk)
            return redirect("consultations:detail", pk=case.pk)
    else:
        form = f.DecisionForm(
            centre=case.centre,
            initial={"form_of_help": case.help_wished if case.help_wished != "unsure" else ""},
        )
    return _case_page(request, case, "decide", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@require_signed_in
def team(request: HttpRequest, pk: int) -> HttpResponse:
    case = _coordinated_case(request, pk)
    invite_form = f.InviteForm()
    if request.method == "POST":
        invite_form = f.InviteForm(request.POST, confirmed=_confirmed(request))
        if case.state != State.TEAM:
            messages.error(request, _("Experts can be invited while the team is being assembled."))
            return redirect("consultations:team", pk=case.pk)
        if invite_form.is_valid():
            actor = Actor.objects.filter(
                pk=invite_form.cleaned_data["actor"], centre=case.centre, is_active=True
            ).first()
            ranked = {s.actor.pk: s for s in suggest(case, limit=1000)}
            if actor is None or actor.user_id is None:
                messages.error(request, _("This expert cannot be invited through OT-verkosto."))
            elif (
                case.invitations.filter(actor=actor)
                .exclude(status=Invitation.Status.WITHDRAWN)
                .exists()
            ):
                messages.error(request, _("This expert has already been invited."))
            else:
                reasons = ranked[actor.pk].reasons if actor.pk in ranked else []
                services.invite(
                    case,
                    actor=actor,
                    message=invite_form.cleaned_data["message"],
                    reasons=reasons,
                    by=request.user,
                )
                _record_case_event(
                    request, Action.CHANGE, case, "consultation.invite", actor=actor.pk
                )
                messages.success(request, _("%(name)s was invited.") % {"name": actor.name})
                return redirect("consultations:team", pk=case.pk)
    suggestions = suggest(case)
    return _case_page(
        request,
        case,
        "team",
        {
            "suggestions": suggestions,
            "invite_form": invite_form,
            "failed_actor": _int(invite_form.data.get("actor")) if invite_form.is_bound else None,
            "invitations": list(case.invitations.all()),
            "can_schedule": case.state == State.TEAM
            and any(i.status == Invitation.Status.ACCEPTED for i in case.invitations.all()),
        },
    )


@require_POST
@require_signed_in
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        Invitation.objects.select_related("consultation", "actor"), pk=pk
    )
    case = _coordinated_case(request, invitation.consultation_id)
    if invitation.status in (
        Invitation.Status.PENDING,
        Invitation.Status.ACCEPTED,
        Invitation.Status.DECLINED,
    ):
        services.invitation_withdraw(invitation, by=request.user)
        _record_case_event(
            request, Action.CHANGE, case, "consultation.invitation_withdraw", invitation=pk
        )
        messages.success(request, _("The invitation was withdrawn; you can invite someone else."))
    return redirect("consultations:team", pk=case.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@require_signed_in
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """The invited expert's page: the case summary and the answer."""
    inv = (
        Invitation.objects.select_related("consultation__region", "consultation__centre", "actor")
        .filter(pk=pk)
        .first()
    )
    if inv is None or not permissions.can_answer_invitation(request.user, inv):
        raise Http404
    case = inv.consultation
    form = f.AnswerForm()
    if request.method == "POST":
        if inv.status != Invitation.Status.PENDING:
            messages.error(request, _("This invitation has already been answered or withdrawn."))
            return redirect("consultations:invitation", pk=inv.pk)
        form = f.AnswerForm(request.POST, confirmed=_confirmed(request))
        if form.is_valid():
            accept = form.cleaned_data["answer"] == "accept"
            services.invitation_answer(
                inv, accept=accept, reason=form.cleaned_data["reason"], by=request.user
            )
            _record_case_event(
                request, Action.CHANGE, case, "consultation.invitation_answer", accept=accept
            )
            messages.success(request, _("Thank you for your answer."))
            if accept:
                return redirect("consultations:detail", pk=case.pk)
            return redirect("consultations:list")
    _record_case_event(request, Action.VIEW, case, "consultation.view_summary")
    return render(
        request,
        "consultations/invitation.html",
        {"inv": inv, "case": case, "form": form},
        status=_form_status(request),
    )


# --- meeting, record, memo -----------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@require_signed_in
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    case = _coordinated_case(request, pk)
    team_ids = [u.pk for u in services.team_users(case)]
    from apps.accounts.models import User

    team_qs = User.objects.filter(pk__in=team_ids)
    if request.method == "POST":
        form = f.ScheduleForm(request.POST, team=team_qs, confirmed=_confirmed(request))
        if form.is_valid():
            data = dict(form.cleaned_data.items())
            try:
                meeting = services.schedule(case, data=data, by=request.user)
            except IllegalTransition as error:
                return _refused(request, error, case)
            _record_case_event(
                request, Action.CHANGE, case, "consultation.schedule", meeting=meeting.pk
            )
            messages.success(
                request, _("The consultation was scheduled and the calendar invitations sent.")
            )
            return redirect("consultations:detail", pk=case.pk)
    else:
        form = f.ScheduleForm(
            team=team_qs, initial={"language": case.language, "chair": case.coordinator_id}
        )
    return _case_page(request, case, "schedule", {"form": form})


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    try:
        meeting = selectors.meeting_detail(pk)
    except Meeting.DoesNotExist as missing:
        raise Http404 from missing
    if not permissions.can_view_consultation(request.user, meeting.consultation):
        raise Http404
    return meeting


@require_safe
@require_signed_in
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    attendees = [p.user for p in meeting.participants.all()]
    _record_case_event(
        request, Action.EXPORT, meeting.consultation, "consultation.export_ics", meeting=pk
    )
    response = HttpResponse(
        services.ics_for(meeting, attendees), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{meeting.consultation.reference}-{meeting.number}.ics"'
    )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@require_signed_in
def record_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not permissions.can_write_record(request.user, meeting):
        raise PermissionDenied
    case = meeting.consultation
    participants = list(meeting.participants.all())
    confirmed = _confirmed(request) if request.method == "POST" else False
    if request.method == "POST":
        form = f.RecordForm(request.POST, confirmed=confirmed)
        people = f.ParticipantFormSet(request.POST, prefix="people")
        perspectives = f.PerspectiveFormSet(
            request.POST, prefix="perspectives", form_kwargs={"confirmed": confirmed}
        )
        steps = f.NextStepFormSet(
            request.POST, prefix="steps", form_kwargs={"confirmed": confirmed}
        )
        valid = all([form.is_valid(), people.is_valid(), perspectives.is_valid(), steps.is_valid()])
        known = {p.pk for p in participants}
        if valid and any(row.cleaned_data.get("id") not in known for row in people):
            valid = False
            messages.error(request, _("The participant list changed; please reload the page."))
        step_rows = [s.cleaned_data for s in steps if s.cleaned_data.get("what")]
        submit = request.POST.get("submit") == "1"
        if valid and submit and not step_rows:
            valid = False
            messages.error(
                request, _("Agree at least one next step (what, who, by when) before sending.")
            )
        if valid:
            services.record_save(
                meeting,
                family_took_part=form.cleaned_data["family_took_part"],
                recommendations=form.cleaned_data["recommendations"],
                participants=[p.cleaned_data for p in people],
                perspectives=[
                    {
                        "perspective": p.cleaned_data["perspective"],
                        "reason": p.cleaned_data["reason"],
                    }
                    for p in perspectives
                    if p.cleaned_data.get("perspective")
                ],
                next_steps=[
                    {"what": s["what"], "who": s["who"], "due": s["due"]} for s in step_rows
                ],
                submit=submit,
                by=request.user,
            )
            _record_case_event(
                request, Action.CHANGE, case, "consultation.record_save", meeting=pk, submit=submit
            )
            messages.success(
                request,
                _("The record was sent to the chair for approval.")
                if submit
                else _("The record was saved."),
            )
            return (
                redirect("consultations:detail", pk=case.pk)
                if submit
                else redirect("consultations:record", pk=pk)
            )
    else:
        form = f.RecordForm(
            initial={
                "family_took_part": {True: "yes", False: "no"}.get(meeting.family_took_part),
                "recommendations": meeting.recommendations,
            }
        )
        people = f.ParticipantFormSet(
            prefix="people",
            initial=[
                {
                    "id": p.pk,
                    "role": p.role,
                    "minutes_spent": p.minutes_spent or meeting.duration_minutes,
                }
                for p in participants
            ],
        )
        perspectives = f.PerspectiveFormSet(
            prefix="perspectives",
            initial=[
                {"perspective": p.perspective, "reason": p.reason}
                for p in meeting.perspectives.all()
            ],
        )
        steps = f.NextStepFormSet(
            prefix="steps",
            initial=[
                {"what": s.what, "who": s.who, "due": s.due} for s in meeting.next_steps.all()
            ],
        )
    people_named = list(zip(people, [p.user.get_full_name() for p in participants], strict=False))
    return _case_page(
        request,
        case,
        "record",
        {
            "meeting": meeting,
            "form": form,
            "people": people,
            "people_named": people_named,
            "perspectives": perspectives,
            "steps": steps,
            "warnings": form.privacy_warnings
            or any(p.privacy_warnings for p in perspectives)
            or any(s.privacy_warnings for s in steps),
        },
        meeting=pk,
    )


@require_POST
@require_signed_in
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    if not permissions.can_approve_record(request.user, meeting):
        raise PermissionDenied
    form = f.ApproveForm(request.POST)
    follow_up = form.cleaned_data.get("follow_up_date") if form.is_valid() else None
    try:
        services.record_approve(meeting, by=request.user, follow_up_date=follow_up)
    except IllegalTransition as error:
        return _refused(request, error, meeting.consultation)
    _record_case_event(
        request, Action.CHANGE, meeting.consultation, "consultation.record_approve", meeting=pk
    )
    messages.success(request, _("The record was approved; the requester can now read the memo."))
    return redirect("consultations:memo", pk=pk)


def _memo_meeting(request: HttpRequest, pk: int) -> Meeting:
    """The meeting if the user may read its memo: 404 as in `_meeting`, 403 if not the memo."""
    meeting = _meeting(request, pk)
    if not permissions.can_read_memo(request.user, meeting):
        raise PermissionDenied
    return meeting


@require_safe
@require_signed_in
def memo(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _memo_meeting(request, pk)
    _record_case_event(
        request, Action.VIEW, meeting.consultation, "consultation.memo_view", meeting=pk
    )
    return render(
        request,
        "consultations/memo.html",
        {
            "meeting": meeting,
            "case": meeting.consultation,
            "memo": pdf.memo_content(meeting),
            "can_approve": permissions.can_approve_record(request.user, meeting),
            "approve_form": f.ApproveForm(),
        },
    )


@require_safe
@require_signed_in
def memo_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _memo_meeting(request, pk)
    _record_case_event(
        request, Action.EXPORT, meeting.consultation, "consultation.memo_export_pdf", meeting=pk
    )
    response = HttpResponse(pdf.memo_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{meeting.consultation.reference}-{meeting.number}.pdf"'
    )
    return response


# --- follow-up, return, closure, feedback --------------------------------------------------


def _follow_up_context(case: Consultation, *, coordinating: bool, **forms: Any) -> dict[str, Any]:
    """The follow-up page's context with blank forms; `forms` replaces or adds (failed) ones."""
    return {
        "case": case,
        "steps": list(selectors.due_steps(case)),
        "step_form": f.StepForm(),
        "coordinating": coordinating,
        "return_form": f.ReturnForm(),
        "close_form": f.CloseForm(),
        **forms,
    }


@require_safe
@require_signed_in
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if not permissions.can_update_next_step(request.user, case):
        raise PermissionDenied
    coordinating = permissions.can_coordinate(request.user, case)
    return _case_page(
        request, case, "follow_up", _follow_up_context(case, coordinating=coordinating)
    )


@require_POST
@require_signed_in
def step_update(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_object_or_404(NextStep.objects.select_related("meeting__consultation"), pk=pk)
    case = _case(request, step.meeting.consultation_id)
    if not permissions.can_update_next_step(request.user, case):
        raise PermissionDenied
    form = f.StepForm(request.POST, confirmed=_confirmed(request))
    if form.is_valid():
        services.step_mark(
            step,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        _record_case_event(request, Action.CHANGE, case, "consultation.step_update", step=pk)
        messages.success(request, _("The next step was updated."))
        return redirect("consultations:follow_up", pk=case.pk)
    context = _follow_up_context(
        case,
        coordinating=permissions.can_coordinate(request.user, case),
        failed_step=step.pk,
        failed_form=form,
    )
    return _case_page(request, case, "follow_up", context)  # a POST: status 400


@require_POST
@require_signed_in
def case_return(request: HttpRequest, pk: int) -> HttpResponse:
    case = _coordinated_case(request, pk)
    form = f.ReturnForm(request.POST, confirmed=_confirmed(request))
    if form.is_valid():
        try:
            services.case_return(case, reason=form.cleaned_data["reason"], by=request.user)
        except IllegalTransition as error:
            return _refused(request, error, case)
        _record_case_event(request, Action.CHANGE, case, "consultation.return")
        messages.success(request, _("The case returned for a new consultation."))
        return redirect("consultations:team", pk=case.pk)
    context = _follow_up_context(case, coordinating=True, return_form=form)
    return _case_page(request, case, "follow_up", context)  # a POST: status 400


@require_POST
@require_signed_in
def close(request: HttpRequest, pk: int) -> HttpResponse:
    case = _coordinated_case(request, pk)
    form = f.CloseForm(request.POST, confirmed=_confirmed(request))
    if form.is_valid():
        try:
            services.close(case, by=request.user, **form.cleaned_data)
        except IllegalTransition as error:
            return _refused(request, error, case)
        _record_case_event(request, Action.CHANGE, case, "consultation.close")
        messages.success(request, _("The case was closed. The requester was asked for feedback."))
        return redirect("consultations:detail", pk=case.pk)
    context = _follow_up_context(case, coordinating=True, close_form=form)
    return _case_page(request, case, "follow_up", context)  # a POST: status 400


@require_http_methods(["GET", "HEAD", "POST"])
@require_signed_in
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if not permissions.can_give_feedback(request.user, case):
        raise PermissionDenied
    if case.feedback.filter(requester_id=request.user.pk).exists():
        messages.info(
            request, _("You have already given feedback on this consultation. Thank you!")
        )
        return redirect("consultations:detail", pk=case.pk)
    form = f.FeedbackForm(request.POST or None, confirmed=_confirmed(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(
                case,
                requester=request.user,
                ratings=form.ratings(),
                free_text=form.cleaned_data["free_text"],
            )
        except IntegrityError:
            messages.info(
                request, _("You have already given feedback on this consultation. Thank you!")
            )
            return redirect("consultations:detail", pk=case.pk)
        _record_case_event(request, Action.CHANGE, case, "consultation.feedback")
        messages.success(request, _("Thank you for your feedback."))
        return redirect("consultations:detail", pk=case.pk)
    return _case_page(request, case, "feedback", {"form": form})


@require_safe
@require_signed_in
def feedback_report(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = get_object_or_404(Centre, slug=centre_slug)
    if not permissions.can_view_feedback_report(request.user, centre):
        raise PermissionDenied
    record(
        Action.VIEW,
        request=request,
        centre_id=centre.pk,
        detail={"event": "consultation.feedback_report"},
    )
    return render(
        request,
        "consultations/feedback_report.html",
        {
            "centre": centre,
            "rows": selectors.feedback_by_line(centre),
            "marks": list(FeedbackMark),
        },
    )


# --- OT-mittari versions (leadership) ------------------------------------------------------


def _require_instrument_manager(request: HttpRequest) -> None:
    if not permissions.can_manage_instruments(request.user):
        raise PermissionDenied


@require_safe
@require_signed_in
def instruments(request: HttpRequest) -> HttpResponse:
    _require_instrument_manager(request)
    return render(
        request,
        "consultations/instruments.html",
        {
            "instruments": Instrument.objects.all().order_by("key", "-created_at"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@require_signed_in
def instrument_new(request: HttpRequest) -> HttpResponse:
    """Import a new version, or edit one: editing always saves a new version."""
    _require_instrument_manager(request)
    base = None
    base_id = request.GET.get("from", "")
    if base_id.isdigit():
        base = Instrument.objects.filter(pk=int(base_id)).first()
    if request.method == "POST":
        form = f.InstrumentForm(request.POST, request.FILES)
        if form.is_valid():
            definition = form.cleaned_data["definition"]
            if Instrument.objects.filter(
                key=definition["key"], version=definition["version"]
            ).exists():
                form.add_error(
                    "definition_text",
                    _("Version %(v)s already exists: give the new version its own number.")
                    % {"v": definition["version"]},
                )
            else:
                instrument = services.instrument_import(
                    definition=definition, by=request.user, activate=form.cleaned_data["activate"]
                )
                record(
                    Action.CREATE,
                    request=request,
                    target=instrument,
                    detail={"event": "instrument.import"},
                )
                messages.success(request, _("Version %(v)s saved.") % {"v": instrument.version})
                return redirect("consultations:instruments")
    else:
        form = f.InstrumentForm(initial={"definition_text": base.to_json() if base else ""})
    return render(
        request,
        "consultations/instrument_form.html",
        {"form": form, "base": base},
        status=_form_status(request),
    )


@require_POST
@require_signed_in
def instrument_activate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_instrument_manager(request)
    instrument = get_object_or_404(Instrument, pk=pk)
    services.instrument_activate(instrument)
    record(
        Action.CHANGE, request=request, target=instrument, detail={"event": "instrument.activate"}
    )
    messages.success(request, _("Version %(v)s is now in use.") % {"v": instrument.version})
    return redirect("consultations:instruments")
