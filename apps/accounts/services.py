"""Writes to accounts and role assignments."""

from __future__ import annotations

from django.db import transaction

from apps.accounts.models import Role, RoleAssignment, User
from apps.organisations.models import Centre


@transaction.atomic
def user_ensure(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create the user, or bring an existing one to the given state (used by the demo loader)."""
    user, _ = User.objects.get_or_create(email=email.lower())
    user.full_name = full_name
    user.is_staff = is_staff
    user.is_superuser = is_superuser
    user.is_active = True
    if password is not None:
        user.set_password(password)
    user.save()
    return user


def role_assignment_grant(*, user: User, role: Role | str, centre: Centre) -> RoleAssignment:
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, centre=centre)
    return assignment
