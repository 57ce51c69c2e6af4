from django.urls import path

from apps.network import edit_views, views

app_name = "network"

urlpatterns = [
    path("", views.network_index, name="index"),
    path("national/", views.national_view, name="national"),
    path("public/<slug:centre_slug>/", views.public_map, name="public_map"),
    path(
        "public/<slug:centre_slug>/stations/<slug:actor_key>/",
        views.public_station,
        name="public_station",
    ),
    path("embed/<slug:centre_slug>/", views.embed_map, name="embed"),
    path("<slug:centre_slug>/", views.centre_network, name="centre"),
    path("<slug:centre_slug>/map/", views.centre_map, name="map"),
    path("<slug:centre_slug>/map.<str:fmt>", views.map_export, name="map_export"),
    path("<slug:centre_slug>/directory/", views.directory, name="directory"),
    path("<slug:centre_slug>/stations/<slug:actor_key>/", views.station_detail, name="station"),
    path("<slug:centre_slug>/lines/<slug:line_key>/", views.line_detail, name="line"),
    path("<slug:centre_slug>/guidelines/<int:pk>/", views.guideline_detail, name="guideline"),
    # Editing by leadership
    path("<slug:centre_slug>/edit/", edit_views.edit_home, name="edit"),
    path("<slug:centre_slug>/edit/history/", edit_views.history, name="history"),
    path("<slug:centre_slug>/edit/publish/", edit_views.publish, name="publish"),
    path("<slug:centre_slug>/edit/competences/", edit_views.competences, name="competences"),
    path(
        "<slug:centre_slug>/edit/competences/<slug:slug>/",
        edit_views.competence_edit,
        name="competence_edit",
    ),
    path("<slug:centre_slug>/edit/lines/new/", edit_views.line_create, name="line_create"),
    path(
        "<slug:centre_slug>/edit/lines/<slug:line_key>/",
        edit_views.line_edit,
        name="line_edit",
    ),
    path(
        "<slug:centre_slug>/edit/lines/<slug:line_key>/delete/",
        edit_views.line_delete,
        name="line_delete",
    ),
    path(
        "<slug:centre_slug>/edit/lines/<slug:line_key>/stops/add/",
        edit_views.stop_add,
        name="stop_add",
    ),
    path(
        "<slug:centre_slug>/edit/lines/<slug:line_key>/stops/<slug:actor_key>/remove/",
        edit_views.stop_remove,
        name="stop_remove",
    ),
    path(
        "<slug:centre_slug>/edit/lines/<slug:line_key>/stops/<slug:actor_key>/move/",
        edit_views.stop_move,
        name="stop_move",
    ),
    path("<slug:centre_slug>/edit/actors/new/", edit_views.actor_create, name="actor_create"),
    path(
        "<slug:centre_slug>/edit/actors/<slug:actor_key>/",
        edit_views.actor_edit,
        name="actor_edit",
    ),
    path(
        "<slug:centre_slug>/edit/guidelines/new/",
        edit_views.guideline_create,
        name="guideline_create",
    ),
    path(
        "<slug:centre_slug>/edit/guidelines/<int:pk>/",
        edit_views.guideline_edit,
        name="guideline_edit",
    ),
    path("<slug:centre_slug>/edit/import/", edit_views.sheet_import, name="sheet_import"),
    path("<slug:centre_slug>/edit/export.<str:fmt>", edit_views.sheet_export, name="sheet_export"),
]
