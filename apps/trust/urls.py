from django.urls import path

from apps.trust import views

app_name = "trust"

urlpatterns = [
    path("break-glass/<slug:centre_slug>/", views.break_glass, name="break_glass"),
    path("retention/", views.retention_preview, name="retention"),
    path("session/extend/", views.session_extend, name="session_extend"),
]
