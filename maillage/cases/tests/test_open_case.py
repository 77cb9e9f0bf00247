"""Opening a situation from a signal, and what each participating agency then sees."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.cases import selectors, services
from maillage.cases.models import CaseStatus, IntakeChannel, Participation, PersonRole
from maillage.directory.models import AgencyKind
from maillage.factories import AgencyFactory, open_case
from maillage.policy.compartments import Compartment
from maillage.policy.enforcement import AccessDenied
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_member):
    """A police officer who opens situations and coordinates them (the station has a coordinator role)."""
    user = make_member(Role.COORDINATOR, kind=AgencyKind.POLICE)
    return Viewer(user=user, agency=user.memberships.get().agency)


def viewer_in(make_member, kind, role=Role.PRACTITIONER):
    user = make_member(role, kind=kind)
    return Viewer(user=user, agency=user.memberships.get().agency)


def test_police_officer_opens_a_situation_from_a_complaint(officer):
    case = open_case(officer)

    assert case.status == CaseStatus.SIGNALLED
    assert case.reference.startswith("S-") and len(case.reference) == 11
    participation = case.participations.get()
    assert participation.agency == officer.agency
    assert set(participation.compartments) >= {Compartment.GENERAL, Compartment.VICTIM_ONLY}
    roles = set(case.people.values_list("role", flat=True))
    assert roles == {PersonRole.VICTIM, PersonRole.PERPETRATOR}
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(case.pk)).exists()


def test_signal_dated_in_the_future_is_refused_and_nothing_is_created(officer):
    with pytest.raises(ValidationError) as error:
        open_case(officer, received_on=date.today() + timedelta(days=2))

    assert "received_on" in error.value.message_dict
    assert not Participation.objects.exists()


def test_statistician_and_governance_cannot_open_situations(make_member):
    for kind, role in [(AgencyKind.VICTIM_SUPPORT, Role.STATISTICIAN), (AgencyKind.GOVERNANCE, Role.COORDINATOR)]:
        viewer = viewer_in(make_member, kind, role)
        with pytest.raises(AccessDenied):
            open_case(viewer)


def test_agency_not_taking_part_gets_404_not_403(officer, make_member):
    case = open_case(officer)
    outsider = viewer_in(make_member, AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)

    with pytest.raises(Http404):
        selectors.case_get(viewer=outsider, case_id=case.pk)
    assert case not in selectors.case_list(viewer=outsider)


def test_invited_perpetrator_programme_never_sees_victim_only_content(officer, make_member):
    case = open_case(officer)
    programme = viewer_in(make_member, AgencyKind.PERPETRATOR_PROGRAMME)
    services.invite_agency(viewer=officer, case=case, agency=programme.agency)
    victim = case.people.get(role=PersonRole.VICTIM)
    services.save_victim_contact(
        viewer=officer,
        case_person=victim,
        values={
            "safe_phone": "06 12 34 56 78",
            "safe_email": "",
            "safe_times": "mardi matin",
            "code_word": "tournesol",
            "may_leave_message": False,
            "address": "12 rue des Lilas, Montreval",
        },
        expected_version=None,
    )
    services.add_note(viewer=officer, case=case, compartment=Compartment.VICTIM_ONLY, body="Elle est chez sa mère.")
    services.add_note(viewer=officer, case=case, compartment=Compartment.PERPETRATOR_SIDE, body="Stage proposé.")

    timeline = selectors.case_timeline(viewer=programme, case=case)

    bodies = [entry.item.body for entry in timeline if entry.kind == "note"]
    assert bodies == ["Stage proposé."]
    assert selectors.victim_contact(viewer=programme, case=case) is None
    assert selectors.victim_contact(viewer=officer, case=case).address == "12 rue des Lilas, Montreval"
    with pytest.raises(Http404):
        services.add_note(viewer=programme, case=case, compartment=Compartment.VICTIM_ONLY, body="?")


def test_victim_address_is_encrypted_at_rest(officer):
    from django.db import connection

    case = open_case(officer)
    victim = case.people.get(role=PersonRole.VICTIM)
    contact = services.save_victim_contact(
        viewer=officer,
        case_person=victim,
        values={
            "safe_phone": "0612345678",
            "safe_email": "",
            "safe_times": "",
            "code_word": "",
            "may_leave_message": True,
            "address": "12 rue des Lilas",
        },
        expected_version=None,
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT address, safe_phone FROM cases_victimcontact")
        (row,) = cursor.fetchall()
    assert "Lilas" not in row[0] and "0612345678" not in row[1]
    contact.refresh_from_db()
    assert contact.address == "12 rue des Lilas"


def test_leaving_closes_access_at_once(officer, make_member):
    case = open_case(officer)
    support = viewer_in(make_member, AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    participation = services.invite_agency(viewer=officer, case=case, agency=support.agency)
    assert selectors.case_get(viewer=support, case_id=case.pk) == case

    services.end_participation(viewer=officer, participation=participation)

    with pytest.raises(Http404):
        selectors.case_get(viewer=Viewer(user=support.user, agency=support.agency), case_id=case.pk)


def test_closing_needs_a_reason_and_a_new_signal_within_a_year_reopens_as_repeat(officer):
    case = open_case(officer)
    with pytest.raises(ValidationError):
        services.change_status(viewer=officer, case=case, to_status=CaseStatus.CLOSED, expected_version=case.version)

    services.change_status(
        viewer=officer, case=case, to_status=CaseStatus.CLOSED, reason="exit_from_violence", expected_version=1
    )
    signal = services.SignalDetails(
        channel=IntakeChannel.POLICE_CALLOUT,
        received_on=date.today(),
        referring_agency=officer.agency,
        first_facts="Nouvel appel au 17.",
    )
    services.record_new_signal(viewer=officer, case=case, signal=signal)

    case.refresh_from_db()
    assert case.status == CaseStatus.EVALUATING
    assert case.is_repeat
    steps = list(case.status_changes.order_by("changed_at").values_list("to_status", flat=True))
    assert steps == [CaseStatus.SIGNALLED, CaseStatus.CLOSED, CaseStatus.EVALUATING]


def test_only_the_coordinating_agency_changes_status_or_invites(officer, make_member):
    case = open_case(officer)
    support = viewer_in(make_member, AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    services.invite_agency(viewer=officer, case=case, agency=support.agency)

    with pytest.raises(Http404):
        services.change_status(viewer=support, case=case, to_status=CaseStatus.ACTIVE, expected_version=case.version)
    with pytest.raises(Http404):
        services.invite_agency(viewer=support, case=case, agency=AgencyFactory(kind=AgencyKind.HEALTH))


def test_officer_names_the_coordinating_agency_which_then_invites_partners(make_member):
    officer = viewer_in(make_member, AgencyKind.POLICE, Role.PRACTITIONER)
    coordination = viewer_in(make_member, AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)

    case = open_case(officer, coordinator_agency=coordination.agency)

    roles = dict(case.participations.values_list("agency", "role"))
    assert roles == {coordination.agency.pk: "coordinator", officer.agency.pk: "partner"}
    with pytest.raises(Http404):
        services.invite_agency(viewer=officer, case=case, agency=AgencyFactory(kind=AgencyKind.HEALTH))
    health = services.invite_agency(viewer=coordination, case=case, agency=AgencyFactory(kind=AgencyKind.HEALTH))
    assert set(health.compartments) == {Compartment.GENERAL, Compartment.MEDICAL}


def test_only_the_writing_agency_edits_or_retracts_its_note(officer, make_member):
    case = open_case(officer)
    support = viewer_in(make_member, AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    services.invite_agency(viewer=officer, case=case, agency=support.agency)
    note = services.add_note(viewer=officer, case=case, compartment=Compartment.GENERAL, body="Constat du 20.")

    with pytest.raises(ValidationError):
        services.edit_note(viewer=support, note=note, body="Réécrit", expected_version=note.version)
    with pytest.raises(ValidationError):
        services.retract_note(viewer=support, note=note, reason="?", expected_version=note.version)
    note.refresh_from_db()
    assert note.body == "Constat du 20." and note.retracted_at is None


def test_new_signal_needs_the_general_compartment(officer, make_member):
    case = open_case(officer)
    school = viewer_in(make_member, AgencyKind.EDUCATION, Role.PRACTITIONER)
    services.invite_agency(viewer=officer, case=case, agency=school.agency)
    signal = services.SignalDetails(
        channel=IntakeChannel.SCHOOL, received_on=date.today(), referring_agency=school.agency, first_facts="Absences."
    )

    with pytest.raises(Http404):
        services.record_new_signal(viewer=school, case=case, signal=signal)


def test_search_finds_by_name_or_reference_only_among_the_agencys_situations(officer, make_member):
    ours = open_case(officer)
    stranger = viewer_in(make_member, AgencyKind.POLICE, Role.COORDINATOR)
    open_case(stranger, victim=services.PersonDetails("Sofia", "Martin", birth_date=date(1990, 1, 1)))

    assert list(selectors.case_list(viewer=officer, search="martin")) == [ours]
    assert list(selectors.case_list(viewer=officer, search=ours.reference.lower())) == [ours]
    assert list(selectors.case_list(viewer=officer, search="inconnu")) == []


def test_search_by_name_is_off_for_agencies_without_the_general_compartment(officer, make_member):
    case = open_case(officer)
    school = viewer_in(make_member, AgencyKind.EDUCATION, Role.PRACTITIONER)
    services.invite_agency(viewer=officer, case=case, agency=school.agency)

    assert list(selectors.case_list(viewer=school, search="martin")) == []
    assert list(selectors.case_list(viewer=school, search=case.reference)) == [case]


def test_a_done_task_cannot_be_completed_again(officer):
    from django.utils import timezone

    case = open_case(officer)
    task = services.add_task(
        viewer=officer, case=case, title="Appeler", owner_agency=officer.agency, due_on=timezone.localdate()
    )
    services.complete_task(viewer=officer, task=task, expected_version=task.version)
    first_completion = task.completed_at

    with pytest.raises(ValidationError):
        services.complete_task(viewer=officer, task=task, expected_version=task.version)
    task.refresh_from_db()
    assert task.completed_at == first_completion


def test_new_signal_from_another_agency_brings_it_in_as_referrer(officer):
    case = open_case(officer)
    hotline = AgencyFactory(kind=AgencyKind.VICTIM_SUPPORT, name="Ligne d'écoute départementale")
    signal = services.SignalDetails(
        channel=IntakeChannel.HOTLINE, received_on=date.today(), referring_agency=hotline, first_facts="Appel au 3919."
    )

    services.record_new_signal(viewer=officer, case=case, signal=signal)

    assert case.participations.get(agency=hotline).role == Participation.Role.REFERRER
    with pytest.raises(ValidationError):
        services.record_new_signal(
            viewer=officer,
            case=case,
            signal=services.SignalDetails(
                channel=IntakeChannel.HOTLINE, received_on=date.today(), referring_agency=hotline, first_facts="  "
            ),
        )


def test_saving_an_unchanged_safe_contact_keeps_its_version(officer):
    case = open_case(officer)
    victim = case.people.get(role=PersonRole.VICTIM)
    values = {
        "safe_phone": "0612345678",
        "safe_email": "",
        "safe_times": "",
        "code_word": "",
        "may_leave_message": False,
        "address": "",
    }
    services.save_victim_contact(viewer=officer, case_person=victim, values=values, expected_version=None)

    again = services.save_victim_contact(viewer=officer, case_person=victim, values=values, expected_version=1)

    assert again.version == 1


def test_referring_agency_sees_nothing_of_the_file_until_invited(make_member):
    officer = viewer_in(make_member, AgencyKind.POLICE, Role.COORDINATOR)
    hospital = viewer_in(make_member, AgencyKind.HEALTH, Role.PRACTITIONER)

    case = open_case(officer, referring_agency=hospital.agency)

    assert selectors.case_people(viewer=hospital, case=case) == []
    assert selectors.case_timeline(viewer=hospital, case=case) == []
    services.invite_agency(viewer=officer, case=case, agency=hospital.agency)
    invited = Viewer(user=hospital.user, agency=hospital.agency)
    assert selectors.case_people(viewer=invited, case=case)
    assert case.participations.get(agency=hospital.agency).role == Participation.Role.PARTNER
