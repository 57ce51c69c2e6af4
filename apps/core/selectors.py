"""Reads for the shell pages: the dashboard of a signed-in user."""

from __future__ import annotations

from dataclasses import dataclass, field

from apps.accounts import permissions
from apps.accounts.models import Role, RoleAssignment, User
from apps.network import selectors as network_selectors
from apps.network.models import Actor
from apps.organisations.models import Centre


@dataclass
class RoleCard:
    """One role of the user in one centre, and what the dashboard shows for it."""

    role: str
    role_label: str
    centre: Centre
    summary: network_selectors.CentreSummary | None = None
    interchanges: list[Actor] = field(default_factory=list)
    national: list[network_selectors.CentreSummary] = field(default_factory=list)
    role_counts: list[tuple[str, int]] = field(default_factory=list)


def dashboard_cards(*, user: User) -> list[RoleCard]:
    assignments = (
        RoleAssignment.objects.filter(user=user)
        .select_related("centre", "centre__area")
        .order_by("centre__name_fi", "role")
    )
    cards: list[RoleCard] = []
    order = [choice.value for choice in Role]
    for assignment in sorted(assignments, key=lambda a: order.index(a.role)):
        centre = assignment.centre
        card = RoleCard(
            role=assignment.role, role_label=assignment.get_role_display(), centre=centre
        )
        if assignment.role in (Role.COORDINATOR, Role.LEADERSHIP, Role.ADMINISTRATOR):
            centres = Centre.objects.filter(pk=centre.pk)
            card.summary = network_selectors.centre_summaries(centres=centres)[0]
        if assignment.role == Role.LEADERSHIP:
            card.interchanges = network_selectors.interchange_list(
                actors=permissions.actors_visible_to(user, centre)
            )
        if assignment.role == Role.NATIONAL_VIEWER and permissions.can_view_aggregates(user):
            card.national = network_selectors.centre_summaries(centres=Centre.objects.all())
        if assignment.role == Role.ADMINISTRATOR:
            labels = dict(Role.choices)
            counts: dict[str, int] = {}
            for role in RoleAssignment.objects.filter(centre=centre).values_list("role", flat=True):
                counts[role] = counts.get(role, 0) + 1
            card.role_counts = [(str(labels[r]), counts.get(r, 0)) for r in order]
        cards.append(card)
    return cards
