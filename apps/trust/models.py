"""Break-glass grants, retention periods and legal holds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import Centre

# 30 years: the period for child-and-family social-welfare client documents, if a controller
# treats consultation records as such (Act 1301/2020 schedule); 365 × 30 + 8 leap days.
THIRTY_YEARS_DAYS = 10_958


class BreakGlassGrant(models.Model):
    """An administrator's time-limited access to one centre's case content, with a reason."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="break_glass_grants",
        verbose_name=_("user"),
    )
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="+", verbose_name=_("centre")
    )
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        ordering = ("-granted_at",)
        verbose_name = _("break-glass grant")
        verbose_name_plural = _("break-glass grants")

    def __str__(self) -> str:
        return f"{self.user} · {self.centre} · {self.granted_at:%Y-%m-%d %H:%M}"


class RetentionPolicy(models.Model):
    """How long records of one kind are kept after they stop being needed (see
    apps.trust.retention for the kinds). Without a row, the kind's default applies."""

    kind = models.CharField(_("kind of record"), max_length=64, unique=True)
    days = models.PositiveIntegerField(
        _("retention period (days)"),
        help_text=_("For example 365 for one year, or 10958 for 30 years."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ("kind",)
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")

    def __str__(self) -> str:
        return f"{self.kind}: {self.days}"


class LegalHold(models.Model):
    """A record that must not be removed (a complaint, a court case, an authority's request)."""

    kind = models.CharField(_("kind of record"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        indexes = (models.Index(fields=["kind", "object_id"]),)

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"
