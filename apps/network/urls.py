from django.urls import path

from apps.network import views

app_name = "network"

urlpatterns = [
    path("", views.network_index, name="index"),
    path("<slug:centre_slug>/", views.centre_network, name="centre"),
]
