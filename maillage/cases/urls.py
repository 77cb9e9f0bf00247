from django.urls import path

from maillage.cases import document_views, match_views, need_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_open, name="case_open"),
    path("<uuid:case_id>/", views.case_detail, name="case_detail"),
    path("<uuid:case_id>/contact/", views.contact_edit, name="contact_edit"),
    path("<uuid:case_id>/notes/", views.note_add, name="note_add"),
    path("<uuid:case_id>/notes/<uuid:note_id>/edit/", views.note_edit, name="note_edit"),
    path("<uuid:case_id>/notes/<uuid:note_id>/retract/", views.note_retract, name="note_retract"),
    path("<uuid:case_id>/incidents/", views.incident_add, name="incident_add"),
    path("<uuid:case_id>/tasks/", views.task_add, name="task_add"),
    path("<uuid:case_id>/tasks/<uuid:task_id>/done/", views.task_done, name="task_done"),
    path("<uuid:case_id>/people/", views.person_add, name="person_add"),
    path("<uuid:case_id>/signals/", views.signal_add, name="signal_add"),
    path("<uuid:case_id>/status/", views.status_change, name="status_change"),
    path("<uuid:case_id>/closing/", views.closure_decide, name="closure_decide"),
    path("<uuid:case_id>/transfer/", views.transfer_propose, name="transfer_propose"),
    path("<uuid:case_id>/transfer/decide/", views.transfer_decide, name="transfer_decide"),
    path("<uuid:case_id>/transfer/withdraw/", views.transfer_withdraw, name="transfer_withdraw"),
    path("<uuid:case_id>/participants/", views.participation_invite, name="participation_invite"),
    path(
        "<uuid:case_id>/participants/<uuid:participation_id>/end/",
        views.participation_end,
        name="participation_end",
    ),
    path("<uuid:case_id>/coordinator/", views.coordinator_name, name="coordinator_name"),
    path("<uuid:case_id>/needs/", need_views.need_add, name="need_add"),
    path("<uuid:case_id>/needs/<uuid:need_id>/edit/", need_views.need_edit, name="need_edit"),
    path("<uuid:case_id>/documents/", document_views.document_upload, name="document_upload"),
    path("documents/<uuid:document_id>/", document_views.document_download, name="document_download"),
    path("<uuid:case_id>/matches/<uuid:alert_id>/", match_views.match_resolve, name="match_resolve"),
]
