from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.audit.models import Action, AuditEntry


class AuditSearchForm(forms.Form):
    who = forms.CharField(
        label=_("User"), required=False, max_length=254, help_text=_("Part of an e-mail address")
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *Action.choices]
    )
    object_type = forms.CharField(
        label=_("Object type"),
        required=False,
        max_length=100,
        help_text=_("For example accounts.user"),
    )
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        help_text=_("Date as YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        help_text=_("Date as YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    unusual = forms.BooleanField(
        label=_("Only unusual entries"),
        required=False,
        help_text=_(
            "Out of office hours (20–7 and weekends), exports, break-glass access and failed"
            " sign-ins"
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        """Apply the valid filters; an invalid form filters nothing more (errors are shown)."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["who"]:
            entries = entries.filter(user_label__icontains=data["who"])
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["object_type"]:
            entries = entries.filter(object_type=data["object_type"].strip().lower())
        if data["object_id"]:
            entries = entries.filter(object_id=data["object_id"].strip())
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
        if data["unusual"]:
            entries = entries.filter(unusual_entries())
        return entries

    def used_filters(self) -> dict[str, str]:
        """The filters as text, for the audit entry that records the search itself."""
        if not self.is_bound:
            return {}
        return {k: str(v) for k, v in self.data.items() if k in self.fields and v}


# Office hours in the installation's time zone (settings.TIME_ZONE); week_day 1 is Sunday.
OFFICE_HOURS = range(7, 20)
WEEKEND = (1, 7)


def unusual_entries() -> Q:
    """Entries that deserve a second look (domain.md R5, anomaly flags)."""
    out_of_hours = ~Q(at__hour__in=list(OFFICE_HOURS)) | Q(at__week_day__in=WEEKEND)
    return out_of_hours | Q(action__in=[Action.EXPORT, Action.BREAK_GLASS, Action.SIGN_IN_FAILED])
