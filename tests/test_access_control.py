"""Access-control proof: every URL pattern of the project answers every kind of visitor as
tests/access_rules.py says. A URL without a rule fails `test_every_url_has_a_rule`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from apps.accounts.models import User
from apps.accounts.permissions import requires_two_factor
from tests import access_rules
from tests.access_rules import ANY, CASES, DUMMY_KWARGS, LOGIN, REDIRECT, Rule, World
from tests.factories import centre, user_with_roles
from tests.mfa import enrol_totp

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Endpoint:
    name: str | None
    route: str  # without the language prefix
    kwarg_names: frozenset[str]

    @property
    def label(self) -> str:
        return f"{self.name or '(unnamed)'} /{self.route}"


def _kwarg_names(pattern: Any) -> set[str]:
    names = set(getattr(pattern, "converters", {}))
    regex = getattr(pattern, "regex", None)
    return names | set(regex.groupindex if regex is not None else {})


def walk(
    patterns: list[Any], route: str = "", namespace: str = "", kwargs: frozenset[str] = frozenset()
) -> Iterator[Endpoint]:
    for entry in patterns:
        names = kwargs | _kwarg_names(entry.pattern)
        part = str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner_namespace = namespace
            if entry.namespace:
                inner_namespace = f"{namespace}{entry.namespace}:"
            # The language prefix (i18n_patterns) is added when reversing.
            prefix = "" if part in {"fi/", "sv/", "en/"} else part
            yield from walk(entry.url_patterns, route + prefix, inner_namespace, names)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Endpoint(name, route + part, frozenset(names))


def endpoints() -> list[Endpoint]:
    return list(walk(get_resolver().url_patterns))


def rule_for(endpoint: Endpoint) -> Rule | dict[str, Any] | None:
    """The endpoint's own rule, or its group's answers, or None."""
    if endpoint.name in access_rules.RULES:
        candidates = access_rules.RULES[endpoint.name]
        world = _probe_world()
        for candidate in candidates if isinstance(candidates, list) else [candidates]:
            if set(candidate.kwargs(world)) == endpoint.kwarg_names:
                return candidate
        return None
    for group in access_rules.GROUP_RULES:
        if endpoint.name and endpoint.name.startswith(group.name_prefixes):
            return group.answers
        if endpoint.name is None and endpoint.route.startswith(
            group.route_prefixes or group.name_prefixes
        ):
            return group.answers
    return None


class _Slugged:
    slug = "probe"


def _probe_world() -> World:
    return World(centre=_Slugged(), other_centre=_Slugged())


def _path_of(endpoint: Endpoint, kwargs: dict[str, Any]) -> str:
    if endpoint.name:
        return reverse(endpoint.name, kwargs=kwargs or None)
    # Unnamed third-party patterns: fill in the route by hand.
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(DUMMY_KWARGS[m.group(1)]), endpoint.route)
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(DUMMY_KWARGS[m.group(1)]), route)
    route = route.replace("^", "").replace("$", "")
    language_neutral = endpoint.route.startswith(("healthz", "i18n/", ".well-known/"))
    return "/" + route if language_neutral else "/en/" + route


def classify(response: Any) -> Any:
    if response.status_code in (301, 302, 303, 307, 308):
        location = urlsplit(response["Location"]).path
        login_paths = {reverse("account_login"), "/en/admin/login/"}
        with translation.override("fi"):
            login_paths |= {reverse("account_login"), reverse("admin:login")}
        return LOGIN if location in login_paths else REDIRECT
    return response.status_code


def test_every_url_has_a_rule() -> None:
    missing = [endpoint.label for endpoint in endpoints() if rule_for(endpoint) is None]
    assert not missing, (
        "These URL patterns have no access rule; add them to tests/access_rules.py:\n  "
        + "\n  ".join(missing)
    )


def test_the_walk_finds_the_projects_urls() -> None:
    names = {endpoint.name for endpoint in endpoints()}
    assert {"core:home", "network:centre", "audit:log", "account_login", "admin:index"} <= names
    assert len(endpoints()) > 100


def _visitor(case: str) -> User | None:
    if case == "anonymous":
        return None
    if case == "other_coordinator":
        user = user_with_roles(("coordinator", "ita-suomi"))
    else:
        user = user_with_roles((case, "sisa-suomi"), is_staff=case == "administrator")
    if requires_two_factor(user):
        enrol_totp(user)
    return user


@pytest.mark.parametrize("case", CASES)
def test_every_url_answers_as_its_rule_says(client: Client, case: str) -> None:
    visitor = _visitor(case)
    if visitor is not None:
        client.force_login(visitor, backend="django.contrib.auth.backends.ModelBackend")
    world = World(centre=centre("sisa-suomi"), other_centre=centre("ita-suomi"))
    wrong = []
    with translation.override("en"):
        for endpoint in endpoints():
            found = rule_for(endpoint)
            assert found is not None, f"no rule for {endpoint.label}"
            if isinstance(found, Rule):
                expected, kwargs, method = found.answer(case), found.kwargs(world), found.method
            else:
                expected, method = found[case], "get"
                kwargs = {name: DUMMY_KWARGS[name] for name in endpoint.kwarg_names}
            path = _path_of(endpoint, kwargs)
            response = getattr(client, method)(path)
            answer = classify(response)
            if expected == ANY:
                if response.status_code >= 500:
                    wrong.append(f"{endpoint.label} {path}: server error {response.status_code}")
            elif answer != expected:
                wrong.append(f"{endpoint.label} {path}: expected {expected}, got {answer}")
            if visitor is not None and not client.session.get("_auth_user_id"):
                # A page signed the visitor out (e.g. a password change): sign in again.
                client.force_login(visitor, backend="django.contrib.auth.backends.ModelBackend")
    assert not wrong, f"{case}:\n  " + "\n  ".join(wrong)


def test_changing_the_centre_in_the_url_opens_nothing(signed_in) -> None:  # type: ignore[no-untyped-def]
    """Changing the centre in the URL does not open another centre's network or break-glass."""
    client = signed_in(user_with_roles(("coordinator", "sisa-suomi")))
    assert client.get("/en/network/ita-suomi/").status_code == 404
    assert client.get("/en/trust/break-glass/ita-suomi/").status_code == 403
    admin = signed_in(user_with_roles(("administrator", "sisa-suomi")))
    assert admin.get("/en/trust/break-glass/ita-suomi/").status_code == 403


@pytest.mark.parametrize("case", access_rules.ROLES)
def test_another_centres_objects_are_never_reachable(client: Client, case: str) -> None:
    """Every URL with kwargs is tried with the OTHER centre's objects: a role of this centre
    gets no 200 there, unless the rule names the role in `open_across_centres`."""
    visitor = _visitor(case)
    assert visitor is not None
    client.force_login(visitor, backend="django.contrib.auth.backends.ModelBackend")
    swapped = World(centre=centre("ita-suomi"), other_centre=centre("sisa-suomi"))
    reached = []
    tried = 0
    with translation.override("en"):
        for endpoint in endpoints():
            found = rule_for(endpoint)
            if not isinstance(found, Rule) or not endpoint.kwarg_names:
                continue
            if case in found.open_across_centres:
                continue
            tried += 1
            path = _path_of(endpoint, found.kwargs(swapped))
            response = getattr(client, found.method)(path)
            if response.status_code == 200:
                reached.append(f"{endpoint.label} {path}")
    assert tried > 0 or case in ("national_viewer",)
    assert not reached, f"{case} reached another centre's objects:\n  " + "\n  ".join(reached)
