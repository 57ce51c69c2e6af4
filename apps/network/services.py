"""Writes to the expert network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from apps.network.mapdata import layout_refresh_on_commit
from apps.network.models import (
    Actor,
    Competence,
    Guideline,
    GuidelineVersion,
    Line,
    NetworkChange,
    Stop,
)
from apps.organisations.models import Centre, Organisation, WellbeingRegion

# Station kinds of the metromap format (and of the shared demo files) -> Actor.Kind
STATION_KINDS = {
    "expert": Actor.Kind.PERSON,
    "person": Actor.Kind.PERSON,
    "unit": Actor.Kind.UNIT,
    "organisation": Actor.Kind.ORGANISATION,
    "research": Actor.Kind.ORGANISATION,
    "researcher": Actor.Kind.RESEARCHER,
}


class NetworkImportError(ValueError):
    """The network file is inconsistent; the message names the offending id."""


@dataclass(frozen=True)
class ImportResult:
    lines: int
    actors: int
    stops: int
    competences: int


def _get(mapping: dict[str, Any], key: str, where: str) -> Any:
    if key not in mapping:
        raise NetworkImportError(f"{where}: missing '{key}'")
    return mapping[key]


@transaction.atomic
def network_import(
    *, centre: Centre, network: dict[str, Any], details: dict[str, Any]
) -> ImportResult:
    """Create or update a centre's lines, actors and stops from a metromap-format network.

    `details` adds what the layout format does not carry: line names in Swedish and English,
    descriptions, the competence vocabulary, organisations and each station's contact person.
    Idempotent: running it again leaves the same rows; the stops of the imported lines are
    replaced so that their order is exactly the file's.
    """
    competences: dict[str, Competence] = {}
    for slug, (fi, sv, en) in details.get("competences", {}).items():
        competences[slug], _ = Competence.objects.update_or_create(
            centre=centre, slug=slug, defaults={"name_fi": fi, "name_sv": sv, "name_en": en}
        )

    regions = {region.slug: region for region in WellbeingRegion.objects.filter(area=centre.area)}
    organisations: dict[str, Organisation] = {}
    for key, org in details.get("organisations", {}).items():
        organisations[key], _ = Organisation.objects.update_or_create(
            name=org["name"], region=None, defaults={"kind": org["kind"]}
        )

    station_details: dict[str, dict[str, Any]] = details.get("stations", {})
    actors: dict[str, Actor] = {}
    for raw in _get(network, "stations", "network"):
        key = _get(raw, "id", "station")
        kind = STATION_KINDS.get(raw.get("kind", "unit"))
        if kind is None:
            raise NetworkImportError(f"station {key}: unknown kind {raw.get('kind')!r}")
        extra = station_details.get(key, {})
        region_slug = extra.get("region")
        if region_slug and region_slug not in regions:
            raise NetworkImportError(
                f"station {key}: region {region_slug!r} is not in {centre.slug}"
            )
        actor, _ = Actor.objects.update_or_create(
            centre=centre,
            key=key,
            defaults={
                "kind": kind,
                "name": _get(raw, "label", f"station {key}"),
                "title": extra.get("contact_title", ""),
                "sector": extra.get("sector", ""),
                "organisation": organisations.get(extra.get("organisation", "")),
                "region": regions.get(region_slug or ""),
                "contact_name": extra.get("contact_name", ""),
                "contact_email": extra.get("contact_email", ""),
                "contact_phone": extra.get("contact_phone", ""),
                "is_active": True,
            },
        )
        unknown = [slug for slug in extra.get("competences", []) if slug not in competences]
        if unknown:
            raise NetworkImportError(f"station {key}: unknown competences {unknown}")
        actor.competences.set([competences[slug] for slug in extra.get("competences", [])])
        actors[key] = actor

    line_details: dict[str, dict[str, Any]] = details.get("lines", {})
    n_stops = 0
    for order, raw in enumerate(_get(network, "lines", "network")):
        key = _get(raw, "id", "line")
        extra = line_details.get(key, {})
        description = extra.get("description", ["", "", ""])
        line, _ = Line.objects.update_or_create(
            centre=centre,
            key=key,
            defaults={
                "name_fi": _get(raw, "name", f"line {key}"),
                "name_sv": extra.get("sv", ""),
                "name_en": extra.get("en", ""),
                "description_fi": description[0],
                "description_sv": description[1],
                "description_en": description[2],
                "colour": _get(raw, "color", f"line {key}"),
                "order": order,
            },
        )
        line.stops.all().delete()
        stops = []
        for position, station_key in enumerate(_get(raw, "stations", f"line {key}")):
            if station_key not in actors:
                raise NetworkImportError(f"line {key}: unknown station {station_key!r}")
            stops.append(Stop(line=line, actor=actors[station_key], position=position))
        Stop.objects.bulk_create(stops)
        n_stops += len(stops)

    return ImportResult(
        lines=len(network["lines"]), actors=len(actors), stops=n_stops, competences=len(competences)
    )


# --- editing by leadership, with the change history ----------------------------------------


def _user_label(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    return str(getattr(user, "email", "") or user.pk)


def change_record(
    *,
    centre: Centre,
    user: Any,
    action: str,
    object_type: str,
    object_key: str,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> NetworkChange:
    """Append one entry to the centre's network history (who, when, what)."""
    return NetworkChange.objects.create(
        centre=centre,
        user=user if getattr(user, "is_authenticated", False) else None,
        user_label=_user_label(user),
        action=action,
        object_type=object_type,
        object_key=object_key[:200],
        summary=summary[:500],
        changes=changes or {},
    )


def _display(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value
    if hasattr(value, "__iter__"):
        return sorted(str(item) for item in value)
    return str(value)


def form_changes(form: Any) -> dict[str, list[Any]]:
    """{field: [old, new]} of a bound, valid ModelForm, for the history."""
    changes: dict[str, list[Any]] = {}
    for name in form.changed_data:
        old = form.initial.get(name)
        field = form.fields[name]
        if hasattr(field, "queryset") and old is not None:
            model = field.queryset.model
            ids = old if isinstance(old, (list, tuple)) else [old]
            old = [
                str(obj) for obj in model.objects.filter(pk__in=[getattr(i, "pk", i) for i in ids])
            ]
        changes[name] = [_display(old), _display(form.cleaned_data.get(name))]
    return changes


def _saved_action(creating: bool) -> str:
    return NetworkChange.Action.CREATED if creating else NetworkChange.Action.UPDATED


def _record_form_save(
    *,
    form: Any,
    centre: Centre,
    user: Any,
    creating: bool,
    object_type: str,
    object_key: str,
    summary: str,
) -> None:
    """Add the create or update of a ModelForm's object, with its changed fields, to the history."""
    change_record(
        centre=centre,
        user=user,
        action=_saved_action(creating),
        object_type=object_type,
        object_key=object_key,
        summary=summary,
        changes=form_changes(form),
    )


@transaction.atomic
def line_save(*, form: Any, centre: Centre, user: Any) -> Line:
    """Create or update a line from a valid LineForm."""
    creating = form.instance.pk is None
    line: Line = form.save(commit=False)
    line.centre = centre
    if creating:
        last = Line.objects.filter(centre=centre).aggregate(models.Max("order"))["order__max"]
        line.order = 0 if last is None else last + 1
    line.save()
    _record_form_save(
        form=form,
        centre=centre,
        user=user,
        creating=creating,
        object_type="line",
        object_key=line.key,
        summary=f"line {line.key} {line.name_fi}",
    )
    layout_refresh_on_commit(centre)
    return line


@transaction.atomic
def actor_save(*, form: Any, centre: Centre, user: Any) -> Actor:
    """Create or update an actor from a valid ActorForm."""
    creating = form.instance.pk is None
    actor: Actor = form.save(commit=False)
    actor.centre = centre
    actor.save()
    form.save_m2m()
    _record_form_save(
        form=form,
        centre=centre,
        user=user,
        creating=creating,
        object_type="actor",
        object_key=actor.key,
        summary=f"actor {actor.key} {actor.name}",
    )
    layout_refresh_on_commit(centre)
    return actor


def _renumber(line: Line, actor_ids: list[int]) -> None:
    """Give the line's stops the positions of `actor_ids` (0, 1, ...), respecting uniqueness."""
    stops = {stop.actor_id: stop for stop in Stop.objects.filter(line=line)}
    offset = 1 + max((stop.position for stop in stops.values()), default=0) + len(stops)
    for stop in stops.values():
        stop.position += offset
    Stop.objects.bulk_update(stops.values(), ["position"])
    for position, actor_id in enumerate(actor_ids):
        stops[actor_id].position = position
    Stop.objects.bulk_update(stops.values(), ["position"])


def _stop_keys(line: Line) -> list[str]:
    return list(line.stops.order_by("position").values_list("actor__key", flat=True))


@transaction.atomic
def stop_add(*, line: Line, actor: Actor, user: Any, position: int | None = None) -> Stop:
    """Put `actor` on `line`, at the end or before the stop now at `position`."""
    before = _stop_keys(line)
    order = list(line.stops.order_by("position").values_list("actor_id", flat=True))
    if actor.pk in order:
        raise ValueError("the actor is already on the line")
    last = len(order)
    stop = Stop.objects.create(line=line, actor=actor, position=10_000 + last + 1)
    index = last if position is None else max(0, min(position, last))
    order.insert(index, actor.pk)
    _renumber(line, order)
    change_record(
        centre=line.centre,
        user=user,
        action=NetworkChange.Action.CREATED,
        object_type="stop",
        object_key=f"{line.key}/{actor.key}",
        summary=f"stop {actor.name} added to line {line.key}",
        changes={"stops": [before, _stop_keys(line)]},
    )
    layout_refresh_on_commit(line.centre)
    stop.refresh_from_db()
    return stop


@transaction.atomic
def stop_remove(*, stop: Stop, user: Any) -> None:
    line = stop.line
    before = _stop_keys(line)
    actor = stop.actor
    stop.delete()
    _renumber(line, list(line.stops.order_by("position").values_list("actor_id", flat=True)))
    change_record(
        centre=line.centre,
        user=user,
        action=NetworkChange.Action.DELETED,
        object_type="stop",
        object_key=f"{line.key}/{actor.key}",
        summary=f"stop {actor.name} removed from line {line.key}",
        changes={"stops": [before, _stop_keys(line)]},
    )
    layout_refresh_on_commit(line.centre)


@transaction.atomic
def stop_move(*, stop: Stop, user: Any, steps: int) -> None:
    """Move a stop `steps` places along its line (negative: towards the start)."""
    line = stop.line
    before = _stop_keys(line)
    order = list(line.stops.order_by("position").values_list("actor_id", flat=True))
    index = order.index(stop.actor_id)
    target = max(0, min(index + steps, len(order) - 1))
    if target == index:
        return
    order.insert(target, order.pop(index))
    _renumber(line, order)
    change_record(
        centre=line.centre,
        user=user,
        action=NetworkChange.Action.REORDERED,
        object_type="line",
        object_key=line.key,
        summary=f"line {line.key}: {stop.actor.name} moved to place {target + 1}",
        changes={"stops": [before, _stop_keys(line)]},
    )
    layout_refresh_on_commit(line.centre)


@transaction.atomic
def guideline_save(
    *,
    centre: Centre,
    user: Any,
    title: str,
    body: str,
    guideline: Guideline | None = None,
    line: Line | None = None,
    actor: Actor | None = None,
) -> GuidelineVersion:
    """Create a guideline, or add a new version of it when the text or title changed."""
    creating = guideline is None
    if guideline is None:
        guideline = Guideline.objects.create(centre=centre, line=line, actor=actor, title=title)
        changes: dict[str, Any] = {}
    else:
        changes = {"title": [guideline.title, title]} if guideline.title != title else {}
        guideline.title = title
        guideline.save(update_fields=["title"])
    latest = guideline.versions.order_by("-number").first()
    if latest is not None and latest.body == body and not changes:
        return latest
    if latest is not None and latest.body != body:
        changes["body"] = [f"v{latest.number}", f"v{latest.number + 1}"]
    version = GuidelineVersion.objects.create(
        guideline=guideline,
        number=1 if latest is None else latest.number + 1,
        body=body,
        author=user if getattr(user, "is_authenticated", False) else None,
        author_label=(getattr(user, "full_name", "") or _user_label(user)),
    )
    owner = guideline.line or guideline.actor
    change_record(
        centre=centre,
        user=user,
        action=_saved_action(creating),
        object_type="guideline",
        object_key=str(guideline.pk),
        summary=f"guideline {title} ({owner}) v{version.number}",
        changes=changes,
    )
    return version


@transaction.atomic
def centre_publish(*, centre: Centre, user: Any, public: bool) -> None:
    """Publish the centre's map without sign-in, or withdraw it."""
    if centre.network_is_public == public:
        return
    centre.network_is_public = public
    centre.save(update_fields=["network_is_public"])
    change_record(
        centre=centre,
        user=user,
        action=NetworkChange.Action.UPDATED,
        object_type="centre",
        object_key=centre.slug,
        summary=f"public map {'published' if public else 'withdrawn'}",
        changes={"network_is_public": [not public, public]},
    )


@transaction.atomic
def competence_save(*, form: Any, centre: Centre, user: Any) -> Competence:
    """Add a term to the centre's competence vocabulary, or rename one."""
    creating = form.instance.pk is None
    competence: Competence = form.save(commit=False)
    competence.centre = centre
    competence.save()
    _record_form_save(
        form=form,
        centre=centre,
        user=user,
        creating=creating,
        object_type="competence",
        object_key=competence.slug,
        summary=f"competence {competence.slug} {competence.name_fi}",
    )
    return competence


@transaction.atomic
def line_delete(*, line: Line, user: Any) -> None:
    """Delete a line with its stops and guidelines; the actors stay."""
    centre = line.centre
    stops = list(line.stops.order_by("position").values_list("actor__key", flat=True))
    change_record(
        centre=centre,
        user=user,
        action=NetworkChange.Action.DELETED,
        object_type="line",
        object_key=line.key,
        summary=f"line {line.key} {line.name_fi} deleted",
        changes={"stops": [stops, []], "name_fi": [line.name_fi, ""]},
    )
    line.delete()
    layout_refresh_on_commit(centre)
