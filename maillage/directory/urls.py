from django.urls import path

from maillage.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("<uuid:agency_id>/", views.agency_detail, name="agency_detail"),
    path("<uuid:agency_id>/edit/", views.agency_edit, name="agency_edit"),
]
