"""The project's URLs plus a stand-in `consultations:request_new`, for testing the panel's
request button before the consultations app exists on this branch."""

from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import URLResolver, include, path

from otverkosto.urls import handler500
from otverkosto.urls import urlpatterns as project_urlpatterns

__all__ = ["handler500", "urlpatterns"]


def _namespaces(patterns: list) -> set[str]:  # type: ignore[type-arg]
    found: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace:
                found.add(pattern.namespace)
            found |= _namespaces(pattern.url_patterns)
    return found


urlpatterns = list(project_urlpatterns)
if "consultations" not in _namespaces(urlpatterns):
    stand_in = (
        [path("new/", lambda request: HttpResponse("stand-in"), name="request_new")],
        "consultations",
    )
    urlpatterns += i18n_patterns(
        path("consultations/", include(stand_in)), prefix_default_language=True
    )
