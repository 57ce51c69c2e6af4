from __future__ import annotations

import pytest

from apps.network.markdown import markdown_to_html
from apps.network.models import Actor
from apps.network.selectors import DirectoryCriteria, directory_search, finnish_stem
from tests.factories import centre
from tests.network_fixtures import load_demo

pytestmark = pytest.mark.django_db


def _keys(**criteria: object) -> set[str]:
    actors = Actor.objects.filter(centre=centre())
    return {a.key for a in directory_search(actors=actors, criteria=DirectoryCriteria(**criteria))}


def test_inflected_finnish_words_find_the_expert(settings) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    assert "s6" in _keys(q="kunniaan liittyvän väkivallan")
    assert "s6" in _keys(q="väkivallasta")


def test_filters_by_language_line_availability_and_region(settings) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    assert _keys(language="so") == {"s6", "s33"}
    assert _keys(line=centre().lines.get(key="L6"), language="ar") == {"s6", "s32", "s33"}
    assert _keys(availability="unavailable") == {"s9"}
    assert "s15" in _keys(sector="justice") and "s6" not in _keys(sector="justice")
    competence = centre().competences.get(slug="kunniavakivalta")
    assert _keys(competence=competence) == {"s5", "s6"}


def test_finnish_stem_strips_case_endings() -> None:
    assert finnish_stem("Väkivallasta") == "väkivalla"
    assert finnish_stem("talo") == "talo"


def test_guideline_markdown_is_sanitised() -> None:
    html = markdown_to_html("# T\n\n<img src=x onerror=alert(1)> [a](javascript:alert(1)) **b**")
    assert "<h2>T</h2>" in html and "<strong>b</strong>" in html
    assert "<img" not in html and 'href="javascript' not in html


def test_the_directory_page_filters_with_htmx(settings, signed_in) -> None:  # type: ignore[no-untyped-def]
    from apps.accounts.models import Role
    from tests.factories import user_with_roles

    load_demo(settings)
    client = signed_in(user_with_roles((Role.REQUESTER, "sisa-suomi")))
    url = "/fi/network/sisa-suomi/directory/"
    html = client.get(url, {"q": "kunniaan", "language": "so"}).content.decode()
    assert "Kunniaan liittyvän väkivallan asiantuntija" in html and "Turvakoti" not in html
    partial = client.get(url, {"language": "x1"}, headers={"hx-request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    page = client.get(url, {"language": "x1"}).content.decode()
    assert 'id="id_language_error"' in page and 'value="x1"' in page
