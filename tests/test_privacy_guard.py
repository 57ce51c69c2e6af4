"""The privacy guard: identity codes refused (both century forms, with check character),
phone numbers, e-mail and street addresses warned."""

from __future__ import annotations

import pytest

from apps.consultations import guard
from apps.consultations.guard import FindingKind

# Valid codes computed with the published algorithm (check = table[int(DDMMYY+NNN) % 31]).
VALID = [
    "131052-308T",  # the 1900s with "-"
    "010594Y9032",  # 2023 mark Y for the 1900s
    "010594X9032",
    "010594W9032",
    "010594V9032",
    "010594U9032",
    "020502A902X",  # the 2000s with A
    "020502B902X",  # 2023 marks B–F
    "020502C902X",
    "020502D902X",
    "020502E902X",
    "020502F902X",
    "010181+900C",  # the 1800s
]


@pytest.mark.parametrize("code", VALID)
def test_it_accepts_a_valid_identity_code_as_one(code: str) -> None:
    assert guard.is_valid_identity_code(code)
    assert [f.kind for f in guard.scan(f"Lapsen tunnus on {code} ja muuta.")] == [
        FindingKind.IDENTITY_CODE
    ]


def test_it_computes_the_check_character_from_date_and_individual_number() -> None:
    assert guard.check_character("131052308") == "T"
    assert guard.check_character("010594903") == "2"


@pytest.mark.parametrize(
    "code",
    ["131052-308U", "010594Y9033", "020502A902Y", "020502B9021", "010181+900D"],
)
def test_it_rejects_a_wrong_check_character(code: str) -> None:
    assert not guard.is_valid_identity_code(code)
    assert guard.find_identity_codes(f"koodi {code} tässä") == []


@pytest.mark.parametrize(
    "code",
    [
        "310252-308T",  # 31 February does not exist
        "131352-308T",  # month 13
        "131052G308T",  # G is no century sign
        "131052-000T",  # individual number 000 is unused
    ],
)
def test_it_rejects_impossible_codes(code: str) -> None:
    assert not guard.is_valid_identity_code(code)


def test_it_finds_codes_written_with_a_pasted_dash_lower_case_or_spaces() -> None:
    assert guard.find_identity_codes("tunnus 131052–308T.")  # en dash
    assert guard.find_identity_codes("tunnus 020502a902x")
    assert guard.find_identity_codes("tunnus 131052 - 308T")


def test_it_finds_temporary_identity_codes_too() -> None:
    # 900–999 are temporary codes and identify a person all the same.
    assert guard.is_valid_identity_code("010181+900C")


def test_it_points_at_the_place_of_a_finding() -> None:
    text = "Ensimmäinen rivi.\nLapsi 131052-308T asuu"
    finding = guard.scan(text)[0]
    line, column, context = guard.place_in_text(text, finding)
    assert (line, column) == (2, 7)
    assert context == "Lapsi"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Soita 040 000 1234 iltaisin", FindingKind.PHONE),
        ("numero +358 40 000 1234", FindingKind.PHONE),
        ("numero 09-123 4567", FindingKind.PHONE),
        ("osoite perhe@example.fi", FindingKind.EMAIL),
        ("asuu Esimerkkikatu 12 B:ssä", FindingKind.ADDRESS),
        ("bor på Exempelvägen 4", FindingKind.ADDRESS),
    ],
)
def test_it_warns_of_contact_details(text: str, kind: FindingKind) -> None:
    findings = guard.scan(text)
    assert [f.kind for f in findings] == [kind]
    assert not findings[0].blocks


def test_it_leaves_ordinary_text_alone() -> None:
    text = "15-vuotias nuori, koulupoissaoloja 6 kk, 3 sijoitusta vuosina 2023–2025."
    assert guard.scan(text) == []


def test_it_masks_identity_codes_for_storage() -> None:
    text = "tunnus 131052-308T tässä"
    assert guard.mask(text, guard.find_identity_codes(text), "[***]") == "tunnus [***] tässä"
