from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.network.models import Line
from apps.network.selectors import MAX_QUERY_LENGTH


class StationFilterForm(forms.Form):
    line = forms.ModelChoiceField(
        label=_("Line"),
        queryset=Line.objects.none(),
        required=False,
        empty_label=_("All lines"),
        to_field_name="key",
    )
    q = forms.CharField(
        label=_("Search stations"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("Name, title, contact person or competence"),
    )

    def __init__(self, *args: object, lines: QuerySet[Line], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        line_field = cast(forms.ModelChoiceField, self.fields["line"])
        line_field.queryset = lines
        line_field.label_from_instance = lambda line: line.name  # type: ignore[method-assign]
