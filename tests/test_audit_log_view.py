"""Administrators and the data protection officer search and export the audit log of their
centres; reading and exporting are logged too; a person sees who has viewed their objects."""

from __future__ import annotations

import csv
import io

import pytest

from apps.accounts.models import Role
from apps.audit import ownership
from apps.audit.log import record
from apps.audit.models import Action, AuditEntry
from tests.factories import UserFactory, centre, user_with_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries() -> dict[str, AuditEntry]:
    own, other = centre("sisa-suomi"), centre("ita-suomi")
    member = user_with_roles((Role.COORDINATOR, "sisa-suomi"), email="member@example.fi")
    outsider = user_with_roles((Role.COORDINATOR, "ita-suomi"), email="outsider@example.fi")
    return {
        "own": record(
            Action.VIEW, user=member, object_type="t.case", object_id=1, centre_id=own.pk
        ),
        "other": record(
            Action.VIEW, user=outsider, object_type="t.case", object_id=2, centre_id=other.pk
        ),
        "member_sign_in": record(Action.SIGN_IN, user=member, target=member),
        "outsider_sign_in": record(Action.SIGN_IN, user=outsider, target=outsider),
    }


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER])
def test_it_shows_the_readers_centre_only(signed_in, entries, role: str) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((role, "sisa-suomi")))
    html = client.get("/en/audit/log/").content.decode()
    assert "member@example.fi" in html
    assert "outsider@example.fi" not in html


def test_it_logs_the_search_itself(signed_in, entries) -> None:  # type: ignore[no-untyped-def]
    reader = user_with_roles((Role.DATA_PROTECTION_OFFICER, "sisa-suomi"))
    signed_in(reader).get("/en/audit/log/", {"action": "view", "who": "member"})
    entry = AuditEntry.objects.filter(user=reader, object_type="audit.log").get()
    assert entry.action == Action.VIEW
    assert entry.object_type == "audit.log"
    assert entry.detail["filters"] == {"action": "view", "who": "member"}


def test_it_filters_by_action_and_user(signed_in, entries) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((Role.ADMINISTRATOR, "sisa-suomi")))
    html = client.get("/en/audit/log/", {"action": "sign_in"}).content.decode()
    assert "t.case" not in html
    assert "member@example.fi" in html


def test_it_explains_bad_filters_and_keeps_them(signed_in, entries) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((Role.ADMINISTRATOR, "sisa-suomi")))
    response = client.get(
        "/en/audit/log/", {"date_from": "2026-13-45", "date_to": "", "who": "memb<er"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid date." in html
    assert 'value="2026-13-45"' in html
    assert 'value="memb&lt;er"' in html


def test_it_exports_csv_and_logs_the_export(signed_in, entries) -> None:  # type: ignore[no-untyped-def]
    reader = user_with_roles((Role.ADMINISTRATOR, "sisa-suomi"))
    response = signed_in(reader).get("/en/audit/log/export.csv", {"action": "view"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["id"] for row in rows] == [str(entries["own"].pk)]
    assert rows[0]["entry_hash"] == entries["own"].entry_hash
    export = AuditEntry.objects.get(user=reader, action=Action.EXPORT)
    assert export.detail == {"filters": {"action": "view"}, "rows": 1}


def test_it_neutralises_formulas_in_the_csv(signed_in) -> None:  # type: ignore[no-untyped-def]
    reader = user_with_roles((Role.ADMINISTRATOR, "sisa-suomi"))
    record(
        Action.VIEW,
        user=reader,
        object_type="t.case",
        object_id="=HYPERLINK(1)",
        centre_id=centre("sisa-suomi").pk,
    )
    body = b"".join(signed_in(reader).get("/en/audit/log/export.csv").streaming_content)
    assert b"'=HYPERLINK(1)" in body


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.LEADERSHIP, Role.REQUESTER])
def test_it_refuses_other_roles(signed_in, role: str) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(user_with_roles((role, "sisa-suomi")))
    assert client.get("/en/audit/log/").status_code == 403
    assert client.get("/en/audit/log/export.csv").status_code == 403


def test_a_person_sees_who_viewed_their_objects(signed_in, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    owner = UserFactory(email="owner@example.fi")
    viewer = UserFactory(email="viewer@example.fi")
    stranger_object = UserFactory()
    monkeypatch.setattr(ownership, "_REGISTRY", {})
    ownership.register_owned_objects("accounts.user", lambda user: [user.pk])
    record(Action.VIEW, user=viewer, target=owner)
    record(Action.VIEW, user=owner, target=owner)  # their own look is not listed
    record(Action.VIEW, user=viewer, target=stranger_object)

    html = signed_in(owner).get("/en/audit/my-access/").content.decode()
    assert html.count("viewer@example.fi") == 1
    assert "owner@example.fi</td>" not in html


def test_it_flags_unusual_entries(signed_in) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    import time_machine
    from django.utils import timezone

    reader = user_with_roles((Role.DATA_PROTECTION_OFFICER, "sisa-suomi"))
    own = centre("sisa-suomi").pk
    helsinki = timezone.get_default_timezone()
    tuesday = dt.datetime(2026, 11, 17, tzinfo=helsinki)
    with time_machine.travel(tuesday.replace(hour=10), tick=False):
        ordinary = record(Action.VIEW, user=reader, object_type="t.day", centre_id=own)
        export = record(Action.EXPORT, user=reader, object_type="t.export", centre_id=own)
    with time_machine.travel(tuesday.replace(hour=23), tick=False):
        night = record(Action.VIEW, user=reader, object_type="t.night", centre_id=own)
    with time_machine.travel(tuesday.replace(day=21, hour=10), tick=False):  # a Saturday
        weekend = record(Action.VIEW, user=reader, object_type="t.weekend", centre_id=own)

    client = signed_in(reader)
    # at night the sign-in and this search are unusual too: the page must still show all
    with time_machine.travel(tuesday.replace(day=24, hour=23), tick=False):
        html = client.get("/en/audit/log/", {"unusual": "on"}).content.decode()
    for flagged in (export, night, weekend):
        assert flagged.object_type in html
    assert ordinary.object_type not in html
