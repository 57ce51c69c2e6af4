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


# --- network map, public map and network editing -------------------------------------------


def is_network_member(user: AnyUser | None, centre: Centre) -> bool:
    """Signed-in people of the centre (any role), nationwide roles and superusers: they see
    every active actor with contact details. Everyone else sees at most the public map."""
    return can_see_contact_details(user, centre)


def map_variant_for(user: AnyUser | None, centre: Centre) -> str:
    from apps.network.mapdata import MEMBERS, PUBLIC

    return MEMBERS if is_network_member(user, centre) else PUBLIC


def map_actors_visible_to(user: AnyUser | None, centre: Centre) -> QuerySet[Actor]:
    """Actors on the map the user may open: on the public map only units, organisations and
    persons who consented to be shown."""
    from apps.network.mapdata import public_actor_filter

    actors = actors_visible_to(user, centre)
    if not is_network_member(user, centre):
        actors = actors.filter(public_actor_filter())
    return actors


def can_view_public_map(centre: Centre) -> bool:
    return centre.network_is_public


def can_view_guidelines(user: AnyUser | None, centre: Centre) -> bool:
    """Guidelines are working instructions for the network's members, not published."""
    return is_network_member(user, centre)


def can_view_network_history(user: AnyUser | None, centre: Centre) -> bool:
    return can_edit_network(user, centre)
