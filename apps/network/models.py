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

    @property
    def language_names(self) -> list[str]:
        from apps.network.selectors import language_names

        return language_names(self.languages)


class ClientGroup(models.TextChoices):
    """Client groups a line serves (for filtering and for the knowledge figures)."""

    EXPECTANT = "expectant", _("expectant parents")
    INFANTS = "infants", _("infants and toddlers")
    CHILDREN = "children", _("children under school age")
    SCHOOL_AGE = "school_age", _("school-age children")
    ADOLESCENTS = "adolescents", _("adolescents")
    YOUNG_ADULTS = "young_adults", _("young adults")
    FAMILIES = "families", _("families")


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
    # ClientGroup codes.
    client_groups = models.JSONField(_("client groups"), default=list, blank=True)
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

    @property
    def client_group_labels(self) -> list[str]:
        labels = dict(ClientGroup.choices)
        return [str(labels[code]) for code in self.client_groups if code in labels]


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


class Guideline(models.Model):
    """A consultation or operating guideline of a line or of an actor (exactly one of them).

    The text lives in versions: editing adds a version, so every earlier wording, its author and
    its date stay readable.
    """

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="guidelines", verbose_name=_("centre")
    )
    line = models.ForeignKey(
        Line,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guidelines",
        verbose_name=_("line"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="guidelines",
        verbose_name=_("actor"),
    )
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("title", "pk")
        verbose_name = _("guideline")
        verbose_name_plural = _("guidelines")
        constraints = (
            models.CheckConstraint(
                condition=(
                    models.Q(line__isnull=False, actor__isnull=True)
                    | models.Q(line__isnull=True, actor__isnull=False)
                ),
                name="guideline_line_xor_actor",
            ),
        )

    def __str__(self) -> str:
        return self.title


class GuidelineVersion(models.Model):
    """One wording of a guideline, in Markdown, with its author and date."""

    guideline = models.ForeignKey(
        Guideline, on_delete=models.CASCADE, related_name="versions", verbose_name=_("guideline")
    )
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text (Markdown)"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    author_label = models.CharField(_("author"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ("guideline", "-number")
        verbose_name = _("guideline version")
        verbose_name_plural = _("guideline versions")
        constraints = (
            models.UniqueConstraint(
                fields=["guideline", "number"], name="guideline_version_unique_number"
            ),
        )

    def __str__(self) -> str:
        return f"{self.guideline} v{self.number}"

    @property
    def html(self) -> str:
        from apps.network.markdown import markdown_to_html

        return markdown_to_html(self.body)


class NetworkChange(models.Model):
    """One edit of a centre's network: who, when, what. Written only by apps.network.services."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")
        DELETED = "deleted", _("deleted")
        REORDERED = "reordered", _("reordered")
        IMPORTED = "imported", _("imported")

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="network_changes", verbose_name=_("centre")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    user_label = models.CharField(_("user"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=32)
    object_key = models.CharField(_("object"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500)
    # {"field": [old, new], ...} for updates; free details for other actions.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ("-at", "-pk")
        verbose_name = _("network change")
        verbose_name_plural = _("network changes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_label}: {self.summary}"


class MapLayout(models.Model):
    """The cached metromap layout of one view of a centre's network.

    `variant` is "members" (every active actor) or "public" (units, organisations and persons
    who consented). `network_hash` is the hash of the engine input the layout was computed
    from: a different hash means the network changed and the layout must be recomputed.
    """

    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="map_layouts", verbose_name=_("centre")
    )
    variant = models.CharField(_("variant"), max_length=16)
    network_hash = models.CharField(_("network hash"), max_length=64)
    # The engine input the layout was computed from, so that a layout can still be drawn
    # (marked as being updated) while the new one is computed after an edit.
    engine_input = models.JSONField(_("engine input"), default=dict)
    layout = models.JSONField(_("layout"))
    runtime_s = models.FloatField(_("computation time (s)"), default=0.0)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("map layout")
        verbose_name_plural = _("map layouts")
        constraints = (
            models.UniqueConstraint(fields=["centre", "variant"], name="map_layout_unique"),
        )

    def __str__(self) -> str:
        return f"{self.centre} {self.variant} {self.network_hash[:8]}"
