"""Browsing a centre's expert network (the list view; the metro map comes on top of it)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from apps.accounts import permissions
from apps.network import selectors
from apps.network.forms import StationFilterForm
from apps.organisations.models import Centre
from apps.organisations.selectors import centre_get_default


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
        actors=permissions.actors_visible_to(request.user, centre), line=line, query=query
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
    ctx["lines"] = selectors.line_list_with_stops(lines=lines)
    return render(request, "network/network.html", ctx)
