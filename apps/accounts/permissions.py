"""The one place that decides who may do what. Every view and, later, the API use it.

Two kinds of answers, in the manner of a permission policy:
- predicates: "may this user do X (in this centre)?" -> bool
- querysets: "which objects may this user see?" -> QuerySet, for lists and dashboards.

A Django superuser counts as an administrator of every centre (the break-glass account made
with `createsuperuser`). Everything else comes from RoleAssignment rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from apps.accounts.models import Role, RoleAssignment
from apps.network.models import Actor, Line
from apps.organisations.models import Centre

AnyUser = AbstractBaseUser | AnonymousUser
View = TypeVar("View", bound=Callable[..., HttpResponse])

# Roles that will have to use two-factor sign-in (issue 6).
STAFF_ROLES = frozenset(
    {Role.COORDINATOR, Role.LEADERSHIP, Role.NATIONAL_VIEWER, Role.ADMINISTRATOR}
)
# Roles whose view spans every centre (aggregates only for the national viewer).
NATIONWIDE_ROLES = frozenset({Role.NATIONAL_VIEWER})
# Roles that may change a centre's network (lines, stops, actors).
NETWORK_EDITOR_ROLES = frozenset({Role.LEADERSHIP, Role.ADMINISTRATOR})
# Roles that read the knowledge figures of their centre.
AGGREGATE_ROLES = frozenset({Role.LEADERSHIP, Role.NATIONAL_VIEWER, Role.ADMINISTRATOR})

_CACHE_ATTR = "_ot_role_pairs"


def _is_signed_in(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _is_superuser(user: AnyUser | None) -> bool:
    return _is_signed_in(user) and bool(getattr(user, "is_superuser", False))


def role_pairs(user: AnyUser | None) -> frozenset[tuple[str, int]]:
    """All (role, centre id) pairs of the user, read once per user object."""
    if not _is_signed_in(user):
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            RoleAssignment.objects.filter(user_id=user.pk).values_list("role", "centre_id")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cast(frozenset[tuple[str, int]], cached)


def forget_roles(user: AnyUser) -> None:
    """Drop the cached roles, after assignments changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: AnyUser | None, centre: Centre | None = None) -> set[str]:
    """The user's roles, in one centre or in any centre."""
    pairs = role_pairs(user)
    roles = {role for role, centre_id in pairs if centre is None or centre_id == centre.pk}
    if _is_superuser(user):
        roles.add(Role.ADMINISTRATOR)
    return roles


def has_role(user: AnyUser | None, role: str, centre: Centre | None = None) -> bool:
    return role in roles_of(user, centre)


def has_any_role(user: AnyUser | None, roles: Iterable[str], centre: Centre | None = None) -> bool:
    return bool(roles_of(user, centre) & set(roles))


def centre_ids_of(user: AnyUser | None, roles: Iterable[str] | None = None) -> set[int]:
    wanted = set(roles) if roles is not None else None
    return {cid for role, cid in role_pairs(user) if wanted is None or role in wanted}


def require_role(*roles: str) -> Callable[[View], View]:
    """View decorator: sign-in first, then one of `roles` in some centre, else 403.

    Centre-specific checks belong in the view, through the predicates below.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _is_signed_in(request.user):
                return redirect_to_login(request.get_full_path())
            if roles and not has_any_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, wrapped)

    return decorator


def require_signed_in(view: View) -> View:
    """View decorator: any signed-in user (roles are checked inside the view)."""
    return require_role()(view)


# --- centres and the network -------------------------------------------------------------------


def network_centres_visible_to(user: AnyUser | None) -> QuerySet[Centre]:
    """Centres whose expert network the user may browse."""
    centres = Centre.objects.select_related("area")
    if _is_superuser(user) or has_any_role(user, NATIONWIDE_ROLES):
        return centres.all()
    return centres.filter(pk__in=centre_ids_of(user)) | centres.filter(network_is_public=True)


def can_view_network(user: AnyUser | None, centre: Centre) -> bool:
    return network_centres_visible_to(user).filter(pk=centre.pk).exists()


def can_see_contact_details(user: AnyUser | None, centre: Centre) -> bool:
    """Contact people of stations are for signed-in members of the network, not the public."""
    if _is_superuser(user) or has_any_role(user, NATIONWIDE_ROLES):
        return True
    return centre.pk in centre_ids_of(user)


def can_edit_network(user: AnyUser | None, centre: Centre) -> bool:
    return has_any_role(user, NETWORK_EDITOR_ROLES, centre)


def can_view_aggregates(user: AnyUser | None, centre: Centre | None = None) -> bool:
    """Figures (counts) about a centre, or about every centre when `centre` is None."""
    if _is_superuser(user) or has_any_role(user, NATIONWIDE_ROLES):
        return True
    if centre is None:
        return False
    return has_any_role(user, AGGREGATE_ROLES, centre)


def lines_visible_to(user: AnyUser | None, centre: Centre | None = None) -> QuerySet[Line]:
    lines = Line.objects.filter(centre__in=network_centres_visible_to(user))
    return lines.filter(centre=centre) if centre is not None else lines


def actors_visible_to(user: AnyUser | None, centre: Centre | None = None) -> QuerySet[Actor]:
    actors = Actor.objects.filter(is_active=True, centre__in=network_centres_visible_to(user))
    return actors.filter(centre=centre) if centre is not None else actors


def can_use_admin(user: AnyUser | None) -> bool:
    """Django admin: staff accounts, which administrators hold."""
    return _is_signed_in(user) and bool(getattr(user, "is_staff", False))


# --- trust: two-factor, audit log, break-glass, retention (issue 6) -----------------------------

# Roles that must sign in with a second factor (staff roles and the data protection officer).
MFA_REQUIRED_ROLES = STAFF_ROLES | {Role.DATA_PROTECTION_OFFICER}
# Roles that read and export the audit log (never case content) of their centres.
AUDIT_READER_ROLES = frozenset({Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER})
# Roles that see retention settings and the preview of the next retention run.
RETENTION_ROLES = frozenset({Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER})
# Roles that may open a centre's case content through a break-glass grant (with a reason).
BREAK_GLASS_ROLES = frozenset({Role.ADMINISTRATOR})


def requires_two_factor(user: AnyUser | None) -> bool:
    """Staff must have TOTP or a security key before they may do anything else."""
    if not _is_signed_in(user):
        return False
    if getattr(user, "is_staff", False) or _is_superuser(user):
        return True
    return has_any_role(user, MFA_REQUIRED_ROLES)


def can_view_audit_log(user: AnyUser | None) -> bool:
    return _is_superuser(user) or has_any_role(user, AUDIT_READER_ROLES)


def audit_entries_visible_to(user: AnyUser | None) -> QuerySet[Any]:
    """The audit entries of the reader's centres: those about the centre's objects, and those
    without a centre (sign-ins) made by people who hold a role in the centre."""
    from django.db.models import Q

    from apps.audit.models import AuditEntry

    entries = AuditEntry.objects.all()
    if _is_superuser(user):
        return entries
    centre_ids = centre_ids_of(user, AUDIT_READER_ROLES)
    if not centre_ids:
        return entries.none()
    members = RoleAssignment.objects.filter(centre_id__in=centre_ids).values("user_id")
    return entries.filter(
        Q(centre_id__in=centre_ids) | Q(centre_id__isnull=True, user_id__in=members)
    )


def can_manage_retention(user: AnyUser | None) -> bool:
    return _is_superuser(user) or has_any_role(user, RETENTION_ROLES)


def can_request_break_glass(user: AnyUser | None, centre: Centre) -> bool:
    return has_any_role(user, BREAK_GLASS_ROLES, centre)


def has_break_glass(user: AnyUser | None, centre: Centre) -> bool:
    """True while the user holds an unexpired break-glass grant for the centre (see
    apps.trust.breakglass). Views of case content call this for administrators, who otherwise
    see none, and record every access made under it."""
    if not can_request_break_glass(user, centre):
        return False
    from apps.trust.breakglass import active_grant

    return active_grant(user, centre) is not None
