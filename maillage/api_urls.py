from django.urls import path

from maillage.accounts.api import MeView
from maillage.directory.api import AgencyDetailView, AgencyListView

app_name = "api"
urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("agencies/", AgencyListView.as_view(), name="agency_list"),
    path("agencies/<uuid:agency_id>/", AgencyDetailView.as_view(), name="agency_detail"),
]
