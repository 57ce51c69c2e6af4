"""The expected answer of EVERY URL of the project, for every kind of visitor.

tests/test_access_control.py walks Django's URL resolver; each URL pattern must match a rule
here, or the test fails naming it. To add a view: add one line to RULES (or to GROUP_RULES for a
third-party group), with the kwargs to reverse it and the answers.

Visitors ("cases"): anonymous; each role of the object's centre (Sisä-Suomi); a coordinator
of another centre (Itä-Suomi). Answers: OK (200), LOGIN (redirect to sign-in), FORBIDDEN (403),
NOT_FOUND (404), NOT_ALLOWED (405, e.g. GET of a POST-only view), REDIRECT (elsewhere).
Every URL with kwargs is also tried with the OTHER centre's objects (the kwargs factory is
called with the centres swapped): no role of the centre may get a 200 there, unless the rule
lists it in `open_across_centres` (public statements; the national viewer's network view).
Staff roles are enrolled in two-factor sign-in (tests/mfa.py) so that the answers are the
views' own; tests/test_two_factor.py covers the enforcement itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

OK = 200
LOGIN = "login"
FORBIDDEN = 403
NOT_FOUND = 404
NOT_ALLOWED = 405
REDIRECT = "redirect"
BAD_REQUEST = 400
ANY = "any"  # third-party groups only: any answer but a server error

ROLES = (
    "requester",
    "expert",
    "coordinator",
    "leadership",
    "national_viewer",
    "administrator",
    "data_protection_officer",
)
CASES = ("anonymous", *ROLES, "other_coordinator")


@dataclass(frozen=True)
class World:
    """What the kwargs factories may use: the object's centre and another centre."""

    centre: Any
    other_centre: Any
    objects: dict[str, Any] = field(default_factory=dict)


Kwargs = Callable[[World], dict[str, Any]]


def no_kwargs(world: World) -> dict[str, Any]:
    return {}


def own_centre(world: World) -> dict[str, Any]:
    return {"centre_slug": world.centre.slug}


@dataclass(frozen=True)
class Rule:
    answers: dict[str, Any]
    kwargs: Kwargs = no_kwargs
    method: str = "get"
    # Cases that may open the page when its kwargs point at ANOTHER centre's objects (the test
    # swaps the centres); every other role of the centre must get no 200 there.
    open_across_centres: frozenset[str] = frozenset()

    def answer(self, case: str) -> Any:
        return self.answers[case]


def rule(
    *,
    anonymous: Any,
    signed_in: Any,
    kwargs: Kwargs = no_kwargs,
    method: str = "get",
    open_across_centres: tuple[str, ...] = (),
    **overrides: Any,
) -> Rule:
    """`signed_in` is the answer for every role and the other centre's coordinator, unless
    overridden by name (requester=..., other_coordinator=...)."""
    unknown = set(overrides) - set(CASES)
    if unknown:
        raise ValueError(f"unknown cases {unknown}")
    answers = dict.fromkeys(CASES, signed_in)
    answers["anonymous"] = anonymous
    answers.update(overrides)
    return Rule(answers, kwargs, method, frozenset(open_across_centres))


def only(roles: tuple[str, ...], *, kwargs: Kwargs = no_kwargs, other: Any = FORBIDDEN) -> Rule:
    """Sign-in required; the given roles of the centre get 200, every other role 403."""
    overrides = dict.fromkeys(roles, OK)
    return rule(
        anonymous=LOGIN, signed_in=FORBIDDEN, kwargs=kwargs, other_coordinator=other, **overrides
    )


PUBLIC = rule(anonymous=OK, signed_in=OK)
SIGNED_IN = rule(anonymous=LOGIN, signed_in=OK)

# --- objects for the kwargs of the network's and the consultations' URLs --------------------
# Each factory builds its objects in `world.centre` (with the centres swapped: in the other
# centre). GET rules share one set per world (cached in `world.objects`); POST rules get fresh
# objects, so that an allowed action cannot change what later URLs see. The probe world of
# tests/test_access_control.py (no database objects) gets placeholders with the same names.


def _is_probe(world: World) -> bool:
    return getattr(world.centre, "pk", None) is None


def _network_objects(world: World, *, fresh: bool = False) -> dict[str, Any]:
    """A line with an actor on it, a guideline of the line and a competence."""
    key = "network"
    if not fresh and key in world.objects:
        return world.objects[key]
    from apps.network import services as network_services
    from tests.factories import ActorFactory, CompetenceFactory, LineFactory, StopFactory

    line = LineFactory(centre=world.centre)
    actor = ActorFactory(centre=world.centre)
    StopFactory(line=line, actor=actor, position=1)
    version = network_services.guideline_save(
        centre=world.centre, user=None, title="Ohje", body="Ohjeen teksti.", line=line
    )
    found = {
        "line_key": line.key,
        "actor_key": actor.key,
        "guideline": version.guideline.pk,
        "competence": CompetenceFactory(centre=world.centre).slug,
    }
    if not fresh:
        world.objects[key] = found
    return found


def net(*names: str, fresh: bool = False, **extra: Any) -> Kwargs:
    """kwargs of a network URL: the centre's slug and the named objects' keys."""
    kwarg_of = {"line_key": "line_key", "actor_key": "actor_key", "guideline": "pk"}
    kwarg_of["competence"] = "slug"

    def kwargs(world: World) -> dict[str, Any]:
        found: dict[str, Any] = {"centre_slug": world.centre.slug, **extra}
        objects = (
            dict.fromkeys(kwarg_of, "probe")
            if _is_probe(world)
            else _network_objects(world, fresh=fresh)
        )
        for name in names:
            found[kwarg_of[name]] = objects[name]
        return found

    return kwargs


def _case_objects(world: World, *, fresh: bool = False) -> dict[str, Any]:
    """A case of the centre in follow-up (an approved meeting with a next step, an accepted
    expert) with another expert's pending invitation; a draft; an OT-mittari version. None of
    the visitors is its requester or invited: ownership cases are proven in
    tests/test_consultation_access.py."""
    key = "cases"
    if not fresh and key in world.objects:
        return world.objects[key]
    from apps.accounts.models import Role
    from apps.consultations import services
    from apps.consultations.instrument import Instrument
    from apps.consultations.models import RequestDraft
    from apps.network.models import Actor
    from tests import consultation_helpers as helpers
    from tests.factories import ActorFactory, user_with_roles

    slug = world.centre.slug
    expert = user_with_roles((Role.EXPERT, slug))
    second = user_with_roles((Role.EXPERT, slug))
    people = helpers.People(
        requester=user_with_roles((Role.REQUESTER, slug)),
        other_requester=user_with_roles((Role.REQUESTER, slug)),
        expert=expert,
        second_expert=second,
        coordinator=user_with_roles((Role.COORDINATOR, slug)),
        leadership=user_with_roles((Role.LEADERSHIP, slug)),
        national=user_with_roles((Role.NATIONAL_VIEWER, slug)),
        admin=user_with_roles((Role.ADMINISTRATOR, slug)),
        other_coordinator=user_with_roles((Role.COORDINATOR, world.other_centre.slug)),
        expert_actor=ActorFactory(centre=world.centre, kind=Actor.Kind.PERSON, user=expert),
        second_actor=ActorFactory(centre=world.centre, kind=Actor.Kind.PERSON, user=second),
    )
    region = world.centre.area.members.order_by("slug").first()
    case = helpers.case_in_team(people, centre=world.centre, region=region)
    helpers.accepted_invitation(people, case)
    meeting = helpers.approved_meeting(people, case)
    pending = services.invite(
        case, actor=people.second_actor, message="", reasons=[], by=people.coordinator
    )
    draft = RequestDraft.objects.create(user=people.requester, data={"question": "Luonnos"})
    found = {
        "case": case.pk,
        "meeting": meeting.pk,
        "step": meeting.next_steps.first().pk,
        "invitation": pending.pk,
        "draft": draft.pk,
        "instrument": Instrument.objects.order_by("pk").first().pk,
    }
    if not fresh:
        world.objects[key] = found
    return found


def case(name: str = "case", *, fresh: bool = False) -> Kwargs:
    """kwargs {"pk": ...} of the named consultation object of the world's centre."""

    def kwargs(world: World) -> dict[str, Any]:
        if _is_probe(world):
            return {"pk": 0}
        return {"pk": _case_objects(world, fresh=fresh)[name]}

    return kwargs


# Answers of issue 4's network pages: every role of the centre reads them (the national viewer
# every centre's); a coordinator of another centre gets 404 (the network is not disclosed).
NETWORK_READ = {
    "anonymous": LOGIN,
    "signed_in": OK,
    "other_coordinator": NOT_FOUND,
    "open_across_centres": ("national_viewer",),
}
# Editing: leadership and administrators of the centre; everyone else 403.
EDITORS = ("leadership", "administrator")


def network_read(kwargs: Kwargs) -> Rule:
    return rule(kwargs=kwargs, **NETWORK_READ)  # type: ignore[arg-type]


def network_edit(kwargs: Kwargs, *, method: str = "get") -> Rule:
    answer = REDIRECT if method == "post" else OK
    overrides = dict.fromkeys(EDITORS, answer)
    return rule(anonymous=LOGIN, signed_in=FORBIDDEN, kwargs=kwargs, method=method, **overrides)


# Answers of issue 5's case pages for visitors who are neither the requester nor invited:
# coordinators and leadership of the centre see the case; everyone else gets 404 (the case's
# existence is not disclosed): other requesters and experts, the national viewer, the
# administrator (without break-glass) and the data protection officer, who see no case content.
def case_rule(kwargs: Kwargs, *, method: str = "get", **answers: Any) -> Rule:
    return rule(anonymous=LOGIN, signed_in=NOT_FOUND, kwargs=kwargs, method=method, **answers)


CASE_READ = {"coordinator": OK, "leadership": OK}
COORDINATE = {"coordinator": OK, "leadership": FORBIDDEN}
COORDINATE_POST = {"coordinator": BAD_REQUEST, "leadership": FORBIDDEN}


# URL name -> Rule, or a list of Rules when one name has several patterns (matched by the
# kwargs each rule gives).
RULES: dict[str, Rule | list[Rule]] = {
    # --- project-wide ---
    "healthz": PUBLIC,
    "security_txt": PUBLIC,
    # --- core ---
    "core:landing": PUBLIC,
    "core:home": SIGNED_IN,
    "core:accessibility": [
        PUBLIC,
        rule(anonymous=OK, signed_in=OK, kwargs=own_centre, open_across_centres=ROLES),
    ],
    "core:privacy": [
        PUBLIC,
        rule(anonymous=OK, signed_in=OK, kwargs=own_centre, open_across_centres=ROLES),
    ],
    # --- network ---
    # The index redirects to the user's only centre; the national viewer sees every centre.
    "network:index": rule(anonymous=LOGIN, signed_in=REDIRECT, national_viewer=OK),
    "network:centre": rule(
        anonymous=LOGIN,
        signed_in=OK,
        kwargs=own_centre,
        other_coordinator=NOT_FOUND,
        open_across_centres=("national_viewer",),
    ),
    # --- network (issue 4) ---
    "network:national": SIGNED_IN,
    # The centre has not published its map: the public and embeddable pages do not exist
    # (tests/test_network_map.py covers a published centre and the framing).
    "network:public_map": rule(anonymous=NOT_FOUND, signed_in=NOT_FOUND, kwargs=own_centre),
    "network:public_station": rule(
        anonymous=NOT_FOUND, signed_in=NOT_FOUND, kwargs=net("actor_key")
    ),
    "network:embed": rule(anonymous=NOT_FOUND, signed_in=NOT_FOUND, kwargs=own_centre),
    "network:map": network_read(own_centre),
    "network:map_export": network_read(net(fmt="svg")),
    "network:directory": network_read(own_centre),
    "network:station": network_read(net("actor_key")),
    "network:line": network_read(net("line_key")),
    "network:guideline": network_read(net("guideline")),
    "network:edit": network_edit(own_centre),
    "network:history": network_edit(own_centre),
    "network:publish": network_edit(net(fresh=True), method="post"),
    "network:competences": network_edit(own_centre),
    "network:competence_edit": network_edit(net("competence")),
    "network:line_create": network_edit(own_centre),
    "network:line_edit": network_edit(net("line_key")),
    "network:line_delete": network_edit(net("line_key")),
    # Without the actor to add, the editor's form is refused (400).
    "network:stop_add": rule(
        anonymous=LOGIN,
        signed_in=FORBIDDEN,
        kwargs=net("line_key", fresh=True),
        method="post",
        **dict.fromkeys(EDITORS, BAD_REQUEST),
    ),
    "network:stop_remove": network_edit(net("line_key", "actor_key", fresh=True), method="post"),
    "network:stop_move": network_edit(net("line_key", "actor_key", fresh=True), method="post"),
    "network:actor_create": network_edit(own_centre),
    "network:actor_edit": network_edit(net("actor_key")),
    # A guideline is created for a line or an actor (?line=KEY or ?actor=KEY); without one
    # the page does not exist. tests/test_network_access.py opens it with a line.
    "network:guideline_create": rule(
        anonymous=LOGIN, signed_in=FORBIDDEN, kwargs=own_centre, **dict.fromkeys(EDITORS, NOT_FOUND)
    ),
    "network:guideline_edit": network_edit(net("guideline")),
    "network:sheet_import": network_edit(own_centre),
    "network:sheet_export": network_edit(net(fmt="csv")),
    # --- consultations (issue 5) ---
    "consultations:list": SIGNED_IN,
    # Requesters and coordinators file requests (a coordinator in their own centre).
    "consultations:request_new": only(("requester", "coordinator"), other=OK),
    "consultations:draft_save": rule(
        anonymous=LOGIN,
        signed_in=FORBIDDEN,
        method="post",
        requester=OK,
        coordinator=OK,
        other_coordinator=OK,
    ),
    "consultations:draft_delete": case_rule(case("draft", fresh=True), method="post"),
    "consultations:queue": only(("coordinator", "leadership"), kwargs=own_centre),
    "consultations:feedback_report": only(("coordinator", "leadership"), kwargs=own_centre),
    "consultations:instruments": only(("leadership",)),
    "consultations:instrument_new": only(("leadership",)),
    "consultations:instrument_activate": rule(
        anonymous=LOGIN,
        signed_in=FORBIDDEN,
        kwargs=case("instrument", fresh=True),
        method="post",
        leadership=REDIRECT,
        open_across_centres=ROLES,  # OT-mittari versions are national, not a centre's
    ),
    "consultations:detail": case_rule(case(), **CASE_READ),
    # POSTs without data: the coordinator's action is done (redirect) or its form refused
    # (400); the others are refused before any form is read.
    "consultations:assign": case_rule(
        case(fresh=True), method="post", coordinator=REDIRECT, leadership=FORBIDDEN
    ),
    "consultations:withdraw": case_rule(
        case(fresh=True), method="post", coordinator=REDIRECT, leadership=FORBIDDEN
    ),
    "consultations:assess": case_rule(case(), **COORDINATE),
    "consultations:decide": case_rule(case(), **COORDINATE),
    "consultations:team": case_rule(case(), **COORDINATE),
    "consultations:schedule": case_rule(case(), **COORDINATE),
    "consultations:follow_up": case_rule(case(), **COORDINATE),
    "consultations:return": case_rule(case(fresh=True), method="post", **COORDINATE_POST),
    "consultations:close": case_rule(case(fresh=True), method="post", **COORDINATE_POST),
    # Feedback is the requester's, once the case is closed (this one is in follow-up).
    "consultations:feedback": case_rule(case(), coordinator=FORBIDDEN, leadership=FORBIDDEN),
    # The pending invitation of an expert who is not among the visitors.
    "consultations:invitation": case_rule(case("invitation")),
    "consultations:invitation_withdraw": case_rule(
        case("invitation", fresh=True), method="post", coordinator=REDIRECT, leadership=FORBIDDEN
    ),
    "consultations:meeting_ics": case_rule(case("meeting"), **CASE_READ),
    # The record is approved: nobody writes it any more.
    "consultations:record": case_rule(case("meeting"), coordinator=FORBIDDEN, leadership=FORBIDDEN),
    "consultations:approve": case_rule(
        case("meeting", fresh=True), method="post", coordinator=FORBIDDEN, leadership=FORBIDDEN
    ),
    "consultations:memo": case_rule(case("meeting"), **CASE_READ),
    "consultations:memo_pdf": case_rule(case("meeting"), **CASE_READ),
    "consultations:step_update": case_rule(
        case("step", fresh=True), method="post", **COORDINATE_POST
    ),
    # --- audit (issue 6) ---
    "audit:log": only(("administrator", "data_protection_officer")),
    "audit:export": only(("administrator", "data_protection_officer")),
    "audit:my_access": SIGNED_IN,
    # --- trust (issue 6) ---
    "trust:break_glass": only(("administrator",), kwargs=own_centre),
    "trust:retention": only(("administrator", "data_protection_officer")),
    "trust:session_extend": rule(anonymous=NOT_ALLOWED, signed_in=NOT_ALLOWED),
}


@dataclass(frozen=True)
class GroupRule:
    """Third-party URLs matched by name prefix (or by route prefix for unnamed ones)."""

    name_prefixes: tuple[str, ...]
    answers: dict[str, Any]
    route_prefixes: tuple[str, ...] = ()


def _group(anonymous: Any, signed_in: Any, **overrides: Any) -> dict[str, Any]:
    answers = dict.fromkeys(CASES, signed_in)
    answers["anonymous"] = anonymous
    answers.update(overrides)
    return answers


# Dummy values for third-party URL parameters (tokens, ids): none of them exists.
DUMMY_KWARGS = {
    "key": "no-such-key",
    "uidb36": "0",
    "pk": 999_999,
    "provider_id": "no-such-provider",
    "object_id": "999999",
    "app_label": "accounts",
    "url": "no-such-page/",
    "content_type_id": 999_999,
    "id": 999_999,
}

GROUP_RULES: list[GroupRule] = [
    # Django admin: only staff accounts (administrators); everyone else goes to its sign-in.
    GroupRule(
        ("admin:",),
        _group(anonymous=LOGIN, signed_in=LOGIN, administrator=ANY),
        route_prefixes=("admin/",),
    ),
    # allauth: sign-in, password reset and two-factor pages; they handle their own access.
    GroupRule(
        ("account_", "mfa_", "socialaccount_", "openid_connect_"),
        _group(anonymous=ANY, signed_in=ANY),
        route_prefixes=("accounts/",),
    ),
    GroupRule(("set_language",), _group(anonymous=ANY, signed_in=ANY)),
]

# A few allauth pages whose answers matter enough to pin down (they override GROUP_RULES).
RULES.update(
    {
        "account_login": rule(anonymous=OK, signed_in=REDIRECT),
        "account_signup": rule(anonymous=OK, signed_in=REDIRECT),  # says sign-up is closed
        "account_change_password": rule(anonymous=LOGIN, signed_in=OK),
        "mfa_index": rule(anonymous=LOGIN, signed_in=OK),
        # Others must confirm their password first; enrolled staff are sent on.
        "mfa_activate_totp": rule(anonymous=LOGIN, signed_in=REDIRECT),
        # The admin's own sign-in form is replaced by allauth's (two-factor for staff).
        "admin:login": rule(anonymous=LOGIN, signed_in=FORBIDDEN, administrator=REDIRECT),
        "admin:logout": rule(anonymous=REDIRECT, signed_in=REDIRECT, administrator=NOT_ALLOWED),
    }
)
