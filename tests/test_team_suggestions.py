"""Ranked, explainable expert suggestions: every point has a reason, the coordinator decides."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from apps.consultations.suggestions import suggest
from apps.network.models import Actor
from apps.organisations.models import WellbeingRegion
from tests.consultation_helpers import case_in_team, people
from tests.factories import ActorFactory, CompetenceFactory, LineFactory, StopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    from django.utils import translation

    with translation.override("en"):
        yield


def ranked(case):  # type: ignore[no-untyped-def]
    return {s.actor.name: s for s in suggest(case, limit=100)}


def test_line_competence_region_and_language_raise_the_rank() -> None:
    p = people()
    line = LineFactory()
    competence = CompetenceFactory()
    region = WellbeingRegion.objects.get(slug="pirkanmaa")
    case = case_in_team(p, region=region, language="sv")
    case.lines.set([line])
    case.competences_needed.set([competence])
    best = ActorFactory(name="Paras", region=region, languages=["fi", "sv"], user=p.expert)
    best.competences.add(competence)
    StopFactory(actor=best, line=line)
    plain = ActorFactory(name="Tavallinen", languages=["fi"])
    result = ranked(case)
    assert suggest(case)[0].actor == best
    reasons = " | ".join(result["Paras"].reasons)
    assert line.name in reasons and competence.name in reasons and "region" in reasons
    assert "consultation's language (sv)" in reasons
    assert "Does not list the consultation's language (sv)" in " | ".join(
        result["Tavallinen"].reasons
    )
    assert result["Paras"].score > result["Tavallinen"].score
    assert not result["Tavallinen"].can_be_invited  # no account
    assert plain.pk


def test_load_and_availability_lower_the_rank_with_reasons() -> None:
    p = people()
    case = case_in_team(p)
    busy = ActorFactory(name="Kiireinen", user=p.second_expert)
    other = case_in_team(p)
    from apps.consultations import services

    services.invite(other, actor=busy, message="", reasons=[], by=p.coordinator)
    away = ActorFactory(
        name="Poissa",
        availability=Actor.Availability.UNAVAILABLE,
        unavailable_until=timezone.localdate() + datetime.timedelta(days=5),
    )
    limited = ActorFactory(name="Rajoitettu", availability=Actor.Availability.LIMITED)
    free = ActorFactory(name="Vapaa")
    result = ranked(case)
    assert "Open consultations now: 1" in result["Kiireinen"].reasons
    assert result["Kiireinen"].score < result["Vapaa"].score
    assert any(r.startswith("Unavailable until") for r in result["Poissa"].reasons)
    assert "Limited availability" in result["Rajoitettu"].reasons
    assert result["Poissa"].score < result["Rajoitettu"].score < result["Vapaa"].score
    assert away.pk and limited.pk and free.pk


def test_availability_that_has_ended_is_not_held_against_anyone() -> None:
    p = people()
    case = case_in_team(p)
    ActorFactory(
        name="Palannut",
        availability=Actor.Availability.UNAVAILABLE,
        unavailable_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert not any(r.startswith("Unavailable") for r in ranked(case)["Palannut"].reasons)


def test_already_invited_experts_are_marked() -> None:
    p = people()
    case = case_in_team(p)
    from apps.consultations import services

    services.invite(case, actor=p.expert_actor, message="", reasons=[], by=p.coordinator)
    assert ranked(case)[p.expert_actor.name].already_invited
