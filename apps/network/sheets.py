"""Spreadsheet import and export of a centre's actors and their places on lines (CSV, XLSX).

One row per actor. The `lines` column lists the actor's stops as `LINEKEY:PLACE` separated by
semicolons (`L1:3; L6:2`: third stop of L1, second of L6). A line named anywhere in the file
gets exactly the stops the file gives it, in the order of their places; lines the file does not
name keep theirs. Lines themselves and the competence vocabulary are kept in the app; the file
refers to them by identifier.

Import is validate-everything-first: `sheet_validate` checks every row and reports each problem
with its spreadsheet row number (the header is row 1) and column; `sheet_apply` writes nothing
unless the whole file is valid, inside one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from apps.network.forms import ACTOR_DETAILS, parse_languages
from apps.network.mapdata import layout_refresh_on_commit
from apps.network.models import Actor, Competence, Line, NetworkChange, Stop
from apps.network.services import change_record
from apps.organisations.models import Centre, Organisation, WellbeingRegion

COLUMNS = [
    "key",
    "name",
    "kind",
    "title",
    *ACTOR_DETAILS,
    "lines",
]
REQUIRED = ("key", "name", "kind")
MAX_ROWS = 5000
MAX_BYTES = 2 * 1024 * 1024
TRUE_WORDS = {"yes", "true", "1", "kyllä", "k", "ja", "x"}
FALSE_WORDS = {"no", "false", "0", "ei", "e", "nej", ""}


class SheetReadError(ValueError):
    """The file cannot be read as a spreadsheet at all."""


@dataclass(frozen=True)
class CellError:
    row: int
    column: str
    message: str
    # The column's letter in the uploaded file (A, B, ...), when the file has that column.
    column_letter: str = ""


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass
class ParsedRow:
    number: int
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    stops: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class SheetCheck:
    rows: list[ParsedRow]
    errors: list[CellError]
    new_keys: list[str] = field(default_factory=list)
    updated_keys: list[str] = field(default_factory=list)
    line_keys: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def errors_of(self, number: int) -> list[CellError]:
        return [error for error in self.errors if error.row == number]


# --- reading ---------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def sheet_read(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows as {column: text}, in file order; every value a string. The header row names the
    columns (case-insensitive; unknown columns are kept and reported by validation)."""
    if len(content) > MAX_BYTES:
        raise SheetReadError(_("The file is larger than 2 MB."))
    if filename.lower().endswith(".xlsx"):
        table = _read_xlsx(content)
    elif filename.lower().endswith(".csv"):
        table = _read_csv(content)
    else:
        raise SheetReadError(_("Upload a .csv or .xlsx file."))
    if not table:
        raise SheetReadError(_("The file is empty."))
    header = [cell.strip().lower() for cell in table[0]]
    rows = []
    for cells in table[1:]:
        if not any(cell.strip() for cell in cells):
            rows.append({})  # keeps row numbers right; skipped by validation
            continue
        rows.append({header[i]: cells[i] for i in range(min(len(header), len(cells)))})
    if len(rows) > MAX_ROWS:
        raise SheetReadError(_("The file has more than %(n)d rows.") % {"n": MAX_ROWS})
    return [{"__header__": "|".join(header)}, *rows]


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise SheetReadError(_("The CSV file is not UTF-8 text.")) from error
    # The header names contain no separators, so its commonest separator is the file's
    # (Finnish spreadsheet programs write semicolons, others commas or tabs).
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    try:
        return [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise SheetReadError(_("The CSV file cannot be read: %(e)s") % {"e": error}) from error


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SheetReadError(_("The XLSX file cannot be opened.")) from error
    sheet = workbook.worksheets[0]
    table = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return table


# --- validating ------------------------------------------------------------------------------


def _parse_bool(text: str) -> bool | None:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def sheet_validate(*, centre: Centre, table: list[dict[str, str]]) -> SheetCheck:
    """Check every row; nothing is written."""
    header = table[0].get("__header__", "").split("|") if table else []
    errors: list[CellError] = []
    missing = [column for column in REQUIRED if column not in header]
    for column in missing:
        errors.append(CellError(1, column, _("The column “%(c)s” is missing.") % {"c": column}))
    for name in header:
        if name and name not in COLUMNS:
            errors.append(CellError(1, name, _("Unknown column “%(c)s”.") % {"c": name}))
    if missing:
        return SheetCheck(rows=[], errors=errors)

    regions = {r.slug: r for r in WellbeingRegion.objects.filter(area=centre.area)}
    regions_by_name = {r.name_fi.lower(): r for r in regions.values()}
    competences = {c.slug: c for c in Competence.objects.filter(centre=centre)}
    lines = {line.key: line for line in Line.objects.filter(centre=centre)}
    existing = set(Actor.objects.filter(centre=centre).values_list("key", flat=True))
    kinds = {value for value, _label in Actor.Kind.choices}
    sectors = {value for value, _label in Actor.Sector.choices}
    availabilities = {value for value, _label in Actor.Availability.choices}

    rows: list[ParsedRow] = []
    seen_keys: dict[str, int] = {}
    seen_places: dict[tuple[str, int], int] = {}
    for offset, raw in enumerate(table[1:]):
        number = offset + 2
        if not raw:
            continue
        row = ParsedRow(number=number, raw=raw)
        rows.append(row)

        def error(column: str, message: str, row_number: int = number) -> None:
            errors.append(CellError(row_number, column, message))

        def text(column: str, row_data: dict[str, str] = raw) -> str:
            return row_data.get(column, "").strip()

        key = text("key")
        if not key:
            error("key", _("An identifier is required."))
        else:
            try:
                validate_slug(key)
            except ValidationError:
                error("key", _("Use only letters a–z, digits, hyphens and underscores."))
            if key in seen_keys:
                error(
                    "key",
                    _("The identifier “%(k)s” is already on row %(r)d.")
                    % {"k": key, "r": seen_keys[key]},
                )
            seen_keys.setdefault(key, number)
        if not text("name"):
            error("name", _("A name is required."))
        elif len(text("name")) > 200:
            error("name", _("At most 200 characters."))
        kind = text("kind").lower()
        if kind not in kinds:
            error(
                "kind",
                _("“%(v)s” is not a kind; use one of: %(choices)s.")
                % {"v": text("kind"), "choices": ", ".join(sorted(kinds))},
            )
        sector = text("sector").lower()
        if sector and sector not in sectors:
            error(
                "sector",
                _("“%(v)s” is not a sector; use one of: %(choices)s.")
                % {"v": text("sector"), "choices": ", ".join(sorted(sectors))},
            )
        region = None
        if text("region"):
            region = regions.get(text("region").lower()) or regions_by_name.get(
                text("region").lower()
            )
            if region is None:
                error(
                    "region",
                    _("“%(v)s” is not a wellbeing region of this centre.") % {"v": text("region")},
                )
        email = text("contact_email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                error("contact_email", _("“%(v)s” is not a valid e-mail address.") % {"v": email})
        slugs = [s.strip() for s in text("competences").split(";") if s.strip()]
        unknown = [slug for slug in slugs if slug not in competences]
        if unknown:
            error(
                "competences",
                _("Unknown competence: %(v)s. Add it to the vocabulary first.")
                % {"v": ", ".join(unknown)},
            )
        try:
            languages = parse_languages(text("languages"))
        except ValidationError as exc:
            languages = []
            error("languages", " ".join(exc.messages))
        availability = text("availability").lower() or Actor.Availability.AVAILABLE
        if availability not in availabilities:
            error(
                "availability",
                _("“%(v)s” is not an availability; use one of: %(choices)s.")
                % {"v": text("availability"), "choices": ", ".join(sorted(availabilities))},
            )
        until = None
        if text("unavailable_until"):
            try:
                until = dt.date.fromisoformat(text("unavailable_until")[:10])
            except ValueError:
                error("unavailable_until", _("Give the date as YYYY-MM-DD."))
        consent = _parse_bool(text("consent_to_publish"))
        if consent is None:
            error("consent_to_publish", _("Write yes or no."))
        for part in [p.strip() for p in text("lines").split(";") if p.strip()]:
            line_key, _sep, place = part.partition(":")
            line_key = line_key.strip()
            if line_key not in lines:
                error("lines", _("“%(v)s” is not a line of this centre.") % {"v": line_key})
                continue
            if not place.strip().isdigit() or int(place) < 1:
                error(
                    "lines",
                    _("Give the place on line %(l)s as a whole number from 1, e.g. %(l)s:3.")
                    % {"l": line_key},
                )
                continue
            spot = (line_key, int(place))
            if spot in seen_places:
                error(
                    "lines",
                    _("Place %(p)s on line %(l)s is already taken on row %(r)d.")
                    % {"p": place.strip(), "l": line_key, "r": seen_places[spot]},
                )
                continue
            if any(existing_key == line_key for existing_key, _p in row.stops):
                error("lines", _("Line %(l)s is named twice.") % {"l": line_key})
                continue
            seen_places[spot] = number
            row.stops.append(spot)
        row.values = {
            "key": key,
            "name": text("name"),
            "kind": kind,
            "title": text("title"),
            "sector": sector,
            "organisation": text("organisation"),
            "region": region,
            "contact_name": text("contact_name"),
            "contact_email": email,
            "contact_phone": text("contact_phone"),
            "competences": [competences[s] for s in slugs if s in competences],
            "keywords": text("keywords"),
            "languages": languages,
            "availability": availability,
            "unavailable_until": until,
            "consent_to_publish": bool(consent),
        }
    if not rows and not errors:
        errors.append(CellError(2, "key", _("The file has no rows under the header.")))
    # Each line named in the file must still be a path of at least two stops.
    named_lines = sorted({line_key for row in rows for line_key, _p in row.stops})
    check = SheetCheck(rows=rows, errors=errors, line_keys=named_lines)
    check.new_keys = [r.values["key"] for r in rows if r.values.get("key") not in existing]
    check.updated_keys = [r.values["key"] for r in rows if r.values.get("key") in existing]
    check.errors = sorted(
        (
            CellError(
                e.row,
                e.column,
                e.message,
                column_letter(header.index(e.column)) if e.column in header else "",
            )
            for e in errors
        ),
        key=lambda e: (e.row, COLUMNS.index(e.column) if e.column in COLUMNS else 99),
    )
    return check


# --- writing ---------------------------------------------------------------------------------


@transaction.atomic
def sheet_apply(*, centre: Centre, check: SheetCheck, user: Any, filename: str) -> SheetCheck:
    """Write a valid check: all rows or, on any error, none."""
    if not check.ok:
        raise ValueError("the sheet has errors")
    organisations: dict[str, Organisation] = {}
    actors: dict[str, Actor] = {}
    for row in check.rows:
        values = dict(row.values)
        competences = values.pop("competences")
        org_name = values.pop("organisation")
        organisation = None
        if org_name:
            organisation = organisations.get(org_name)
            if organisation is None:
                organisation = Organisation.objects.filter(name=org_name).order_by(
                    "pk"
                ).first() or Organisation.objects.create(
                    name=org_name, kind=Organisation.Kind.OTHER
                )
                organisations[org_name] = organisation
        key = values.pop("key")
        actor, _created = Actor.objects.update_or_create(
            centre=centre,
            key=key,
            defaults={**values, "organisation": organisation, "is_active": True},
        )
        actor.competences.set(competences)
        actors[key] = actor
    for line in Line.objects.filter(centre=centre, key__in=check.line_keys):
        placed = sorted(
            (place, row.values["key"])
            for row in check.rows
            for line_key, place in row.stops
            if line_key == line.key
        )
        Stop.objects.filter(line=line).delete()
        Stop.objects.bulk_create(
            Stop(line=line, actor=actors[key], position=index)
            for index, (_place, key) in enumerate(placed)
        )
    change_record(
        centre=centre,
        user=user,
        action=NetworkChange.Action.IMPORTED,
        object_type="sheet",
        object_key=filename,
        summary=f"import {filename}: {len(check.new_keys)} new, {len(check.updated_keys)} updated",
        changes={"new": check.new_keys, "updated": check.updated_keys, "lines": check.line_keys},
    )
    layout_refresh_on_commit(centre)
    return check


# --- exporting -------------------------------------------------------------------------------


def sheet_rows(centre: Centre) -> list[list[str]]:
    """The header and one row per actor, in the import's format (round-trips)."""
    actors = list(
        Actor.objects.filter(centre=centre)
        .select_related("organisation", "region")
        .prefetch_related("competences")
        .order_by("key")
    )
    places: dict[int, list[str]] = {}
    for actor_id, line_key, position in (
        Stop.objects.filter(line__centre=centre)
        .order_by("line__order", "line__key", "position")
        .values_list("actor_id", "line__key", "position")
    ):
        places.setdefault(actor_id, []).append(f"{line_key}:{position + 1}")
    rows = [list(COLUMNS)]
    for actor in actors:
        rows.append(
            [
                actor.key,
                actor.name,
                actor.kind,
                actor.title,
                actor.sector,
                actor.organisation.name if actor.organisation else "",
                actor.region.slug if actor.region else "",
                actor.contact_name,
                actor.contact_email,
                actor.contact_phone,
                "; ".join(sorted(c.slug for c in actor.competences.all())),
                actor.keywords,
                ", ".join(actor.languages),
                actor.availability,
                actor.unavailable_until.isoformat() if actor.unavailable_until else "",
                "yes" if actor.consent_to_publish else "no",
                "; ".join(places.get(actor.pk, [])),
            ]
        )
    return rows


def sheet_csv(centre: Centre) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in sheet_rows(centre):
        # Spreadsheet programs run cells that start with these as formulas: quote them.
        writer.writerow([f"'{c}" if c[:1] in ("=", "@") else c for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def sheet_xlsx(centre: Centre) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "network"
    for row in sheet_rows(centre):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
