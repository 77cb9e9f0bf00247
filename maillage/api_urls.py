from django.urls import path, re_path

from maillage.accounts.api import MeView
from maillage.cases import api as cases
from maillage.directory.api import AgencyDetailView, AgencyListView, HotlineListView
from maillage.web.api_errors import NotFoundView

app_name = "api"
urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("agencies/", AgencyListView.as_view(), name="agency_list"),
    path("agencies/<uuid:agency_id>/", AgencyDetailView.as_view(), name="agency_detail"),
    path("hotlines/", HotlineListView.as_view(), name="hotline_list"),
    # Situations
    path("cases/", cases.CaseListView.as_view(), name="case_list"),
    path("cases/<uuid:case_id>/", cases.CaseDetailView.as_view(), name="case_detail"),
    path("cases/<uuid:case_id>/people/", cases.CasePeopleView.as_view(), name="case_people"),
    path("cases/<uuid:case_id>/contact/", cases.VictimContactView.as_view(), name="case_contact"),
    path("cases/<uuid:case_id>/timeline/", cases.TimelineView.as_view(), name="case_timeline"),
    path("cases/<uuid:case_id>/signals/", cases.SignalsView.as_view(), name="case_signals"),
    path("cases/<uuid:case_id>/incidents/", cases.IncidentsView.as_view(), name="case_incidents"),
    path("cases/<uuid:case_id>/notes/", cases.NotesView.as_view(), name="case_notes"),
    path("cases/<uuid:case_id>/tasks/", cases.TasksView.as_view(), name="case_tasks"),
    path("cases/<uuid:case_id>/participants/", cases.ParticipantsView.as_view(), name="case_participants"),
    path("cases/<uuid:case_id>/status/", cases.StatusView.as_view(), name="case_status"),
    path("cases/<uuid:case_id>/coordinator/", cases.CoordinatorView.as_view(), name="case_coordinator"),
    path("cases/<uuid:case_id>/needs/", cases.NeedsView.as_view(), name="case_needs"),
    path("cases/<uuid:case_id>/matches/", cases.MatchesView.as_view(), name="case_matches"),
    path("cases/<uuid:case_id>/transfers/", cases.TransfersView.as_view(), name="case_transfers"),
    path("needs/<uuid:need_id>/", cases.NeedDetailView.as_view(), name="need_detail"),
    path("matches/<uuid:alert_id>/", cases.MatchResolveView.as_view(), name="match_resolve"),
    path("transfers/<uuid:transfer_id>/accept/", cases.TransferAcceptView.as_view(), name="transfer_accept"),
    path("transfers/<uuid:transfer_id>/refuse/", cases.TransferRefuseView.as_view(), name="transfer_refuse"),
    path("transfers/<uuid:transfer_id>/withdraw/", cases.TransferWithdrawView.as_view(), name="transfer_withdraw"),
    path("closing-requests/<uuid:closure_id>/approve/", cases.ClosureApproveView.as_view(), name="closure_approve"),
    path("closing-requests/<uuid:closure_id>/refuse/", cases.ClosureRefuseView.as_view(), name="closure_refuse"),
    path("notes/<uuid:note_id>/", cases.NoteDetailView.as_view(), name="note_detail"),
    path("notes/<uuid:note_id>/retract/", cases.NoteRetractView.as_view(), name="note_retract"),
    path("tasks/<uuid:task_id>/", cases.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<uuid:task_id>/complete/", cases.TaskCompleteView.as_view(), name="task_complete"),
    path("participants/<uuid:participation_id>/", cases.ParticipantDetailView.as_view(), name="participant_detail"),
    # Last: every other path ending in a slash answers a JSON 404 (those without one are first
    # redirected to it by APPEND_SLASH).
    re_path(r"^[\s\S]*/$", NotFoundView.as_view(), name="not_found"),
]
