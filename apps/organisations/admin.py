from __future__ import annotations

from django.contrib import admin

from apps.organisations.models import Centre, CollaborativeArea, Organisation, WellbeingRegion


@admin.register(CollaborativeArea)
class CollaborativeAreaAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "name_sv", "name_en", "university_hospital")
    search_fields = ("name_fi", "name_sv", "name_en")


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "name_sv", "area", "network_is_public")
    search_fields = ("name_fi", "name_sv", "name_en")


@admin.register(WellbeingRegion)
class WellbeingRegionAdmin(admin.ModelAdmin):
    list_display = ("name_fi", "name_sv", "kind", "area", "is_bilingual")
    list_filter = ("area", "kind", "is_bilingual")
    search_fields = ("name_fi", "name_sv")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region")
    list_filter = ("kind", "region")
    search_fields = ("name",)
