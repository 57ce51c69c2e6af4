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


# --- consultations -----------------------------------------------------------------------------
# Who sees what (issue 5): a requester sees their own requests; an invited expert sees the
# summary until they accept and the case after; coordinators and leadership see their centre's
# cases; national viewers and administrators see no case content.

CASE_STAFF_ROLES = frozenset({Role.COORDINATOR, Role.LEADERSHIP})
REQUEST_FILER_ROLES = frozenset({Role.REQUESTER, Role.COORDINATOR})


def _case_models() -> Any:
    from apps.consultations import models as case_models

    return case_models


def consultations_visible_to(user: AnyUser | None) -> QuerySet[Any]:
    """Cases whose full content the user may read."""
    m = _case_models()
    cases = m.Consultation.objects.all()
    if not _is_signed_in(user):
        return cases.none()
    from django.db.models import Q

    staff_centres = centre_ids_of(user, CASE_STAFF_ROLES)
    accepted = m.Invitation.objects.filter(user_id=user.pk, status=m.Invitation.Status.ACCEPTED)
    return cases.filter(
        Q(requester_id=user.pk)
        | Q(centre_id__in=staff_centres)
        | Q(pk__in=accepted.values("consultation_id"))
    ).distinct()


def can_view_consultation(user: AnyUser | None, case: Any) -> bool:
    """The whole case: the request, assessments, team, records and memos."""
    if not _is_signed_in(user):
        return False
    if case.requester_id == user.pk:
        return True
    if has_any_role(user, CASE_STAFF_ROLES, case.centre):
        return True
    m = _case_models()
    return m.Invitation.objects.filter(
        consultation=case, user_id=user.pk, status=m.Invitation.Status.ACCEPTED
    ).exists()


def can_view_consultation_summary(user: AnyUser | None, case: Any) -> bool:
    """The summary an invited expert reads before answering (or anyone who sees the case)."""
    if can_view_consultation(user, case):
        return True
    m = _case_models()
    return m.Invitation.objects.filter(
        consultation=case, user_id=getattr(user, "pk", None), status=m.Invitation.Status.PENDING
    ).exists()


def can_file_request(user: AnyUser | None, centre: Centre | None = None) -> bool:
    return has_any_role(user, REQUEST_FILER_ROLES, centre)


def can_use_draft(user: AnyUser | None, draft: Any) -> bool:
    """A request draft is its author's alone."""
    return _is_signed_in(user) and draft.user_id == user.pk


def can_file_on_behalf(user: AnyUser | None, centre: Centre) -> bool:
    return has_role(user, Role.COORDINATOR, centre)


def can_coordinate(user: AnyUser | None, case_or_centre: Any) -> bool:
    """Triage, assessment, decisions, team, scheduling, follow-up and closure."""
    centre = getattr(case_or_centre, "centre", case_or_centre)
    return has_role(user, Role.COORDINATOR, centre)


def can_view_queue(user: AnyUser | None, centre: Centre) -> bool:
    return has_any_role(user, CASE_STAFF_ROLES, centre)


def can_withdraw_consultation(user: AnyUser | None, case: Any) -> bool:
    return _is_signed_in(user) and (case.requester_id == user.pk or can_coordinate(user, case))


def can_answer_invitation(user: AnyUser | None, invitation: Any) -> bool:
    """The invited expert, while the invitation is open or accepted (not declined/withdrawn)."""
    status = _case_models().Invitation.Status
    return (
        _is_signed_in(user)
        and invitation.user_id == user.pk
        and invitation.status in (status.PENDING, status.ACCEPTED)
    )


def can_write_record(user: AnyUser | None, meeting: Any) -> bool:
    """The scribe writes the record until it is approved."""
    return (
        _is_signed_in(user)
        and meeting.scribe_id == user.pk
        and meeting.record_status != _case_models().Meeting.RecordStatus.APPROVED
    )


def can_approve_record(user: AnyUser | None, meeting: Any) -> bool:
    return (
        _is_signed_in(user)
        and meeting.chair_id == user.pk
        and meeting.record_status == _case_models().Meeting.RecordStatus.SUBMITTED
    )


def can_read_memo(user: AnyUser | None, meeting: Any) -> bool:
    """An approved memo, for everyone who sees the case; drafts for the chair and scribe."""
    if not can_view_consultation(user, meeting.consultation):
        return False
    if meeting.record_status == _case_models().Meeting.RecordStatus.APPROVED:
        return True
    return user.pk in (meeting.chair_id, meeting.scribe_id) or can_coordinate(
        user, meeting.consultation
    )


def can_update_next_step(user: AnyUser | None, case: Any) -> bool:
    return can_coordinate(user, case) or (_is_signed_in(user) and case.requester_id == user.pk)


def can_give_feedback(user: AnyUser | None, case: Any) -> bool:
    from apps.consultations.states import State

    return _is_signed_in(user) and case.requester_id == user.pk and case.state == State.CLOSED


def can_view_feedback_report(user: AnyUser | None, centre: Centre) -> bool:
    """Feedback per consultation and per line, never per expert."""
    return has_any_role(user, CASE_STAFF_ROLES, centre)


def can_manage_instruments(user: AnyUser | None) -> bool:
    """Leadership imports and edits OT-mittari versions."""
    return has_role(user, Role.LEADERSHIP)


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
