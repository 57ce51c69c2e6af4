"""The map's SVG description (read by screen readers) is in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from apps.accounts.models import Role
from tests.factories import user_with_roles
from tests.network_fixtures import load_demo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "summary"),
    [
        ("fi", "8 linjaa, 40 asemaa: "),
        ("sv", "8 linjer, 40 stationer: "),
        ("en", "8 lines, 40 stations: "),
    ],
)
def test_the_map_is_described_in_the_page_language(
    settings, signed_in, language: str, summary: str
) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    client: Client = signed_in(user_with_roles((Role.REQUESTER, "sisa-suomi")))

    html = client.get(f"/{language}/network/sisa-suomi/map/").content.decode()

    desc = re.search(r'<desc id="[^"]*-desc">([^<]*)</desc>', html)
    assert desc is not None, "the map has no <desc>"
    assert desc.group(1).startswith(summary)
