from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.network.models import Actor, ClientGroup, Competence, Line
from apps.network.selectors import MAX_QUERY_LENGTH
from apps.organisations.models import Centre, WellbeingRegion

StrOrPromise = str | Promise


def _optional_model_choice(
    model: type[Model], label: StrOrPromise, empty_label: StrOrPromise, **kwargs: Any
) -> forms.ModelChoiceField:
    """A filter that may be left empty; the form's __init__ gives it the centre's choices."""
    return forms.ModelChoiceField(
        label=label,
        queryset=model._default_manager.none(),
        required=False,
        empty_label=empty_label,
        **kwargs,
    )


def _optional_choice(
    label: StrOrPromise, empty_label: StrOrPromise, choices: list[tuple[str, StrOrPromise]]
) -> forms.ChoiceField:
    """A filter that may be left empty (its first choice, `empty_label`)."""
    return forms.ChoiceField(label=label, required=False, choices=[("", empty_label), *choices])


def _offer_lines(field: forms.Field, lines: QuerySet[Line]) -> None:
    """Let a line filter choose among `lines`, each shown by its name."""
    line_field = cast(forms.ModelChoiceField, field)
    line_field.queryset = lines
    line_field.label_from_instance = lambda line: line.name  # type: ignore[method-assign]


class StationFilterForm(forms.Form):
    line = _optional_model_choice(Line, _("Line"), _("All lines"), to_field_name="key")
    q = forms.CharField(
        label=_("Search stations"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Name, title, contact person or competence"),
    )

    def __init__(self, *args: object, lines: QuerySet[Line], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _offer_lines(self.fields["line"], lines)


# --- editing -------------------------------------------------------------------------------

LANGUAGE_HELP = _("ISO 639-1 codes separated by commas, e.g. fi, sv, en, ar")


class DescribedErrorsMixin:
    """Ties each field's help and error texts to it with aria-describedby."""

    def _post_clean(self) -> None:  # type: ignore[override]
        super()._post_clean()  # type: ignore[misc]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            ids = []
            if field.help_text:
                ids.append(f"id_{name}_helptext")
            if name in self.errors:  # type: ignore[attr-defined]
                ids.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class LineForm(DescribedErrorsMixin, forms.ModelForm):
    client_groups = forms.MultipleChoiceField(
        label=_("Client groups"),
        choices=ClientGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Line
        fields = (
            "key",
            "name_fi",
            "name_sv",
            "name_en",
            "description_fi",
            "description_sv",
            "description_en",
            "colour",
            "client_groups",
        )
        widgets = {  # noqa: RUF012
            "colour": forms.TextInput(attrs={"type": "color"}),
            "description_fi": forms.Textarea(attrs={"rows": 3}),
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        clash = Line.objects.filter(centre=self.centre, key=key).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another line already has this identifier."))
        return key


# An actor's details that both the editing form and the spreadsheet (sheets.COLUMNS) carry, in
# this order. A new one here is also a new spreadsheet column, which sheets.py must then read.
ACTOR_DETAILS = (
    "sector",
    "organisation",
    "region",
    "contact_name",
    "contact_email",
    "contact_phone",
    "competences",
    "keywords",
    "languages",
    "availability",
    "unavailable_until",
    "consent_to_publish",
)


class ActorForm(DescribedErrorsMixin, forms.ModelForm):
    languages = forms.CharField(
        label=_("Languages"), required=False, max_length=200, help_text=LANGUAGE_HELP
    )

    class Meta:
        model = Actor
        fields = (
            "key",
            "kind",
            "name",
            "title",
            "description",
            *ACTOR_DETAILS,
            "is_active",
        )
        widgets = {  # noqa: RUF012
            "description": forms.Textarea(attrs={"rows": 3}),
            "competences": forms.CheckboxSelectMultiple,
            "unavailable_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        competences = cast(forms.ModelMultipleChoiceField, self.fields["competences"])
        competences.queryset = Competence.objects.filter(centre=centre)
        region = cast(forms.ModelChoiceField, self.fields["region"])
        region.queryset = WellbeingRegion.objects.filter(area=centre.area)
        if self.instance.pk:
            self.initial["languages"] = ", ".join(self.instance.languages)

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        clash = Actor.objects.filter(centre=self.centre, key=key).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another actor already has this identifier."))
        return key

    def clean_languages(self) -> list[str]:
        return parse_languages(self.cleaned_data.get("languages", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("availability") == Actor.Availability.UNAVAILABLE and not data.get(
            "unavailable_until"
        ):
            self.add_error(
                "unavailable_until", _("Give the date until which the actor is unavailable.")
            )
        return data


def parse_languages(raw: str) -> list[str]:
    """ "fi, sv;EN" -> ["fi", "sv", "en"]; raises ValidationError naming a bad code."""
    codes: list[str] = []
    for part in raw.replace(";", ",").split(","):
        code = part.strip().lower()
        if not code:
            continue
        if not (len(code) == 2 and code.isascii() and code.isalpha()):
            raise forms.ValidationError(
                _("“%(code)s” is not a two-letter language code (ISO 639-1)."),
                params={"code": part.strip()},
            )
        if code not in codes:
            codes.append(code)
    return codes


class StopAddForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Station"), queryset=Actor.objects.none())
    position = forms.IntegerField(
        label=_("Place on the line"),
        required=False,
        min_value=1,
        help_text=_("1 is the first stop; empty puts the station at the end."),
    )

    def __init__(self, *args: Any, line: Line, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor = cast(forms.ModelChoiceField, self.fields["actor"])
        actor.queryset = Actor.objects.filter(centre=line.centre, is_active=True).exclude(
            stops__line=line
        )


class GuidelineForm(DescribedErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Markdown: **bold**, *italic*, lists with -, links [text](https://…)."),
    )


class DirectoryForm(DescribedErrorsMixin, forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=MAX_QUERY_LENGTH)
    competence = _optional_model_choice(Competence, _("Competence"), _("Any competence"))
    line = _optional_model_choice(Line, _("Line"), _("All lines"), to_field_name="key")
    language = forms.CharField(
        label=_("Language"), required=False, max_length=2, help_text=_("Two-letter code, e.g. sv")
    )
    region = _optional_model_choice(WellbeingRegion, _("Wellbeing region"), _("Any region"))
    sector = _optional_choice(_("Sector"), _("Any sector"), Actor.Sector.choices)
    availability = _optional_choice(
        _("Availability"), _("Any availability"), Actor.Availability.choices
    )

    def __init__(self, *args: Any, centre: Centre, lines: QuerySet[Line], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._model_choice("competence").queryset = Competence.objects.filter(centre=centre)
        _offer_lines(self.fields["line"], lines)
        self._model_choice("region").queryset = WellbeingRegion.objects.filter(area=centre.area)

    def _model_choice(self, name: str) -> forms.ModelChoiceField:
        return cast(forms.ModelChoiceField, self.fields[name])

    def clean_language(self) -> str:
        code = self.cleaned_data.get("language", "").strip().lower()
        if code and not (len(code) == 2 and code.isalpha()):
            raise forms.ValidationError(_("Give a two-letter language code, e.g. sv."))
        return code


class SheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("The columns of the export; at most 2 MB."),
    )


class CompetenceForm(DescribedErrorsMixin, forms.ModelForm):
    class Meta:
        model = Competence
        fields = ("slug", "name_fi", "name_sv", "name_en")

    def __init__(self, *args: Any, centre: Centre, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        clash = Competence.objects.filter(centre=self.centre, slug=slug).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(_("Another competence already has this identifier."))
        return slug
