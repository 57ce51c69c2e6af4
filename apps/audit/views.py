"""The audit log for administrators and the data protection officer, and every person's own
"who has viewed my requests" list. Reading and exporting the log is itself logged."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from apps.accounts import permissions
from apps.audit.forms import AuditSearchForm
from apps.audit.log import record
from apps.audit.models import Action, AuditEntry
from apps.audit.ownership import access_to_objects_of
from apps.core.ratelimits import rate_limited

PAGE_SIZE = 50
CSV_COLUMNS = (
    "id",
    "at",
    "user_id",
    "user_label",
    "action",
    "object_type",
    "object_id",
    "centre_id",
    "ip_address",
    "path",
    "detail",
    "previous_hash",
    "entry_hash",
)
# A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _readable_entries(request: HttpRequest) -> tuple[AuditSearchForm, QuerySet[AuditEntry]]:
    if not permissions.can_view_audit_log(request.user):
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    entries = form.filter(permissions.audit_entries_visible_to(request.user))
    return form, entries.order_by("-id")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@require_safe
@permissions.require_signed_in
def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries = _readable_entries(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    # read the page before recording this view: the new entry must not push one off the page
    page.object_list = list(page.object_list)
    record(
        Action.VIEW,
        request=request,
        object_type="audit.log",
        detail={"filters": form.used_filters(), "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/log.html", ctx)


@require_safe
@permissions.require_signed_in
@rate_limited("audit_export", methods=("GET", "HEAD"))
def audit_export(request: HttpRequest) -> HttpResponseBase:
    form, entries = _readable_entries(request)
    if form.is_bound and not form.is_valid():
        # Bad filters: show the form with its messages instead of a surprising file.
        return render(request, "audit/log.html", {"form": form, "page": None}, status=400)
    count = entries.count()
    record(
        Action.EXPORT,
        request=request,
        object_type="audit.log",
        detail={"filters": form.used_filters(), "rows": count},
    )

    def rows() -> Iterator[list[str]]:
        yield list(CSV_COLUMNS)
        for entry in entries.iterator(chunk_size=2000):
            yield [_cell(getattr(entry, column)) for column in CSV_COLUMNS]

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


@require_safe
@permissions.require_signed_in
def my_access(request: HttpRequest) -> HttpResponse:
    """Who has viewed or handled the signed-in person's own objects (e.g. their requests)."""
    entries = access_to_objects_of(request.user)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/my_access.html", {"page": page})
