"""No page's query count grows with the number of cases (counted, not timed)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.consultations.models import Meeting
from tests.consultation_helpers import case_in_follow_up, people
from tests.consultation_urls import en
from tests.mfa import sign_in_client

pytestmark = pytest.mark.django_db


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_stay_flat_as_cases_grow() -> None:
    p = people()
    case, meeting = case_in_follow_up(p)
    clients = {}
    for name in ("requester", "coordinator", "leadership", "expert"):
        c = Client()
        sign_in_client(c, getattr(p, name))
        clients[name] = c

    def pages() -> list[tuple[str, str]]:
        return [
            ("requester", en("consultations:list")),
            ("requester", en("consultations:request_new")),
            ("requester", en("consultations:detail", pk=case.pk)),
            ("requester", en("consultations:memo", pk=meeting.pk)),
            ("requester", en("consultations:follow_up", pk=case.pk)),
            ("expert", en("consultations:list")),
            ("coordinator", en("consultations:list")),
            ("coordinator", en("consultations:queue", centre_slug="sisa-suomi")),
            ("coordinator", en("consultations:detail", pk=case.pk)),
            ("coordinator", en("consultations:assess", pk=case.pk)),
            ("coordinator", en("consultations:decide", pk=case.pk)),
            ("coordinator", en("consultations:team", pk=case.pk)),
            ("coordinator", en("consultations:schedule", pk=case.pk)),
            ("leadership", en("consultations:feedback_report", centre_slug="sisa-suomi")),
        ]

    before = {url: count(clients[who], url) for who, url in pages()}
    for _ in range(4):
        case_in_follow_up(p)  # more cases, invitations, meetings, steps
    assert Meeting.objects.count() == 5
    after = {url: count(clients[who], url) for who, url in pages()}
    grown = {url: (before[url], after[url]) for url in before if after[url] > before[url]}
    assert min(before.values()) > 3  # the counting itself works
    assert not grown, grown
