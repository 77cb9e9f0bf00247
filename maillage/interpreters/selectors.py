"""Reads of the interpreters app; every read of personal data is audited."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.cases.models import Case, CasePerson, PersonRole
from maillage.directory.models import list_contains
from maillage.interpreters.models import BookingStatus, Interpreter, InterpreterBooking, InterpreterObjection
from maillage.policy.compartments import Compartment
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer


def interpreter_list(
    *, viewer: Viewer, language: str = "", search: str = "", active_only: bool = True
) -> QuerySet[Interpreter]:
    authorize(viewer, Action.VIEW_INTERPRETERS)
    interpreters = Interpreter.objects.select_related("agency")
    if active_only:
        interpreters = interpreters.filter(is_active=True)
    if language:
        interpreters = interpreters.filter(list_contains("languages", language))
    if search:
        interpreters = interpreters.filter(Q(full_name__icontains=search) | Q(agency__name__icontains=search))
    record_event(AuditAction.VIEW, object_type="interpreters.interpreter", fields=["register"])
    return interpreters.order_by("full_name")


def interpreter_get(*, viewer: Viewer, interpreter_id: uuid.UUID) -> Interpreter:
    authorize(viewer, Action.VIEW_INTERPRETERS)
    interpreter = Interpreter.objects.select_related("agency").filter(pk=interpreter_id).first()
    if interpreter is None:
        raise Http404()
    record_event(AuditAction.VIEW, obj=interpreter, fields=["full_name", "contact", "communities"])
    return interpreter


def case_bookings(*, viewer: Viewer, case: Case) -> list[InterpreterBooking]:
    """The situation's bookings in the compartments open to the viewer (404 to an outsider)."""
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    opened = sorted(viewer.open_compartments(case))
    bookings = list(
        InterpreterBooking.objects.filter(case=case, compartment__in=opened)
        .select_related("interpreter", "case_person__person", "booked_by_agency")
        .order_by("-starts_at")
    )
    for booking in bookings:
        record_event(AuditAction.VIEW, obj=booking, fields=["case_person", "interpreter", "starts_at", "purpose"])
    return bookings


def booking_get(*, viewer: Viewer, case: Case, booking_id: uuid.UUID) -> InterpreterBooking:
    booking = (
        InterpreterBooking.objects.select_related("interpreter", "case_person__person")
        .filter(case=case, pk=booking_id, status=BookingStatus.BOOKED)
        .first()
    )
    if booking is None:
        raise Http404()
    authorize(viewer, Action.VIEW_CASE, booking, hide_existence=True)
    record_event(AuditAction.VIEW, obj=booking, fields=["case_person", "interpreter", "starts_at", "purpose"])
    return booking


def victim_links(*, viewer: Viewer, case: Case) -> list[CasePerson]:
    """The victim's links, when the viewer sees the victim-only compartment (where her objection is)."""
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    if Compartment.VICTIM_ONLY not in viewer.open_compartments(case):
        return []
    return list(case.people.filter(role=PersonRole.VICTIM).select_related("person").order_by("added_at"))


def objections(*, viewer: Viewer, case: Case) -> list[InterpreterObjection]:
    """The victim's objections, victim-only."""
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    if Compartment.VICTIM_ONLY not in viewer.open_compartments(case):
        return []
    found = list(
        InterpreterObjection.objects.filter(case_person__case=case, objects_to_own_community=True).select_related(
            "case_person__person"
        )
    )
    for objection in found:
        record_event(AuditAction.VIEW, obj=objection, fields=["objects_to_own_community", "community"])
    return found
