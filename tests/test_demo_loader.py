from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from apps.accounts.models import Role, RoleAssignment, User
from apps.core import demo
from apps.network.models import Actor, Competence, Line, Stop

pytestmark = pytest.mark.django_db

# Finnish personal identity code: DDMMYY, century sign, NNN, check character.
HETU = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)


@pytest.fixture
def loaded(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)


def test_it_loads_the_sisa_suomi_network(loaded: None) -> None:
    source = json.loads((demo.DEMO_DIR / "demo-sisa-suomi.json").read_text(encoding="utf-8"))
    assert Line.objects.filter(centre__slug="sisa-suomi").count() == len(source["lines"]) == 8
    assert Actor.objects.filter(centre__slug="sisa-suomi").count() == len(source["stations"]) == 40
    assert Stop.objects.count() == sum(len(line["stations"]) for line in source["lines"])
    first = source["lines"][0]
    line = Line.objects.get(key=first["id"])
    assert (
        list(line.stops.order_by("position").values_list("actor__key", flat=True))
        == first["stations"]
    )
    assert line.colour == first["color"]
    assert line.name_sv and line.name_en


def test_it_gives_every_station_an_invented_contact_and_competences(loaded: None) -> None:
    for actor in Actor.objects.prefetch_related("competences"):
        assert actor.contact_name
        assert actor.contact_email.endswith("@example.fi")
        assert actor.contact_phone.startswith("040 000 ")
        assert actor.competences.exists()
    honour = Actor.objects.get(key="s6")
    assert honour.kind == Actor.Kind.PERSON
    assert honour.lines.count() == 3  # an interchange of three lines
    assert Competence.objects.filter(centre__slug="sisa-suomi").count() == 20


def test_it_creates_one_demo_user_per_role(loaded: None, client: Client) -> None:
    for demo_user in demo.DEMO_USERS:
        user = User.objects.get(email=demo_user.email)
        assert list(
            RoleAssignment.objects.filter(user=user).values_list("role", "centre__slug")
        ) == [(demo_user.role, "sisa-suomi")]
        assert user.check_password(demo.DEMO_PASSWORD)
    assert {u.role for u in demo.DEMO_USERS} == set(Role)
    assert User.objects.get(email="demo-admin@example.fi").is_staff


def test_it_is_idempotent(loaded: None) -> None:
    counts = (
        Line.objects.count(),
        Actor.objects.count(),
        Stop.objects.count(),
        User.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    assert counts == (
        Line.objects.count(),
        Actor.objects.count(),
        Stop.objects.count(),
        User.objects.count(),
    )


def test_it_refuses_to_run_in_production_mode(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run in production mode"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.exists()
    assert not Line.objects.exists()


def test_it_contains_nothing_shaped_like_an_identity_code() -> None:
    for path in Path(demo.DEMO_DIR).glob("*.json"):
        assert not HETU.search(path.read_text(encoding="utf-8")), path
