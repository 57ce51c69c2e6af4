"""The role and permission matrix of apps/accounts/permissions.py, and its use by the views."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from apps.accounts import permissions
from apps.accounts.models import Role
from tests.factories import (
    ActorFactory,
    LineFactory,
    StopFactory,
    UserFactory,
    centre,
    user_with_roles,
)

pytestmark = pytest.mark.django_db

ALL_ROLES = [choice.value for choice in Role]

# role -> (edit network, aggregates of own centre, aggregates nationwide, other centre's network)
MATRIX = {
    Role.REQUESTER: (False, False, False, False),
    Role.EXPERT: (False, False, False, False),
    Role.COORDINATOR: (False, False, False, False),
    Role.LEADERSHIP: (True, True, False, False),
    Role.NATIONAL_VIEWER: (False, True, True, True),
    Role.ADMINISTRATOR: (True, True, False, False),
    Role.DATA_PROTECTION_OFFICER: (False, False, False, False),
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_it_scopes_each_role_to_its_centre(role: str) -> None:
    user = user_with_roles((role, "sisa-suomi"))
    assert permissions.has_role(user, role, centre("sisa-suomi"))
    assert not permissions.has_role(user, role, centre("ita-suomi"))
    assert permissions.has_role(user, role)
    assert permissions.roles_of(user) == {role}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_it_answers_the_matrix(role: str) -> None:
    user = user_with_roles((role, "sisa-suomi"))
    own, other = centre("sisa-suomi"), centre("ita-suomi")
    edit, aggregates_own, aggregates_all, other_network = MATRIX[Role(role)]
    assert permissions.can_view_network(user, own)
    assert permissions.can_see_contact_details(user, own)
    assert permissions.can_edit_network(user, own) is edit
    assert permissions.can_edit_network(user, other) is False
    assert permissions.can_view_aggregates(user, own) is aggregates_own
    assert permissions.can_view_aggregates(user) is aggregates_all
    assert permissions.can_view_network(user, other) is other_network


def test_it_gives_anonymous_users_nothing() -> None:
    anonymous = AnonymousUser()
    own = centre("sisa-suomi")
    assert permissions.roles_of(anonymous) == set()
    assert not permissions.can_view_network(anonymous, own)
    assert not permissions.can_see_contact_details(anonymous, own)
    assert not permissions.can_use_admin(anonymous)
    assert permissions.network_centres_visible_to(anonymous).count() == 0


def test_it_shows_a_published_network_to_anyone_but_not_its_contacts() -> None:
    own = centre("sisa-suomi")
    own.network_is_public = True
    own.save(update_fields=["network_is_public"])
    assert permissions.can_view_network(AnonymousUser(), own)
    assert not permissions.can_see_contact_details(AnonymousUser(), own)
    outsider = user_with_roles((Role.REQUESTER, "ita-suomi"))
    assert permissions.can_view_network(outsider, own)
    assert not permissions.can_see_contact_details(outsider, own)


def test_it_combines_several_roles_in_several_centres() -> None:
    user = user_with_roles((Role.EXPERT, "sisa-suomi"), (Role.LEADERSHIP, "ita-suomi"))
    assert permissions.roles_of(user, centre("sisa-suomi")) == {Role.EXPERT}
    assert permissions.roles_of(user, centre("ita-suomi")) == {Role.LEADERSHIP}
    assert permissions.can_edit_network(user, centre("ita-suomi"))
    assert not permissions.can_edit_network(user, centre("sisa-suomi"))
    assert set(permissions.network_centres_visible_to(user).values_list("slug", flat=True)) == {
        "sisa-suomi",
        "ita-suomi",
    }


def test_it_treats_a_superuser_as_administrator_everywhere() -> None:
    user = UserFactory(is_superuser=True, is_staff=True)
    assert permissions.has_role(user, Role.ADMINISTRATOR, centre("lansi-suomi"))
    assert permissions.network_centres_visible_to(user).count() == 5
    assert permissions.can_use_admin(user)


def test_it_ignores_inactive_users() -> None:
    user = user_with_roles((Role.COORDINATOR, "sisa-suomi"), is_active=False)
    assert permissions.roles_of(user) == set()


def test_it_limits_lines_and_actors_to_visible_centres() -> None:
    StopFactory(line=LineFactory(centre=centre("sisa-suomi")))
    StopFactory(
        line=LineFactory(centre=centre("ita-suomi")), actor=ActorFactory(centre=centre("ita-suomi"))
    )
    user = user_with_roles((Role.REQUESTER, "sisa-suomi"))
    assert list(permissions.lines_visible_to(user).values_list("centre__slug", flat=True)) == [
        "sisa-suomi"
    ]
    assert list(permissions.actors_visible_to(user).values_list("centre__slug", flat=True)) == [
        "sisa-suomi"
    ]
    national = user_with_roles((Role.NATIONAL_VIEWER, "sisa-suomi"))
    assert permissions.lines_visible_to(national).count() == 2


def _view(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_it_guards_views_with_require_role() -> None:
    view = permissions.require_role(Role.COORDINATOR, Role.LEADERSHIP)(_view)
    request = RequestFactory().get("/fi/somewhere/")
    request.user = AnonymousUser()
    response = view(request)
    assert response.status_code == 302
    assert "/accounts/login/?next=/fi/somewhere/" in response["Location"]
    request.user = user_with_roles((Role.REQUESTER, "sisa-suomi"))
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = user_with_roles((Role.LEADERSHIP, "sisa-suomi"))
    assert view(request).status_code == 200


@pytest.mark.parametrize("role", ALL_ROLES)
def test_it_lets_every_role_open_its_own_network_page(signed_in, client: Client, role: str) -> None:  # type: ignore[no-untyped-def]
    signed_in(user_with_roles((role, "sisa-suomi")))
    assert client.get("/fi/network/sisa-suomi/").status_code == 200
    expected = 200 if role == Role.NATIONAL_VIEWER else 404
    assert client.get("/fi/network/ita-suomi/").status_code == expected


def test_it_sends_anonymous_users_to_sign_in(client: Client) -> None:
    for path in ("/fi/home/", "/fi/network/", "/fi/network/sisa-suomi/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/fi/accounts/login/?next=")


def test_it_answers_a_signed_in_user_without_roles(signed_in, client: Client) -> None:  # type: ignore[no-untyped-def]
    signed_in(UserFactory())
    assert client.get("/fi/home/").status_code == 200
    assert client.get("/fi/network/").status_code == 403
    assert client.get("/fi/network/sisa-suomi/").status_code == 404


def test_it_opens_the_admin_only_to_staff(signed_in, client: Client) -> None:  # type: ignore[no-untyped-def]
    signed_in(user_with_roles((Role.LEADERSHIP, "sisa-suomi")))
    assert client.get("/fi/admin/").status_code == 302
    client.logout()
    signed_in(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/fi/admin/").status_code == 200
    assert client.get("/fi/admin/network/line/").status_code == 200
    assert client.get("/fi/admin/accounts/user/").status_code == 200
