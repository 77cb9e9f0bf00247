"""Interpreters through the pages: the register (by language; who may add and edit), booking from
the situation page with refusals and warnings in French, the victim's objection, and 404 to
agencies that do not take part or do not see the booking's compartment."""

import pytest

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.cases import services as case_services
from maillage.cases.models import PersonRole
from maillage.directory.models import AgencyKind
from maillage.interpreters.models import Interpreter, InterpreterBooking, InterpreterObjection
from maillage.interpreters.tests.helpers import interpreter, situation
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db

APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"


def member_viewer(make_member, kind, role=Role.PRACTITIONER):
    user = make_member(role, kind=kind)
    return Viewer(user=user, agency=user.memberships.get().agency)


@pytest.fixture
def police(make_member):
    return member_viewer(make_member, AgencyKind.POLICE, Role.COORDINATOR)


@pytest.fixture
def case(police):
    return situation(police)


def booking_form(case, who, role=PersonRole.VICTIM, **changes):
    form = {
        "booking-case_person": str(case.people.get(role=role).pk),
        "booking-interpreter": str(who.pk),
        "booking-starts_at": "2026-12-03T10:00",
        "booking-purpose": "Audition au commissariat",
    }
    form.update(changes)
    return form


# --- Booking from the situation page -------------------------------------------------------------------


def test_police_books_an_interpreter_from_the_situation_page(client_for, police, case):
    aylin = interpreter()
    page = client_for(police).get(f"/cases/{case.pk}/").content.decode()
    assert 'id="interpreters"' in page and "Réserver un interprète" in page

    response = client_for(police).post(f"/interpreters/cases/{case.pk}/book/", booking_form(case, aylin))

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#interpreters"
    booking = InterpreterBooking.objects.get()
    assert booking.interpreter == aylin and booking.booked_by_agency == police.agency
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(booking.pk)).exists()
    page = client_for(police).get(response["Location"]).content.decode()
    assert "Aylin Demir est réservé." in page
    assert "Audition au commissariat" in page


def test_a_child_of_the_family_is_refused_on_the_page_in_french(client_for, police, case):
    response = client_for(police).post(
        f"/interpreters/cases/{case.pk}/book/", booking_form(case, interpreter(full_name="Lina Benali"))
    )

    assert response.status_code == 400
    assert "Un enfant n" + APOSTROPHE + "est jamais sollicité pour interpréter" in response.content.decode()
    assert not InterpreterBooking.objects.exists()


def test_a_declared_relative_is_refused(client_for, police, case):
    form = booking_form(case, interpreter(), **{"booking-declared_relative": "on"})

    response = client_for(police).post(f"/interpreters/cases/{case.pk}/book/", form)

    assert response.status_code == 400
    assert "ne peut pas interpréter" in response.content.decode()
    assert not InterpreterBooking.objects.exists()


def test_her_objection_then_a_warning_to_confirm(client_for, police, case):
    victim = case.people.get(role=PersonRole.VICTIM)
    response = client_for(police).post(
        f"/interpreters/cases/{case.pk}/objection/",
        {"objection-case_person": str(victim.pk), "objection-objects": "on", "objection-community": ""},
    )
    assert response.status_code == 302
    assert InterpreterObjection.objects.get(case_person=victim).objects_to_own_community
    aylin = interpreter(communities="Communauté turque de Montreval")

    response = client_for(police).post(f"/interpreters/cases/{case.pk}/book/", booking_form(case, aylin))

    assert response.status_code == 400
    assert "sans préciser laquelle" in response.content.decode()
    assert not InterpreterBooking.objects.exists()
    confirmed = booking_form(case, aylin, **{"booking-confirmed_warnings": "on"})
    assert client_for(police).post(f"/interpreters/cases/{case.pk}/book/", confirmed).status_code == 302
    assert InterpreterBooking.objects.count() == 1


def test_an_agency_outside_the_situation_gets_404(client_for, make_member, police, case):
    booking = case.interpreter_bookings.create(
        case_person=case.people.get(role=PersonRole.VICTIM),
        interpreter=interpreter(),
        starts_at="2026-12-03T10:00+01:00",
        purpose="Audition",
        booked_by=police.user,
        booked_by_agency=police.agency,
        compartment="victim_only",
    )
    outsider = member_viewer(make_member, AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    client = client_for(outsider)

    assert client.get(f"/interpreters/cases/{case.pk}/book/").status_code == 404
    assert client.get(f"/interpreters/cases/{case.pk}/objection/").status_code == 404
    assert (
        client.post(f"/interpreters/cases/{case.pk}/bookings/{booking.pk}/cancel/", {"version": 1}).status_code == 404
    )
    assert (
        client.post(f"/interpreters/cases/{case.pk}/book/", booking_form(case, booking.interpreter)).status_code == 404
    )
    assert InterpreterBooking.objects.get().status == "booked"


def test_a_perpetrator_programme_sees_no_booking_for_the_victim(client_for, make_member, police, case):
    programme = member_viewer(make_member, AgencyKind.PERPETRATOR_PROGRAMME, Role.COORDINATOR)
    case_services.invite_agency(viewer=police, case=case, agency=programme.agency)
    client_for(police).post(f"/interpreters/cases/{case.pk}/book/", booking_form(case, interpreter()))
    booking = InterpreterBooking.objects.get()

    page = client_for(programme).get(f"/cases/{case.pk}/").content.decode()

    assert "Audition au commissariat" not in page
    assert 'id="objection-form"' not in page
    response = client_for(programme).post(
        f"/interpreters/cases/{case.pk}/bookings/{booking.pk}/cancel/", {"version": booking.version}
    )
    assert response.status_code == 404
    # It may still book for the perpetrator it works with.
    karim = interpreter(full_name="Mehmet Yilmaz", languages="tr,fr")
    perpetrator = case.people.get(role=PersonRole.PERPETRATOR).person
    perpetrator.languages = "tr"
    perpetrator.save()
    response = client_for(programme).post(
        f"/interpreters/cases/{case.pk}/book/", booking_form(case, karim, role=PersonRole.PERPETRATOR)
    )
    assert response.status_code == 302


def test_cancelling_a_booking(client_for, police, case):
    client_for(police).post(f"/interpreters/cases/{case.pk}/book/", booking_form(case, interpreter()))
    booking = InterpreterBooking.objects.get()

    response = client_for(police).post(
        f"/interpreters/cases/{case.pk}/bookings/{booking.pk}/cancel/", {"version": booking.version}
    )

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled"


# --- Register --------------------------------------------------------------------------------------------


def test_the_register_filters_by_language(client_for, police):
    interpreter(full_name="Aylin Demir", languages="tr,fr")
    interpreter(full_name="Nadia Haddad", languages="ar,ber,fr")

    page = client_for(police).get("/interpreters/?language=ar").content.decode()

    assert "Nadia Haddad" in page and "Aylin Demir" not in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="interpreters.interpreter").exists()


def test_the_statistician_does_not_read_the_register(client_for, make_member):
    user = make_member(Role.STATISTICIAN)
    statistician = Viewer(user=user, agency=user.memberships.get().agency)

    assert client_for(statistician).get("/interpreters/").status_code == 403


def test_an_interpreter_service_maintains_its_own_interpreters_only(client_for, make_member):
    service = member_viewer(make_member, AgencyKind.INTERPRETER_SERVICE)
    form = {
        "full_name": "Nadia Haddad",
        "kind": "cultural_mediator",
        "languages": "ar, ber, fr",
        "agency": str(service.agency.pk),
        "phone": "",
        "email": "",
        "communities": "",
        "is_active": "on",
    }

    response = client_for(service).post("/interpreters/new/", form)

    assert response.status_code == 302
    nadia = Interpreter.objects.get()
    assert nadia.agency == service.agency and nadia.languages == "ar,ber,fr"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(nadia.pk)).exists()
    someone_elses = interpreter(full_name="Aylin Demir")
    assert client_for(service).get(f"/interpreters/{someone_elses.pk}/edit/").status_code == 403
    assert (
        client_for(service).post("/interpreters/new/", {**form, "agency": str(someone_elses.agency.pk)}).status_code
        == 400
    )


def test_a_practitioner_of_another_kind_cannot_add_to_the_register(client_for, make_member):
    practitioner = member_viewer(make_member, AgencyKind.VICTIM_SUPPORT)

    assert client_for(practitioner).get("/interpreters/").status_code == 200
    assert client_for(practitioner).get("/interpreters/new/").status_code == 403


def test_a_coordinator_adds_an_independent_interpreter_and_bad_languages_are_refused(client_for, police):
    form = {"full_name": "Irina Popescu", "kind": "interpreter", "languages": "ro, xx", "is_active": "on"}

    response = client_for(police).post("/interpreters/new/", form)

    assert response.status_code == 400
    assert "Code de langue inconnu" in response.content.decode()
    response = client_for(police).post("/interpreters/new/", {**form, "languages": "ro, fr"})
    assert response.status_code == 302
    assert Interpreter.objects.get().agency is None
