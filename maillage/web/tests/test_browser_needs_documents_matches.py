"""Needs, documents and the possible-match panel of the situation page in a real browser, with axe checks."""

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from maillage.accounts.models import Role
from maillage.cases.models import Document, MatchAlert, Need
from maillage.cases.services import PersonDetails
from maillage.directory.models import AgencyKind
from maillage.factories import open_case
from maillage.policy.viewer import Viewer
from maillage.web.tests.conftest import assert_accessible
from maillage.web.tests.test_browser_case_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def test_coordinator_adds_a_need_and_a_document_and_answers_a_possible_match(
    page: Page, live_server, make_member
) -> None:
    officer = make_member(Role.COORDINATOR, kind=AgencyKind.POLICE)
    police = Viewer(user=officer, agency=officer.memberships.get().agency)
    open_case(police, victim=PersonDetails("Sofia", "Martin", birth_date=date(1997, 3, 14)))
    coordinator = make_member(Role.COORDINATOR, kind=AgencyKind.VICTIM_SUPPORT)
    support = Viewer(user=coordinator, agency=coordinator.memberships.get().agency)
    case = open_case(support, victim=PersonDetails("Sofia", "Martin", birth_date=date(1997, 3, 14)))
    log_in(page, coordinator)

    page.goto(f"/cases/{case.pk}/")
    matches = page.get_by_role("region", name="Correspondance possible ailleurs")
    expect(matches).to_contain_text(f"Demandez à la coordination de la structure « {police.agency.name} ».")
    assert_accessible(page)

    needs = page.get_by_role("region", name="Besoins et difficultés")
    needs.get_by_text("Ajouter un besoin").click()
    needs.get_by_label("Besoin ou difficulté").select_option("housing")
    needs.get_by_label("Priorité").select_option("1")
    needs.get_by_label("Description").fill("Hébergement d'urgence avec l'enfant.")
    assert_accessible(page)
    needs.get_by_role("button", name="Ajouter le besoin").click()
    expect(page.get_by_role("region", name="Besoins et difficultés")).to_contain_text("Priorité haute")
    need = Need.objects.get()

    documents = page.get_by_role("region", name="Documents")
    documents.get_by_text("Ajouter un document").click()
    documents.get_by_label("Titre").fill("Certificat médical")
    documents.get_by_label("Fichier").set_input_files(
        files=[{"name": "certificat.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    assert_accessible(page)
    documents.get_by_role("button", name="Ajouter le document").click()
    expect(page.get_by_role("link", name="Certificat médical")).to_be_visible()
    assert Document.objects.get().original_name == "certificat.pdf"

    sofia = page.get_by_role("group", name=re.compile("^Sofia Martin"))
    sofia.get_by_role("button", name="Même personne").click()
    expect(page.get_by_role("group", name=re.compile("^Sofia Martin"))).to_have_count(0)
    expect(page.get_by_role("group", name=re.compile("^Karim Benali"))).to_be_visible()
    assert MatchAlert.objects.get(case=case, person__given_names="Sofia").status == MatchAlert.Status.CONFIRMED
    assert_accessible(page)

    page.goto(f"/cases/{case.pk}/needs/{need.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Besoin : Logement"))
    assert_accessible(page)
    page.get_by_label("Statut").select_option("in_progress")
    page.get_by_role("button", name="Enregistrer le besoin").click()
    expect(page.get_by_role("region", name="Besoins et difficultés")).to_contain_text("En cours")
