"""A consultation case from request to feedback. Pseudonymous: no names or identity codes of
the client anywhere; free text passes the privacy guard (guard.py) in every form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.consultations.instrument import Assessment, Instrument, Level  # noqa: F401  (models)
from apps.consultations.states import Action, State
from apps.network.models import Actor, Competence, Line
from apps.organisations.models import Centre, WellbeingRegion

USER = settings.AUTH_USER_MODEL


class AgeBand(models.TextChoices):
    A0_2 = "0-2", _("0–2 years")
    A3_6 = "3-6", _("3–6 years")
    A7_12 = "7-12", _("7–12 years")
    A13_15 = "13-15", _("13–15 years")
    A16_17 = "16-17", _("16–17 years")
    A18_29 = "18-29", _("18–29 years")
    FAMILY = "family", _("the whole family / several children")


class Urgency(models.TextChoices):
    ACUTE = "acute", _("acute")
    TWO_WEEKS = "two_weeks", _("within two weeks")
    NORMAL = "normal", _("normal")


# Target time to a triage decision per urgency, in hours; past it a request is overdue.
URGENCY_TARGET_HOURS = {Urgency.ACUTE: 24, Urgency.TWO_WEEKS: 24 * 5, Urgency.NORMAL: 24 * 14}
URGENCY_ORDER = {Urgency.ACUTE: 0, Urgency.TWO_WEEKS: 1, Urgency.NORMAL: 2}


class FormOfHelp(models.TextChoices):
    CONSULTATION = "consultation", _("multi-professional consultation")
    WRITTEN = "written", _("written recommendation")
    CLIENT_MEETING = "client_meeting", _("a single client meeting as an intervention")
    OUTREACH = "outreach", _("outreach support in the client's environment")


class HelpWished(models.TextChoices):
    CONSULTATION = "consultation", _("multi-professional consultation")
    WRITTEN = "written", _("written recommendation")
    CLIENT_MEETING = "client_meeting", _("a client meeting")
    OUTREACH = "outreach", _("outreach support")
    UNSURE = "unsure", _("not sure: the centre may suggest")


class RedirectTarget(models.TextChoices):
    BASIC = "basic", _("basic-level services")
    SPECIALIST = "specialist", _("specialist-level services")


class PrivacyBasis(models.TextChoices):
    NOT_IDENTIFYING = "not_identifying", _("The description does not identify the client.")
    CONSENT = "consent", _("The client or guardian has consented (code recorded).")
    LEGAL_BASIS = "legal_basis", _("There is a legal basis for disclosure (code recorded).")


class ConsultationLanguage(models.TextChoices):
    FI = "fi", "suomi"
    SV = "sv", "svenska"
    EN = "en", "English"


class GapCategory(models.TextChoices):
    MISSING_SERVICE = "missing_service", _("missing service")
    COORDINATION = "coordination", _("coordination failure")
    WAITING = "waiting", _("waiting time")
    LEGAL = "legal", _("legal or administrative ambiguity")
    EXPERTISE = "expertise", _("lack of expertise")
    OTHER = "other", _("other")


class Consultation(models.Model):
    """One case: the request, its triage, team, consultations (meetings), follow-up."""

    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("centre")
    )
    reference = models.CharField(_("reference"), max_length=32, unique=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SUBMITTED, db_index=True
    )
    requester = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_requests",
        verbose_name=_("requester"),
    )
    filed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("filed by")
    )
    caller = models.CharField(
        _("caller (profession and organisation)"),
        max_length=200,
        blank=True,
        help_text=_("When a coordinator files the request on behalf of a caller."),
    )
    # The request
    question = models.TextField(_("the question for the consultation"))
    situation = models.TextField(_("the situation, described pseudonymously"))
    age_band = models.CharField(
        _("age of the child or young person"), max_length=8, choices=AgeBand.choices
    )
    services_involved = models.TextField(_("services already involved"), blank=True)
    tried = models.TextField(_("what has been tried"), blank=True)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    help_wished = models.CharField(
        _("help wished for"), max_length=16, choices=HelpWished.choices, default=HelpWished.UNSURE
    )
    region = models.ForeignKey(
        WellbeingRegion,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("wellbeing region"),
    )
    lines = models.ManyToManyField(
        Line, blank=True, related_name="consultations", verbose_name=_("lines")
    )
    language = models.CharField(
        _("language of the consultation"),
        max_length=2,
        choices=ConsultationLanguage.choices,
        default=ConsultationLanguage.FI,
    )
    privacy_basis = models.CharField(
        _("privacy confirmation"), max_length=16, choices=PrivacyBasis.choices
    )
    privacy_basis_code = models.CharField(
        _("consent or legal-basis code"), max_length=60, blank=True
    )
    submitted_at = models.DateTimeField(_("arrived"), db_index=True)
    # Triage
    coordinator = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_consultations",
        verbose_name=_("coordinator"),
    )
    form_of_help = models.CharField(
        _("form of help"), max_length=16, choices=FormOfHelp.choices, blank=True
    )
    competences_needed = models.ManyToManyField(
        Competence, blank=True, related_name="+", verbose_name=_("competences needed")
    )
    decision_note = models.TextField(_("note on the decision"), blank=True)
    redirect_target = models.CharField(
        _("redirected to"), max_length=16, choices=RedirectTarget.choices, blank=True
    )
    redirect_reason = models.TextField(_("reason for the redirection"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Follow-up and closure
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    what_worked = models.TextField(_("what worked"), blank=True)
    gap_categories = models.JSONField(_("gaps in the service system"), default=list, blank=True)
    gaps_text = models.TextField(_("the gaps in words"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Set by the retention run when the free texts of a closed case were removed.
    narrative_removed_at = models.DateTimeField(
        _("free texts removed by retention"), null=True, blank=True
    )
    feedback_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    feedback_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("-submitted_at", "-id")
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        indexes = (models.Index(fields=["centre", "state"], name="consultation_centre_state"),)

    def __str__(self) -> str:
        return self.reference

    @property
    def current_assessment(self) -> Assessment | None:
        return self.assessments.order_by("-created_at", "-id").first()


class TimelineEvent(models.Model):
    """One entry of a case's timeline: every transition, and other steps worth showing."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("consultation"),
    )
    action = models.CharField(_("action"), max_length=32)
    from_state = models.CharField(_("from"), max_length=16, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=State.choices, blank=True)
    by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ("at", "id")
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.action}"

    @property
    def is_transition(self) -> bool:
        return bool(self.to_state)

    @property
    def label(self) -> str:
        if self.action in Action.values:
            return str(Action(self.action).label)
        return str(EVENT_LABELS.get(self.action, self.action))


EVENT_LABELS = {
    "assessed": _("OT-mittari assessment"),
    "assigned": _("coordinator assigned"),
    "invited": _("expert invited"),
    "invitation_accepted": _("invitation accepted"),
    "invitation_declined": _("invitation declined"),
    "invitation_withdrawn": _("invitation withdrawn"),
    "record_submitted": _("record sent for approval"),
    "step_done": _("next step done"),
    "step_not_done": _("next step not done"),
    "reminder_sent": _("reminder sent"),
    "feedback_given": _("feedback given"),
}


class RequestDraft(models.Model):
    """What a requester has typed into the request form so far, saved as they type.

    Identity codes are masked before a draft is stored (guard.py)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="consultation_drafts")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-updated_at",)
        verbose_name = _("request draft")
        verbose_name_plural = _("request drafts")

    def __str__(self) -> str:
        return f"draft {self.pk}"

    @property
    def title(self) -> str:
        question = str(self.data.get("question", "")).strip()
        return question[:80] or str(_("(no question yet)"))


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="invitations"
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("expert")
    )
    user = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="consultation_invitations"
    )
    message = models.TextField(_("message to the expert"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    answer_reason = models.TextField(_("reason"), blank=True)
    reasons = models.JSONField(_("why suggested"), default=list, blank=True)
    invited_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("invited_at", "id")
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.consultation_id} → {self.actor_id}"


class Meeting(models.Model):
    """One consultation (meeting) of a case; a returned case gets another, linked by the case."""

    class RecordStatus(models.TextChoices):
        DRAFT = "draft", _("being written")
        SUBMITTED = "submitted", _("waiting for the chair's approval")
        APPROVED = "approved", _("approved")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="meetings"
    )
    number = models.PositiveIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    language = models.CharField(
        _("language of the consultation and memo"),
        max_length=2,
        choices=ConsultationLanguage.choices,
        default=ConsultationLanguage.FI,
    )
    chair = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("chair")
    )
    scribe = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("scribe")
    )
    family_took_part = models.BooleanField(
        _("the child or family took part"), null=True, blank=True
    )
    recommendations = models.TextField(_("recommendations"), blank=True)
    record_status = models.CharField(
        _("record"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("consultation", "number")
        verbose_name = _("consultation meeting")
        verbose_name_plural = _("consultation meetings")
        constraints = (
            models.UniqueConstraint(
                fields=["consultation", "number"], name="meeting_unique_number"
            ),
        )

    def __str__(self) -> str:
        return f"{self.consultation} #{self.number}"


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the consultation"), max_length=120)
    minutes_spent = models.PositiveIntegerField(_("time spent (minutes)"), null=True, blank=True)

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(fields=["meeting", "user"], name="participant_unique_user"),
        )

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.role}"


class Perspective(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="perspectives")
    perspective = models.TextField(_("perspective"))
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return self.perspective[:40]


class NextStep(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        NOT_DONE = "not_done", _("not done")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="next_steps")
    what = models.TextField(_("what"))
    who = models.CharField(_("who (role, not a name of the client)"), max_length=200)
    due = models.DateField(_("by when"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    not_done_reason = models.TextField(_("why not done"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("due", "id")

    def __str__(self) -> str:
        return self.what[:40]


class FeedbackMark(models.TextChoices):
    """The twelve marks of a good consultation, collected from professionals."""

    TIMELINESS = "timeliness", _("timeliness")
    TRUST = "trust", _("trust")
    OPENNESS = "openness", _("openness")
    SAFETY = "safety", _("safety")
    CALM = "calm", _("calm")
    HEARD = "heard", _("being heard (me and the client)")
    LEADERSHIP = "leadership", _("someone leads the talk")
    DOCUMENTATION = "documentation", _("documentation")
    NEW_PERSPECTIVES = "new_perspectives", _("new perspectives")
    COLLABORATION = "collaboration", _("real collaboration")
    NEXT_STEPS = "next_steps", _("concrete next steps")
    RETURN = "return", _("the possibility to return")


class Feedback(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="feedback"
    )
    requester = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    ratings = models.JSONField(_("ratings"))
    free_text = models.TextField(_("in your own words"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        constraints = (
            models.UniqueConstraint(
                fields=["consultation", "requester"], name="feedback_one_per_requester"
            ),
        )

    def __str__(self) -> str:
        return f"feedback {self.consultation_id}"
