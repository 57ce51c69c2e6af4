"""Browsing a centre's expert network (the list view; the metro map comes on top of it)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from apps.accounts import permissions
from apps.core.framing import allow_framing
from apps.network import exports, mapdata, selectors
from apps.network.forms import DirectoryForm, StationFilterForm
from apps.network.models import Actor, Guideline, Line
from apps.organisations.models import Centre
from apps.organisations.selectors import centre_get_default

logger = logging.getLogger(__name__)


@require_safe
def network_index(request: HttpRequest) -> HttpResponse:
    """The user's own centre's network (or the default one), or a choice when there are several."""
    centres = list(permissions.network_centres_visible_to(request.user).order_by("name_fi"))
    if not centres:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return render(request, "network/no_network.html", status=403)
    if len(centres) == 1:
        return redirect("network:centre", centre_slug=centres[0].slug)
    default = centre_get_default()
    return render(request, "network/index.html", {"centres": centres, "default": default})


@require_safe
@vary_on_headers("HX-Request")
def centre_network(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = get_object_or_404(Centre.objects.select_related("area"), slug=centre_slug)
    if not permissions.can_view_network(request.user, centre):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # Whether another centre's network exists is not a secret, but its content is.
        raise Http404
    lines = permissions.lines_visible_to(request.user, centre)
    form = StationFilterForm(request.GET or None, lines=lines)
    line = None
    query = ""
    if form.is_bound and form.is_valid():
        line = form.cleaned_data["line"]
        query = form.cleaned_data["q"]
    stations = selectors.station_search(
        actors=permissions.map_actors_visible_to(request.user, centre), line=line, query=query
    )
    ctx = {
        "centre": centre,
        "form": form,
        "stations": stations,
        "selected_line": line,
        "query": query,
        "show_contacts": permissions.can_see_contact_details(request.user, centre),
    }
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, "network/_stations.html", ctx)
    ctx["lines"] = selectors.line_list_with_stops(
        lines=lines, actors=permissions.map_actors_visible_to(request.user, centre)
    )
    ctx["can_edit"] = permissions.can_edit_network(request.user, centre)
    return render(request, "network/network.html", ctx)


# --- the metro map, stations, lines, guidelines -------------------------------------------


def _centre_or_404(centre_slug: str) -> Centre:
    return get_object_or_404(Centre.objects.select_related("area"), slug=centre_slug)


def _require_network_view(request: HttpRequest, centre: Centre) -> HttpResponse | None:
    """None when the user may view the centre's network, else the response to send."""
    if permissions.can_view_network(request.user, centre):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def _map_context(
    request: HttpRequest, centre: Centre, variant: str, *, id_prefix: str = "mm"
) -> dict[str, Any]:
    data = mapdata.map_data(centre, variant)
    title = gettext("Metro map of the expert network: %(centre)s") % {"centre": centre.name}
    stale = False
    try:
        page_map = mapdata.layout_for_page(data)
        stale = page_map.stale
        svg = mapdata.map_svg(data, page_map.layout, title=title, id_prefix=id_prefix)
    except Exception:
        # The page still serves the legend, the search data and the list view's link.
        logger.exception("the map of %s could not be drawn", centre.slug)
        svg = ""
    return {
        "map_stale": stale,
        "centre": centre,
        "map_lines": data.lines,
        "map_svg": mark_safe(svg),  # noqa: S308 -- metromap escapes every text and attribute
        "map_json": mapdata.page_data(data),
        "map_id": id_prefix,
        "data_id": f"{id_prefix}-data",
        "variant": variant,
        "sectors": Actor.Sector.choices,
    }


@require_safe
def centre_map(request: HttpRequest, centre_slug: str) -> HttpResponse:
    centre = _centre_or_404(centre_slug)
    if (denied := _require_network_view(request, centre)) is not None:
        return denied
    variant = permissions.map_variant_for(request.user, centre)
    ctx = _map_context(request, centre, variant)
    ctx["can_edit"] = permissions.can_edit_network(request.user, centre)
    ctx["station_url"] = reverse("network:station", args=[centre.slug, "__key__"])
    return render(request, "network/map.html", ctx)


def _station_context(
    request: HttpRequest, centre: Centre, actor_key: str, line_key: str = ""
) -> dict[str, Any]:
    actor = get_object_or_404(
        permissions.map_actors_visible_to(request.user, centre)
        .select_related("organisation", "region")
        .prefetch_related("competences"),
        key=actor_key,
    )
    lines = list(
        Line.objects.filter(centre=centre, stops__actor=actor).order_by("order", "key").distinct()
    )
    members = permissions.is_network_member(request.user, centre)
    guidelines = selectors.guidelines_with_current(actor=actor) if members else []
    selected = next((line for line in lines if line.key == line_key), lines[0] if lines else None)
    return {
        "centre": centre,
        "actor": actor,
        "actor_lines": lines,
        "request_line": selected,
        "guidelines": guidelines,
        "show_contacts": members and permissions.can_see_contact_details(request.user, centre),
        # The panel's "Request a consultation" button, for those who may file a request.
        "show_request": members and permissions.can_file_request(request.user, centre),
        "public": not members,
        "languages": selectors.language_names(actor.languages),
    }


@require_safe
@vary_on_headers("HX-Request")
def station_detail(request: HttpRequest, centre_slug: str, actor_key: str) -> HttpResponse:
    """A station's details: the map's side panel (htmx) or a page of its own."""
    centre = _centre_or_404(centre_slug)
    if (denied := _require_network_view(request, centre)) is not None:
        return denied
    ctx = _station_context(request, centre, actor_key, request.GET.get("line", "")[:64])
    if getattr(request, "htmx", False):
        return render(request, "network/_station_panel.html", ctx)
    return render(request, "network/station.html", ctx)


@require_safe
def line_detail(request: HttpRequest, centre_slug: str, line_key: str) -> HttpResponse:
    centre = _centre_or_404(centre_slug)
    if (denied := _require_network_view(request, centre)) is not None:
        return denied
    line = get_object_or_404(permissions.lines_visible_to(request.user, centre), key=line_key)
    actors = permissions.map_actors_visible_to(request.user, centre)
    stops = list(line.stops.filter(actor__in=actors).select_related("actor").order_by("position"))
    members = permissions.is_network_member(request.user, centre)
    ctx = {
        "centre": centre,
        "line": line,
        "stops": stops,
        "guidelines": selectors.guidelines_with_current(line=line) if members else [],
        "can_edit": permissions.can_edit_network(request.user, centre),
    }
    return render(request, "network/line.html", ctx)


@require_safe
def guideline_detail(request: HttpRequest, centre_slug: str, pk: int) -> HttpResponse:
    """A guideline with its current text and every earlier version (author and date)."""
    centre = _centre_or_404(centre_slug)
    if (denied := _require_network_view(request, centre)) is not None:
        return denied
    if not permissions.can_view_guidelines(request.user, centre):
        raise Http404
    guideline = get_object_or_404(
        Guideline.objects.select_related("line", "actor"), centre=centre, pk=pk
    )
    versions = list(guideline.versions.order_by("-number"))
    ctx = {
        "centre": centre,
        "guideline": guideline,
        "versions": versions,
        "can_edit": permissions.can_edit_network(request.user, centre),
    }
    return render(request, "network/guideline.html", ctx)


EXPORT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
}


@require_safe
def map_export(request: HttpRequest, centre_slug: str, fmt: str) -> HttpResponse:
    """The map as a file: SVG as drawn, PNG and PDF converted from it with CairoSVG."""
    centre = _centre_or_404(centre_slug)
    if (denied := _require_network_view(request, centre)) is not None:
        return denied
    if fmt not in EXPORT_TYPES:
        raise Http404
    variant = permissions.map_variant_for(request.user, centre)
    data = mapdata.map_data(centre, variant)
    title = gettext("Metro map of the expert network: %(centre)s") % {"centre": centre.name}
    try:
        layout = mapdata.layout_for_page(data).layout
        svg = mapdata.standalone_svg(data, layout, title=title)
        body = svg.encode("utf-8") if fmt == "svg" else exports.convert_svg(svg, fmt)
    except Exception:
        logger.exception("the map of %s could not be exported as %s", centre.slug, fmt)
        messages.error(request, gettext("The map could not be exported. Please try again later."))
        return redirect("network:map", centre_slug=centre.slug)
    response = HttpResponse(body, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{centre.slug}-metro-map.{fmt}"'
    return response


# --- the public map and its embeddable frame ----------------------------------------------


def _public_centre(centre_slug: str) -> Centre:
    centre = _centre_or_404(centre_slug)
    if not permissions.can_view_public_map(centre):
        raise Http404
    return centre


@require_safe
def public_map(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """The published map: no sign-in, only public actors, no contact details."""
    centre = _public_centre(centre_slug)
    ctx = _map_context(request, centre, mapdata.PUBLIC)
    ctx["public"] = True
    ctx["station_url"] = reverse("network:public_station", args=[centre.slug, "__key__"])
    return render(request, "network/map.html", ctx)


@require_safe
@vary_on_headers("HX-Request")
def public_station(request: HttpRequest, centre_slug: str, actor_key: str) -> HttpResponse:
    centre = _public_centre(centre_slug)
    actor = get_object_or_404(
        mapdata.map_actors(centre, mapdata.PUBLIC).select_related("organisation", "region"),
        key=actor_key,
    )
    lines = list(
        Line.objects.filter(centre=centre, stops__actor=actor).order_by("order", "key").distinct()
    )
    ctx = {
        "centre": centre,
        "actor": actor,
        "actor_lines": lines,
        "guidelines": [],
        "show_contacts": False,
        "show_request": False,
        "public": True,
        "languages": selectors.language_names(actor.languages),
    }
    template = (
        "network/_station_panel.html"
        if getattr(request, "htmx", False)
        else ("network/station.html")
    )
    return render(request, template, ctx)


@require_safe
@allow_framing
def embed_map(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """The public map alone, for an iframe on the centre's own website (no controls)."""
    centre = _public_centre(centre_slug)
    ctx = _map_context(request, centre, mapdata.PUBLIC)
    return render(request, "network/embed.html", ctx)


# --- national view and directory ------------------------------------------------------------


@require_safe
@permissions.require_signed_in
def national_view(request: HttpRequest) -> HttpResponse:
    """Every centre's map the user may see, side by side, with one search over all."""
    maps = []
    for centre in permissions.network_centres_visible_to(request.user).order_by("name_fi"):
        variant = permissions.map_variant_for(request.user, centre)
        ctx = _map_context(request, centre, variant, id_prefix=f"mm-{centre.slug}")
        ctx["station_url"] = reverse("network:station", args=[centre.slug, "__key__"])
        maps.append(ctx)
    return render(request, "network/national.html", {"maps": maps})


@require_safe
@vary_on_headers("HX-Request")
def directory(request: HttpRequest, centre_slug: str) -> HttpResponse:
    """Find experts by words, competence, line, language, region and availability."""
    centre = _centre_or_404(centre_slug)
    if (denied := _require_network_view(request, centre)) is not None:
        return denied
    lines = permissions.lines_visible_to(request.user, centre)
    form = DirectoryForm(request.GET or None, centre=centre, lines=lines)
    criteria = selectors.DirectoryCriteria()
    if form.is_bound and form.is_valid():
        criteria = selectors.DirectoryCriteria(**form.cleaned_data)
    results = selectors.directory_search(
        actors=permissions.map_actors_visible_to(request.user, centre), criteria=criteria
    )
    ctx = {
        "centre": centre,
        "form": form,
        "stations": results,
        "show_contacts": permissions.can_see_contact_details(request.user, centre),
    }
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, "network/_stations.html", ctx)
    return render(request, "network/directory.html", ctx)
