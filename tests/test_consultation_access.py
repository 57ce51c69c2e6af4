"""Who sees and does what, through every consultation view (the access matrix of issue 5).

Anonymous users are sent to sign-in; a signed-in user who may not see a case gets 404 (the
case's existence is not disclosed); one who sees it but may not do the action gets 403.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from apps.accounts import permissions
from apps.consultations import services
from apps.consultations.states import State
from tests.consultation_helpers import case_in_follow_up, people
from tests.mfa import sign_in_client

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "owner",
    "other_requester",
    "invited",
    "accepted",
    "coordinator",
    "leadership",
    "national",
    "admin",
    "other_coordinator",
)
L = "login"
CASE_READ = dict(zip(ROLES, (L, 200, 404, 302, 200, 200, 200, 404, 404, 404), strict=True))
COORDINATE = dict(zip(ROLES, (L, 403, 404, 404, 403, 200, 403, 404, 404, 404), strict=True))
FOLLOW_UP = dict(zip(ROLES, (L, 200, 404, 404, 403, 200, 403, 404, 404, 404), strict=True))
MEMO = dict(zip(ROLES, (L, 200, 404, 404, 200, 200, 200, 404, 404, 404), strict=True))
RECORD_APPROVED = dict(zip(ROLES, (L, 403, 404, 404, 403, 403, 403, 404, 404, 404), strict=True))
FEEDBACK_OPEN = dict(zip(ROLES, (L, 403, 404, 404, 403, 403, 403, 404, 404, 404), strict=True))
INVITATION = dict(zip(ROLES, (L, 404, 404, 200, 404, 404, 404, 404, 404, 404), strict=True))
QUEUE = dict(zip(ROLES, (L, 403, 403, 403, 403, 200, 200, 403, 403, 403), strict=True))
SIGNED_IN = dict(zip(ROLES, (L, 200, 200, 200, 200, 200, 200, 200, 200, 200), strict=True))
FILE = dict(zip(ROLES, (L, 200, 200, 403, 403, 200, 403, 403, 403, 200), strict=True))
INSTRUMENTS = dict(zip(ROLES, (L, 403, 403, 403, 403, 403, 200, 403, 403, 403), strict=True))


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    p = people()
    case, meeting = case_in_follow_up(p)
    pending = services.invite(case, actor=p.second_actor, message="", reasons=[], by=p.coordinator)
    users = {
        "anonymous": None,
        "owner": p.requester,
        "other_requester": p.other_requester,
        "invited": p.second_expert,
        "accepted": p.expert,
        "coordinator": p.coordinator,
        "leadership": p.leadership,
        "national": p.national,
        "admin": p.admin,
        "other_coordinator": p.other_coordinator,
    }
    return p, case, meeting, pending, users


def _urls(case, meeting, pending):  # type: ignore[no-untyped-def]
    c = {"pk": case.pk}
    m = {"pk": meeting.pk}
    s = {"centre_slug": "sisa-suomi"}
    return [
        ("consultations:detail", c, CASE_READ),
        ("consultations:assess", c, COORDINATE),
        ("consultations:decide", c, COORDINATE),
        ("consultations:team", c, COORDINATE),
        ("consultations:schedule", c, COORDINATE),
        ("consultations:follow_up", c, FOLLOW_UP),
        ("consultations:feedback", c, FEEDBACK_OPEN),
        ("consultations:memo", m, MEMO),
        ("consultations:memo_pdf", m, MEMO),
        ("consultations:meeting_ics", m, MEMO),
        ("consultations:record", m, RECORD_APPROVED),
        ("consultations:invitation", {"pk": pending.pk}, INVITATION),
        ("consultations:queue", s, QUEUE),
        ("consultations:feedback_report", s, QUEUE),
        ("consultations:list", {}, SIGNED_IN),
        ("consultations:request_new", {}, FILE),
        ("consultations:instruments", {}, INSTRUMENTS),
        ("consultations:instrument_new", {}, INSTRUMENTS),
    ]


def test_it_answers_every_view_per_role(world) -> None:  # type: ignore[no-untyped-def]
    _p, case, meeting, pending, users = world
    # The other centre's coordinator may file requests in their own centre.
    failures = []
    for name, kwargs, expected in _urls(case, meeting, pending):
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            client = Client()
            if users[role] is not None:
                sign_in_client(client, users[role])
            response = client.get(url)
            want = expected[role]
            if want == L:
                ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
            else:
                ok = response.status_code == want
            if not ok:
                failures.append(f"{name} as {role}: {response.status_code}, expected {want}")
    assert not failures, "\n".join(failures)


def test_an_invited_expert_sees_the_summary_until_accepting(world) -> None:  # type: ignore[no-untyped-def]
    p, case, _meeting, pending, _users = world
    assert permissions.can_view_consultation_summary(p.second_expert, case)
    assert not permissions.can_view_consultation(p.second_expert, case)
    services.invitation_answer(pending, accept=True, reason="", by=p.second_expert)
    assert permissions.can_view_consultation(p.second_expert, case)


def test_a_declining_expert_sees_nothing(world) -> None:  # type: ignore[no-untyped-def]
    p, case, _meeting, pending, _users = world
    services.invitation_answer(pending, accept=False, reason="Ei aikaa", by=p.second_expert)
    assert not permissions.can_view_consultation_summary(p.second_expert, case)
    client = Client()
    sign_in_client(client, p.second_expert)
    assert (
        client.get(reverse("consultations:invitation", kwargs={"pk": pending.pk})).status_code
        == 404
    )
    assert client.get(reverse("consultations:detail", kwargs={"pk": case.pk})).status_code == 404


def test_lists_show_only_visible_cases(world) -> None:  # type: ignore[no-untyped-def]
    p, case, _meeting, _pending, _users = world
    assert list(permissions.consultations_visible_to(p.requester)) == [case]
    assert list(permissions.consultations_visible_to(p.expert)) == [case]
    assert list(permissions.consultations_visible_to(p.coordinator)) == [case]
    assert list(permissions.consultations_visible_to(p.leadership)) == [case]
    for nobody in (p.other_requester, p.second_expert, p.national, p.admin, p.other_coordinator):
        assert list(permissions.consultations_visible_to(nobody)) == []
    assert list(permissions.consultations_visible_to(None)) == []


def test_the_scribe_writes_and_the_chair_approves(world) -> None:  # type: ignore[no-untyped-def]
    p, _case, meeting, _pending, _users = world
    meeting.record_status = "submitted"
    assert permissions.can_write_record(p.expert, meeting)  # scribe
    assert not permissions.can_write_record(p.coordinator, meeting)
    assert permissions.can_approve_record(p.coordinator, meeting)  # chair
    assert not permissions.can_approve_record(p.expert, meeting)
    meeting.record_status = "draft"
    assert not permissions.can_approve_record(p.coordinator, meeting)


def test_feedback_belongs_to_the_requester_of_a_closed_case(world) -> None:  # type: ignore[no-untyped-def]
    p, case, _meeting, _pending, _users = world
    assert not permissions.can_give_feedback(p.requester, case)
    case.state = State.CLOSED
    assert permissions.can_give_feedback(p.requester, case)
    assert not permissions.can_give_feedback(p.coordinator, case)
    assert not permissions.can_give_feedback(p.other_requester, case)


def test_it_refuses_actions_by_post_too(world) -> None:  # type: ignore[no-untyped-def]
    p, case, _meeting, _pending, _users = world
    client = Client()
    sign_in_client(client, p.requester)
    for name in ("consultations:close", "consultations:return", "consultations:assign"):
        assert client.post(reverse(name, kwargs={"pk": case.pk}), {}).status_code == 403
    sign_in_client(client, p.other_coordinator)
    assert (
        client.post(reverse("consultations:close", kwargs={"pk": case.pk}), {}).status_code == 404
    )
    case.refresh_from_db()
    assert case.state == State.FOLLOW_UP


OK = "ok"  # allowed: 200, 302 or 400 (a form error), never 403/404
POSTS = {
    # name: (object, expectations per role)
    "consultations:assign": ("case", (L, 403, 404, 404, 403, OK, 403, 404, 404, 404)),
    "consultations:return": ("case", (L, 403, 404, 404, 403, OK, 403, 404, 404, 404)),
    "consultations:close": ("case", (L, 403, 404, 404, 403, OK, 403, 404, 404, 404)),
    "consultations:withdraw": ("case", (L, OK, 404, 404, 403, OK, 403, 404, 404, 404)),
    "consultations:step_update": ("step", (L, OK, 404, 404, 403, OK, 403, 404, 404, 404)),
    "consultations:invitation_withdraw": (
        "pending",
        (L, 403, 404, 404, 403, OK, 403, 404, 404, 404),
    ),
    "consultations:approve": ("meeting", (L, 403, 404, 404, 403, 403, 403, 404, 404, 404)),
    "consultations:instrument_activate": (
        "instrument",
        (L, 403, 403, 403, 403, 403, OK, 403, 403, 403),
    ),
}


@pytest.mark.parametrize("name", list(POSTS))
def test_it_answers_every_action_per_role(world, name: str) -> None:  # type: ignore[no-untyped-def]
    from apps.consultations.instrument import Instrument

    _p, case, meeting, pending, users = world
    target, expected = POSTS[name]
    pk = {
        "case": case.pk,
        "step": meeting.next_steps.first().pk,
        "pending": pending.pk,
        "meeting": meeting.pk,
        "instrument": Instrument.objects.first().pk,
    }[target]
    url = reverse(name, kwargs={"pk": pk})
    failures = []
    # Refused roles first, so that an allowed action cannot change what the others see.
    order = sorted(range(len(ROLES)), key=lambda i: expected[i] == OK)
    for i in order:
        role = ROLES[i]
        client = Client()
        if users[role] is not None:
            sign_in_client(client, users[role])
        response = client.post(url, {})
        want = expected[i]
        if want == L:
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif want == OK:
            ok = response.status_code in (200, 302, 400)
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{name} as {role}: {response.status_code}, expected {want}")
    assert not failures, "\n".join(failures)
