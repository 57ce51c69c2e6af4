"""Fictional demo consultations for the Sisä-Suomi demo centre (pseudonymous descriptions only).

Called from apps.core.demo.demo_load. Idempotent: cases are keyed by their demo reference.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.accounts import services as account_services
from apps.accounts.models import Role, User
from apps.consultations import services
from apps.consultations.models import (
    Consultation,
    FeedbackMark,
    FormOfHelp,
    NextStep,
    TimelineEvent,
)
from apps.consultations.states import Action, State
from apps.network.models import Actor, Line
from apps.organisations.models import Centre, WellbeingRegion

# Extra invented experts, so that a team can have more than one member in the demo.
DEMO_EXPERTS = [
    ("demo-expert@example.fi", "Leena Haavisto-Ojala", "s6"),
    ("demo-expert2@example.fi", "Ville Kallioranta", "s7"),
    ("demo-expert3@example.fi", "Sanna Eskelinen", "s9"),
]


def _experts(centre: Centre, password: str) -> dict[str, User]:
    users = {}
    for email, name, actor_key in DEMO_EXPERTS:
        user = account_services.user_ensure(email=email, full_name=name, password=password)
        account_services.role_assignment_grant(user=user, role=Role.EXPERT, centre=centre)
        Actor.objects.filter(centre=centre, key=actor_key, user__isnull=True).update(user=user)
        users[actor_key] = user
    return users


def _case(
    centre: Centre, reference: str, requester: User, days_ago: float, **fields: Any
) -> Consultation:
    lines = fields.pop("lines", [])
    case = Consultation.objects.create(
        centre=centre,
        reference=reference,
        requester=requester,
        filed_by=requester,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        privacy_basis="not_identifying",
        region=WellbeingRegion.objects.get(slug="pirkanmaa"),
        **fields,
    )
    case.lines.set(Line.objects.filter(centre=centre, key__in=lines))
    TimelineEvent.objects.create(
        consultation=case, action=Action.SUBMIT, to_state=State.SUBMITTED, by=requester
    )
    return case


def _through_triage(case: Consultation, coordinator: User, form_of_help: FormOfHelp) -> None:
    """Assign the coordinator and decide the form of help, as in triage."""
    services.assign(case, coordinator=coordinator, by=coordinator)
    services.decide(case, form_of_help=form_of_help, competences=[], note="", by=coordinator)


@transaction.atomic
def demo_load(centre: Centre, password: str) -> int:
    """Create the demo cases once; returns how many were created."""
    services.instrument_ensure_default()
    experts = _experts(centre, password)
    if Consultation.objects.filter(reference__startswith="SIS-DEMO-").exists():
        return 0
    requester = User.objects.get(email="demo-requester@example.fi")
    coordinator = User.objects.get(email="demo-coordinator@example.fi")
    instrument = services.active_instrument()
    created = 0

    _case(
        centre,
        "SIS-DEMO-001",
        requester,
        1.5,
        question="Miten tukea nuorta, jonka koulunkäynti on katkennut ja joka käyttää päihteitä?",
        situation="15-vuotias nuori, koulupoissaoloja puoli vuotta, päihdekokeiluja. "
        "Lastensuojelun avohuolto ja nuorisopsykiatria mukana ilman yhteistä suunnitelmaa.",
        age_band="13-15",
        urgency="acute",
        services_involved="Lastensuojelu, nuorisopsykiatria",
        tried="Verkostopalaveri, koulun tukitoimet",
        help_wished="consultation",
        lines=["L5", "L7"],
    )
    created += 1

    triage = _case(
        centre,
        "SIS-DEMO-002",
        requester,
        4,
        question="Millainen tapaamisjärjestely on turvallinen pitkittyneessä huoltoriidassa?",
        situation="Vanhemmat riitelevät lapsen asumisesta kolmatta vuotta; lapsi oireilee "
        "koulussa. Käräjäoikeuden käsittely vireillä.",
        age_band="7-12",
        urgency="two_weeks",
        services_involved="Perheneuvola, lastenvalvoja",
        tried="Sovittelu",
        help_wished="written",
        lines=["L1"],
    )
    services.assign(triage, coordinator=coordinator, by=coordinator)
    if instrument:
        answers = {i["key"]: 2 for d in instrument.definition["dimensions"] for i in d["items"]}
        services.assess(
            triage,
            instrument=instrument,
            answers=answers,
            agreed_level="",
            override_reason="",
            with_requester=True,
            by=coordinator,
        )
    created += 1

    team = _case(
        centre,
        "SIS-DEMO-003",
        requester,
        9,
        question="Miten arvioida kunniaan liittyvän väkivallan uhkaa perheessä?",
        situation="Nuori kertoi koulussa pelkäävänsä perheen reaktiota seurustelusuhteeseen. "
        "Perhe on asunut Suomessa kaksi vuotta.",
        age_band="16-17",
        urgency="acute",
        services_involved="Koulukuraattori, sosiaalipäivystys",
        tried="Keskustelu nuoren kanssa",
        help_wished="consultation",
        lines=["L2", "L6"],
    )
    _through_triage(team, coordinator, FormOfHelp.CONSULTATION)
    actor = Actor.objects.get(centre=centre, key="s6")
    if actor.user_id:
        services.invite(
            team, actor=actor, message="Tarvitsemme näkemystäsi.", reasons=[], by=coordinator
        )
    created += 1

    follow = _case(
        centre,
        "SIS-DEMO-004",
        requester,
        30,
        question="Miten yhteensovittaa sijaishuolto ja nuorisopsykiatrinen hoito?",
        situation="Sijoitettu nuori, toistuvia sijaintipaikan vaihdoksia ja psykiatrisia "
        "osastojaksoja. Vastuunjako epäselvä.",
        age_band="13-15",
        urgency="normal",
        services_involved="Sijaishuolto, nuorisopsykiatria",
        tried="Hoitoneuvottelut",
        help_wished="consultation",
        lines=["L3", "L5"],
    )
    _through_triage(follow, coordinator, FormOfHelp.CONSULTATION)
    expert = experts["s7"]
    inv = services.invite(
        follow,
        actor=Actor.objects.get(centre=centre, key="s7"),
        message="",
        reasons=[],
        by=coordinator,
    )
    services.invitation_answer(inv, accept=True, reason="", by=expert)
    meeting = services.schedule(
        follow,
        data={
            "starts_at": timezone.now() - datetime.timedelta(days=14),
            "duration_minutes": 90,
            "place": "",
            "online_link": "https://meet.example.fi/ot-demo",
            "language": "fi",
            "chair": coordinator,
            "scribe": expert,
        },
        by=coordinator,
    )
    participants = [
        {"id": p.pk, "role": p.role, "minutes_spent": 90} for p in meeting.participants.all()
    ]
    services.record_save(
        meeting,
        family_took_part=False,
        recommendations="Yhteinen hoito- ja asiakassuunnitelma; nimetty vastuutyöntekijä.",
        participants=participants,
        perspectives=[
            {
                "perspective": "Hoidon jatkuvuus",
                "reason": "Osastojaksojen välillä ei ole yhteistä suunnitelmaa.",
            }
        ],
        next_steps=[
            {
                "what": "Yhteinen suunnitelmapalaveri",
                "who": "Lastensuojelun sosiaalityöntekijä",
                "due": timezone.localdate() - datetime.timedelta(days=2),
            },
            {
                "what": "Nimetään vastuutyöntekijä",
                "who": "Nuorisopsykiatria",
                "due": timezone.localdate() + datetime.timedelta(days=10),
            },
        ],
        submit=True,
        by=expert,
    )
    services.record_approve(
        meeting, by=coordinator, follow_up_date=timezone.localdate() + datetime.timedelta(days=30)
    )
    created += 1

    closed = _case(
        centre,
        "SIS-DEMO-005",
        requester,
        60,
        question="Miten tukea vauvaperhettä, jossa äiti käyttää päihteitä raskauden jälkeen?",
        situation="Vauva 3 kk. Äidillä päihdehistoria, isä työssä paljon. Neuvolalla huoli.",
        age_band="0-2",
        urgency="two_weeks",
        services_involved="Neuvola, päihdepoliklinikka",
        tried="Neuvolan lisäkäynnit",
        help_wished="outreach",
        lines=["L4"],
    )
    _through_triage(closed, coordinator, FormOfHelp.OUTREACH)
    inv = services.invite(
        closed,
        actor=Actor.objects.get(centre=centre, key="s9"),
        message="",
        reasons=[],
        by=coordinator,
    )
    services.invitation_answer(inv, accept=True, reason="", by=experts["s9"])
    meeting = services.schedule(
        closed,
        data={
            "starts_at": timezone.now() - datetime.timedelta(days=45),
            "duration_minutes": 60,
            "place": "OT-keskuksen neuvotteluhuone",
            "online_link": "",
            "language": "fi",
            "chair": coordinator,
            "scribe": experts["s9"],
        },
        by=coordinator,
    )
    services.record_save(
        meeting,
        family_took_part=True,
        recommendations="Vauvaperhetyön kotikäynnit kahdesti viikossa.",
        participants=[
            {"id": p.pk, "role": p.role, "minutes_spent": 60} for p in meeting.participants.all()
        ],
        perspectives=[],
        next_steps=[
            {
                "what": "Kotikäynnit alkavat",
                "who": "Vauvaperhetyö",
                "due": timezone.localdate() - datetime.timedelta(days=30),
            }
        ],
        submit=True,
        by=experts["s9"],
    )
    services.record_approve(meeting, by=coordinator)
    for step in NextStep.objects.filter(meeting=meeting):
        services.step_mark(step, status=NextStep.Status.DONE, reason="", by=coordinator)
    services.close(
        closed,
        what_worked="Jalkautuva tuki kotiin.",
        gap_categories=["waiting"],
        gaps_text="Vauvaperhetyöhön oli kuuden viikon jono.",
        by=coordinator,
    )
    services.feedback_give(
        closed,
        requester=requester,
        ratings=dict.fromkeys(FeedbackMark.values, 4),
        free_text="Konkreettinen apu.",
    )
    created += 1
    return created
