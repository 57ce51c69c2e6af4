from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from apps.core import views as core_views
from apps.trust import views as trust_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(".well-known/security.txt", trust_views.security_txt, name="security_txt"),
]

urlpatterns += i18n_patterns(
    path("", include("apps.core.urls")),
    path("network/", include("apps.network.urls")),
    path("consultations/", include("apps.consultations.urls")),
    path("audit/", include("apps.audit.urls")),
    path("trust/", include("apps.trust.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler500 = "apps.core.views.server_error"
