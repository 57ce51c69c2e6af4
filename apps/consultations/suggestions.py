"""Ranked, explainable expert suggestions for a case. Rule-based: every point comes with a
reason the coordinator reads, and the coordinator always decides (no learning, no profiling)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.consultations.models import Consultation, Invitation
from apps.consultations.states import OPEN_STATES
from apps.network.models import Actor, Competence, Line

# Points per rule; documented in docs/consultations.md.
POINTS_LINE = 3
POINTS_COMPETENCE = 2
POINTS_REGION = 2
POINTS_LANGUAGE = 3
PENALTY_NO_LANGUAGE = -4
PENALTY_PER_OPEN_CASE = -1
PENALTY_LIMITED = -2
PENALTY_UNAVAILABLE = -10


@dataclass
class Suggestion:
    actor: Actor
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    can_be_invited: bool = True
    already_invited: bool = False


def suggest(case: Consultation, limit: int = 50) -> list[Suggestion]:
    """Active actors of the case's centre ranked by the rules below, best first."""
    today = timezone.localdate()
    case_lines = list(case.lines.all())
    case_line_ids = {line.pk for line in case_lines}
    needed = list(case.competences_needed.all())
    needed_ids = {c.pk for c in needed}
    invited_ids = set(
        case.invitations.exclude(status=Invitation.Status.WITHDRAWN).values_list(
            "actor_id", flat=True
        )
    )
    open_invitations = Q(
        invitations__status__in=[Invitation.Status.PENDING, Invitation.Status.ACCEPTED],
        invitations__consultation__state__in=list(OPEN_STATES),
    )
    actors = (
        Actor.objects.filter(centre_id=case.centre_id, is_active=True)
        .exclude(kind=Actor.Kind.ORGANISATION)
        .select_related("region")
        .prefetch_related(
            Prefetch("lines", queryset=Line.objects.only("id", "name_fi", "name_sv", "name_en")),
            Prefetch("competences", queryset=Competence.objects.all()),
        )
        .annotate(
            open_cases=Count("invitations__consultation", filter=open_invitations, distinct=True)
        )
    )
    suggestions = [_rank(a, case, case_line_ids, needed_ids, today) for a in actors]
    for s in suggestions:
        s.already_invited = s.actor.pk in invited_ids
    suggestions.sort(key=lambda s: (-s.score, s.actor.name))
    return suggestions[:limit]


def _rank(
    actor: Actor,
    case: Consultation,
    case_line_ids: set[int],
    needed_ids: set[int],
    today: datetime.date,
) -> Suggestion:
    s = Suggestion(actor=actor)
    for line in actor.lines.all():
        if line.pk in case_line_ids:
            s.score += POINTS_LINE
            s.reasons.append(_("On the line “%(line)s”") % {"line": line.name})
    for competence in actor.competences.all():
        if competence.pk in needed_ids:
            s.score += POINTS_COMPETENCE
            s.reasons.append(_("Competence: %(name)s") % {"name": competence.name})
    if actor.region_id and actor.region_id == case.region_id:
        s.score += POINTS_REGION
        s.reasons.append(_("Works in the case's region (%(region)s)") % {"region": actor.region})
    else:
        s.reasons.append(_("In the centre's network"))
    languages = {str(code).lower() for code in (actor.languages or [])}
    if case.language != "fi":
        if case.language in languages:
            s.score += POINTS_LANGUAGE
            s.reasons.append(
                _("Works in the consultation's language (%(code)s)") % {"code": case.language}
            )
        else:
            s.score += PENALTY_NO_LANGUAGE
            s.reasons.append(
                _("Does not list the consultation's language (%(code)s)") % {"code": case.language}
            )
    open_cases = getattr(actor, "open_cases", 0)
    if open_cases:
        s.score += PENALTY_PER_OPEN_CASE * open_cases
    s.reasons.append(_("Open consultations now: %(n)d") % {"n": open_cases})
    unavailable = actor.availability == Actor.Availability.UNAVAILABLE and (
        actor.unavailable_until is None or actor.unavailable_until >= today
    )
    if unavailable:
        s.score += PENALTY_UNAVAILABLE
        if actor.unavailable_until:
            s.reasons.append(
                _("Unavailable until %(date)s")
                % {"date": actor.unavailable_until.strftime("%d.%m.%Y")}
            )
        else:
            s.reasons.append(_("Unavailable"))
    elif actor.availability == Actor.Availability.LIMITED:
        s.score += PENALTY_LIMITED
        s.reasons.append(_("Limited availability"))
    if actor.user_id is None:
        s.can_be_invited = False
        s.reasons.append(_("No user account: contact them outside OT-verkosto"))
    return s
