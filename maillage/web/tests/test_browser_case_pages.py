"""The situation pages in a real browser: intake, the situation, a note added with htmx, with axe checks."""

import re

import pytest
from playwright.sync_api import Page, expect

from maillage.accounts.models import Role
from maillage.cases.models import Case
from maillage.directory.models import AgencyKind
from maillage.web.tests.conftest import assert_accessible
from maillage.web.tests.test_browser_first_login import fresh_totp, log_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(tab: Page, user) -> None:
    tab.goto("/")
    log_in_with_password(tab, user.email)
    code_field = tab.locator("main input[name=code]")
    code_field.press_sequentially(fresh_totp(user.totp_secret))
    code_field.press("Enter")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Tableau de bord")


def test_officer_opens_a_situation_and_adds_a_note_without_reloading(page: Page, live_server, make_member) -> None:
    officer = make_member(Role.COORDINATOR, kind=AgencyKind.POLICE)
    log_in(page, officer)
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Situations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Situations"))
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir une situation").click()
    assert_accessible(page)

    signal = page.get_by_role("group", name="Le signalement")
    signal.get_by_label("Comment la situation a été signalée").select_option("complaint")
    signal.get_by_label("Premiers faits").fill("Strangulation la nuit dernière devant l'enfant.")
    victim = page.get_by_role("group", name="Victime")
    victim.get_by_label("Prénoms").fill("Sofia")
    victim.get_by_label("Nom de famille").fill("Martin")
    victim.get_by_label("Date de naissance").fill("1997-03-14")
    page.get_by_role("button", name="Ouvrir la situation").click()

    case = Case.objects.get()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Situation {case.reference}")
    expect(page.get_by_role("heading", name="Contact sûr")).to_be_visible()
    assert_accessible(page)

    # The note goes through htmx: the page is not reloaded, the timeline is swapped in place.
    page.evaluate("window.notReloaded = true")
    note_panel = page.locator("#note-panel")
    note_panel.get_by_label("Note").fill("Premier appel à la victime : elle rappellera mardi.")
    note_panel.get_by_label("Qui peut la lire").select_option("victim_only")
    note_panel.get_by_role("button", name="Ajouter la note").click()
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Premier appel à la victime")
    expect(page.locator("#note-feedback")).to_contain_text("La note a été ajoutée au fil.")
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("#note-panel").get_by_label("Note")).to_have_value("")
    assert_accessible(page)

    timeline.get_by_role("link", name="Modifier ou retirer cette note, voir son historique").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Note")
    assert_accessible(page)

    page.goto(f"/cases/{case.pk}/contact/")
    assert_accessible(page)
