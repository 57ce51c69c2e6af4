"""The data migration loads domain.md §2.3 exactly."""

from __future__ import annotations

import pytest

from apps.organisations.models import Centre, CollaborativeArea, WellbeingRegion

pytestmark = pytest.mark.django_db


def test_it_has_five_areas_each_with_one_centre() -> None:
    assert CollaborativeArea.objects.count() == 5
    assert Centre.objects.count() == 5
    assert set(Centre.objects.values_list("area__slug", flat=True)) == set(
        CollaborativeArea.objects.values_list("slug", flat=True)
    )


def test_it_has_21_counties_plus_helsinki_and_hus() -> None:
    assert WellbeingRegion.objects.count() == 23
    assert WellbeingRegion.objects.filter(kind="wellbeing_county").count() == 21
    assert WellbeingRegion.objects.get(kind="city").name_fi == "Helsingin kaupunki"
    assert WellbeingRegion.objects.get(kind="joint_authority").name_sv == "HUS-sammanslutningen"


@pytest.mark.parametrize(
    ("area", "members"),
    [
        ("etela-suomi", 9),
        ("ita-suomi", 4),
        ("sisa-suomi", 3),
        ("lansi-suomi", 3),
        ("pohjois-suomi", 4),
    ],
)
def test_it_maps_members_to_their_area(area: str, members: int) -> None:
    assert WellbeingRegion.objects.filter(area__slug=area).count() == members


def test_it_puts_paijat_hame_in_etela_suomi_not_sisa_suomi() -> None:
    assert (
        WellbeingRegion.objects.get(name_fi="Päijät-Hämeen hyvinvointialue").area.slug
        == "etela-suomi"
    )
    assert set(
        WellbeingRegion.objects.filter(area__slug="sisa-suomi").values_list("name_sv", flat=True)
    ) == {
        "Birkalands välfärdsområde",
        "Egentliga Tavastlands välfärdsområde",
        "Södra Österbottens välfärdsområde",
    }


def test_it_marks_the_nine_bilingual_members() -> None:
    bilingual = set(
        WellbeingRegion.objects.filter(is_bilingual=True).values_list("slug", flat=True)
    )
    assert bilingual == {
        "helsinki",
        "hus",
        "ita-uusimaa",
        "lansi-uusimaa",
        "vantaa-kerava",
        "kymenlaakso",
        "varsinais-suomi",
        "pohjanmaa",
        "keski-pohjanmaa",
    }
    assert not WellbeingRegion.objects.filter(
        area__slug__in=["ita-suomi", "sisa-suomi"], is_bilingual=True
    ).exists()


def test_it_names_every_area_in_three_languages() -> None:
    for area in CollaborativeArea.objects.all():
        assert area.name_fi and area.name_sv and area.name_en
    assert (
        CollaborativeArea.objects.get(slug="sisa-suomi").name_sv == "Inre Finlands samarbetsområde"
    )
    assert CollaborativeArea.objects.get(slug="lansi-suomi").university_hospital == "Tyks"


def test_it_notes_sami_rights_in_lapland() -> None:
    assert list(
        WellbeingRegion.objects.filter(sami_rights_apply=True).values_list("slug", flat=True)
    ) == ["lappi"]
