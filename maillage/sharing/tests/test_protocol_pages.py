"""Protocols and governance bodies through the pages: a governance body's administrator records and
edits a protocol of its department (stale edits refused); a practitioner cannot; the list shows
which protocols are in force and which have expired; the governance bodies with their members."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.conftest import current_totp
from maillage.directory.models import AgencyKind
from maillage.factories import TEST_PASSWORD, AgencyFactory
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer
from maillage.sharing import services
from maillage.sharing.models import GovernanceBodyKind, GovernanceRole, Protocol, SharingPurpose

pytestmark = pytest.mark.django_db


def login(user):
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": current_totp(user.totp_secret)})
    assert response.status_code == 302
    return client


@pytest.fixture
def governance_admin(make_member):
    return make_member(Role.AGENCY_ADMIN, kind=AgencyKind.GOVERNANCE)


@pytest.fixture
def partners():
    return [AgencyFactory(kind=AgencyKind.POLICE), AgencyFactory(kind=AgencyKind.VICTIM_SUPPORT)]


def form_data(partners, **changes):
    today = timezone.localdate()
    data = {
        "title": "Protocole départemental de traitement des violences conjugales",
        "reference": "PROT-99-2026-01",
        "body": "",
        "parties": [str(agency.pk) for agency in partners],
        "signed_on": (today - timedelta(days=40)).isoformat(),
        "starts_on": (today - timedelta(days=30)).isoformat(),
        "ends_on": "",
        "signatories": "La préfète du Val-de-Loing\nLe procureur de la République",
        "purposes": ["named_agency", "marac"],
        "compartments": ["judicial", "psychosocial"],
        "document_reference": "Registre de la préfecture n° 2026-114",
    }
    data.update(changes)
    return data


def test_a_governance_admin_records_a_protocol_of_its_department(governance_admin, partners):
    client = login(governance_admin)
    assert client.get("/sharing/protocols/new/").status_code == 200

    response = client.post("/sharing/protocols/new/", form_data(partners))

    assert response.status_code == 302
    protocol = Protocol.objects.get()
    assert set(protocol.parties.all()) == set(partners)
    assert protocol.compartments == ["judicial", "psychosocial"]
    assert protocol.department_code == governance_admin.memberships.get().agency.department_code
    assert protocol.is_in_force
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(protocol.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Protocole départemental de traitement des violences conjugales" in page
    assert "En vigueur" in page


def test_a_protocol_cannot_lift_medical_secrecy(governance_admin, partners):
    client = login(governance_admin)

    response = client.post("/sharing/protocols/new/", form_data(partners, compartments=["medical"]))

    assert response.status_code == 400
    assert not Protocol.objects.exists()


@pytest.mark.parametrize(
    "role, kind",
    [(Role.PRACTITIONER, AgencyKind.GOVERNANCE), (Role.AGENCY_ADMIN, AgencyKind.VICTIM_SUPPORT)],
)
def test_only_a_governance_admin_records_protocols(make_member, partners, role, kind):
    client = login(make_member(role, kind=kind))

    assert client.get("/sharing/protocols/").status_code == 200  # protocols are public among partners
    assert client.get("/sharing/protocols/new/").status_code == 403
    assert client.post("/sharing/protocols/new/", form_data(partners)).status_code == 403
    assert not Protocol.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED, reason__startswith="manage_protocols").exists()


def _record(admin, partners, **changes):
    viewer = Viewer(user=admin, agency=admin.memberships.get().agency)
    today = timezone.localdate()
    values = {
        "title": "Protocole de test",
        "reference": "PROT-99-TEST",
        "parties": partners,
        "signed_on": today - timedelta(days=400),
        "starts_on": today - timedelta(days=365),
        "signatories": "Le préfet",
        "purposes": frozenset({SharingPurpose.NAMED_AGENCY}),
        "compartments": frozenset({Compartment.JUDICIAL}),
    }
    values.update(changes)
    return services.record_protocol(viewer=viewer, details=services.ProtocolDetails(**values))


def test_an_expired_protocol_is_listed_as_expired(governance_admin, partners):
    today = timezone.localdate()
    _record(governance_admin, partners, title="Convention expirée", reference="A", ends_on=today - timedelta(days=1))
    _record(governance_admin, partners, title="Convention en cours", reference="B")

    page = login(governance_admin).get("/sharing/protocols/").content.decode()

    in_force, expired = page.split('id="expired-heading"')
    assert "Convention en cours" in in_force and "Convention expirée" not in in_force
    assert "Convention expirée" in expired


def test_ending_a_protocol_is_saved_once_and_a_stale_edit_is_refused(governance_admin, partners):
    protocol = _record(governance_admin, partners)
    client = login(governance_admin)
    url = f"/sharing/protocols/{protocol.pk}/edit/"
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = form_data(partners, reference="PROT-99-TEST", ends_on=yesterday, version=protocol.version)

    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "document_reference": "autre"})

    protocol.refresh_from_db()
    assert not protocol.is_in_force
    assert stale.status_code == 400
    assert "Quelqu" in stale.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_CHANGE, object_id=str(protocol.pk)).exists()


def test_a_governance_admin_of_another_department_cannot_edit(make_member, governance_admin, partners):
    protocol = _record(governance_admin, partners)
    elsewhere = make_member(Role.AGENCY_ADMIN, agency=AgencyFactory(kind=AgencyKind.GOVERNANCE, department_code="98"))
    client = login(elsewhere)

    response = client.post(f"/sharing/protocols/{protocol.pk}/edit/", form_data(partners, version=protocol.version))

    assert response.status_code == 404  # not its department's, nor one its agency signed
    assert Protocol.objects.get().title == "Protocole de test"


def test_the_governance_bodies_are_listed_with_their_members(governance_admin, partners, make_member):
    viewer = Viewer(user=governance_admin, agency=governance_admin.memberships.get().agency)
    services.record_governance_body(
        viewer=viewer,
        details=services.BodyDetails(
            name="CDPD du Val-de-Loing",
            kind=GovernanceBodyKind.CDPD,
            agency=viewer.agency,
            members=[(partners[0], GovernanceRole.MEMBER), (partners[1], GovernanceRole.SECRETARIAT)],
        ),
    )
    practitioner = make_member(Role.PRACTITIONER, agency=partners[1])

    page = login(practitioner).get("/sharing/governance/").content.decode()

    assert "CDPD du Val-de-Loing" in page
    assert partners[0].name in page and partners[1].name in page
    assert "Secrétariat" in page
