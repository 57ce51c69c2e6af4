"""The kinds of record that exist before the consultations app: inactive user accounts and
sessions. The audit log itself is NOT a kind: it is the evidence of who accessed client data
and is kept as long as the records it describes (see docs/security.md, "Retention")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sessions.models import Session
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import User
from apps.trust.retention import RecordKind, register_kind

PSEUDONYM_DOMAIN = "removed.invalid"


def inactive_users(cutoff: datetime) -> QuerySet[User]:
    """Accounts nobody has used since the cutoff (never signed in: created before it)."""
    unused = Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    return (
        User.objects.filter(unused)
        .filter(is_superuser=False)
        .exclude(email__endswith=f"@{PSEUDONYM_DOMAIN}")
    )


def pseudonymise_users(users: QuerySet[User]) -> int:
    """Remove what identifies the person; the row stays so that references keep working."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    count = 0
    for user in users:
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        user.role_assignments.all().delete()
        user.email = f"removed-{user.pk}@{PSEUDONYM_DOMAIN}"
        user.full_name = ""
        user.is_active = False
        user.is_staff = False
        user.set_unusable_password()
        user.save()
        count += 1
    return count


def delete_all(records: QuerySet[Any]) -> int:
    deleted, _per_model = records.delete()
    return deleted


register_kind(
    RecordKind(
        key="accounts.inactive_user",
        label=_("user accounts not used in the period"),
        default_days=2 * 365,
        method="pseudonymise",
        expired=inactive_users,
        dispose=pseudonymise_users,
        describe=lambda user: f"#{user.pk} {user.email}",
    )
)
register_kind(
    RecordKind(
        key="sessions.session",
        label=_("expired sign-in sessions"),
        default_days=0,
        method="delete",
        expired=lambda cutoff: Session.objects.filter(expire_date__lt=cutoff),
        dispose=delete_all,
        describe=lambda session: session.pk[:8] + "…",
    )
)
