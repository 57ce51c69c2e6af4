from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from apps.accounts.models import Role
from tests.factories import user_with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_network(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (Role.REQUESTER, "Find the experts, units and organisations"),
        (Role.EXPERT, "You belong to the centre's expert network"),
        (Role.COORDINATOR, "Find the right people for a consultation"),
        (Role.LEADERSHIP, "Busiest interchanges"),
        (Role.NATIONAL_VIEWER, "Expert networks by centre"),
        (Role.ADMINISTRATOR, "Role assignments in this centre"),
    ],
)
def test_it_shows_what_each_role_can_do(signed_in, client: Client, role: str, text: str) -> None:  # type: ignore[no-untyped-def]
    signed_in(user_with_roles((role, "sisa-suomi")))
    html = client.get("/en/home/").content.decode()
    assert f'data-role="{role}"' in html
    assert text in html


def test_it_shows_national_counts_not_names(signed_in, client: Client) -> None:  # type: ignore[no-untyped-def]
    signed_in(user_with_roles((Role.NATIONAL_VIEWER, "sisa-suomi")))
    html = client.get("/en/home/").content.decode()
    assert (
        '<th scope="row">Inner Finland OT centre</th><td class="num">8</td><td class="num">40</td>'
        in html
    )
    assert "Leila Haapakoski" not in html


def test_it_shows_one_card_per_role(signed_in, client: Client) -> None:  # type: ignore[no-untyped-def]
    signed_in(user_with_roles((Role.EXPERT, "sisa-suomi"), (Role.COORDINATOR, "ita-suomi")))
    html = client.get("/en/home/").content.decode()
    assert 'data-role="expert"' in html
    assert 'data-role="coordinator"' in html
    assert "Eastern Finland OT centre" in html
