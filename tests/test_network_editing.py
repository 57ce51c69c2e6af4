from __future__ import annotations

import pytest
from django.test import Client

from apps.accounts.models import Role
from apps.network.models import Guideline, Line, MapLayout, NetworkChange, Stop
from tests.factories import user_with_roles
from tests.network_fixtures import load_demo

pytestmark = pytest.mark.django_db

BASE = "/fi/network/sisa-suomi/edit"


@pytest.fixture
def leadership(settings, signed_in):  # type: ignore[no-untyped-def]
    load_demo(settings)
    return signed_in(user_with_roles((Role.LEADERSHIP, "sisa-suomi"), email="johto@example.fi"))


def _stops(key: str) -> list[str]:
    return list(
        Stop.objects.filter(line__key=key).order_by("position").values_list("actor__key", flat=True)
    )


def test_leadership_adds_a_station_at_a_place_and_the_map_redraws(
    leadership: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    leadership.get("/fi/network/sisa-suomi/map/")
    old_hash = MapLayout.objects.get(variant="members").network_hash
    s33 = Line.objects.get(key="L6").centre.actors.get(key="s2")
    with django_capture_on_commit_callbacks(execute=True):
        response = leadership.post(f"{BASE}/lines/L6/stops/add/", {"actor": s33.pk, "position": 2})
    assert response.status_code == 302
    assert _stops("L6") == ["s32", "s2", "s33", "s6", "s5", "s15", "s34"]
    change = NetworkChange.objects.get(object_type="stop")
    assert change.user_label == "johto@example.fi"
    assert change.changes["stops"][1][1] == "s2"
    assert MapLayout.objects.get(variant="members").network_hash != old_hash


def test_leadership_reorders_and_removes_stops(leadership: Client) -> None:
    leadership.post(f"{BASE}/lines/L6/stops/s33/move/", {"direction": "up"})
    assert _stops("L6")[:2] == ["s33", "s32"]
    leadership.post(f"{BASE}/lines/L6/stops/s33/move/", {"direction": "sideways"})
    assert _stops("L6")[:2] == ["s33", "s32"]
    leadership.post(f"{BASE}/lines/L6/stops/s34/remove/")
    assert "s34" not in _stops("L6")
    actions = list(NetworkChange.objects.values_list("action", flat=True))
    assert sorted(actions) == ["deleted", "reordered"]


def test_a_new_line_is_created_and_recorded(leadership: Client) -> None:
    response = leadership.post(
        f"{BASE}/lines/new/",
        {"key": "L9", "name_fi": "Uusi linja", "colour": "#123456", "client_groups": ["families"]},
    )
    assert response.status_code == 302
    line = Line.objects.get(key="L9")
    assert line.client_groups == ["families"] and line.order == 8
    assert NetworkChange.objects.get(object_key="L9").action == "created"


def test_a_bad_line_form_keeps_the_input_and_names_the_field(leadership: Client) -> None:
    response = leadership.post(
        f"{BASE}/lines/new/", {"key": "L1", "name_fi": "Kopio", "colour": "red"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kopio"' in html
    assert 'id="id_key_error"' in html and 'id="id_colour_error"' in html
    assert 'aria-describedby="id_key_error"' in html


def test_an_actor_edit_records_old_and_new_values(leadership: Client) -> None:
    url = f"{BASE}/actors/s6/"
    form = leadership.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data["competences"] = [c.pk for c in form.initial["competences"]]
    data["title"] = "Johtava asiantuntija"
    data["languages"] = "fi, en, xyz"
    response = leadership.post(url, data)
    assert response.status_code == 400
    assert "xyz" in response.content.decode()
    data["languages"] = "fi, EN"
    assert leadership.post(url, data).status_code == 302
    change = NetworkChange.objects.get(object_type="actor")
    assert change.changes["title"][1] == "Johtava asiantuntija"
    assert change.changes["languages"][1] == ["en", "fi"]


def test_guideline_edits_keep_versions_with_author(leadership: Client) -> None:
    guideline = Guideline.objects.get(actor__key="s6")
    url = f"{BASE}/guidelines/{guideline.pk}/"
    leadership.post(url, {"title": guideline.title, "body": "Uusi **ohje** <script>x</script>"})
    versions = list(guideline.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].author_label.startswith("Testi") or versions[1].author is not None
    page = leadership.get(f"/fi/network/sisa-suomi/guidelines/{guideline.pk}/").content.decode()
    assert "<strong>ohje</strong>" in page and "<script>x" not in page
    assert NetworkChange.objects.filter(object_type="guideline").count() == 1


@pytest.mark.parametrize(
    "role", [Role.REQUESTER, Role.EXPERT, Role.COORDINATOR, Role.NATIONAL_VIEWER]
)
def test_other_roles_may_not_edit(settings, signed_in, role: str) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    client = signed_in(user_with_roles((role, "sisa-suomi")))
    assert client.get(f"{BASE}/").status_code == 403
    assert client.post(f"{BASE}/lines/L6/stops/s33/move/", {"direction": "up"}).status_code == 403
    assert _stops("L6")[0] == "s32"


def test_anonymous_editing_goes_to_sign_in(settings, client: Client) -> None:  # type: ignore[no-untyped-def]
    load_demo(settings)
    assert client.get(f"{BASE}/").status_code == 302


def test_the_history_page_lists_changes(leadership: Client) -> None:
    leadership.post(f"{BASE}/lines/L6/stops/s33/move/", {"direction": "down"})
    html = leadership.get(f"{BASE}/history/").content.decode()
    assert "johto@example.fi" in html and "line L6" in html


def test_leadership_publishes_and_withdraws_the_map(leadership: Client) -> None:
    public = "/fi/network/public/sisa-suomi/"
    response = leadership.post(f"{BASE}/publish/", {"public": "1"})
    assert response.status_code == 302
    html = leadership.get(f"{BASE}/").content.decode()
    assert "/fi/network/embed/sisa-suomi/" in html  # the embed code to copy
    assert Client().get(public).status_code == 200
    leadership.post(f"{BASE}/publish/", {"public": "0"})
    assert Client().get(public).status_code == 404
    assert NetworkChange.objects.filter(object_type="centre").count() == 2


def test_the_list_view_links_the_map_and_line_pages(leadership: Client) -> None:
    html = leadership.get("/fi/network/sisa-suomi/").content.decode()
    assert 'href="/fi/network/sisa-suomi/map/"' in html
    assert 'href="/fi/network/sisa-suomi/lines/L6/"' in html


def test_leadership_keeps_the_competence_vocabulary(leadership: Client) -> None:
    url = f"{BASE}/competences/"
    assert leadership.get(url).status_code == 200
    response = leadership.post(url, {"slug": "trauma", "name_fi": "Kopio"})
    assert response.status_code == 400 and 'id="id_slug_error"' in response.content.decode()
    leadership.post(url, {"slug": "adoptio", "name_fi": "Adoptio", "name_sv": "Adoption"})
    edit = leadership.post(f"{url}adoptio/", {"slug": "adoptio", "name_fi": "Adoptioasiat"})
    assert edit.status_code == 302
    changes = NetworkChange.objects.filter(object_type="competence").order_by("at", "pk")
    assert [c.action for c in changes] == ["created", "updated"]
    assert changes[1].changes["name_fi"] == ["Adoptio", "Adoptioasiat"]


def test_a_line_is_deleted_after_confirmation_and_its_stops_are_kept_in_history(
    leadership: Client,
) -> None:
    url = f"{BASE}/lines/L8/delete/"
    assert leadership.get(url).status_code == 200
    assert Line.objects.filter(key="L8").exists()  # asking deletes nothing
    assert leadership.post(url).status_code == 302
    assert not Line.objects.filter(key="L8").exists()
    change = NetworkChange.objects.get(object_key="L8", action="deleted")
    assert change.changes["stops"][0] == ["s37", "s38", "s39", "s11", "s17", "s40"]
    html = leadership.get("/fi/network/sisa-suomi/map/").content.decode()
    assert 'data-line="L8"' not in html and 'data-station="s37"' in html
