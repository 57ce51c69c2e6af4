from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from apps.trust import retention
from apps.trust.models import BreakGlassGrant, LegalHold, RetentionPolicy


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, f"{kind.label} ({kind.key})") for kind in retention.kinds()]


class RetentionPolicyForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=kind_choices)

    class Meta:
        model = RetentionPolicy
        fields = ("kind", "days")


class LegalHoldForm(forms.ModelForm):
    kind = forms.ChoiceField(choices=kind_choices)

    class Meta:
        model = LegalHold
        fields = ("kind", "object_id", "reason", "released_at")


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    form = RetentionPolicyForm
    list_display = ("kind", "days", "updated_at")


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    form = LegalHoldForm
    list_display = ("kind", "object_id", "created_by", "created_at", "released_at")
    list_filter = ("kind",)
    search_fields = ("object_id", "reason")

    def save_model(self, request: HttpRequest, obj: LegalHold, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(BreakGlassGrant)
class BreakGlassGrantAdmin(admin.ModelAdmin):
    """Read-only: grants are made through the break-glass page, which logs them."""

    list_display = ("user", "centre", "granted_at", "expires_at")
    list_filter = ("centre",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
