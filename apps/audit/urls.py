from django.urls import path

from apps.audit import views

app_name = "audit"

urlpatterns = [
    path("log/", views.audit_log, name="log"),
    path("log/export.csv", views.audit_export, name="export"),
    path("my-access/", views.my_access, name="my_access"),
]
