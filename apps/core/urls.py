from django.urls import path

from apps.core import views

app_name = "core"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("centres/<slug:centre_slug>/accessibility/", views.accessibility, name="accessibility"),
    path("centres/<slug:centre_slug>/privacy/", views.privacy, name="privacy"),
]
