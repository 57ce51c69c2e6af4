"""Users sign in with their e-mail address; what they may do comes from role assignments."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.organisations.models import Centre


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("May sign in to the administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ("email",)
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    REQUESTER = "requester", _("requester")
    EXPERT = "expert", _("expert")
    COORDINATOR = "coordinator", _("coordinator")
    LEADERSHIP = "leadership", _("leadership")
    NATIONAL_VIEWER = "national_viewer", _("national viewer")
    ADMINISTRATOR = "administrator", _("administrator")
    # Sees the audit log and the retention settings, never case content (issue 6).
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("data protection officer")


class RoleAssignment(models.Model):
    """One role of one user in one centre. A person may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("centre")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ("user__email", "role")
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = (
            models.UniqueConstraint(
                fields=["user", "role", "centre"], name="role_assignment_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.centre}"
