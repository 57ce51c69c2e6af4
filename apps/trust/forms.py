from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.trust.breakglass import MIN_REASON_LENGTH


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        min_length=MIN_REASON_LENGTH,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why you need to see case content, for example the support ticket or the"
            " request you are investigating. The reason is stored in the audit log."
        ),
    )
