"""The "Interpreters" section of the situation page, and the forms it offers.

`decide` only chooses which forms to show; the services check again when they are used.
"""

from __future__ import annotations

from typing import Any

from django.http import QueryDict

from maillage.cases import selectors as case_selectors
from maillage.cases.models import Case
from maillage.interpreters import selectors
from maillage.interpreters.forms import BookingForm, ObjectionForm
from maillage.interpreters.models import BookingStatus
from maillage.interpreters.services import booking_compartment
from maillage.policy.compartments import Compartment
from maillage.policy.decisions import Action, CaseContent, decide
from maillage.policy.viewer import Viewer


def booking_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> BookingForm | None:
    """The booking form, offering the people the viewer may book for; None if nobody."""
    people = [
        link
        for link in case_selectors.case_people(viewer=viewer, case=case)
        if decide(viewer, Action.BOOK_INTERPRETER, CaseContent(case, booking_compartment(link))).allowed
    ]
    if not people or not decide(viewer, Action.VIEW_INTERPRETERS).allowed:
        return None
    return BookingForm(data, prefix="booking", people=people, interpreters=selectors.interpreter_list(viewer=viewer))


def objection_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> ObjectionForm | None:
    if not decide(viewer, Action.BOOK_INTERPRETER, CaseContent(case, Compartment.VICTIM_ONLY)).allowed:
        return None
    victims = selectors.victim_links(viewer=viewer, case=case)
    if not victims:
        return None
    initial: dict[str, object] = {}
    for objection in selectors.objections(viewer=viewer, case=case):
        initial = {
            "case_person": str(objection.case_person_id),
            "objects": True,
            "community": objection.community,
        }
    return ObjectionForm(data, prefix="objection", victims=victims, initial=initial)


def interpreters_section(viewer: Viewer, case: Case) -> dict[str, Any]:
    bookings = selectors.case_bookings(viewer=viewer, case=case)
    return {
        "bookings": [
            (
                booking,
                booking.status == BookingStatus.BOOKED and decide(viewer, Action.BOOK_INTERPRETER, booking).allowed,
            )
            for booking in bookings
        ],
        "objections": selectors.objections(viewer=viewer, case=case),
        "booking_form": booking_form(viewer, case),
        "objection_form": objection_form(viewer, case),
        "sees_register": decide(viewer, Action.VIEW_INTERPRETERS).allowed,
    }
