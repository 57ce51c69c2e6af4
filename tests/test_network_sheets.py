from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from apps.accounts.models import Role
from apps.network import sheets
from apps.network.models import Actor, NetworkChange, Stop
from tests.factories import centre, user_with_roles
from tests.network_fixtures import load_demo

pytestmark = pytest.mark.django_db

URL = "/fi/network/sisa-suomi/edit/import/"
HEADER = "key,name,kind,sector,contact_email,competences,languages,consent_to_publish,lines\n"
GOOD = (
    HEADER
    + "n1,Uusi yksikkö,unit,health,n1@example.fi,trauma,fi,no,L6:1\n"
    + 'n2,Toinen yksikkö,unit,social,,,"fi, sv",yes,L6:2\n'
)
BAD = GOOD.replace("n2@", "x").replace(',,,"fi, sv",yes', ',not-an-email,,"fi, sv",yes')


@pytest.fixture
def leadership(settings, signed_in):  # type: ignore[no-untyped-def]
    load_demo(settings)
    return signed_in(user_with_roles((Role.LEADERSHIP, "sisa-suomi")))


def _upload(client: Client, text: str, name: str = "verkosto.csv"):  # type: ignore[no-untyped-def]
    return client.post(URL, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_imported(
    leadership: Client,
) -> None:
    response = _upload(leadership, BAD)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Rivi 3, sarake contact_email (E)" in html or "Row 3, column contact_email (E)" in html
    assert "Import now" not in html and "Tuo nyt" not in html
    # Even a forced confirmation writes nothing.
    assert leadership.post(URL, {"action": "import"}).status_code == 400
    assert not Actor.objects.filter(key__in=["n1", "n2"]).exists()


def test_a_valid_file_is_previewed_then_imported_whole(leadership: Client) -> None:
    preview = _upload(leadership, GOOD)
    assert preview.status_code == 200
    assert not Actor.objects.filter(key="n1").exists()  # the preview is a dry run
    response = leadership.post(URL, {"action": "import"})
    assert response.status_code == 302
    assert list(
        Stop.objects.filter(line__key="L6")
        .order_by("position")
        .values_list("actor__key", flat=True)
    ) == ["n1", "n2"]
    n2 = Actor.objects.get(key="n2")
    assert n2.languages == ["fi", "sv"] and n2.consent_to_publish
    assert NetworkChange.objects.get(action="imported").changes["new"] == ["n1", "n2"]


def test_validation_names_every_problem() -> None:
    table = sheets.sheet_read(
        (
            b"key,name,kind,lines,availability,unavailable_until\n"
            b"ok1,Yksi,unit,L1:1,,\n"
            b"Bad Key,,robot,L99:1,sometimes,31.12.2026\n"
            b"ok1,Kolme,unit,L1:1,,\n"
        ),
        "x.csv",
    )
    check = sheets.sheet_validate(centre=centre(), table=table)
    found = {(e.row, e.column) for e in check.errors}
    assert {(3, "key"), (3, "name"), (3, "kind"), (3, "lines"), (3, "availability")} <= found
    assert (3, "unavailable_until") in found
    assert (4, "key") in found and (4, "lines") in found  # duplicate key, place taken
    assert not check.ok


def test_unreadable_files_get_a_clear_message(leadership: Client) -> None:
    response = _upload(leadership, "not a sheet", name="verkosto.txt")
    assert response.status_code == 400
    assert "field-error" in response.content.decode()
    response = leadership.post(URL, {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04 broken")})
    assert response.status_code == 400


def test_the_export_round_trips_through_import(leadership: Client) -> None:
    before = list(
        Stop.objects.order_by("line__key", "position").values_list("line__key", "actor__key")
    )
    xlsx = leadership.get("/fi/network/sisa-suomi/edit/export.xlsx").content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True))
    assert list(rows[0]) == sheets.COLUMNS and len(rows) == 41
    table = sheets.sheet_read(xlsx, "export.xlsx")
    check = sheets.sheet_validate(centre=centre(), table=table)
    assert check.errors == []
    sheets.sheet_apply(centre=centre(), check=check, user=None, filename="export.xlsx")
    after = list(
        Stop.objects.order_by("line__key", "position").values_list("line__key", "actor__key")
    )
    assert after == before
    csv_text = leadership.get("/fi/network/sisa-suomi/edit/export.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == ",".join(sheets.COLUMNS)
    assert (
        sheets.sheet_validate(
            centre=centre(), table=sheets.sheet_read(csv_text.encode(), "e.csv")
        ).errors
        == []
    )


def test_semicolon_separated_files_from_finnish_spreadsheets_are_read() -> None:
    text = 'key;name;kind;lines\r\nn1;Yksikkö, uusi;unit;"L1:1; L6:2"\r\n'
    table = sheets.sheet_read(text.encode("cp1252"), "x.csv")
    assert table[1]["name"] == "Yksikkö, uusi"
    assert table[1]["lines"] == "L1:1; L6:2"
    comma = sheets.sheet_read(b"key,name,kind,lines\nn1,Uusi,unit,L1:1; L6:2\n", "y.csv")
    assert comma[1]["lines"] == "L1:1; L6:2"
