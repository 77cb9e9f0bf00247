from django.urls import path

from maillage.accounts import views

app_name = "accounts"
urlpatterns = [
    path("agency/", views.choose_agency, name="choose_agency"),
    path("me/", views.profile, name="profile"),
    path("me/tokens/", views.api_token_create, name="api_token_create"),
    path("me/tokens/<uuid:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("team/", views.member_list, name="member_list"),
    path("team/<uuid:membership_id>/", views.member_edit, name="member_edit"),
]
