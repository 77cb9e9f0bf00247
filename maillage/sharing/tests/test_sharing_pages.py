"""Consent and sharing through the pages: recording a consent, sharing medical facts under the
danger-to-life basis, a sharing without basis refused with its reason, a withdrawal that closes at
once and for good, and the disclosure register."""

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.cases import services as case_services
from maillage.cases.models import PersonRole
from maillage.directory.models import AgencyKind
from maillage.factories import open_case
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer
from maillage.sharing.models import Consent, ConsentWithdrawal, Disclosure, SharingPurpose
from maillage.sharing.tests.helpers import load_legal_bases

pytestmark = pytest.mark.django_db

APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"


def member_viewer(make_member, kind, role=Role.PRACTITIONER, agency=None):
    user = make_member(role, kind=kind, agency=agency)
    return Viewer(user=user, agency=user.memberships.get().agency)


@pytest.fixture(autouse=True)
def legal_bases(db):
    load_legal_bases()


@pytest.fixture
def police(make_member):
    return member_viewer(make_member, AgencyKind.POLICE, Role.COORDINATOR)


@pytest.fixture
def case(police):
    return open_case(police)


@pytest.fixture
def victim_support(make_member, police, case):
    viewer = member_viewer(make_member, AgencyKind.VICTIM_SUPPORT)
    case_services.invite_agency(viewer=police, case=case, agency=viewer.agency)
    return viewer


@pytest.fixture
def hospital(make_member, police, case):
    viewer = member_viewer(make_member, AgencyKind.HEALTH)
    case_services.invite_agency(viewer=police, case=case, agency=viewer.agency)
    return viewer


def consent_form(case, recipient, **changes):
    form = {
        "consent-person": str(case.people.get(role=PersonRole.VICTIM).person_id),
        "consent-purpose": SharingPurpose.NAMED_AGENCY,
        "consent-recipient_agency": str(recipient.pk),
        "consent-recipient_kind": "",
        "consent-method": "written",
        "consent-witness_name": "",
        "consent-given_on": timezone.localdate().isoformat(),
        "consent-interpreter_name": "",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def test_victim_support_worker_records_a_consent_with_an_interpreter(client_for, case, victim_support, police):
    form = consent_form(
        case,
        police.agency,
        **{"consent-interpreter_present": "on", "consent-interpreter_name": "M. Haddad (arabe)"},
    )

    response = client_for(victim_support).post(f"/sharing/cases/{case.pk}/consents/new/", form)

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#sharing"
    consent = Consent.objects.get()
    assert consent.collected_by == victim_support.user
    assert consent.collected_by_agency == victim_support.agency
    assert consent.interpreter_name == "M. Haddad (arabe)"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(consent.pk)).exists()
    page = client_for(victim_support).get(response["Location"]).content.decode()
    assert "Consentement et partage" in page
    assert "Le consentement a été enregistré." in page
    assert "Partage avec une structure nommée" in page
    assert "avec l" + APOSTROPHE + "interprète M. Haddad (arabe)" in page


def test_oral_consent_without_a_witness_is_refused_in_french(client_for, case, victim_support, police):
    response = client_for(victim_support).post(
        f"/sharing/cases/{case.pk}/consents/new/",
        consent_form(case, police.agency, **{"consent-method": "oral_with_witness"}),
    )

    assert response.status_code == 400
    assert "Un consentement oral nécessite le nom du témoin." in response.content.decode()
    assert not Consent.objects.exists()


def disclosure_form(recipient, compartment, basis, purpose=SharingPurpose.NAMED_AGENCY, justification=""):
    return {
        "disclosure-recipient": str(recipient.pk),
        "disclosure-mode": "open_in_file",
        "disclosure-compartments": [compartment],
        "disclosure-purpose": purpose,
        "disclosure-basis": basis,
        "disclosure-justification": justification,
        "disclosure-details": "",
    }


def test_health_professional_shares_medical_facts_without_consent_when_her_life_is_in_danger(
    client_for, case, hospital, police
):
    case_services.add_note(
        viewer=hospital, case=case, compartment=Compartment.MEDICAL, body="Traces de strangulation au cou."
    )
    assert "Traces de strangulation" not in client_for(police).get(f"/cases/{case.pk}/").content.decode()

    response = client_for(hospital).post(
        f"/sharing/cases/{case.pk}/disclosures/new/",
        disclosure_form(
            police.agency,
            "medical",
            "legal_basis:danger_to_life",
            purpose=SharingPurpose.MEDICAL_FACTS,
            justification="Strangulation, menaces de mort ; elle refuse toute plainte, sous emprise.",
        ),
    )

    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert disclosure.legal_basis.code == "danger_to_life"
    assert disclosure.consent is None
    event = AuditEvent.objects.get(action=AuditAction.DISCLOSE)
    assert event.basis == "legal_basis:danger_to_life"
    assert event.fields == ["medical"]
    page = client_for(police).get(f"/cases/{case.pk}/").content.decode()
    assert "Traces de strangulation au cou." in page
    assert "Code pénal, art. 226-14, 3°" in page  # the basis, in the list of what was shared with the police


def test_a_sharing_without_basis_is_refused_with_the_reason_in_french(client_for, case, victim_support, police):
    response = client_for(police).post(
        f"/sharing/cases/{case.pk}/disclosures/new/", disclosure_form(victim_support.agency, "judicial", "")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Un partage a besoin d" + APOSTROPHE + "une base" in page
    assert not Disclosure.objects.exists()
    recipient = Viewer(user=victim_support.user, agency=victim_support.agency)
    assert Compartment.JUDICIAL not in recipient.open_compartments(case)


def test_withdrawal_closes_at_once_and_cannot_be_undone(client_for, case, victim_support, police):
    case_services.add_note(
        viewer=victim_support, case=case, compartment=Compartment.PSYCHOSOCIAL, body="Suivi psychologique engagé."
    )
    worker = client_for(victim_support)
    oral = {"consent-method": "oral_with_witness", "consent-witness_name": "Mme Roux"}
    assert (
        worker.post(f"/sharing/cases/{case.pk}/consents/new/", consent_form(case, police.agency, **oral)).status_code
        == 302
    )
    consent = Consent.objects.get()
    on_consent = disclosure_form(police.agency, "psychosocial", f"consent:{consent.pk}")
    assert worker.post(f"/sharing/cases/{case.pk}/disclosures/new/", on_consent).status_code == 302
    assert "Suivi psychologique engagé." in client_for(police).get(f"/cases/{case.pk}/").content.decode()

    withdraw_url = f"/sharing/cases/{case.pk}/consents/{consent.pk}/withdraw/"
    assert "Cela ne peut pas être annulé" in worker.get(withdraw_url).content.decode()
    unconfirmed = worker.post(withdraw_url, {"withdraw-reason": "Elle a peur."})
    assert unconfirmed.status_code == 400
    assert not ConsentWithdrawal.objects.exists()
    response = worker.post(withdraw_url, {"withdraw-reason": "Elle a peur.", "withdraw-confirm": "on"})

    assert response.status_code == 302
    assert "Suivi psychologique engagé." not in client_for(police).get(f"/cases/{case.pk}/").content.decode()
    again = worker.post(withdraw_url, {"withdraw-confirm": "on"})
    assert again.status_code == 400
    assert "déjà été retiré" in again.content.decode()
    assert ConsentWithdrawal.objects.count() == 1
    reused = worker.post(f"/sharing/cases/{case.pk}/disclosures/new/", on_consent)
    assert reused.status_code == 400  # a withdrawn consent is no longer offered, nor accepted
    assert Disclosure.objects.count() == 1


def _feedback_panel(page):
    return page.split('id="referral-feedback"')[1].split("</section>")[0]


def test_referrer_is_told_what_became_of_the_referral_only_with_her_consent(client_for, make_member, police):
    social_services = member_viewer(make_member, AgencyKind.SOCIAL_SERVICES)
    case = open_case(police, referring_agency=social_services.agency)
    case_services.add_task(
        viewer=police,
        case=case,
        title="Évaluation au commissariat",
        owner_agency=police.agency,
        due_on=timezone.localdate() + timedelta(days=3),
    )

    panel = _feedback_panel(client_for(social_services).get(f"/cases/{case.pk}/").content.decode())
    assert "Votre orientation a été reçue le" in panel
    assert "Évaluation au commissariat" not in panel
    assert police.agency.name not in panel

    victim = case.people.get(role=PersonRole.VICTIM).person
    feedback = {"consent-person": str(victim.pk), "consent-purpose": SharingPurpose.REFERRER_FEEDBACK}
    form = consent_form(case, social_services.agency, **feedback)
    assert client_for(police).post(f"/sharing/cases/{case.pk}/consents/new/", form).status_code == 302

    panel = _feedback_panel(client_for(social_services).get(f"/cases/{case.pk}/").content.decode())
    assert "Évaluation au commissariat" in panel
    assert police.agency.name in panel


def test_disclosure_register_is_for_the_coordinating_agency_and_its_dpo(
    client_for, make_member, case, police, victim_support
):
    dpo = member_viewer(make_member, AgencyKind.POLICE, Role.DATA_PROTECTION_OFFICER, agency=police.agency)
    colleague = member_viewer(make_member, AgencyKind.POLICE, Role.PRACTITIONER, agency=police.agency)
    partner_coordinator = member_viewer(
        make_member, AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR, agency=victim_support.agency
    )
    url = f"/sharing/cases/{case.pk}/register/"

    for viewer, status in [(police, 200), (dpo, 200), (colleague, 404), (partner_coordinator, 404)]:
        assert client_for(viewer).get(url).status_code == status, viewer.user
    assert case.reference in client_for(dpo).get("/sharing/registers/").content.decode()
    assert case.reference not in client_for(partner_coordinator).get("/sharing/registers/").content.decode()


def test_an_agency_outside_the_situation_gets_404_on_every_sharing_page(client_for, make_member, case):
    outsider = member_viewer(make_member, AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)

    for path in ("consents/new/", "disclosures/new/", "register/"):
        assert client_for(outsider).get(f"/sharing/cases/{case.pk}/{path}").status_code == 404


def test_coordinator_revokes_a_sharing_and_the_recipient_loses_it_at_once(
    client_for, case, hospital, police, victim_support
):
    case_services.add_note(viewer=hospital, case=case, compartment=Compartment.MEDICAL, body="Fracture du poignet.")
    form = disclosure_form(
        victim_support.agency,
        "medical",
        "legal_basis:court_order",
        purpose=SharingPurpose.MEDICAL_FACTS,
        justification="Ordonnance du juge d'instruction du 3 décembre.",
    )
    assert client_for(hospital).post(f"/sharing/cases/{case.pk}/disclosures/new/", form).status_code == 302
    disclosure = Disclosure.objects.get()
    assert "Fracture du poignet." in client_for(victim_support).get(f"/cases/{case.pk}/").content.decode()
    revoke_url = f"/sharing/cases/{case.pk}/disclosures/{disclosure.pk}/revoke/"
    assert client_for(victim_support).get(revoke_url).status_code == 404  # neither the sharer nor the coordinator

    response = client_for(police).post(revoke_url, {"revoke-reason": "Ordonnance rapportée."})

    assert response.status_code == 302
    assert "Fracture du poignet." not in client_for(victim_support).get(f"/cases/{case.pk}/").content.decode()
    register = client_for(police).get(f"/sharing/cases/{case.pk}/register/").content.decode()
    assert "Révoqué le" in register
    assert "Ordonnance rapportée." in register


def test_a_refused_sharing_is_kept_in_the_audit_trail(client_for, make_member, case, police):
    programme = member_viewer(make_member, AgencyKind.PERPETRATOR_PROGRAMME)
    case_services.invite_agency(viewer=police, case=case, agency=programme.agency)
    form = disclosure_form(
        programme.agency, "victim_only", "legal_basis:court_order", justification="Demande du programme."
    )

    response = client_for(police).post(f"/sharing/cases/{case.pk}/disclosures/new/", form)

    assert response.status_code == 400
    assert (
        "n" + APOSTROPHE + "est jamais partagé avec un programme pour auteurs de violences" in response.content.decode()
    )
    event = AuditEvent.objects.get(action=AuditAction.DISCLOSE)
    assert (event.outcome, event.reason, event.fields) == ("denied", "refused:compartments", ["victim_only"])
    assert not Disclosure.objects.exists()
