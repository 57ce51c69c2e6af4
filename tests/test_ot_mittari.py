"""OT-mittari as data: validation, scoring, versioning, import and re-assessment history."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse as django_reverse
from django.utils import translation

from apps.accounts.models import Role
from apps.consultations import services
from apps.consultations.instrument import (
    Instrument,
    InstrumentError,
    load_default_definition,
    score,
    validate_definition,
)
from tests.factories import ConsultationFactory, user_with_roles


def reverse(name: str, **kwargs: object) -> str:
    with translation.override("en"):
        return django_reverse(name, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def answers(definition, value):  # type: ignore[no-untyped-def]
    return {i["key"]: value for d in definition["dimensions"] for i in d["items"]}


def test_the_shipped_version_is_valid_and_marked_provisional() -> None:
    definition = load_default_definition()
    assert definition["provisional"] is True
    assert [d["key"] for d in definition["dimensions"]] == [
        "rarity",
        "service_system",
        "legal_admin",
    ]
    for dimension in definition["dimensions"]:
        for item in dimension["items"]:
            assert all(item["text"][lang] for lang in ("fi", "sv", "en"))


@pytest.mark.parametrize(
    ("value", "level"), [(0, "perustaso"), (1, "perustaso"), (2, "erityistaso"), (3, "ot-taso")]
)
def test_it_scores_uniform_answers_to_a_level(value: int, level: str) -> None:
    definition = load_default_definition()
    result = score(definition, answers(definition, value))
    assert result.level == level
    assert result.dimension_scores == {
        "rarity": value,
        "service_system": value,
        "legal_admin": value,
    }
    assert result.total == 3 * value


def test_one_high_dimension_with_a_high_total_is_ot_level() -> None:
    definition = load_default_definition()
    a = answers(definition, 1)
    for key in ("rarity_unfamiliar", "rarity_narrow_expertise", "rarity_no_guideline"):
        a[key] = 3  # rarity high (mean 3)
    result = score(definition, a)
    assert result.dimension_bands == {
        "rarity": "high",
        "service_system": "low",
        "legal_admin": "low",
    }
    assert result.total == 5
    assert result.level == "ot-taso"


def test_one_high_dimension_with_a_low_total_is_specialist_level() -> None:
    definition = load_default_definition()
    a = answers(definition, 0)
    for key in ("rarity_unfamiliar", "rarity_narrow_expertise", "rarity_no_guideline"):
        a[key] = 3
    assert score(definition, a).level == "erityistaso"


def test_dont_know_answers_are_left_out_of_the_mean() -> None:
    definition = load_default_definition()
    a = answers(definition, None)
    a["rarity_unfamiliar"] = 3
    result = score(definition, a)
    assert result.dimension_scores["rarity"] == 3
    assert result.dimension_scores["service_system"] is None
    assert result.dimension_bands["service_system"] == "low"


def test_sum_and_max_aggregates_and_thresholds_are_data() -> None:
    definition = copy.deepcopy(load_default_definition())
    definition["dimensions"][0]["aggregate"] = "sum"
    definition["dimensions"][0]["thresholds"] = {"medium": 3, "high": 6}
    definition["dimensions"][1]["aggregate"] = "max"
    a = answers(definition, 1)
    a["service_gaps"] = 3
    result = score(validate_definition(definition), a)
    assert result.dimension_scores["rarity"] == 3
    assert result.dimension_bands["rarity"] == "medium"
    assert result.dimension_scores["service_system"] == 3
    assert result.dimension_bands["service_system"] == "high"


def test_it_refuses_an_answer_off_the_scale() -> None:
    definition = load_default_definition()
    with pytest.raises(InstrumentError):
        score(definition, {"rarity_unfamiliar": 7})


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["dimensions"][0]["items"][0]["text"].pop("sv"), "dimensions[0].items[0].text"),
        (lambda d: d["dimensions"][1].update(aggregate="median"), "dimensions[1].aggregate"),
        (
            lambda d: d["dimensions"][0]["items"][0].update(scale="nope"),
            "dimensions[0].items[0].scale",
        ),
        (
            lambda d: d["levels"].append({"level": "ot-taso", "when": [{"high_at_least": 1}]}),
            "last level",
        ),
        (lambda d: d["levels"][0].update(level="super"), "levels[0].level"),
    ],
)
def test_it_names_the_place_of_an_invalid_definition(change, where: str) -> None:  # type: ignore[no-untyped-def]
    definition = copy.deepcopy(load_default_definition())
    change(definition)
    with pytest.raises(InstrumentError) as error:
        validate_definition(definition)
    assert where in str(error.value)


@pytest.mark.django_db
def test_a_new_version_never_changes_old_assessments_and_history_is_kept() -> None:
    coordinator = user_with_roles((Role.COORDINATOR, "sisa-suomi"))
    case = ConsultationFactory()
    old = services.active_instrument()
    assert old is not None and old.provisional
    first = services.assess(
        case,
        instrument=old,
        answers=answers(old.definition, 2),
        agreed_level="",
        override_reason="",
        with_requester=True,
        by=coordinator,
    )
    stricter = copy.deepcopy(old.definition)
    stricter["version"] = "0.2"
    for d in stricter["dimensions"]:
        d["thresholds"] = {"medium": 2.5, "high": 3}
    new = services.instrument_import(definition=stricter, by=coordinator, activate=True)
    old.refresh_from_db()
    assert old.status == Instrument.Status.RETIRED
    assert services.active_instrument() == new
    second = services.assess(
        case,
        instrument=new,
        answers=answers(new.definition, 2),
        agreed_level="ot-taso",
        override_reason="Harvinainen",
        with_requester=True,
        by=coordinator,
    )
    first.refresh_from_db()
    assert (first.instrument, first.computed_level, first.agreed_level) == (
        old,
        "erityistaso",
        "erityistaso",
    )
    assert (second.computed_level, second.agreed_level) == ("perustaso", "ot-taso")
    assert list(case.assessments.all()) == [second, first]


@pytest.mark.django_db
def test_leadership_imports_a_version_as_json_and_errors_point_at_the_place(signed_in) -> None:  # type: ignore[no-untyped-def]
    leader = user_with_roles((Role.LEADERSHIP, "sisa-suomi"))
    client = signed_in(leader)
    url = reverse("consultations:instrument_new")
    broken = client.post(url, {"definition_text": '{"key": "ot-mittari",'})
    assert broken.status_code == 400
    assert "line 1" in broken.content.decode()
    definition = load_default_definition()
    definition["version"] = "1.0"
    upload = SimpleUploadedFile("v1.json", json.dumps(definition).encode(), "application/json")
    response = client.post(url, {"definition_file": upload, "activate": "on"})
    assert response.status_code == 302
    assert services.active_instrument().version == "1.0"
    again = client.post(url, {"definition_text": json.dumps(definition)})
    assert again.status_code == 400
    assert "already exists" in again.content.decode()


@pytest.mark.django_db
def test_the_assessment_form_saves_a_level(signed_in) -> None:  # type: ignore[no-untyped-def]
    coordinator = user_with_roles((Role.COORDINATOR, "sisa-suomi"))
    case = ConsultationFactory()
    definition = services.active_instrument().definition
    data = {f"item_{k}": "3" for k in answers(definition, 0)}
    response = signed_in(coordinator).post(
        reverse("consultations:assess", kwargs={"pk": case.pk}), data
    )
    assert response.status_code == 302
    assert case.assessments.get().agreed_level == "ot-taso"
    data["agreed_level"] = "perustaso"
    refused = signed_in(coordinator).post(
        reverse("consultations:assess", kwargs={"pk": case.pk}), data
    )
    assert refused.status_code == 400
    assert "Say why" in refused.content.decode()
    assert case.assessments.count() == 1
