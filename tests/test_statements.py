from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from apps.organisations.models import Centre, CollaborativeArea

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/fi/accessibility/", "Saavutettavuusseloste"),
        ("/sv/accessibility/", "Tillgänglighetsutlåtande"),
        ("/en/privacy/", "Privacy notice"),
        ("/fi/privacy/", "Tietosuojaseloste"),
        ("/en/centres/ita-suomi/accessibility/", "Accessibility statement"),
    ],
)
def test_it_renders_the_statements(client: Client, path: str, heading: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()


def test_it_names_the_centre(client: Client) -> None:
    assert (
        "Eastern Finland OT centre" in client.get("/en/centres/ita-suomi/privacy/").content.decode()
    )


def test_it_answers_404_for_an_unknown_centre(client: Client) -> None:
    assert client.get("/en/centres/nowhere/privacy/").status_code == 404


def test_it_uses_a_centre_override_template(client: Client) -> None:
    # templates/centres/example/ is the shipped example of a centre's own statement.
    assert (
        Path(__file__).resolve().parent.parent / "templates/centres/example/accessibility.html"
    ).exists()
    area = CollaborativeArea.objects.create(
        slug="example", name_fi="Esimerkki", name_sv="Exempel", university_hospital="-"
    )
    Centre.objects.create(
        slug="example", area=area, name_fi="Esimerkkikeskus", name_sv="Exempelcentret"
    )
    html = client.get("/sv/centres/example/accessibility/").content.decode()
    assert "saavutettavuus@example.fi. Vi svarar inom 14 dagar." in html
    assert "<h2>Tillsyn</h2>" in html  # the generic blocks stay
