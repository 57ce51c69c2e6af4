"""Drafts are saved as the user types (htmx) and survive a closed tab; identity codes are
never stored in them."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.models import Role
from apps.consultations.models import RequestDraft
from tests.consultation_urls import en
from tests.factories import ActorFactory, LineFactory, StopFactory, user_with_roles
from tests.mfa import sign_in_client

pytestmark = pytest.mark.django_db


def requester_client():  # type: ignore[no-untyped-def]
    user = user_with_roles((Role.REQUESTER, "sisa-suomi"))
    client = Client()
    sign_in_client(client, user)
    return user, client


def test_it_saves_and_updates_one_draft_as_the_user_types() -> None:
    user, client = requester_client()
    first = client.post(
        en("consultations:draft_save"), {"question": "Mitä tehdä?"}, HTTP_HX_REQUEST="true"
    )
    assert first.status_code == 200
    draft = RequestDraft.objects.get(user=user)
    assert (
        f'value="{draft.pk}"' in first.content.decode() and "hx-swap-oob" in first.content.decode()
    )
    client.post(
        en("consultations:draft_save"),
        {"draft": draft.pk, "question": "Mitä tehdä nyt?", "lines": ["1", "2"]},
    )
    draft.refresh_from_db()
    assert RequestDraft.objects.count() == 1
    assert draft.data["question"] == "Mitä tehdä nyt?" and draft.data["lines"] == ["1", "2"]


def test_a_draft_reopens_with_what_was_typed() -> None:
    user, client = requester_client()
    client.post(en("consultations:draft_save"), {"question": "Kesken jäänyt kysymys"})
    draft = RequestDraft.objects.get(user=user)
    listing = client.get(en("consultations:list")).content.decode()
    assert "Kesken jäänyt kysymys" in listing
    page = client.get(en("consultations:request_new") + f"?draft={draft.pk}").content.decode()
    assert "Kesken jäänyt kysymys" in page


def test_identity_codes_are_masked_before_a_draft_is_stored() -> None:
    user, client = requester_client()
    response = client.post(
        en("consultations:draft_save"), {"situation": "Lapsi 131052-308T koulussa"}
    )
    assert "identity code was left out" in response.content.decode()
    assert RequestDraft.objects.get(user=user).data["situation"] == "Lapsi [***] koulussa"


def test_another_users_draft_is_neither_read_nor_written() -> None:
    owner, owner_client = requester_client()
    owner_client.post(en("consultations:draft_save"), {"question": "Oma"})
    draft = RequestDraft.objects.get(user=owner)
    _, intruder = requester_client()
    page = intruder.get(en("consultations:request_new") + f"?draft={draft.pk}").content.decode()
    assert "Oma" not in page
    intruder.post(en("consultations:draft_save"), {"draft": draft.pk, "question": "Vieras"})
    draft.refresh_from_db()
    assert draft.data["question"] == "Oma"
    assert intruder.post(en("consultations:draft_delete", pk=draft.pk)).status_code == 404


def test_a_refused_submission_is_kept_as_a_draft() -> None:
    user, client = requester_client()
    client.post(
        en("consultations:request_new"), {"question": "Kysymys", "situation": "Tunnus 131052-308T"}
    )
    assert RequestDraft.objects.get(user=user).data["question"] == "Kysymys"


def test_a_station_preselects_its_lines_and_region() -> None:
    _, client = requester_client()
    actor = ActorFactory()
    line = LineFactory()
    StopFactory(actor=actor, line=line)
    page = client.get(en("consultations:request_new") + f"?actor={actor.pk}").content.decode()
    import re

    checked = re.findall(r'<input type="checkbox" name="lines" value="(\d+)"[^>]*checked', page)
    assert checked == [str(line.pk)]


def test_only_filers_may_save_drafts() -> None:
    expert = user_with_roles((Role.EXPERT, "sisa-suomi"))
    client = Client()
    sign_in_client(client, expert)
    assert client.post(en("consultations:draft_save"), {"question": "x"}).status_code == 403
    assert not RequestDraft.objects.exists()
