from django.urls import path, re_path

from maillage.accounts.api import MeView
from maillage.directory.api import AgencyDetailView, AgencyListView
from maillage.web.api_errors import NotFoundView

app_name = "api"
urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("agencies/", AgencyListView.as_view(), name="agency_list"),
    path("agencies/<uuid:agency_id>/", AgencyDetailView.as_view(), name="agency_detail"),
    # Last: every other path ending in a slash answers a JSON 404 (those without one are first
    # redirected to it by APPEND_SLASH).
    re_path(r"^[\s\S]*/$", NotFoundView.as_view(), name="not_found"),
]
