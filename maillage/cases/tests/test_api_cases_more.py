"""Needs, possible matches, transfers and closing approval over the API."""

from datetime import date
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.models import Role
from maillage.cases import services
from maillage.cases.models import (
    Case,
    CaseStatus,
    ClosureRequest,
    MatchAlert,
    Need,
    NeedKind,
    NeedPriority,
    NeedStatus,
    Participation,
    Transfer,
)
from maillage.cases.services import PersonDetails
from maillage.cases.tests.test_api_cases import NOWHERE, Api, join
from maillage.directory.models import Agency, AgencyKind
from maillage.factories import AgencyFactory, open_case
from maillage.policy.compartments import Compartment

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def member(client: Client, make_member: Any) -> Any:
    """member(kind, role=PRACTITIONER, agency=None) → an Api for a new member of a (new) agency."""

    def make(
        kind: AgencyKind = AgencyKind.VICTIM_SUPPORT, role: Role = Role.PRACTITIONER, agency: Agency | None = None
    ) -> Api:
        user = make_member(role, kind=kind, agency=agency)
        return Api(client, user, user.memberships.get().agency)

    return make


@pytest.fixture
def police(member: Any) -> Api:
    return member(AgencyKind.POLICE, Role.COORDINATOR)


@pytest.fixture
def case(police: Api) -> Case:
    return open_case(police.viewer)


def add_need(api: Api, case: Case, compartment: Compartment = Compartment.GENERAL, **extra: Any) -> Need:
    return services.add_need(
        viewer=api.viewer,
        case=case,
        kind=NeedKind.HOUSING,
        priority=NeedPriority.HIGH,
        owner_agency=api.agency,
        compartment=compartment,
        **extra,
    )


# --- needs ----------------------------------------------------------------------------------------


def test_needs_create_list_read_and_update(police: Api, case: Case) -> None:
    created = police.post(
        f"/api/v1/cases/{case.pk}/needs/",
        {"kind": "housing", "priority": 1, "owner_agency": str(police.agency.pk), "description": "Hébergement"},
    )
    assert created.status_code == 201, created.json()
    need = created.json()
    assert (need["kind"], need["priority"], need["status"], need["version"]) == ("housing", 1, "identified", 1)

    listing = police.get(f"/api/v1/cases/{case.pk}/needs/")
    assert [item["id"] for item in listing.json()] == [need["id"]]
    assert police.get(f"/api/v1/needs/{need['id']}/").json()["description"] == "Hébergement"

    updated = police.patch(f"/api/v1/needs/{need['id']}/", {"status": "in_progress", "version": 1})
    assert updated.status_code == 200, updated.json()
    assert (updated.json()["status"], updated.json()["description"], updated.json()["version"]) == (
        "in_progress",
        "Hébergement",
        2,
    )
    assert Need.objects.get(pk=need["id"]).status == NeedStatus.IN_PROGRESS


def test_stale_need_edit_is_409_and_changes_nothing(police: Api, case: Case) -> None:
    need = add_need(police, case)
    police.patch(f"/api/v1/needs/{need.pk}/", {"priority": 2, "version": 1})

    response = police.patch(f"/api/v1/needs/{need.pk}/", {"priority": 3, "version": 1})

    assert response.status_code == 409
    need.refresh_from_db()
    assert (need.priority, need.version) == (NeedPriority.MEDIUM, 2)


@pytest.mark.parametrize(
    "body",
    [
        {"kind": "housing", "priority": "1"},
        {"kind": "castle", "priority": 1},
        {"kind": "housing", "priority": 9},
        {"kind": "housing", "priority": 1, "description": 12},
    ],
)
def test_bad_need_input_is_400_and_creates_nothing(police: Api, case: Case, body: dict[str, Any]) -> None:
    response = police.post(f"/api/v1/cases/{case.pk}/needs/", {**body, "owner_agency": str(police.agency.pk)})

    assert response.status_code == 400
    assert not Need.objects.exists()


def test_bad_need_edit_is_400_and_changes_nothing(police: Api, case: Case) -> None:
    need = add_need(police, case)

    assert police.patch(f"/api/v1/needs/{need.pk}/", {"status": "done", "version": 1}).status_code == 400
    assert police.patch(f"/api/v1/needs/{need.pk}/", {"status": "met"}).status_code == 400
    need.refresh_from_db()
    assert (need.status, need.version) == (NeedStatus.IDENTIFIED, 1)


def test_perpetrator_programme_never_sees_a_victim_only_need(police: Api, member: Any, case: Case) -> None:
    programme = member(AgencyKind.PERPETRATOR_PROGRAMME)
    join(case, police, programme)
    hidden = add_need(police, case, compartment=Compartment.VICTIM_ONLY, description="Relogement secret")
    shown = add_need(police, case)

    listing = programme.get(f"/api/v1/cases/{case.pk}/needs/")

    assert listing.status_code == 200
    assert [item["id"] for item in listing.json()] == [str(shown.pk)]
    assert "Relogement secret" not in listing.content.decode()
    assert programme.get(f"/api/v1/needs/{hidden.pk}/").status_code == 404
    assert programme.patch(f"/api/v1/needs/{hidden.pk}/", {"priority": 3, "version": 1}).status_code == 404
    hidden.refresh_from_db()
    assert hidden.priority == NeedPriority.HIGH


def test_outsider_gets_404_on_needs(police: Api, member: Any, case: Case) -> None:
    outsider = member(AgencyKind.VICTIM_SUPPORT)
    need = add_need(police, case)

    assert outsider.get(f"/api/v1/cases/{case.pk}/needs/").status_code == 404
    assert outsider.get(f"/api/v1/needs/{need.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/needs/{NOWHERE}/").status_code == 404
    body = {"kind": "money", "priority": 2, "owner_agency": str(outsider.agency.pk)}
    assert outsider.post(f"/api/v1/cases/{case.pk}/needs/", body).status_code == 404
    assert outsider.patch(f"/api/v1/needs/{need.pk}/", {"priority": 3, "version": 1}).status_code == 404
    assert Need.objects.count() == 1


# --- possible matches -------------------------------------------------------------------------------


@pytest.fixture
def matched(police: Api, member: Any) -> tuple[Api, Case, Case]:
    """Victim support recorded Sofia too; police coordinates the other situation."""
    police.agency.email = "accueil-vif@commissariat.example"
    police.agency.save()
    other = open_case(
        police.viewer,
        victim=PersonDetails("Sofia", "Martin", birth_name="Lefranc", birth_date=date(1997, 3, 14)),
        perpetrator=PersonDetails("Karim", "Benali", birth_date=date(1992, 6, 2)),
        first_facts="Gifle sur le parking du supermarché.",
    )
    support = member(AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    here = open_case(
        support.viewer,
        victim=PersonDetails("SOFIA", "MARTIN", birth_date=date(1997, 3, 14)),
        perpetrator=PersonDetails("Jean", "Inconnu", birth_date=date(1980, 1, 1)),
    )
    return support, here, other


def test_matches_tell_whom_to_ask_and_nothing_of_the_other_situation(police: Api, matched: Any) -> None:
    support, here, other = matched

    response = support.get(f"/api/v1/cases/{here.pk}/matches/")

    assert response.status_code == 200
    alerts = response.json()
    assert len(alerts) == 1
    alert = alerts[0]
    assert (alert["given_names"], alert["family_name"]) == ("SOFIA", "MARTIN")
    assert alert["person_id"] == str(here.people.get(role="victim").person_id)
    assert alert["level"] and alert["reasons"]
    assert alert["other_agency"] == {
        "id": str(police.agency.pk),
        "name": police.agency.name,
        "email": "accueil-vif@commissariat.example",
        "phone": police.agency.phone,
    }
    text = response.content.decode()
    for detail in (str(other.pk), other.reference, "Lefranc", "Karim", "Benali", "Gifle"):
        assert detail not in text

    resolved = support.post(f"/api/v1/matches/{alert['id']}/", {"same_person": True})
    assert resolved.status_code == 200
    assert resolved.json()["status"] == "confirmed"
    assert MatchAlert.objects.get(pk=alert["id"]).status == MatchAlert.Status.CONFIRMED
    assert support.get(f"/api/v1/cases/{here.pk}/matches/").json() == []


def test_bad_match_answer_is_400_and_outsiders_get_404(member: Any, matched: Any) -> None:
    support, here, _ = matched
    alert = MatchAlert.objects.get(case=here)

    assert support.post(f"/api/v1/matches/{alert.pk}/", {"same_person": "yes"}).status_code == 400
    assert support.post(f"/api/v1/matches/{alert.pk}/", {}).status_code == 400
    outsider = member(AgencyKind.HEALTH, Role.COORDINATOR)
    assert outsider.get(f"/api/v1/cases/{here.pk}/matches/").status_code == 404
    assert outsider.post(f"/api/v1/matches/{alert.pk}/", {"same_person": False}).status_code == 404
    alert.refresh_from_db()
    assert alert.status == MatchAlert.Status.OPEN


# --- transfers ----------------------------------------------------------------------------------------


@pytest.fixture
def receiver(member: Any) -> Api:
    return member(
        AgencyKind.POLICE, Role.COORDINATOR, agency=AgencyFactory(kind=AgencyKind.POLICE, department_code="31")
    )


def propose(police: Api, case: Case, receiver: Api) -> Any:
    body = {"to_agency": str(receiver.agency.pk), "reason": "Elle a déménagé.", "version": case.version}
    return police.post(f"/api/v1/cases/{case.pk}/transfers/", body)


def test_transfer_proposed_then_accepted(police: Api, receiver: Api, case: Case) -> None:
    response = propose(police, case, receiver)
    assert response.status_code == 201, response.json()
    transfer = response.json()
    assert (transfer["status"], transfer["to_agency"]["id"]) == ("pending", str(receiver.agency.pk))

    accepted = receiver.post(f"/api/v1/transfers/{transfer['id']}/accept/", {"version": 1})

    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    case.refresh_from_db()
    assert (case.coordinator_agency, case.department_code) == (receiver.agency, "31")


def test_transfer_refused_with_a_reason(police: Api, receiver: Api, case: Case) -> None:
    transfer_id = propose(police, case, receiver).json()["id"]

    assert receiver.post(f"/api/v1/transfers/{transfer_id}/refuse/", {"version": 1}).status_code == 400
    assert Transfer.objects.get(pk=transfer_id).status == Transfer.Status.PENDING
    refused = receiver.post(f"/api/v1/transfers/{transfer_id}/refuse/", {"reason": "Hors secteur.", "version": 1})

    assert refused.status_code == 200
    assert (refused.json()["status"], refused.json()["decision_reason"]) == ("refused", "Hors secteur.")
    assert not Participation.objects.filter(case=case, agency=receiver.agency, left_at__isnull=True).exists()


def test_transfer_withdrawn_stale_and_outsider(police: Api, receiver: Api, member: Any, case: Case) -> None:
    stale = {"to_agency": str(receiver.agency.pk), "reason": "Elle a déménagé.", "version": case.version + 1}
    assert police.post(f"/api/v1/cases/{case.pk}/transfers/", stale).status_code == 409
    assert not Transfer.objects.exists()
    transfer_id = propose(police, case, receiver).json()["id"]
    outsider = member(AgencyKind.POLICE, Role.COORDINATOR)
    assert outsider.post(f"/api/v1/transfers/{transfer_id}/withdraw/", {"version": 1}).status_code == 404
    assert outsider.post(f"/api/v1/transfers/{NOWHERE}/accept/", {"version": 1}).status_code == 404
    assert police.post(f"/api/v1/transfers/{transfer_id}/withdraw/", {"version": 2}).status_code == 409
    assert police.post(f"/api/v1/transfers/{transfer_id}/withdraw/", {"version": "1"}).status_code == 400
    assert Transfer.objects.get(pk=transfer_id).status == Transfer.Status.PENDING

    withdrawn = police.post(f"/api/v1/transfers/{transfer_id}/withdraw/", {"version": 1})

    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"


# --- closing with approval ----------------------------------------------------------------------------


@pytest.fixture
def coordination(member: Any) -> tuple[Api, Api, Case, ClosureRequest]:
    agency = AgencyFactory(kind=AgencyKind.SOCIAL_SERVICES, closing_needs_approval=True)
    first = member(AgencyKind.SOCIAL_SERVICES, Role.COORDINATOR, agency=agency)
    second = member(AgencyKind.SOCIAL_SERVICES, Role.COORDINATOR, agency=agency)
    case = open_case(first.viewer)
    services.change_status(
        viewer=first.viewer, case=case, to_status=CaseStatus.CLOSED, reason="moved_away", expected_version=case.version
    )
    return first, second, case, ClosureRequest.objects.get(case=case)


def test_closing_request_approved_by_a_second_coordinator(coordination: Any) -> None:
    first, second, case, closure = coordination

    assert second.post(f"/api/v1/closing-requests/{closure.pk}/approve/", {"version": 2}).status_code == 409
    assert second.post(f"/api/v1/closing-requests/{closure.pk}/approve/", {}).status_code == 400
    assert first.post(f"/api/v1/closing-requests/{closure.pk}/approve/", {"version": 1}).status_code == 400
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED

    response = second.post(f"/api/v1/closing-requests/{closure.pk}/approve/", {"version": 1})

    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["decided_by"]["id"]) == ("approved", str(second.user.pk))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_closing_request_refused_and_outsider(member: Any, coordination: Any) -> None:
    _, second, case, closure = coordination
    outsider = member(AgencyKind.SOCIAL_SERVICES, Role.COORDINATOR)
    assert (
        outsider.post(f"/api/v1/closing-requests/{closure.pk}/refuse/", {"reason": "x", "version": 1}).status_code
        == 404
    )
    assert second.post(f"/api/v1/closing-requests/{closure.pk}/refuse/", {"version": 1}).status_code == 400
    closure.refresh_from_db()
    assert closure.status == ClosureRequest.Status.PENDING

    response = second.post(f"/api/v1/closing-requests/{closure.pk}/refuse/", {"reason": "Pas encore.", "version": 1})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decision_reason"]) == ("refused", "Pas encore.")
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED
