"""Shared set-up for the consultation tests: people in every role and cases in every state."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from apps.accounts.models import Role, User
from apps.consultations import services
from apps.consultations.models import Consultation, Invitation, Meeting
from apps.network.models import Actor
from tests.factories import ActorFactory, ConsultationFactory, user_with_roles


@dataclass
class People:
    requester: User
    other_requester: User
    expert: User
    second_expert: User
    coordinator: User
    leadership: User
    national: User
    admin: User
    other_coordinator: User
    expert_actor: Actor
    second_actor: Actor


def people() -> People:
    s = "sisa-suomi"
    expert = user_with_roles((Role.EXPERT, s))
    second = user_with_roles((Role.EXPERT, s))
    return People(
        requester=user_with_roles((Role.REQUESTER, s)),
        other_requester=user_with_roles((Role.REQUESTER, s)),
        expert=expert,
        second_expert=second,
        coordinator=user_with_roles((Role.COORDINATOR, s)),
        leadership=user_with_roles((Role.LEADERSHIP, s)),
        national=user_with_roles((Role.NATIONAL_VIEWER, s)),
        admin=user_with_roles((Role.ADMINISTRATOR, s)),
        other_coordinator=user_with_roles((Role.COORDINATOR, "etela-suomi")),
        expert_actor=ActorFactory(kind=Actor.Kind.PERSON, user=expert, languages=["fi", "sv"]),
        second_actor=ActorFactory(kind=Actor.Kind.PERSON, user=second, languages=["fi"]),
    )


def case_in_team(p: People, **kwargs: Any) -> Consultation:
    case = ConsultationFactory(requester=p.requester, **kwargs)
    services.assign(case, coordinator=p.coordinator, by=p.coordinator)
    services.decide(case, form_of_help="consultation", competences=[], note="", by=p.coordinator)
    return case


def accepted_invitation(p: People, case: Consultation) -> Invitation:
    inv = services.invite(case, actor=p.expert_actor, message="", reasons=[], by=p.coordinator)
    services.invitation_answer(inv, accept=True, reason="", by=p.expert)
    return inv


def scheduled_meeting(p: People, case: Consultation) -> Meeting:
    return services.schedule(
        case,
        data={
            "starts_at": timezone.now() + datetime.timedelta(days=2),
            "duration_minutes": 60,
            "place": "",
            "online_link": "https://meet.example.fi/x",
            "language": "fi",
            "chair": p.coordinator,
            "scribe": p.expert,
        },
        by=p.coordinator,
    )


def approved_meeting(p: People, case: Consultation, due_in_days: int = -1) -> Meeting:
    meeting = scheduled_meeting(p, case)
    services.record_save(
        meeting,
        family_took_part=False,
        recommendations="Suositus.",
        participants=[
            {"id": x.pk, "role": x.role, "minutes_spent": 60} for x in meeting.participants.all()
        ],
        perspectives=[{"perspective": "Näkökulma", "reason": "Perustelu"}],
        next_steps=[
            {
                "what": "Palaveri",
                "who": "Sosiaalityöntekijä",
                "due": timezone.localdate() + datetime.timedelta(days=due_in_days),
            }
        ],
        submit=True,
        by=p.expert,
    )
    services.record_approve(meeting, by=p.coordinator)
    return meeting


def case_in_follow_up(p: People) -> tuple[Consultation, Meeting]:
    case = case_in_team(p)
    accepted_invitation(p, case)
    meeting = approved_meeting(p, case)
    case.refresh_from_db()
    return case, meeting
