from django.urls import path

from maillage.sharing import views

app_name = "sharing"
urlpatterns = [
    path("registers/", views.register_list, name="register_list"),
    path("protocols/", views.protocol_list, name="protocol_list"),
    path("protocols/new/", views.protocol_add, name="protocol_add"),
    path("protocols/<uuid:protocol_id>/", views.protocol_detail, name="protocol_detail"),
    path("protocols/<uuid:protocol_id>/edit/", views.protocol_edit, name="protocol_edit"),
    path("governance/", views.governance_list, name="governance_list"),
    path("cases/<uuid:case_id>/register/", views.disclosure_register, name="disclosure_register"),
    path("cases/<uuid:case_id>/consents/new/", views.consent_add, name="consent_add"),
    path("cases/<uuid:case_id>/consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("cases/<uuid:case_id>/disclosures/new/", views.disclosure_add, name="disclosure_add"),
    path(
        "cases/<uuid:case_id>/disclosures/<uuid:disclosure_id>/revoke/",
        views.disclosure_revoke,
        name="disclosure_revoke",
    ),
]
