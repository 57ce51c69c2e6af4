"""Reference data (collaborative areas, OT centres, wellbeing regions) and organisations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.localised import localised


class CollaborativeArea(models.Model):
    """Yhteistyöalue (YTA): one of the five areas fixed by Government Decree 91/2022."""

    slug = models.SlugField(_("identifier"), unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    university_hospital = models.CharField(_("university hospital"), max_length=100)

    class Meta:
        ordering = ("name_fi",)
        verbose_name = _("collaborative area")
        verbose_name_plural = _("collaborative areas")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")


class Centre(models.Model):
    """OT-keskus: the competence and support centre of one collaborative area."""

    slug = models.SlugField(_("identifier"), unique=True)
    area = models.OneToOneField(
        CollaborativeArea,
        on_delete=models.PROTECT,
        related_name="centre",
        verbose_name=_("collaborative area"),
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    network_is_public = models.BooleanField(
        _("network map published without sign-in"),
        default=False,
        help_text=_("When set, anyone may see the centre's units and organisations."),
    )

    class Meta:
        ordering = ("name_fi",)
        verbose_name = _("OT centre")
        verbose_name_plural = _("OT centres")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")


class WellbeingRegion(models.Model):
    """A member of a collaborative area.

    The 21 wellbeing services counties, plus the City of Helsinki (which arranges the services
    itself) and the HUS Group (joint authority for specialised health care): 23 members.
    """

    class Kind(models.TextChoices):
        WELLBEING_COUNTY = "wellbeing_county", _("wellbeing services county")
        CITY = "city", _("city arranging the services itself")
        JOINT_AUTHORITY = "joint_authority", _("joint authority")

    slug = models.SlugField(_("identifier"), unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    area = models.ForeignKey(
        CollaborativeArea,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("collaborative area"),
    )
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    is_bilingual = models.BooleanField(_("bilingual (Finnish and Swedish)"), default=False)
    sami_rights_apply = models.BooleanField(
        _("Sámi language rights apply in part of the area"), default=False
    )

    class Meta:
        ordering = ("name_fi",)
        verbose_name = _("wellbeing region")
        verbose_name_plural = _("wellbeing regions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")


class Organisation(models.Model):
    """An organisation whose units or people take part in the expert network."""

    class Kind(models.TextChoices):
        MUNICIPAL_UNIT = "municipal_unit", _("municipal unit")
        WELLBEING_REGION_UNIT = "wellbeing_region_unit", _("wellbeing region unit")
        HOSPITAL = "hospital", _("hospital")
        NGO = "ngo", _("non-governmental organisation")
        UNIVERSITY = "university", _("university or research institute")
        STATE_AGENCY = "state_agency", _("state agency")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    region = models.ForeignKey(
        WellbeingRegion,
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        verbose_name=_("wellbeing region"),
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = (
            models.UniqueConstraint(fields=["name", "region"], name="organisation_unique_name"),
        )

    def __str__(self) -> str:
        return self.name
