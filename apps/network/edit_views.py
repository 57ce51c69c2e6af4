"""Editing a centre's network inside the app (leadership and administrators of the centre).

Every write goes through apps.network.services (or sheets), which records the change in the
network history and schedules the map's layout to be recomputed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts import permissions
from apps.core.framing import embed_origins_for
from apps.network import services, sheets
from apps.network.forms import (
    ActorForm,
    CompetenceForm,
    GuidelineForm,
    LineForm,
    SheetUploadForm,
    StopAddForm,
)
from apps.network.models import Actor, Competence, Guideline, Line, NetworkChange, Stop
from apps.organisations.models import Centre

SESSION_IMPORT = "network_import"


def _centre_editor(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Call `view(request, centre, ...)` with the centre named by `centre_slug` in the URL.

    404 for an unknown centre, the sign-in page for an anonymous user, 403 for a user who may
    not edit the centre's network.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, centre_slug: str, **kwargs: Any) -> HttpResponse:
        centre = get_object_or_404(Centre.objects.select_related("area"), slug=centre_slug)
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.can_edit_network(request.user, centre):
            raise PermissionDenied
        return view(request, centre, **kwargs)

    return wrapped


def _form_status(form: Any) -> int:
    """400 when the form is shown again with errors, else 200."""
    return 400 if form.errors else 200


@require_safe
@_centre_editor
def edit_home(request: HttpRequest, centre: Centre) -> HttpResponse:
    ctx = {
        "centre": centre,
        "lines": Line.objects.filter(centre=centre).order_by("order", "key"),
        "actors": Actor.objects.filter(centre=centre).order_by("name"),
        "guidelines": Guideline.objects.filter(centre=centre).select_related("line", "actor"),
        "recent": NetworkChange.objects.filter(centre=centre)[:10],
        "public_url": request.build_absolute_uri(reverse("network:public_map", args=[centre.slug])),
        "embed_url": request.build_absolute_uri(reverse("network:embed", args=[centre.slug])),
        # The sites that may show the embedded map in a frame (OT_EMBED_ORIGINS).
        "embed_origins": embed_origins_for(centre.slug),
    }
    return render(request, "network/edit/home.html", ctx)


@require_POST
@_centre_editor
def publish(request: HttpRequest, centre: Centre) -> HttpResponse:
    """Publish the map without sign-in (public=1) or withdraw it (public=0)."""
    public = request.POST.get("public") == "1"
    services.centre_publish(centre=centre, user=request.user, public=public)
    if public:
        messages.success(request, _("The map is published. Anyone can now see the public map."))
    else:
        messages.success(request, _("The public map was withdrawn."))
    return redirect("network:edit", centre_slug=centre.slug)


@require_safe
@_centre_editor
def history(request: HttpRequest, centre: Centre) -> HttpResponse:
    changes = NetworkChange.objects.filter(centre=centre)[:500]
    return render(request, "network/edit/history.html", {"centre": centre, "changes": changes})


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def line_create(request: HttpRequest, centre: Centre) -> HttpResponse:
    form = LineForm(request.POST or None, centre=centre, initial={"colour": "#00505f"})
    if request.method == "POST" and form.is_valid():
        line = services.line_save(form=form, centre=centre, user=request.user)
        messages.success(request, _("The line was created. Add its stops below."))
        return redirect("network:line_edit", centre_slug=centre.slug, line_key=line.key)
    return render(request, "network/edit/line_form.html", {"centre": centre, "form": form})


def _stop_list(line: Line) -> list[Stop]:
    return list(line.stops.select_related("actor").order_by("position"))


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def line_edit(request: HttpRequest, centre: Centre, line_key: str) -> HttpResponse:
    line = get_object_or_404(Line, centre=centre, key=line_key)
    form = LineForm(request.POST or None, instance=line, centre=centre)
    if request.method == "POST" and form.is_valid():
        line = services.line_save(form=form, centre=centre, user=request.user)
        messages.success(request, _("The line was saved."))
        return redirect("network:line_edit", centre_slug=centre.slug, line_key=line.key)
    ctx = {
        "centre": centre,
        "line": Line.objects.get(pk=line.pk),
        "form": form,
        "stops": _stop_list(line),
        "stop_form": StopAddForm(line=line),
    }
    return render(request, "network/edit/line_form.html", ctx)


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def line_delete(request: HttpRequest, centre: Centre, line_key: str) -> HttpResponse:
    """Ask, then delete a line (its stops and guidelines go with it; actors stay)."""
    line = get_object_or_404(Line, centre=centre, key=line_key)
    if request.method == "POST":
        name = line.name
        services.line_delete(line=line, user=request.user)
        messages.success(request, _("The line %(line)s was deleted.") % {"line": name})
        return redirect("network:edit", centre_slug=centre.slug)
    ctx = {
        "centre": centre,
        "line": line,
        "n_stops": line.stops.count(),
        "n_guidelines": line.guidelines.count(),
    }
    return render(request, "network/edit/line_delete.html", ctx)


@require_POST
@_centre_editor
def stop_add(request: HttpRequest, centre: Centre, line_key: str) -> HttpResponse:
    line = get_object_or_404(Line, centre=centre, key=line_key)
    stop_form = StopAddForm(request.POST, line=line)
    if stop_form.is_valid():
        position = stop_form.cleaned_data["position"]
        actor = stop_form.cleaned_data["actor"]
        services.stop_add(
            line=line,
            actor=actor,
            user=request.user,
            position=None if position is None else position - 1,
        )
        messages.success(request, _("%(actor)s was added to the line.") % {"actor": actor.name})
        return redirect("network:line_edit", centre_slug=centre.slug, line_key=line.key)
    ctx = {
        "centre": centre,
        "line": line,
        "form": LineForm(instance=line, centre=centre),
        "stops": _stop_list(line),
        "stop_form": stop_form,
    }
    return render(request, "network/edit/line_form.html", ctx, status=400)


def _stop(centre: Centre, line_key: str, actor_key: str) -> Stop:
    return get_object_or_404(
        Stop.objects.select_related("line__centre", "actor"),
        line__centre=centre,
        line__key=line_key,
        actor__key=actor_key,
    )


@require_POST
@_centre_editor
def stop_remove(
    request: HttpRequest, centre: Centre, line_key: str, actor_key: str
) -> HttpResponse:
    stop = _stop(centre, line_key, actor_key)
    name = stop.actor.name
    services.stop_remove(stop=stop, user=request.user)
    messages.success(request, _("%(actor)s was removed from the line.") % {"actor": name})
    return redirect("network:line_edit", centre_slug=centre.slug, line_key=line_key)


@require_POST
@_centre_editor
def stop_move(request: HttpRequest, centre: Centre, line_key: str, actor_key: str) -> HttpResponse:
    stop = _stop(centre, line_key, actor_key)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose whether to move the stop up or down."))
    else:
        services.stop_move(stop=stop, user=request.user, steps=-1 if direction == "up" else 1)
        messages.success(request, _("%(actor)s was moved.") % {"actor": stop.actor.name})
    response = redirect("network:line_edit", centre_slug=centre.slug, line_key=line_key)
    response["Location"] += f"#stop-{actor_key}"
    return response


def _actor_form_view(request: HttpRequest, centre: Centre, actor: Actor | None) -> HttpResponse:
    form = ActorForm(request.POST or None, instance=actor, centre=centre)
    if request.method == "POST" and form.is_valid():
        saved = services.actor_save(form=form, centre=centre, user=request.user)
        messages.success(request, _("%(actor)s was saved.") % {"actor": saved.name})
        return redirect("network:edit", centre_slug=centre.slug)
    status = 400 if form.is_bound else 200
    ctx: dict[str, Any] = {"centre": centre, "form": form, "actor": actor}
    if actor is not None:
        ctx["guidelines"] = Guideline.objects.filter(actor=actor)
    return render(request, "network/edit/actor_form.html", ctx, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def actor_create(request: HttpRequest, centre: Centre) -> HttpResponse:
    return _actor_form_view(request, centre, None)


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def actor_edit(request: HttpRequest, centre: Centre, actor_key: str) -> HttpResponse:
    actor = get_object_or_404(Actor, centre=centre, key=actor_key)
    return _actor_form_view(request, centre, actor)


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def guideline_create(request: HttpRequest, centre: Centre) -> HttpResponse:
    """A new guideline for the line `?line=KEY` or the actor `?actor=KEY`."""
    line_key = request.GET.get("line", "")
    actor_key = request.GET.get("actor", "")
    line = get_object_or_404(Line, centre=centre, key=line_key) if line_key else None
    actor = (
        get_object_or_404(Actor, centre=centre, key=actor_key)
        if actor_key and line is None
        else None
    )
    if line is None and actor is None:
        raise Http404
    form = GuidelineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.guideline_save(
            centre=centre,
            user=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            line=line,
            actor=actor,
        )
        messages.success(request, _("The guideline was saved."))
        return redirect("network:guideline", centre_slug=centre.slug, pk=version.guideline_id)
    ctx = {"centre": centre, "form": form, "owner": line or actor}
    return render(request, "network/edit/guideline_form.html", ctx, status=_form_status(form))


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def guideline_edit(request: HttpRequest, centre: Centre, pk: int) -> HttpResponse:
    guideline = get_object_or_404(
        Guideline.objects.select_related("line", "actor"), centre=centre, pk=pk
    )
    current = guideline.versions.order_by("-number").first()
    form = GuidelineForm(
        request.POST or None,
        initial={"title": guideline.title, "body": current.body if current else ""},
    )
    if request.method == "POST" and form.is_valid():
        services.guideline_save(
            centre=centre,
            user=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            guideline=guideline,
        )
        messages.success(request, _("The guideline was saved as a new version."))
        return redirect("network:guideline", centre_slug=centre.slug, pk=guideline.pk)
    ctx = {
        "centre": centre,
        "form": form,
        "guideline": guideline,
        "owner": guideline.line or guideline.actor,
    }
    return render(request, "network/edit/guideline_form.html", ctx, status=_form_status(form))


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def competences(request: HttpRequest, centre: Centre) -> HttpResponse:
    """The centre's competence vocabulary, and a form to add a term."""
    form = CompetenceForm(request.POST or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        competence = services.competence_save(form=form, centre=centre, user=request.user)
        messages.success(request, _("%(name)s was added.") % {"name": competence.name_fi})
        return redirect("network:competences", centre_slug=centre.slug)
    ctx = {
        "centre": centre,
        "form": form,
        "competences": Competence.objects.filter(centre=centre).annotate(n=Count("actors")),
    }
    return render(request, "network/edit/competences.html", ctx, status=_form_status(form))


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def competence_edit(request: HttpRequest, centre: Centre, slug: str) -> HttpResponse:
    competence = get_object_or_404(Competence, centre=centre, slug=slug)
    form = CompetenceForm(request.POST or None, instance=competence, centre=centre)
    if request.method == "POST" and form.is_valid():
        services.competence_save(form=form, centre=centre, user=request.user)
        messages.success(request, _("%(name)s was saved.") % {"name": competence.name_fi})
        return redirect("network:competences", centre_slug=centre.slug)
    ctx = {"centre": centre, "form": form, "competence": competence}
    return render(request, "network/edit/competence_form.html", ctx, status=_form_status(form))


# --- spreadsheets ----------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@_centre_editor
def sheet_import(request: HttpRequest, centre: Centre) -> HttpResponse:
    """Upload → preview (every row validated; a dry run) → import all rows or none.

    The uploaded rows wait in the session between the preview and the confirmation, so the
    user does not upload twice; they are re-validated before anything is written.
    """
    ctx: dict[str, Any] = {"centre": centre, "columns": sheets.COLUMNS}
    pending = request.session.get(SESSION_IMPORT, {}).get(centre.slug)

    if request.method == "POST" and request.POST.get("action") == "import":
        if not pending:
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect("network:sheet_import", centre_slug=centre.slug)
        check = sheets.sheet_validate(centre=centre, table=pending["table"])
        if not check.ok:
            ctx.update({"form": SheetUploadForm(), "check": check, "filename": pending["name"]})
            return render(request, "network/edit/import.html", ctx, status=400)
        sheets.sheet_apply(centre=centre, check=check, user=request.user, filename=pending["name"])
        _forget_pending(request, centre)
        messages.success(
            request,
            _("Imported %(n)d rows: %(new)d new actors, %(updated)d updated.")
            % {
                "n": len(check.rows),
                "new": len(check.new_keys),
                "updated": len(check.updated_keys),
            },
        )
        return redirect("network:edit", centre_slug=centre.slug)

    if request.method == "POST":
        form = SheetUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                table = sheets.sheet_read(upload.read(sheets.MAX_BYTES + 1), upload.name)
            except sheets.SheetReadError as error:
                form.add_error("file", str(error))
            else:
                check = sheets.sheet_validate(centre=centre, table=table)
                store = request.session.get(SESSION_IMPORT, {})
                store[centre.slug] = {"name": upload.name[:200], "table": table}
                request.session[SESSION_IMPORT] = store
                ctx.update({"form": SheetUploadForm(), "check": check, "filename": upload.name})
                return render(
                    request, "network/edit/import.html", ctx, status=200 if check.ok else 400
                )
        ctx["form"] = form
        return render(request, "network/edit/import.html", ctx, status=400)

    ctx["form"] = SheetUploadForm()
    return render(request, "network/edit/import.html", ctx)


def _forget_pending(request: HttpRequest, centre: Centre) -> None:
    store = request.session.get(SESSION_IMPORT, {})
    store.pop(centre.slug, None)
    request.session[SESSION_IMPORT] = store


@require_safe
@_centre_editor
def sheet_export(request: HttpRequest, centre: Centre, fmt: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(sheets.sheet_csv(centre), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            sheets.sheet_xlsx(centre),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{centre.slug}-network.{fmt}"'
    return response
