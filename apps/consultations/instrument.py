"""OT-mittari as data: a versioned instrument, its validation and its scoring.

An instrument version is a JSON definition (see docs/ot-mittari.md):
dimensions with items (fi/sv/en wording), answer scales, per-dimension aggregation and
thresholds (low/medium/high), and ordered level rules. The code knows no items or numbers;
every assessment stores the version it used and its own scores, so a new version never changes
an old assessment.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

LANGUAGES = ("fi", "sv", "en")
AGGREGATES = ("sum", "mean", "max")
BANDS = ("low", "medium", "high")
DEFAULT_DEFINITION = Path(__file__).resolve().parent / "instrument_data" / "ot-mittari-0.1.json"


class Level(models.TextChoices):
    BASIC = "perustaso", gettext_lazy("basic level (perustaso)")
    SPECIALIST = "erityistaso", gettext_lazy("specialist level (erityistaso)")
    OT = "ot-taso", gettext_lazy("OT level (OT-taso)")


class InstrumentError(ValueError):
    """A definition that cannot be used; the message says where."""


def text(value: dict[str, str] | str, language: str | None = None) -> str:
    """The wording of a {fi, sv, en} dict in the active language, falling back to Finnish."""
    if isinstance(value, str):
        return value
    code = (language or get_language() or "fi")[:2]
    return value.get(code) or value.get("fi") or ""


def _require_texts(value: Any, where: str) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(lang), str) and value.get(lang) for lang in LANGUAGES
    ):
        raise InstrumentError(_("%(where)s needs wording in fi, sv and en.") % {"where": where})


def validate_definition(definition: Any) -> dict[str, Any]:
    """Check a definition; raise InstrumentError naming the place of the first problem."""
    if not isinstance(definition, dict):
        raise InstrumentError(_("The definition must be a JSON object."))
    for key in ("key", "version"):
        if not isinstance(definition.get(key), str) or not definition[key].strip():
            raise InstrumentError(_("“%(key)s” is missing.") % {"key": key})
    _require_texts(definition.get("name"), "name")
    scales = definition.get("scales")
    if not isinstance(scales, dict) or not scales:
        raise InstrumentError(_("“scales” must name at least one answer scale."))
    for scale_key, options in scales.items():
        where = f"scales.{scale_key}"
        if not isinstance(options, list) or len(options) < 2:
            raise InstrumentError(_("%(where)s needs at least two options.") % {"where": where})
        values = []
        for i, option in enumerate(options):
            if not isinstance(option, dict) or (
                "value" in option
                and not (option["value"] is None or isinstance(option["value"], int | float))
            ):
                raise InstrumentError(
                    _("%(where)s: value must be a number or null.") % {"where": f"{where}[{i}]"}
                )
            _require_texts(option.get("label"), f"{where}[{i}].label")
            values.append(option.get("value"))
        if len(set(values)) != len(values):
            raise InstrumentError(_("%(where)s has repeated values.") % {"where": where})
    dimensions = definition.get("dimensions")
    if not isinstance(dimensions, list) or not dimensions:
        raise InstrumentError(_("“dimensions” must list at least one dimension."))
    item_keys: set[str] = set()
    dimension_keys: set[str] = set()
    for d, dimension in enumerate(dimensions):
        where = f"dimensions[{d}]"
        if not isinstance(dimension, dict) or not dimension.get("key"):
            raise InstrumentError(_("%(where)s needs a key.") % {"where": where})
        if dimension["key"] in dimension_keys:
            raise InstrumentError(_("%(where)s: the key is repeated.") % {"where": where})
        dimension_keys.add(dimension["key"])
        _require_texts(dimension.get("name"), f"{where}.name")
        if dimension.get("aggregate", "mean") not in AGGREGATES:
            raise InstrumentError(
                _("%(where)s.aggregate must be sum, mean or max.") % {"where": where}
            )
        thresholds = dimension.get("thresholds")
        if (
            not isinstance(thresholds, dict)
            or not all(isinstance(thresholds.get(b), int | float) for b in ("medium", "high"))
            or thresholds["medium"] > thresholds["high"]
        ):
            raise InstrumentError(
                _("%(where)s.thresholds needs numbers medium ≤ high.") % {"where": where}
            )
        items = dimension.get("items")
        if not isinstance(items, list) or not items:
            raise InstrumentError(_("%(where)s.items must not be empty.") % {"where": where})
        for i, item in enumerate(items):
            item_where = f"{where}.items[{i}]"
            if not isinstance(item, dict) or not item.get("key"):
                raise InstrumentError(_("%(where)s needs a key.") % {"where": item_where})
            if item["key"] in item_keys:
                raise InstrumentError(_("%(where)s: the key is repeated.") % {"where": item_where})
            item_keys.add(item["key"])
            _require_texts(item.get("text"), f"{item_where}.text")
            if item.get("scale") not in scales:
                raise InstrumentError(
                    _("%(where)s.scale must name one of the scales.") % {"where": item_where}
                )
    levels = definition.get("levels")
    if not isinstance(levels, list) or not levels:
        raise InstrumentError(_("“levels” must list the level rules."))
    for n, rule in enumerate(levels):
        where = f"levels[{n}]"
        if not isinstance(rule, dict) or rule.get("level") not in Level.values:
            raise InstrumentError(
                _("%(where)s.level must be perustaso, erityistaso or ot-taso.") % {"where": where}
            )
        conditions = rule.get("when", [])
        if not isinstance(conditions, list) or not all(
            isinstance(c, dict) and set(c) <= set(CONDITIONS) for c in conditions
        ):
            raise InstrumentError(
                _("%(where)s.when must be a list of conditions using %(names)s.")
                % {"where": where, "names": ", ".join(CONDITIONS)}
            )
    if levels[-1].get("when"):
        raise InstrumentError(_("The last level rule must have no conditions (the fallback)."))
    return definition


# --- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    dimension_scores: dict[str, float | None]
    dimension_bands: dict[str, str]
    total: float
    level: str


def _aggregate(values: list[float], how: str) -> float | None:
    if not values:
        return None
    if how == "sum":
        return float(sum(values))
    if how == "max":
        return float(max(values))
    return round(float(sum(values)) / len(values), 3)


def _band(score: float | None, thresholds: dict[str, float]) -> str:
    if score is None:
        return "low"
    if score >= thresholds["high"]:
        return "high"
    if score >= thresholds["medium"]:
        return "medium"
    return "low"


def _count(bands: dict[str, str], wanted: set[str]) -> int:
    return sum(1 for band in bands.values() if band in wanted)


CONDITIONS = {
    "high_at_least": lambda bands, total, n: _count(bands, {"high"}) >= n,
    "medium_or_high_at_least": lambda bands, total, n: _count(bands, {"medium", "high"}) >= n,
    "total_at_least": lambda bands, total, n: total >= n,
}


def score(definition: dict[str, Any], answers: dict[str, Any]) -> Score:
    """Scores per dimension, their bands and the level. `None` answers ("don't know") count
    as no answer and are left out of the aggregate."""
    allowed = {k: {o.get("value") for o in v} for k, v in definition["scales"].items()}
    scores: dict[str, float | None] = {}
    bands: dict[str, str] = {}
    for dimension in definition["dimensions"]:
        values: list[float] = []
        for item in dimension["items"]:
            value = answers.get(item["key"])
            if value is None:
                continue
            if value not in allowed[item["scale"]]:
                raise InstrumentError(
                    _("The answer to %(item)s is not on its scale.") % {"item": item["key"]}
                )
            values.append(float(value))
        scores[dimension["key"]] = _aggregate(values, dimension.get("aggregate", "mean"))
        bands[dimension["key"]] = _band(scores[dimension["key"]], dimension["thresholds"])
    total = round(sum(s for s in scores.values() if s is not None), 3)
    for rule in definition["levels"]:
        conditions = rule.get("when", [])
        if not conditions or any(
            all(CONDITIONS[name](bands, total, limit) for name, limit in condition.items())
            for condition in conditions
        ):
            return Score(scores, bands, total, rule["level"])
    raise InstrumentError(_("No level rule matched."))  # validate_definition prevents this


def load_default_definition() -> dict[str, Any]:
    return validate_definition(json.loads(DEFAULT_DEFINITION.read_text(encoding="utf-8")))


# --- models --------------------------------------------------------------------------------


class Instrument(models.Model):
    """One version of an assessment instrument. Used versions are never edited: editing makes
    a new draft version."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("draft")
        ACTIVE = "active", gettext_lazy("in use")
        RETIRED = "retired", gettext_lazy("retired")

    key = models.SlugField(gettext_lazy("identifier"), default="ot-mittari")
    version = models.CharField(gettext_lazy("version"), max_length=40)
    status = models.CharField(
        gettext_lazy("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    provisional = models.BooleanField(gettext_lazy("provisional"), default=True)
    source_note = models.TextField(gettext_lazy("source note"), blank=True)
    definition = models.JSONField(gettext_lazy("definition"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("created by"),
    )
    created_at = models.DateTimeField(gettext_lazy("created"), auto_now_add=True)

    class Meta:
        ordering = ("key", "-created_at")
        verbose_name = gettext_lazy("assessment instrument")
        verbose_name_plural = gettext_lazy("assessment instruments")
        constraints = (
            models.UniqueConstraint(fields=["key", "version"], name="instrument_unique_version"),
        )

    def __str__(self) -> str:
        return f"{self.name} {self.version}"

    @property
    def name(self) -> str:
        return text(self.definition.get("name", {}))

    @property
    def is_used(self) -> bool:
        return self.assessments.exists()

    def to_json(self) -> str:
        return json.dumps(self.definition, ensure_ascii=False, indent=2)


class Assessment(models.Model):
    """One OT-mittari assessment of a case; re-assessments add rows and never overwrite."""

    consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=gettext_lazy("consultation"),
    )
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=gettext_lazy("instrument version"),
    )
    answers = models.JSONField(gettext_lazy("answers"), default=dict)
    dimension_scores = models.JSONField(gettext_lazy("dimension scores"), default=dict)
    dimension_bands = models.JSONField(gettext_lazy("dimension bands"), default=dict)
    total = models.DecimalField(gettext_lazy("total"), max_digits=8, decimal_places=3)
    computed_level = models.CharField(
        gettext_lazy("computed level"), max_length=16, choices=Level.choices
    )
    agreed_level = models.CharField(
        gettext_lazy("agreed level"), max_length=16, choices=Level.choices
    )
    override_reason = models.TextField(gettext_lazy("reason for a different level"), blank=True)
    with_requester = models.BooleanField(
        gettext_lazy("filled in together with the requester"), default=True
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=gettext_lazy("assessed by"),
    )
    created_at = models.DateTimeField(gettext_lazy("assessed"), auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = gettext_lazy("OT-mittari assessment")
        verbose_name_plural = gettext_lazy("OT-mittari assessments")

    def __str__(self) -> str:
        return f"{self.consultation_id}: {self.agreed_level}"

    @property
    def total_display(self) -> Decimal:
        return self.total.normalize()
