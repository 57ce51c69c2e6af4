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
