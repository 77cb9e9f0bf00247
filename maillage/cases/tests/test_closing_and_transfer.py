"""Lifecycle: closing with a second coordinator's approval, and the transfer to another territory."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.cases import services
from maillage.cases.models import CaseStatus, ClosureRequest, Participation, StatusChange, Transfer
from maillage.core.locking import StaleVersionError
from maillage.directory.models import AgencyKind
from maillage.factories import AgencyFactory, open_case
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db


def coordinator_of(make_member, agency):
    user = make_member(Role.COORDINATOR, agency=agency)
    return Viewer(user=user, agency=agency)


@pytest.fixture
def coordination(db):
    """The DV coordination of department 99, which asks for a second person's approval to close."""
    return AgencyFactory(kind=AgencyKind.SOCIAL_SERVICES, department_code="99", closing_needs_approval=True)


@pytest.fixture
def first(make_member, coordination):
    return coordinator_of(make_member, coordination)


@pytest.fixture
def second(make_member, coordination):
    return coordinator_of(make_member, coordination)


@pytest.fixture
def case(first):
    return open_case(first)


def close(viewer, case, **extra):
    return services.change_status(
        viewer=viewer,
        case=case,
        to_status=CaseStatus.CLOSED,
        reason="moved_away",
        expected_version=case.version,
        **extra,
    )


# --- closing with approval ----------------------------------------------------------------------


def test_closing_waits_for_a_second_coordinators_approval(client, login, first, second, case):
    close(first, case, comment="Partie chez sa sœur.")

    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNALLED
    closure = ClosureRequest.objects.get(case=case, status=ClosureRequest.Status.PENDING)
    assert closure.requested_by == first.user

    login(second.user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Demande de clôture en attente d’approbation" in page
    response = client.post(
        f"/cases/{case.pk}/closing/",
        {"closure-decision": "approve", "closure-item": closure.pk, "closure-version": closure.version},
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closure_reason == "moved_away"
    closure.refresh_from_db()
    assert (closure.status, closure.decided_by) == (ClosureRequest.Status.APPROVED, second.user)
    assert StatusChange.objects.get(case=case, to_status=CaseStatus.CLOSED).changed_by == second.user
    timeline = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"demandée par {first.user.full_name}" in timeline
    assert f"approuvée par {second.user.full_name}" in timeline


def test_the_requester_cannot_approve_their_own_request(client, login, first, case):
    close(first, case)
    closure = ClosureRequest.objects.get(case=case)

    with pytest.raises(ValidationError):
        services.approve_closure(viewer=first, closure=closure, expected_version=closure.version)
    login(first.user)
    response = client.post(
        f"/cases/{case.pk}/closing/",
        {"closure-decision": "approve", "closure-item": closure.pk, "closure-version": closure.version},
    )

    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNALLED


def test_refusal_keeps_the_situation_open_with_the_reason_on_the_timeline(client, login, first, second, case):
    close(first, case)
    closure = ClosureRequest.objects.get(case=case)
    login(second.user)

    without_reason = client.post(
        f"/cases/{case.pk}/closing/",
        {"closure-decision": "refuse", "closure-item": closure.pk, "closure-version": closure.version},
    )
    assert without_reason.status_code == 400
    response = client.post(
        f"/cases/{case.pk}/closing/",
        {
            "closure-decision": "refuse",
            "closure-reason": "L'audience a lieu le mois prochain.",
            "closure-item": closure.pk,
            "closure-version": closure.version,
        },
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNALLED
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "L&#x27;audience a lieu le mois prochain." in page
    # The coordinator may ask again.
    close(first, case)
    assert ClosureRequest.objects.filter(case=case, status=ClosureRequest.Status.PENDING).count() == 1


def test_a_second_request_or_a_stale_approval_is_refused(first, second, case):
    close(first, case)
    closure = ClosureRequest.objects.get(case=case)

    with pytest.raises(ValidationError):
        close(second, case)
    with pytest.raises(StaleVersionError):
        services.approve_closure(viewer=second, closure=closure, expected_version=closure.version + 1)
    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNALLED


def test_without_the_setting_closing_is_immediate(first, case):
    first.agency.closing_needs_approval = False
    first.agency.save()
    case.refresh_from_db()

    close(first, case)

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert not ClosureRequest.objects.exists()


def test_agency_admin_asks_for_approval_on_the_agency_form(client, login, make_member):
    admin = make_member(Role.AGENCY_ADMIN)
    agency = admin.memberships.get().agency
    login(admin)

    response = client.post(
        f"/directory/{agency.pk}/edit/",
        {"name": agency.name, "department_code": "99", "closing_needs_approval": "on", "version": agency.version},
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.closing_needs_approval


# --- transfer to another territory --------------------------------------------------------------


@pytest.fixture
def receiving(db):
    return AgencyFactory(kind=AgencyKind.VICTIM_SUPPORT, department_code="82")


@pytest.fixture
def receiver(make_member, receiving):
    return coordinator_of(make_member, receiving)


@pytest.fixture
def transfer(first, case, receiving):
    services.name_coordinator(viewer=first, case=case, coordinator=first.user, expected_version=case.version)
    return services.propose_transfer(
        viewer=first,
        case=case,
        to_agency=receiving,
        reason="Elle a déménagé à Montauban.",
        expected_version=case.version,
    )


def test_proposing_gives_the_receiver_a_partner_participation_and_a_dashboard_entry(
    client, login, transfer, receiver, case
):
    participation = case.participations.get(agency=receiver.agency, left_at__isnull=True)
    assert participation.role == Participation.Role.PARTNER and participation.compartments
    login(receiver.user)

    dashboard = client.get("/").content.decode()
    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert "Transferts à décider" in dashboard and case.reference in dashboard
    assert "Accepter le transfert" in page


def test_accepted_transfer_moves_coordination_and_department(client, login, transfer, receiver, first, case):
    login(receiver.user)

    response = client.post(
        f"/cases/{case.pk}/transfer/decide/",
        {
            "transfer_decision-decision": "approve",
            "transfer_decision-item": transfer.pk,
            "transfer_decision-version": transfer.version,
        },
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.coordinator_agency, case.department_code, case.coordinator) == (receiver.agency, "82", None)
    roles = dict(case.participations.filter(left_at__isnull=True).values_list("agency", "role"))
    assert roles[receiver.agency.pk] == Participation.Role.COORDINATOR
    assert roles[first.agency.pk] == Participation.Role.PARTNER
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (Transfer.Status.ACCEPTED, receiver.user)
    assert "Transfert vers" in client.get(f"/cases/{case.pk}/").content.decode()
    # The former coordinating agency still sees the situation but no longer manages it.
    first_viewer = Viewer(user=first.user, agency=first.agency)
    with pytest.raises(Http404):
        close(first_viewer, case)
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(case.pk)).exists()


def test_refused_transfer_ends_the_receivers_participation(client, login, transfer, receiver, case):
    login(receiver.user)

    response = client.post(
        f"/cases/{case.pk}/transfer/decide/",
        {
            "transfer_decision-decision": "refuse",
            "transfer_decision-reason": "Elle n'habite pas notre département.",
            "transfer_decision-item": transfer.pk,
            "transfer_decision-version": transfer.version,
        },
    )

    assert response.status_code == 302 and response["Location"] == "/"
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.REFUSED
    assert transfer.decision_reason == "Elle n'habite pas notre département."
    assert not case.participations.filter(agency=receiver.agency, left_at__isnull=True).exists()
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    case.refresh_from_db()
    assert case.department_code == "99"


def test_a_third_agency_or_the_sender_cannot_decide(client, login, make_member, transfer, first, case):
    third = coordinator_of(make_member, AgencyFactory(kind=AgencyKind.VICTIM_SUPPORT, department_code="82"))
    form = {
        "transfer_decision-decision": "approve",
        "transfer_decision-item": transfer.pk,
        "transfer_decision-version": transfer.version,
    }
    login(third.user)
    assert client.post(f"/cases/{case.pk}/transfer/decide/", form).status_code == 404
    client.logout()
    login(first.user)
    assert client.post(f"/cases/{case.pk}/transfer/decide/", form).status_code == 404

    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.PENDING


def test_stale_decision_is_refused(client, login, transfer, receiver, make_member, case):
    colleague = coordinator_of(make_member, receiver.agency)
    services.accept_transfer(viewer=colleague, transfer=transfer, expected_version=transfer.version)
    login(receiver.user)

    response = client.post(
        f"/cases/{case.pk}/transfer/decide/",
        {
            "transfer_decision-decision": "refuse",
            "transfer_decision-reason": "Non.",
            "transfer_decision-item": transfer.pk,
            "transfer_decision-version": 1,
        },
    )

    assert response.status_code == 400
    assert "Quelqu’un d’autre a modifié" in response.content.decode()
    with pytest.raises(Http404):  # a transfer no longer pending is not for anyone to decide
        services.refuse_transfer(viewer=receiver, transfer=transfer, reason="Non.", expected_version=1)


def test_stale_version_on_a_pending_transfer_is_refused(transfer, receiver):
    with pytest.raises(StaleVersionError):
        services.accept_transfer(viewer=receiver, transfer=transfer, expected_version=transfer.version + 1)
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.PENDING


def test_transfer_needs_another_department_and_blocks_closing(first, case, transfer, make_member):
    same_department = AgencyFactory(kind=AgencyKind.VICTIM_SUPPORT, department_code="99")
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.propose_transfer(
            viewer=first, case=case, to_agency=same_department, reason="x", expected_version=case.version
        )
    with pytest.raises(ValidationError):
        close(first, case)


def test_withdrawn_transfer_ends_the_receivers_participation(client, login, first, transfer, receiver, case):
    login(first.user)

    response = client.post(f"/cases/{case.pk}/transfer/withdraw/", {"version": transfer.version})

    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.WITHDRAWN
    assert not case.participations.filter(agency=receiver.agency, left_at__isnull=True).exists()


def test_a_move_never_tells_a_perpetrator_facing_agency_where_she_went(make_member, first, case, receiving, receiver):
    from maillage.cases import selectors

    programme_user = make_member(Role.PRACTITIONER, kind=AgencyKind.PERPETRATOR_PROGRAMME)
    programme = Viewer(user=programme_user, agency=programme_user.memberships.get().agency)
    services.invite_agency(viewer=first, case=case, agency=programme.agency)
    transfer = services.propose_transfer(
        viewer=first, case=case, to_agency=receiving, reason="Déménagement.", expected_version=case.version
    )

    kinds = {entry.kind for entry in selectors.case_timeline(viewer=programme, case=case)}
    assert "transfer" not in kinds, "the proposed destination is victim-only"

    services.accept_transfer(viewer=receiver, transfer=transfer, expected_version=transfer.version)

    with pytest.raises(Http404):
        selectors.case_get(viewer=Viewer(user=programme.user, agency=programme.agency), case_id=case.pk)


def test_a_perpetrator_programme_can_neither_coordinate_nor_receive_a_transfer(make_member, first, case):
    programme = AgencyFactory(kind=AgencyKind.PERPETRATOR_PROGRAMME, department_code="82")

    with pytest.raises(ValidationError):
        services.propose_transfer(
            viewer=first, case=case, to_agency=programme, reason="x", expected_version=case.version
        )
    with pytest.raises(ValidationError):
        open_case(first, coordinator_agency=AgencyFactory(kind=AgencyKind.PERPETRATOR_PROGRAMME))
