from django.urls import path

from maillage.interpreters import views

app_name = "interpreters"
urlpatterns = [
    path("", views.interpreter_list, name="interpreter_list"),
    path("new/", views.interpreter_create, name="interpreter_create"),
    path("<uuid:interpreter_id>/", views.interpreter_detail, name="interpreter_detail"),
    path("<uuid:interpreter_id>/edit/", views.interpreter_edit, name="interpreter_edit"),
    path("cases/<uuid:case_id>/book/", views.booking_add, name="booking_add"),
    path("cases/<uuid:case_id>/bookings/<uuid:booking_id>/cancel/", views.booking_cancel, name="booking_cancel"),
    path("cases/<uuid:case_id>/objection/", views.objection_edit, name="objection_edit"),
]
