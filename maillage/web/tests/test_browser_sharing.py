"""Consent and sharing in a real browser, with axe checks: a victim-support worker records a consent,
a health professional shares medical facts under the danger-to-life basis, and the police then read
them."""

import pytest
from playwright.sync_api import Page, expect

from maillage.accounts.models import Role
from maillage.cases.services import add_note, invite_agency
from maillage.directory.models import AgencyKind
from maillage.factories import open_case
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer
from maillage.sharing.models import Consent, Disclosure
from maillage.sharing.tests.helpers import load_legal_bases
from maillage.web.tests.conftest import assert_accessible
from maillage.web.tests.test_browser_case_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def viewer_of(user):
    return Viewer(user=user, agency=user.memberships.get().agency)


def log_out(tab: Page) -> None:
    tab.get_by_role("button", name="Se déconnecter").click()


def test_consent_then_a_sharing_under_the_danger_to_life_basis(page: Page, live_server, make_member) -> None:
    load_legal_bases()  # a transactional test's flush empties the table the migration filled
    police = viewer_of(make_member(Role.COORDINATOR, kind=AgencyKind.POLICE))
    worker = viewer_of(make_member(Role.PRACTITIONER, kind=AgencyKind.VICTIM_SUPPORT))
    doctor = viewer_of(make_member(Role.PRACTITIONER, kind=AgencyKind.HEALTH))
    case = open_case(police)
    invite_agency(viewer=police, case=case, agency=worker.agency)
    invite_agency(viewer=police, case=case, agency=doctor.agency)
    add_note(viewer=doctor, case=case, compartment=Compartment.MEDICAL, body="Traces de strangulation au cou.")

    log_in(page, worker.user)
    page.goto(f"/cases/{case.pk}/")
    consent = page.locator("#consent-form")
    consent.get_by_text("Enregistrer un consentement").click()
    victim = case.people.get(role="victim").person
    consent.get_by_label("Personne qui consent").select_option(str(victim.pk))
    consent.get_by_label("Finalité").select_option("named_agency")
    consent.get_by_label("Avec quelle structure").select_option(str(police.agency.pk))
    consent.get_by_label("Oralement, devant un témoin").check()
    consent.get_by_role("textbox", name="Témoin").fill("Mme Roux, juriste")
    assert_accessible(page)
    consent.get_by_role("button", name="Enregistrer le consentement").click()
    expect(page.locator(".messages")).to_contain_text("Le consentement a été enregistré.")
    expect(page.locator("#sharing")).to_contain_text("Sofia Martin — Partage avec une structure nommée")
    expect(page.locator("#sharing")).to_contain_text("Mme Roux, juriste")
    assert Consent.objects.get().collected_by == worker.user
    page.get_by_role("link", name="Enregistrer un retrait").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retirer un consentement")
    assert_accessible(page)
    log_out(page)

    log_in(page, doctor.user)
    page.goto(f"/cases/{case.pk}/")
    sharing = page.locator("#disclosure-form")
    sharing.get_by_text("Partager avec une structure participante").click()
    sharing.get_by_label("Partager avec").select_option(str(police.agency.pk))
    sharing.get_by_label("Médical").check()
    sharing.get_by_label("Finalité").select_option("medical_facts")
    sharing.get_by_label("Fondement").select_option("legal_basis:danger_to_life")
    sharing.get_by_role("textbox", name="Justification").fill("Strangulation, menaces de mort ; elle est sous emprise.")
    assert_accessible(page)
    sharing.get_by_role("button", name="Partager et inscrire au registre").click()
    expect(page.locator(".messages")).to_contain_text("a été inscrit au registre")
    assert Disclosure.objects.get().legal_basis.code == "danger_to_life"
    log_out(page)

    log_in(page, police.user)
    page.goto(f"/cases/{case.pk}/")
    expect(page.locator("#timeline")).to_contain_text("Traces de strangulation au cou.")
    page.get_by_role("link", name="Registre des partages de la situation").click()
    expect(page.locator("table")).to_contain_text("Code pénal, art. 226-14, 3°")
    assert_accessible(page)
