"""Staff roles must set up two-factor sign-in before anything else, and then use it."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from apps.accounts.models import Role
from apps.trust.adapters import StaffMFAAdapter
from tests.factories import TEST_PASSWORD, UserFactory, user_with_roles
from tests.mfa import enrol_totp, totp_code

pytestmark = pytest.mark.django_db

MFA_ROLES = [
    Role.COORDINATOR,
    Role.LEADERSHIP,
    Role.NATIONAL_VIEWER,
    Role.ADMINISTRATOR,
    Role.DATA_PROTECTION_OFFICER,
]


def password_sign_in(client: Client, email: str) -> object:
    return client.post("/en/accounts/login/", {"login": email, "password": TEST_PASSWORD})


@pytest.mark.parametrize("role", MFA_ROLES)
def test_it_sends_staff_without_a_second_factor_to_set_it_up(client: Client, role: str) -> None:
    user = user_with_roles((role, "sisa-suomi"))
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for path in ("/en/home/", "/en/network/sisa-suomi/", "/en/audit/my-access/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == "/en/accounts/2fa/totp/activate/"


@pytest.mark.parametrize("role", [Role.REQUESTER, Role.EXPERT])
def test_it_leaves_the_second_factor_optional_for_others(client: Client, role: str) -> None:
    client.force_login(user_with_roles((role, "sisa-suomi")))
    assert client.get("/en/home/").status_code == 200


def test_a_django_staff_account_without_roles_must_enrol_too(client: Client) -> None:
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/en/admin/")["Location"] == "/en/accounts/2fa/totp/activate/"


def test_signing_out_stays_possible_before_enrolment(client: Client) -> None:
    client.force_login(user_with_roles((Role.COORDINATOR, "sisa-suomi")))
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_enrolled_coordinator_signs_in_with_password_and_code(client: Client) -> None:
    user = user_with_roles((Role.COORDINATOR, "sisa-suomi"))
    enrol_totp(user)
    response = password_sign_in(client, user.email)
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session  # not signed in by the password alone

    wrong = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/en/home/").status_code == 200


def test_the_admin_sign_in_form_cannot_skip_the_second_factor(client: Client) -> None:
    admin = user_with_roles((Role.ADMINISTRATOR, "sisa-suomi"), is_staff=True)
    enrol_totp(admin)
    response = client.post("/en/admin/login/", {"username": admin.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_staff_cannot_remove_their_last_second_factor() -> None:
    user = user_with_roles((Role.COORDINATOR, "sisa-suomi"))
    totp = enrol_totp(user)
    assert StaffMFAAdapter().can_delete_authenticator(totp) is False
    requester = user_with_roles((Role.REQUESTER, "sisa-suomi"))
    assert StaffMFAAdapter().can_delete_authenticator(enrol_totp(requester)) is True
    assert Authenticator.objects.count() == 2


def test_htmx_requests_are_sent_to_the_set_up_page_as_a_whole_page(client: Client) -> None:
    client.force_login(user_with_roles((Role.COORDINATOR, "sisa-suomi")))
    response = client.get("/en/network/sisa-suomi/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/en/accounts/2fa/totp/activate/"
