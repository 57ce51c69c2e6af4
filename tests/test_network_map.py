from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import Role
from apps.core.framing import framing_allowed
from apps.network.models import Actor, Line, MapLayout
from apps.organisations.models import Centre
from tests.factories import ActorFactory, LineFactory, StopFactory, centre, user_with_roles
from tests.network_fixtures import load_demo

pytestmark = pytest.mark.django_db

MAP = "/fi/network/sisa-suomi/map/"


@pytest.fixture
def coordinator(settings, signed_in):  # type: ignore[no-untyped-def]
    load_demo(settings)
    return signed_in(user_with_roles((Role.COORDINATOR, "sisa-suomi")))


def _page_data(html: str) -> dict:
    match = re.search(r'<script id="mm-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "the map data island is missing"
    return json.loads(match.group(1))


def test_it_draws_the_centres_map_with_every_station_and_line(coordinator: Client) -> None:
    response = coordinator.get(MAP)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="mm-station"') == 40
    assert html.count('class="mm-line"') == 8
    assert "<style" not in html  # embedded SVG: styled from map.css
    data = _page_data(html)
    expert = next(s for s in data["stations"] if s["key"] == "s6")
    assert "Kunniaan liittyvä väkivalta" in expert["competences"]
    assert "contact" not in json.dumps(data)  # no contact details in the script data


def test_it_caches_the_layout_and_reuses_it(coordinator: Client) -> None:
    coordinator.get(MAP)
    stored = MapLayout.objects.get(centre__slug="sisa-suomi", variant="members")
    computed_at = stored.computed_at
    coordinator.get(MAP)
    stored.refresh_from_db()
    assert stored.computed_at == computed_at


def test_it_recomputes_with_the_previous_layout_so_stations_stay(coordinator: Client) -> None:
    coordinator.get(MAP)
    before = {
        s["id"]: (s["x"], s["y"])
        for s in MapLayout.objects.get(centre__slug="sisa-suomi", variant="members").layout[
            "stations"
        ]
    }
    ActorFactory(key="uusi", name="Uusi asema")
    coordinator.get(MAP)
    after_layout = MapLayout.objects.get(centre__slug="sisa-suomi", variant="members")
    after = {s["id"]: (s["x"], s["y"]) for s in after_layout.layout["stations"]}
    assert "uusi" in after
    unmoved = sum(1 for key, xy in before.items() if after[key] == xy)
    assert unmoved >= len(before) * 0.9


def test_the_station_panel_shows_lines_guideline_and_the_request_button(
    coordinator: Client,
) -> None:
    html = coordinator.get(
        "/fi/network/sisa-suomi/stations/s6/", headers={"hx-request": "true"}
    ).content.decode()
    assert "<html" not in html
    assert "Kunniaan liittyvän väkivallan asiantuntija" in html
    assert html.count('class="badge"') == 3
    assert "Konsultaatio-ohje: kunniaan liittyvä väkivalta" in html
    assert "<strong>Turvallisuus ensin.</strong>" in html
    assert "leila.haapakoski" in html.lower() or "Leila Haapakoski" in html
    assert "data-request-consultation" in html


def test_the_panel_has_no_request_button_for_those_who_cannot_file(settings, signed_in) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    expert = signed_in(user_with_roles((Role.EXPERT, "sisa-suomi")))
    html = expert.get(
        "/fi/network/sisa-suomi/stations/s6/", headers={"hx-request": "true"}
    ).content.decode()
    assert "Kunniaan liittyvän väkivallan asiantuntija" in html
    assert "data-request-consultation" not in html


def test_the_panel_links_the_request_form_with_the_actor_and_line(coordinator: Client) -> None:
    expert = Actor.objects.get(key="s6")
    html = coordinator.get(
        "/fi/network/sisa-suomi/stations/s6/?line=L6", headers={"hx-request": "true"}
    ).content.decode()
    line_pk = expert.lines.get(key="L6").pk
    assert f"/fi/consultations/new/?actor={expert.pk}&amp;line={line_pk}" in html
    # The request form opens with that line chosen (and the expert's other lines not).
    form = coordinator.get(f"/fi/consultations/new/?actor={expert.pk}&line={line_pk}")
    assert form.status_code == 200
    initial = form.context["form"]["lines"].value()
    assert [int(pk) for pk in initial] == [line_pk]


def test_a_line_page_lists_description_stops_and_guidelines(coordinator: Client) -> None:
    html = coordinator.get("/fi/network/sisa-suomi/lines/L6/").content.decode()
    assert "Kunniaan liittyvä väkivalta ja monikulttuuriset perheet" in html
    assert html.index("Maahanmuuttajien psykiatrian poliklinikka") < html.index("Tulkkipalvelu")
    assert "Linjan toimintaohje" in html
    assert "kahden arkipäivän" in html


@pytest.mark.parametrize(
    ("fmt", "magic"), [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")]
)
def test_it_exports_the_map(coordinator: Client, fmt: str, magic: bytes) -> None:
    response = coordinator.get(f"/fi/network/sisa-suomi/map.{fmt}")
    assert response.status_code == 200
    assert response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"]


def test_an_unknown_export_format_is_not_found(coordinator: Client) -> None:
    assert coordinator.get("/fi/network/sisa-suomi/map.gif").status_code == 404


def test_the_public_map_hides_persons_without_consent_and_contacts(
    settings, client: Client
) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    Centre.objects.filter(slug="sisa-suomi").update(network_is_public=True)
    hidden = ActorFactory(kind=Actor.Kind.PERSON, name="Salainen Henkilö", key="secret")
    StopFactory(line=LineFactory(key="LX"), actor=hidden, position=0)
    response = client.get("/fi/network/public/sisa-suomi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Salainen Henkilö" not in html
    assert "Kunniaan liittyvän väkivallan asiantuntija" in html  # consented
    assert "@example.fi" not in html
    panel = client.get("/fi/network/public/sisa-suomi/stations/s6/").content.decode()
    assert "Leila Haapakoski" not in panel and "@example.fi" not in panel
    assert "Konsultaatio-ohje" not in panel
    assert client.get("/fi/network/public/sisa-suomi/stations/secret/").status_code == 404


EMBED_ORIGINS = "sisa-suomi=https://www.example.fi;ita-suomi=https://ita.example.fi"


def _frame_ancestors(response) -> str:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    return next(p.strip() for p in policy.split(";") if p.strip().startswith("frame-ancestors"))


def test_an_unpublished_map_has_no_public_page(settings, client: Client) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    settings.OT_EMBED_ORIGINS = EMBED_ORIGINS
    assert client.get("/fi/network/public/sisa-suomi/").status_code == 404
    response = client.get("/fi/network/embed/sisa-suomi/")
    assert response.status_code == 404
    # Even with configured origins, an unpublished centre's answer may not be framed.
    assert not framing_allowed(response)
    assert response["X-Frame-Options"] == "DENY"
    assert _frame_ancestors(response) == "frame-ancestors 'none'"


def test_the_embed_view_may_be_framed_by_the_centres_origins_only(settings, client: Client) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    settings.OT_EMBED_ORIGINS = EMBED_ORIGINS
    Centre.objects.filter(slug="sisa-suomi").update(network_is_public=True)
    response = client.get("/fi/network/embed/sisa-suomi/")
    assert response.status_code == 200
    assert framing_allowed(response)
    assert "X-Frame-Options" not in response
    # Only this centre's origin, not another centre's.
    assert _frame_ancestors(response) == "frame-ancestors https://www.example.fi"
    html = response.content.decode()
    assert "data-map-search" not in html and "site-header" not in html
    public = client.get("/fi/network/public/sisa-suomi/")
    assert public.get("X-Frame-Options") == "DENY"
    assert _frame_ancestors(public) == "frame-ancestors 'none'"


def test_the_embed_view_stays_unframeable_without_configured_origins(
    settings, client: Client
) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    settings.OT_EMBED_ORIGINS = "ita-suomi=https://ita.example.fi"
    Centre.objects.filter(slug="sisa-suomi").update(network_is_public=True)
    response = client.get("/fi/network/embed/sisa-suomi/")
    assert response.status_code == 200
    assert not framing_allowed(response)
    assert response["X-Frame-Options"] == "DENY"
    assert _frame_ancestors(response) == "frame-ancestors 'none'"


def test_anonymous_visitors_are_sent_to_sign_in(settings, client: Client) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    response = client.get(MAP)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_centres_coordinator_gets_not_found(settings, signed_in) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    other = signed_in(user_with_roles((Role.COORDINATOR, "ita-suomi")))
    assert other.get(MAP).status_code == 404
    assert other.get("/fi/network/sisa-suomi/stations/s6/").status_code == 404


def test_the_national_view_shows_every_visible_centre(settings, signed_in) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    national = signed_in(user_with_roles((Role.NATIONAL_VIEWER, "sisa-suomi")))
    html = national.get("/fi/network/national/").content.decode()
    assert html.count('class="national-map"') == 5
    assert html.count('class="mm-station"') == 40  # only the demo centre has a network


def _map_queries(client: Client) -> int:
    MapLayout.objects.all().delete()
    client.get(MAP)  # computes and caches the layout
    with CaptureQueriesContext(connection) as queries:
        assert client.get(MAP).status_code == 200
    return len(queries)


def test_the_map_pages_query_count_does_not_grow_with_the_stations(coordinator: Client) -> None:
    small = _map_queries(coordinator)
    line = LineFactory(key="LBIG")
    for i in range(30):
        actor = ActorFactory(key=f"big{i}", sector=Actor.Sector.HEALTH)
        StopFactory(line=line, actor=actor, position=i)
    assert _map_queries(coordinator) == small


def test_a_failing_layout_engine_never_gives_a_server_error(
    coordinator: Client, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import metromap

    def broken(data: object) -> dict:
        raise RuntimeError("engine down")

    monkeypatch.setattr(metromap, "layout", broken)
    response = coordinator.get(MAP)
    assert response.status_code == 200
    assert (
        "Karttaa ei voi" in response.content.decode()
        or "cannot be drawn" in response.content.decode()
    )
    export = coordinator.get("/fi/network/sisa-suomi/map.png")
    assert export.status_code == 302 and export["Location"].endswith("/map/")


def test_after_an_edit_a_slow_map_shows_the_previous_drawing_while_it_is_redrawn(
    coordinator: Client, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from apps.network import mapdata

    coordinator.get(MAP)  # the first render computes the layout in the request
    settings.NETWORK_LAYOUT_IN_BACKGROUND = True
    settings.NETWORK_LAYOUT_WAIT_SECONDS = 0  # treat the demo as a large network
    started: list[int] = []
    monkeypatch.setattr(mapdata, "start_background_refresh", lambda c: started.append(c.pk))
    StopFactory(line=LineFactory(key="LNEW"), actor=ActorFactory(key="uusi"), position=0)
    StopFactory(line=Line.objects.get(key="LNEW"), actor=Actor.objects.get(key="s1"), position=1)

    html = coordinator.get(MAP).content.decode()
    assert "piirretään uudelleen" in html or "being redrawn" in html
    assert 'data-station="uusi"' not in html and html.count('class="mm-station"') == 40
    assert started == [centre().pk]

    mapdata.layout_refresh(centre())  # what the background thread does
    html = coordinator.get(MAP).content.decode()
    assert 'data-station="uusi"' in html and "being redrawn" not in html


def test_a_large_maps_png_stays_within_its_size_limit() -> None:
    from apps.network.exports import MAX_PNG_SIDE, png_scale

    assert (
        png_scale('<svg xmlns="x" class="metromap" viewBox="0 0 1 1" width="800" height="600">')
        == 2.0
    )
    big = '<svg xmlns="x" class="metromap" viewBox="0 0 1 1" width="12000" height="9000">'
    assert png_scale(big) * 12000 == MAX_PNG_SIDE


def test_the_editing_page_names_the_sites_that_may_frame_the_map(settings, signed_in) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    Centre.objects.filter(slug="sisa-suomi").update(network_is_public=True)
    leadership = signed_in(user_with_roles((Role.LEADERSHIP, "sisa-suomi")))
    settings.OT_EMBED_ORIGINS = ""
    html = leadership.get("/en/network/sisa-suomi/edit/").content.decode()
    assert "OT_EMBED_ORIGINS" in html
    settings.OT_EMBED_ORIGINS = EMBED_ORIGINS
    html = leadership.get("/en/network/sisa-suomi/edit/").content.decode()
    assert "https://www.example.fi" in html and "https://ita.example.fi" not in html
