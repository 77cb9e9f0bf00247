"""Shelter places: declared by the staff of the agency running the shelter, dated, with history."""

import pytest

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.directory.models import AgencyKind, Capacity, CapacityRecord
from maillage.factories import AgencyFactory, CapacityFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(db):
    return CapacityFactory(places_free=3, places_total=12).service


def test_housing_worker_updates_the_free_places_and_it_is_dated_and_audited(client, make_member, login, shelter):
    worker = make_member(Role.PRACTITIONER, agency=shelter.agency)
    login(worker)
    page = client.get(f"/directory/{shelter.agency.pk}/").content.decode()
    assert "3 libres sur 12" in page
    assert "Mettre à jour les places libres" in page

    response = client.post(
        f"/directory/services/{shelter.pk}/capacity/", {"places_free": 1, "places_total": 12, "version": 1}
    )

    assert response.status_code == 302
    capacity = Capacity.objects.get(service=shelter)
    assert (capacity.places_free, capacity.places_total, capacity.version) == (1, 12, 2)
    assert CapacityRecord.objects.filter(service=shelter).count() == 1
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_type="directory.capacity")
    assert event.actor_id == worker.pk
    assert event.fields == ["as_of", "places_free", "places_total"]
    assert "1 libres sur 12" in client.get(f"/directory/{shelter.agency.pk}/").content.decode()


def test_a_stale_capacity_form_is_refused_and_keeps_the_colleagues_numbers(client, make_member, login, shelter):
    login(make_member(Role.COORDINATOR, agency=shelter.agency))
    opened = client.get(f"/directory/services/{shelter.pk}/capacity/")
    assert 'name="version" value="1"' in opened.content.decode()
    client.post(f"/directory/services/{shelter.pk}/capacity/", {"places_free": 0, "places_total": 12, "version": 1})

    stale = client.post(
        f"/directory/services/{shelter.pk}/capacity/", {"places_free": 5, "places_total": 12, "version": 1}
    )

    assert stale.status_code == 400
    assert "Quelqu’un d’autre a modifié" in stale.content.decode()
    assert Capacity.objects.get(service=shelter).places_free == 0
    assert CapacityRecord.objects.filter(service=shelter).count() == 1


def test_first_declaration_creates_the_capacity(client, make_member, login):
    shelter = ServiceFactory(agency=AgencyFactory(kind=AgencyKind.HOUSING), provides_shelter=True)
    login(make_member(Role.AGENCY_ADMIN, agency=shelter.agency))

    response = client.post(
        f"/directory/services/{shelter.pk}/capacity/", {"places_free": 4, "places_total": 10, "version": 0}
    )

    assert response.status_code == 302
    assert Capacity.objects.get(service=shelter).places_free == 4
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="directory.capacity").exists()


def test_more_free_places_than_places_is_refused(client, make_member, login, shelter):
    login(make_member(Role.PRACTITIONER, agency=shelter.agency))

    response = client.post(
        f"/directory/services/{shelter.pk}/capacity/", {"places_free": 13, "places_total": 12, "version": 1}
    )

    assert response.status_code == 400
    assert "plus de places libres que de places au total" in response.content.decode()
    assert Capacity.objects.get(service=shelter).places_free == 3


def test_a_practitioner_of_another_agency_cannot_update_the_places(client, make_member, login, shelter):
    other_shelter_worker = make_member(Role.PRACTITIONER, kind=AgencyKind.HOUSING)
    login(other_shelter_worker)

    assert "Mettre à jour les places libres" not in client.get(f"/directory/{shelter.agency.pk}/").content.decode()
    response = client.post(
        f"/directory/services/{shelter.pk}/capacity/", {"places_free": 0, "places_total": 12, "version": 1}
    )

    assert response.status_code == 403
    assert Capacity.objects.get(service=shelter).places_free == 3
    denied = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert denied.reason == "update_capacity:out_of_scope"


@pytest.mark.parametrize("role", [Role.READ_ONLY, Role.STATISTICIAN, Role.DATA_PROTECTION_OFFICER])
def test_roles_that_do_not_work_the_shelter_cannot_update_the_places(client, make_member, login, shelter, role):
    login(make_member(role, agency=shelter.agency))

    response = client.post(
        f"/directory/services/{shelter.pk}/capacity/", {"places_free": 0, "places_total": 12, "version": 1}
    )

    assert response.status_code == 403
    assert Capacity.objects.get(service=shelter).places_free == 3


def test_capacity_is_in_the_api(client, make_member, login, shelter):
    login(make_member(Role.PRACTITIONER))

    body = client.get(f"/api/v1/agencies/{shelter.agency.pk}/").json()

    capacity = body["services"][0]["capacity"]
    assert (capacity["places_free"], capacity["places_total"], capacity["version"]) == (3, 12, 1)
