"""The "Done when" journeys of the expert network in Chromium, and axe-core on its pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from apps.network.models import Actor, Stop
from tests.browser.test_shell_in_browser import assert_no_serious_violations, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAP = "/fi/network/sisa-suomi/map/"
EDIT = "/fi/network/sisa-suomi/edit"


def _stops(line_key: str) -> list[str]:
    return list(
        Stop.objects.filter(line__key=line_key)
        .order_by("position")
        .values_list("actor__key", flat=True)
    )


def test_a_coordinator_finds_the_honour_violence_expert_and_asks_for_a_consultation(
    page, settings
) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "demo-coordinator@example.fi")
    page.goto(MAP)
    page.locator("[data-map-search]").fill("kunniaan liittyvä")
    page.locator("[data-map-results]").get_by_role(
        "button", name="Kunniaan liittyvän väkivallan asiantuntija"
    ).click()
    panel = page.locator("#station-panel")
    panel.get_by_role("heading", name="Kunniaan liittyvän väkivallan asiantuntija").wait_for()
    assert panel.locator("[data-station-lines] li").count() == 3
    # The map focuses the station: it and its neighbours stay lit, the rest dims.
    station = page.locator('.mm-station[data-station="s6"]')
    assert "is-selected" in (station.get_attribute("class") or "")
    assert page.locator(".mm-station.is-lit").count() < 40
    panel.get_by_text("Konsultaatio-ohje: kunniaan liittyvä väkivalta").click()
    assert panel.get_by_text("Turvallisuus ensin.").is_visible()
    button = panel.locator("[data-request-consultation]")
    expert = Actor.objects.get(key="s6")
    assert f"actor={expert.pk}" in (button.get_attribute("href") or "")
    button.click()
    page.wait_for_url(f"**/consultations/new/?actor={expert.pk}&line=*")
    # The request form opens with the panel's line of the expert chosen.
    line_pk = int(page.url.rsplit("line=", 1)[1])
    assert line_pk in set(expert.lines.values_list("pk", flat=True))
    assert page.locator(f'input[name="lines"][value="{line_pk}"]').is_checked()
    assert page.locator('input[name="lines"]:checked').count() == 1


def test_the_map_pans_and_zooms_with_the_keyboard(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "demo-coordinator@example.fi")
    page.goto(MAP)
    svg = page.locator(".map-viewport > svg")
    before = svg.evaluate("el => el.style.transform")
    page.locator("[data-map-viewport]").focus()
    page.keyboard.press("+")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "before => document.querySelector('.map-viewport > svg').style.transform !== before",
        arg=before,
    )
    assert "scale(1)" not in svg.evaluate("el => el.style.transform")
    page.get_by_role("checkbox", name="Kunniaan liittyvä väkivalta").check()
    assert "is-lit" in (page.locator('.mm-line[data-line="L6"]').get_attribute("class") or "")
    assert "is-lit" not in (page.locator('.mm-line[data-line="L1"]').get_attribute("class") or "")


def test_leadership_adds_a_station_reorders_a_line_and_imports_a_sheet(
    page, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "demo-leadership@example.fi")
    page.goto(f"{EDIT}/lines/L6/")
    page.get_by_label("Asema", exact=True).select_option(label="Lastenvalvoja")
    page.get_by_role("button", name="Lisää linjalle").click()
    page.get_by_text("Lastenvalvoja lisättiin linjalle.").wait_for()
    assert _stops("L6")[-1] == "s2"
    page.locator("#stop-s2").get_by_role("button", name="Siirrä ylös").click()
    page.get_by_text("Lastenvalvoja siirrettiin.").wait_for()
    assert _stops("L6")[-2:] == ["s2", "s34"]
    page.goto(MAP)
    assert page.locator('.mm-station[data-station="s2"]').count() == 1

    header = "key,name,kind,contact_email,consent_to_publish,lines\n"
    bad = header + "u1,Uusi tiimi,unit,u1@example.fi,no,L6:1\nu2,Toinen tiimi,unit,rikki,no,L6:2\n"
    sheet = tmp_path / "verkosto.csv"
    sheet.write_text(bad, encoding="utf-8")
    page.goto(f"{EDIT}/import/")
    page.get_by_label("Taulukko (CSV tai XLSX)").set_input_files(str(sheet))
    page.get_by_role("button", name="Tarkista tiedosto").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Rivi 3, sarake contact_email (D)" in alert.inner_text()
    assert not Actor.objects.filter(key__in=["u1", "u2"]).exists()

    sheet.write_text(bad.replace(",rikki,", ",u2@example.fi,"), encoding="utf-8")
    page.get_by_label("Taulukko (CSV tai XLSX)").set_input_files(str(sheet))
    page.get_by_role("button", name="Tarkista tiedosto").click()
    page.get_by_role("button", name="Tuo nyt").click()
    page.get_by_text("Tuotiin 2 riviä").wait_for()
    assert _stops("L6") == ["u1", "u2"]


@pytest.mark.parametrize(
    "path",
    [
        MAP,
        "/fi/network/sisa-suomi/lines/L6/",
        "/fi/network/sisa-suomi/",
        "/fi/network/sisa-suomi/directory/",
        f"{EDIT}/",
        f"{EDIT}/lines/L6/",
        f"{EDIT}/actors/s6/",
        f"{EDIT}/import/",
        f"{EDIT}/competences/",
        f"{EDIT}/lines/L6/delete/",
        f"{EDIT}/history/",
        "/fi/network/sisa-suomi/stations/s6/",
        "/fi/network/national/",
    ],
)
def test_network_pages_have_no_serious_accessibility_violations(page, path: str) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "demo-leadership@example.fi")
    page.goto(path)
    assert_no_serious_violations(page)


@pytest.mark.parametrize(
    "path", ["/fi/network/public/sisa-suomi/", "/sv/network/embed/sisa-suomi/"]
)
def test_the_public_and_embedded_maps_are_accessible(page, path: str) -> None:  # type: ignore[no-untyped-def]
    from apps.organisations.models import Centre

    Centre.objects.filter(slug="sisa-suomi").update(network_is_public=True)
    page.goto(path)
    assert page.locator(".mm-station").count() > 30
    assert_no_serious_violations(page)


def test_the_national_view_searches_every_centres_map(page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "demo-national@example.fi")
    page.goto("/fi/network/national/")
    assert page.locator(".national-map").count() == 5
    page.get_by_label("Hae kaikilta kartoilta").fill("tulkki")
    page.get_by_text("Asemia löytyi kaikilta kartoilta: 1").wait_for()
    lit = page.locator('.mm-station[data-station="s33"]')
    assert "is-selected" in (lit.get_attribute("class") or "")
