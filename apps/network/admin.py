from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from apps.network.models import (
    Actor,
    Competence,
    Guideline,
    GuidelineVersion,
    Line,
    NetworkChange,
    Stop,
)


class StopInline(admin.TabularInline):
    model = Stop
    extra = 1
    autocomplete_fields = ("actor",)
    ordering = ("position",)


@admin.register(Line)
class LineAdmin(admin.ModelAdmin):
    list_display = ("key", "name_fi", "centre", "colour", "order")
    list_filter = ("centre",)
    search_fields = ("key", "name_fi", "name_sv", "name_en")
    inlines = (StopInline,)


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sector", "centre", "contact_name", "is_active")
    list_filter = ("centre", "kind", "sector", "is_active")
    search_fields = ("name", "title", "contact_name", "keywords")
    filter_horizontal = ("competences",)


@admin.register(Competence)
class CompetenceAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "name_sv", "name_en", "centre")
    list_filter = ("centre",)
    search_fields = ("name_fi", "name_sv", "name_en")


class GuidelineVersionInline(admin.TabularInline):
    model = GuidelineVersion
    extra = 0
    fields = ("number", "author_label", "created_at", "body")
    readonly_fields = ("number", "author_label", "created_at", "body")
    can_delete = False


@admin.register(Guideline)
class GuidelineAdmin(admin.ModelAdmin):
    """Read-mostly: guidelines are written in the app, where every edit becomes a version."""

    list_display = ("title", "centre", "line", "actor", "created_at")
    list_filter = ("centre",)
    search_fields = ("title",)
    inlines = (GuidelineVersionInline,)


@admin.register(NetworkChange)
class NetworkChangeAdmin(admin.ModelAdmin):
    """The network's history, for reading only."""

    list_display = ("at", "centre", "user_label", "action", "summary")
    list_filter = ("centre", "action", "object_type")
    search_fields = ("summary", "user_label", "object_key")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
