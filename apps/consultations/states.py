"""The one state machine of a consultation case: its states and the allowed transitions.

Every change of state goes through `transition()` in services, which checks this table, and is
recorded on the case timeline with who and when. Anything not listed here is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    SUBMITTED = "submitted", _("submitted, waiting for triage")
    TRIAGE = "triage", _("in triage")
    TEAM = "team", _("assembling the team")
    SCHEDULED = "scheduled", _("consultation scheduled")
    FOLLOW_UP = "follow_up", _("in follow-up")
    CLOSED = "closed", _("closed")
    REDIRECTED = "redirected", _("redirected to another service")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Action(models.TextChoices):
    SUBMIT = "submit", _("request submitted")
    TAKE = "take", _("taken into triage")
    DECIDE = "decide", _("form of help decided")
    REDIRECT = "redirect", _("redirected")
    SCHEDULE = "schedule", _("consultation scheduled")
    APPROVE_MEMO = "approve_memo", _("memo approved")
    RETURN = "return", _("returned for a new consultation")
    CLOSE = "close", _("closed with findings")
    WITHDRAW = "withdraw", _("withdrawn")


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[State]
    target: State


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(Action.TAKE, frozenset({State.SUBMITTED}), State.TRIAGE),
        Transition(Action.DECIDE, frozenset({State.TRIAGE}), State.TEAM),
        Transition(Action.REDIRECT, frozenset({State.SUBMITTED, State.TRIAGE}), State.REDIRECTED),
        Transition(Action.SCHEDULE, frozenset({State.TEAM}), State.SCHEDULED),
        Transition(Action.APPROVE_MEMO, frozenset({State.SCHEDULED}), State.FOLLOW_UP),
        Transition(Action.RETURN, frozenset({State.FOLLOW_UP}), State.TEAM),
        Transition(Action.CLOSE, frozenset({State.FOLLOW_UP}), State.CLOSED),
        Transition(
            Action.WITHDRAW, frozenset({State.SUBMITTED, State.TRIAGE, State.TEAM}), State.WITHDRAWN
        ),
    )
}
# The state a request enters when it is submitted (drafts are not cases yet).
INITIAL_STATE = State.SUBMITTED
OPEN_STATES = frozenset(
    {State.SUBMITTED, State.TRIAGE, State.TEAM, State.SCHEDULED, State.FOLLOW_UP}
)
FINAL_STATES = frozenset({State.CLOSED, State.REDIRECTED, State.WITHDRAWN})


class IllegalTransition(Exception):
    """A transition that the table does not allow from the current state."""

    def __init__(self, action: Action, current: State) -> None:
        self.action = action
        self.current = current
        super().__init__(str(self.message))

    @property
    def message(self) -> str | Promise:
        return _("“%(action)s” is not possible while the case is “%(state)s”.") % {
            "action": Action(self.action).label,
            "state": State(self.current).label,
        }


def target_of(action: Action, current: State) -> State:
    """The state `action` leads to from `current`, or IllegalTransition."""
    transition = TRANSITIONS[action]
    if current not in transition.sources:
        raise IllegalTransition(action, current)
    return transition.target


def allowed_actions(current: State) -> list[Action]:
    return [a for a, t in TRANSITIONS.items() if current in t.sources]
