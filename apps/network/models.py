"""The expert network: actors (the stations of the metro map), lines and their ordered stops."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.localised import localised
from apps.organisations.models import Centre, Organisation, WellbeingRegion

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #rrggbb."))


class Competence(models.Model):
    """An entry of a centre's controlled competence vocabulary (kept by leadership)."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="competences", verbose_name=_("centre")
    )
    slug = models.SlugField(_("identifier"))
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        ordering = ("name_fi",)
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = (
            models.UniqueConstraint(fields=["centre", "slug"], name="competence_unique_slug"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")


class Actor(models.Model):
    """A station of the map: an expert person, a unit or team, an organisation or a researcher."""

    class Kind(models.TextChoices):
        PERSON = "person", _("expert")
        UNIT = "unit", _("unit or team")
        ORGANISATION = "organisation", _("organisation")
        RESEARCHER = "researcher", _("researcher or developer")

    class Sector(models.TextChoices):
        SOCIAL = "social", _("social care")
        HEALTH = "health", _("health care")
        EDUCATION = "education", _("education")
        JUSTICE = "justice", _("police and justice")
        NGO = "ngo", _("non-governmental organisation")
        STATE = "state", _("state")
        RESEARCH = "research", _("research")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("available")
        LIMITED = "limited", _("limited availability")
        UNAVAILABLE = "unavailable", _("unavailable")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="actors", verbose_name=_("centre")
    )
    # Stable identifier used by the layout engine and imports, e.g. "s6".
    key = models.SlugField(_("identifier"), max_length=64)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        WellbeingRegion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actors",
        verbose_name=_("wellbeing region"),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="actors", verbose_name=_("competences")
    )
    keywords = models.CharField(_("free keywords"), max_length=500, blank=True)
    # Language codes (ISO 639-1, e.g. "fi", "sv", "en", "ar") the actor can work in.
    languages = models.JSONField(_("languages"), default=list, blank=True)
    availability = models.CharField(
        _("availability"),
        max_length=16,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    unavailable_until = models.DateField(_("unavailable until"), null=True, blank=True)
    # Persons appear on the public map only with their explicit consent.
    consent_to_publish = models.BooleanField(
        _("consents to be shown on the public map"), default=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actor_profiles",
        verbose_name=_("user account"),
        help_text=_("The account that answers consultation invitations for this actor."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = (models.UniqueConstraint(fields=["centre", "key"], name="actor_unique_key"),)

    def __str__(self) -> str:
        return self.name


class Line(models.Model):
    """A service-need area or care path (OT-hoitopolku), drawn as one coloured metro line."""

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="lines", verbose_name=_("centre")
    )
    key = models.SlugField(_("identifier"), max_length=64)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    colour = models.CharField(_("colour"), max_length=7, validators=[hex_colour])
    order = models.PositiveIntegerField(_("order"), default=0)
    actors = models.ManyToManyField(
        Actor, through="Stop", related_name="lines", verbose_name=_("stops")
    )

    class Meta:
        ordering = ("order", "key")
        verbose_name = _("line")
        verbose_name_plural = _("lines")
        constraints = (models.UniqueConstraint(fields=["centre", "key"], name="line_unique_key"),)

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def description(self) -> str:
        return localised(self, "description")


class Stop(models.Model):
    """An actor's place on a line; `position` orders the stops from one end to the other."""

    line = models.ForeignKey(
        Line, on_delete=models.CASCADE, related_name="stops", verbose_name=_("line")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="stops", verbose_name=_("actor")
    )
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        ordering = ("line", "position")
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        constraints = (
            models.UniqueConstraint(fields=["line", "position"], name="stop_unique_position"),
            models.UniqueConstraint(fields=["line", "actor"], name="stop_unique_actor"),
        )

    def __str__(self) -> str:
        return f"{self.line.key} #{self.position}: {self.actor}"
