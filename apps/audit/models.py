"""The audit trail: one append-only row per access to or change of protected data.

Rows are chained: each row's `entry_hash` covers its own content and the previous row's hash,
so a removed or altered row breaks the chain (verified by `apps.audit.chain`).
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """No bulk changes: the trail only grows (PostgreSQL also enforces it with a trigger)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit entries cannot be changed.")


class Action(models.TextChoices):
    VIEW = "view", _("viewed")
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    EXPORT = "export", _("exported")
    SIGN_IN = "sign_in", _("signed in")
    SIGN_IN_FAILED = "sign_in_failed", _("sign-in failed")
    SIGN_OUT = "sign_out", _("signed out")
    BREAK_GLASS = "break_glass", _("break-glass access")
    RETENTION = "retention", _("retention run")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), db_index=True)
    # No database constraint and nothing done on deletion: the id is a historic fact covered by
    # the entry's hash, so removing an account must not rewrite the trail.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    # Kept as text too, so the trail still says who it was after the account is gone.
    user_label = models.CharField(_("user"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    centre_id = models.IntegerField(_("centre"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects: ClassVar[AuditEntryQuerySet] = AuditEntryQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ("id",)
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.user_label} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:  # type: ignore[override]
        raise AppendOnlyError("Audit entries cannot be deleted.")
