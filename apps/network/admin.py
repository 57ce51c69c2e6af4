from __future__ import annotations

from django.contrib import admin

from apps.network.models import Actor, Competence, Line, Stop


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
