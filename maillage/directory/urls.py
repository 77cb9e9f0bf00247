from django.urls import path

from maillage.directory import spreadsheet_views, views

app_name = "directory"
urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("hotlines/", views.hotline_list, name="hotline_list"),
    path("map/", views.partner_map, name="partner_map"),
    path("map/pdf/", views.partner_map_pdf, name="partner_map_pdf"),
    path("export/<slug:file_format>/", spreadsheet_views.directory_export, name="export"),
    path("import/", spreadsheet_views.directory_import, name="import"),
    path("<uuid:agency_id>/", views.agency_detail, name="agency_detail"),
    path("<uuid:agency_id>/edit/", views.agency_edit, name="agency_edit"),
    path("services/<uuid:service_id>/capacity/", views.capacity_edit, name="capacity_edit"),
]
