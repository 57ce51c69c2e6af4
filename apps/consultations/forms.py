"""Forms of the consultation journey. Every free-text field passes the privacy guard."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from apps.consultations import guard
from apps.consultations.instrument import InstrumentError, Level, text, validate_definition
from apps.consultations.models import (
    AgeBand,
    ConsultationLanguage,
    FeedbackMark,
    FormOfHelp,
    GapCategory,
    HelpWished,
    NextStep,
    PrivacyBasis,
    RedirectTarget,
    Urgency,
)
from apps.network.models import Competence, Line
from apps.organisations.models import Centre, WellbeingRegion

WARNING_NAMES = {
    guard.FindingKind.PHONE: _("a phone number"),
    guard.FindingKind.EMAIL: _("an e-mail address"),
    guard.FindingKind.ADDRESS: _("a street address"),
}
CONFIRM_FIELD = "privacy_warnings_confirmed"


class GuardedForm(forms.Form):
    """A form whose free-text fields are checked by the privacy guard.

    Identity codes are refused; phone numbers, e-mail and street addresses are refused until
    the user confirms (the CONFIRM_FIELD checkbox, posted with the form). Errors are tied to
    their fields with aria-describedby; the bound data is kept, so nothing typed is lost.
    """

    guard_exempt: tuple[str, ...] = ()

    def __init__(self, *args: Any, confirmed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.confirmed = confirmed
        self.privacy_warnings = False

    def _guarded_names(self) -> list[str]:
        return [
            name
            for name, field in self.fields.items()
            if type(field) is forms.CharField and name not in self.guard_exempt
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self._guarded_names():
            value = cleaned.get(name)
            if not value:
                continue
            for finding in guard.scan(str(value)):
                line, column, context = guard.place_in_text(str(value), finding)
                where = {"line": line, "column": column, "context": context or "…"}
                if finding.blocks:
                    self.add_error(
                        name,
                        _(
                            "This text contains a Finnish personal identity code (line "
                            "%(line)s, character %(column)s, after “%(context)s”). Remove it: "
                            "consultations are pseudonymous. Your text has been kept."
                        )
                        % where,
                    )
                elif not self.confirmed:
                    self.privacy_warnings = True
                    self.add_error(
                        name,
                        _(
                            "This text seems to contain %(what)s (line %(line)s, character "
                            "%(column)s, after “%(context)s”). Remove it if it identifies the "
                            "client; otherwise confirm below and send again."
                        )
                        % {**where, "what": WARNING_NAMES[finding.kind]},
                    )
        return cleaned

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                error_id = f"{self[name].auto_id}_errors"
                help_id = f"{self[name].auto_id}_helptext" if self.fields[name].help_text else ""
                described = attrs.get("aria-describedby", help_id)
                if error_id not in described:
                    attrs["aria-describedby"] = f"{error_id} {described}".strip()


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RequestForm(GuardedForm):
    question = forms.CharField(
        label=_("Your question for the consultation"),
        max_length=2000,
        widget=_textarea(3),
        help_text=_("One question: what do you need help with?"),
    )
    situation = forms.CharField(
        label=_("The situation, without names or identity codes"),
        max_length=8000,
        widget=_textarea(6),
        help_text=_("Describe the situation so that the client cannot be recognised."),
    )
    age_band = forms.ChoiceField(
        label=_("Age of the child or young person"), choices=AgeBand.choices
    )
    services_involved = forms.CharField(
        label=_("Services already involved"), max_length=4000, required=False, widget=_textarea(3)
    )
    tried = forms.CharField(
        label=_("What has been tried"), max_length=4000, required=False, widget=_textarea(3)
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=Urgency.choices,
        widget=forms.RadioSelect,
        initial=Urgency.NORMAL,
    )
    help_wished = forms.ChoiceField(
        label=_("Help wished for"), choices=HelpWished.choices, initial=HelpWished.UNSURE
    )
    region = forms.ModelChoiceField(
        label=_("Wellbeing region"), queryset=WellbeingRegion.objects.all(), empty_label=None
    )
    lines = forms.ModelMultipleChoiceField(
        label=_("Lines the situation concerns"),
        queryset=Line.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of the consultation"),
        choices=ConsultationLanguage.choices,
        initial=ConsultationLanguage.FI,
    )
    privacy_basis = forms.ChoiceField(
        label=_("Before sending, confirm"),
        choices=PrivacyBasis.choices,
        widget=forms.RadioSelect,
    )
    privacy_basis_code = forms.CharField(
        label=_("Consent or legal-basis code"),
        max_length=60,
        required=False,
        help_text=_("Only when you chose consent or a legal basis: the code, not the document."),
    )
    guard_exempt = ("privacy_basis_code",)

    def __init__(
        self,
        *args: Any,
        centres: list[Centre],
        on_behalf: bool = False,
        requesters: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if len(centres) > 1:
            self.fields["centre"] = forms.ModelChoiceField(
                label=_("OT centre"),
                queryset=Centre.objects.filter(pk__in=[c.pk for c in centres]),
                empty_label=None,
            )
        self.centres = centres
        lines = self.fields["lines"]
        lines.queryset = Line.objects.filter(centre__in=centres).order_by("centre", "order", "key")  # type: ignore[attr-defined]
        lines.label_from_instance = lambda line: line.name  # type: ignore[attr-defined]
        region = self.fields["region"]
        region.queryset = WellbeingRegion.objects.filter(area__centre__in=centres).order_by(
            "name_fi"
        )  # type: ignore[attr-defined]
        region.label_from_instance = lambda r: r.name  # type: ignore[attr-defined]
        if on_behalf:
            self.fields["caller"] = forms.CharField(
                label=_("Filed on behalf of a caller: their profession and organisation"),
                max_length=200,
                required=False,
                help_text=_("Leave empty when you file for yourself."),
            )
            self.fields["requester"] = forms.ModelChoiceField(
                label=_("The caller's account, if they have one"),
                queryset=requesters,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        basis = cleaned.get("privacy_basis")
        if basis in (PrivacyBasis.CONSENT, PrivacyBasis.LEGAL_BASIS) and not cleaned.get(
            "privacy_basis_code"
        ):
            self.add_error("privacy_basis_code", _("Give the code of the consent or legal basis."))
        centre = cleaned.get("centre") or (self.centres[0] if self.centres else None)
        cleaned["centre"] = centre
        for line in cleaned.get("lines") or []:
            if centre and line.centre_id != centre.pk:
                self.add_error("lines", _("Choose lines of the chosen centre only."))
                break
        return cleaned


class AssignForm(forms.Form):
    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=None, empty_label=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, coordinators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coordinator"]
        field.queryset = coordinators  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.get_full_name()  # type: ignore[attr-defined]


class AssessmentForm(GuardedForm):
    """Built from an instrument version's definition: one radio group per item."""

    DONT_KNOW = "null"

    def __init__(self, *args: Any, instrument: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        definition = instrument.definition
        self.dimensions: list[tuple[str, list[str]]] = []
        for dimension in definition["dimensions"]:
            names = []
            for item in dimension["items"]:
                choices = [
                    (
                        self.DONT_KNOW if o.get("value") is None else str(o["value"]),
                        text(o["label"]),
                    )
                    for o in definition["scales"][item["scale"]]
                ]
                name = f"item_{item['key']}"
                self.fields[name] = forms.ChoiceField(
                    label=text(item["text"]), choices=choices, widget=forms.RadioSelect
                )
                names.append(name)
            self.dimensions.append((text(dimension["name"]), names))
        self.fields["agreed_level"] = forms.ChoiceField(
            label=_("Agreed level"),
            choices=[("", _("as computed")), *list(Level.choices)],
            required=False,
            help_text=_("Professional judgement may differ from the computed level; say why."),
        )
        self.fields["override_reason"] = forms.CharField(
            label=_("Why the agreed level differs"), required=False, widget=_textarea(2)
        )
        self.fields["with_requester"] = forms.BooleanField(
            label=_("Filled in together with the requester"), required=False, initial=True
        )

    def dimension_fields(self) -> list[tuple[str, list[Any]]]:
        return [(title, [self[n] for n in names]) for title, names in self.dimensions]

    def answers(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("item_"):
                out[name[5:]] = (
                    None
                    if value == self.DONT_KNOW
                    else float(value)
                    if "." in value
                    else int(value)
                )
        return out

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("agreed_level") and not cleaned.get("override_reason"):
            from apps.consultations.instrument import score

            if all(n in cleaned for n in self.fields if n.startswith("item_")):
                computed = score(self.instrument.definition, self.answers()).level
                if computed != cleaned["agreed_level"]:
                    self.add_error(
                        "override_reason",
                        _("Say why the agreed level differs from the computed one."),
                    )
        return cleaned


class DecisionForm(GuardedForm):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("help", _("The centre helps")), ("redirect", _("Redirect to another service"))],
        widget=forms.RadioSelect,
        initial="help",
    )
    form_of_help = forms.ChoiceField(
        label=_("Form of help"), choices=[("", "—"), *list(FormOfHelp.choices)], required=False
    )
    competences = forms.ModelMultipleChoiceField(
        label=_("Competences needed"),
        queryset=Competence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note on the decision"), required=False, widget=_textarea(2))
    redirect_target = forms.ChoiceField(
        label=_("Redirect to"), choices=[("", "—"), *list(RedirectTarget.choices)], required=False
    )
    redirect_reason = forms.CharField(
        label=_("Reason for the redirection (sent to the requester)"),
        required=False,
        widget=_textarea(3),
    )

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["competences"]
        field.queryset = Competence.objects.filter(centre=centre)  # type: ignore[attr-defined]
        field.label_from_instance = lambda c: c.name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("outcome") == "help" and not cleaned.get("form_of_help"):
            self.add_error("form_of_help", _("Choose the form of help."))
        if cleaned.get("outcome") == "redirect":
            if not cleaned.get("redirect_target"):
                self.add_error("redirect_target", _("Choose where to redirect."))
            if not cleaned.get("redirect_reason"):
                self.add_error("redirect_reason", _("Give the reason: the requester reads it."))
        return cleaned


class InviteForm(GuardedForm):
    actor = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the expert"), required=False, max_length=2000, widget=_textarea(2)
    )


class AnswerForm(GuardedForm):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("I accept")), ("decline", _("I decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (required when you decline)"), required=False, widget=_textarea(2)
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("answer") == "decline" and not cleaned.get("reason"):
            self.add_error("reason", _("Tell the coordinator why you decline."))
        return cleaned


class ScheduleForm(GuardedForm):
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=60
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    language = forms.ChoiceField(
        label=_("Language of the consultation and memo"), choices=ConsultationLanguage.choices
    )
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=None)  # type: ignore[arg-type]
    scribe = forms.ModelChoiceField(label=_("Scribe"), queryset=None)  # type: ignore[arg-type]
    # A meeting room, not the client's address: the street-address warning does not apply.
    guard_exempt = ("place",)

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("chair", "scribe"):
            field = self.fields[name]
            field.queryset = team  # type: ignore[attr-defined]
            field.label_from_instance = lambda u: u.get_full_name()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("online_link"):
            self.add_error("place", _("Give a place or an online link."))
        return cleaned


class RecordForm(GuardedForm):
    family_took_part = forms.TypedChoiceField(
        label=_("Did the child or family take part?"),
        choices=[("yes", _("yes")), ("no", _("no"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    recommendations = forms.CharField(label=_("Recommendations"), widget=_textarea(5))


class ParticipantForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.CharField(label=_("Role in the consultation"), max_length=120)
    minutes_spent = forms.IntegerField(label=_("Time spent (minutes)"), min_value=0, max_value=6000)


class PerspectiveForm(GuardedForm):
    perspective = forms.CharField(
        label=_("Perspective raised"), required=False, widget=_textarea(2)
    )
    reason = forms.CharField(label=_("Its reason"), required=False, widget=_textarea(2))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if bool(cleaned.get("perspective")) != bool(cleaned.get("reason")):
            self.add_error(
                "reason" if cleaned.get("perspective") else "perspective",
                _("A perspective needs its reason, and a reason its perspective."),
            )
        return cleaned


class NextStepForm(GuardedForm):
    what = forms.CharField(label=_("What"), required=False, widget=_textarea(2))
    who = forms.CharField(label=_("Who (a role or service)"), required=False, max_length=200)
    due = forms.DateField(
        label=_("By when"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        filled = [bool(cleaned.get(n)) for n in ("what", "who", "due")]
        if any(filled) and not all(filled):
            for name in ("what", "who", "due"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("A next step needs what, who and by when."))
        return cleaned


ParticipantFormSet = formset_factory(ParticipantForm, extra=0)
PerspectiveFormSet = formset_factory(PerspectiveForm, extra=2)
NextStepFormSet = formset_factory(NextStepForm, extra=2)


class ApproveForm(forms.Form):
    follow_up_date = forms.DateField(
        label=_("Follow-up date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class StepForm(GuardedForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(NextStep.Status.DONE, _("done")), (NextStep.Status.NOT_DONE, _("not done"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Why not done"), required=False, widget=_textarea(2))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("status") == NextStep.Status.NOT_DONE and not cleaned.get("reason"):
            self.add_error("reason", _("Say why the step was not done."))
        return cleaned


class ReturnForm(GuardedForm):
    reason = forms.CharField(label=_("Why the case returns"), widget=_textarea(3))


class CloseForm(GuardedForm):
    what_worked = forms.CharField(label=_("What worked"), widget=_textarea(3))
    gap_categories = forms.MultipleChoiceField(
        label=_("Gaps the case revealed in the service system"),
        choices=GapCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gaps_text = forms.CharField(label=_("The gaps in words"), required=False, widget=_textarea(3))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("gap_categories") and not cleaned.get("gaps_text"):
            self.add_error(
                "gap_categories", _("Choose at least one gap, or describe the findings in words.")
            )
        return cleaned


class FeedbackForm(GuardedForm):
    free_text = forms.CharField(label=_("In your own words"), required=False, widget=_textarea(4))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = [(str(n), str(n)) for n in range(1, 6)]
        for mark in FeedbackMark:
            self.fields[f"mark_{mark.value}"] = forms.TypedChoiceField(
                label=mark.label, choices=scale, coerce=int, widget=forms.RadioSelect
            )
        self.order_fields([f"mark_{m.value}" for m in FeedbackMark] + ["free_text"])

    def ratings(self) -> dict[str, int]:
        return {m.value: self.cleaned_data[f"mark_{m.value}"] for m in FeedbackMark}


class InstrumentForm(forms.Form):
    definition_file = forms.FileField(label=_("Instrument as a JSON file"), required=False)
    definition_text = forms.CharField(
        label=_("…or the definition as JSON text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
    )
    activate = forms.BooleanField(label=_("Take this version into use now"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw = cleaned.get("definition_text") or ""
        upload = cleaned.get("definition_file")
        if upload:
            if upload.size > 1_000_000:
                self.add_error("definition_file", _("The file is larger than 1 MB."))
                return cleaned
            try:
                raw = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("definition_file", _("The file is not UTF-8 text."))
                return cleaned
        if not raw.strip():
            self.add_error("definition_text", _("Give a JSON file or paste the JSON text."))
            return cleaned
        try:
            definition = json.loads(raw)
        except json.JSONDecodeError as error:
            field = "definition_file" if upload else "definition_text"
            self.add_error(
                field,
                _("This is not valid JSON: %(msg)s at line %(line)s, column %(col)s.")
                % {"msg": error.msg, "line": error.lineno, "col": error.colno},
            )
            return cleaned
        try:
            validate_definition(definition)
        except InstrumentError as error:
            self.add_error("definition_file" if upload else "definition_text", str(error))
            return cleaned
        cleaned["definition"] = definition
        return cleaned
