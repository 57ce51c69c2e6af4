"""The state machine: every allowed transition, every refused one, and the timeline record."""

from __future__ import annotations

import pytest
from django.utils import translation

from apps.consultations import services
from apps.consultations.models import TimelineEvent
from apps.consultations.states import (
    TRANSITIONS,
    Action,
    IllegalTransition,
    State,
    allowed_actions,
    target_of,
)
from tests.factories import ConsultationFactory, UserFactory

ALLOWED = [(action, source, t.target) for action, t in TRANSITIONS.items() for source in t.sources]
REFUSED = [
    (action, source)
    for action, t in TRANSITIONS.items()
    for source in State
    if source not in t.sources
]


@pytest.mark.parametrize(("action", "source", "target"), ALLOWED)
def test_it_allows_each_listed_transition(action: Action, source: State, target: State) -> None:
    assert target_of(action, source) == target
    assert action in allowed_actions(source)


@pytest.mark.parametrize(("action", "source"), REFUSED)
def test_it_refuses_each_unlisted_transition(action: Action, source: State) -> None:
    with pytest.raises(IllegalTransition) as refused:
        target_of(action, source)
    assert str(refused.value.message)  # a message a person can read


def test_final_states_allow_nothing() -> None:
    for state in (State.CLOSED, State.REDIRECTED, State.WITHDRAWN):
        assert allowed_actions(state) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "source", "target"), ALLOWED)
def test_it_records_each_transition_with_who_and_when(
    action: Action, source: State, target: State
) -> None:
    user = UserFactory()
    case = ConsultationFactory(state=source)
    services.transition(case, action, user, note="syy")
    case.refresh_from_db()
    assert case.state == target
    event = TimelineEvent.objects.get(consultation=case, action=action)
    assert (event.from_state, event.to_state, event.by, event.note) == (source, target, user, "syy")
    assert event.at is not None


@pytest.mark.django_db
def test_it_refuses_an_illegal_transition_and_records_nothing() -> None:
    case = ConsultationFactory(state=State.SUBMITTED)
    with pytest.raises(IllegalTransition) as refused:
        services.transition(case, Action.CLOSE, UserFactory())
    case.refresh_from_db()
    assert case.state == State.SUBMITTED
    assert not TimelineEvent.objects.filter(consultation=case).exists()
    with translation.override("en"):
        assert "closed with findings" in str(refused.value.message)
    with translation.override("fi"):
        assert "suljettu havaintoineen" in str(refused.value.message)
