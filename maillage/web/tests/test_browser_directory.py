"""A practitioner finds who covers a postcode, opens the agency, then prints the partner map, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from maillage.accounts.models import Role
from maillage.directory.models import AgencyKind, MovePhase
from maillage.factories import AgencyFactory, CapacityFactory, PermanenceFactory, ServiceFactory, national_hotlines
from maillage.web.tests.conftest import assert_accessible
from maillage.web.tests.test_browser_first_login import fresh_totp, log_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_directory_search_by_postcode_agency_page_and_partner_map(page: Page, live_server, make_member) -> None:
    user = make_member(Role.PRACTITIONER, kind=AgencyKind.SOCIAL_SERVICES)
    police = AgencyFactory(name="Commissariat de Bourg-Lavaur", kind=AgencyKind.POLICE, postcode="99000")
    brigade = AgencyFactory(name="Brigade de Montreval", kind=AgencyKind.GENDARMERIE, postcode="99100")
    ServiceFactory(agency=brigade, move_phase=MovePhase.FIRST_LINE, covered_postcodes="99100,99200")
    support = AgencyFactory(name="Aide aux victimes du Val-de-Loing", languages="fr,ar")
    service = ServiceFactory(agency=support, name="Accompagnement des victimes", covered_departments="99")
    PermanenceFactory(service=service, host_agency=police)
    CapacityFactory(service__agency=AgencyFactory(name="Foyer Les Tilleuls", kind=AgencyKind.HOUSING))
    national_hotlines()

    page.goto("/directory/")
    log_in_with_password(page, user.email)
    code = page.locator("main input[name=code]")
    code.press_sequentially(fresh_totp(user.totp_secret))
    code.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuaire des partenaires")

    # Typing a postcode narrows the list in place to the agencies covering it.
    with page.expect_response(lambda response: "postcode=99200" in response.url):
        page.get_by_label("Code postal couvert").press_sequentially("99200")
    expect(page.locator("#agency-count")).to_have_text("2 structures trouvées.")
    results = page.locator("#agency-results")
    expect(results.get_by_role("link", name="Brigade de Montreval")).to_be_visible()
    expect(results.get_by_role("link", name="Commissariat de Bourg-Lavaur")).to_have_count(0)
    assert_accessible(page)

    results.get_by_role("link", name="Aide aux victimes du Val-de-Loing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aide aux victimes du Val-de-Loing")
    expect(page.get_by_role("heading", name=re.compile("Accompagnement des victimes"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Mardi, 09:00–12:00")
    assert_accessible(page)

    page.get_by_role("link", name="Commissariat de Bourg-Lavaur").click()
    expect(page.locator("main")).to_contain_text("Permanences tenues ici par des partenaires")
    page.goto("/directory/")
    page.get_by_role("link", name=re.compile("Carte imprimable des partenaires du département 99")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carte des partenaires — département 99")
    expect(page.get_by_role("heading", name="Logement et hébergement")).to_be_visible()
    expect(page.locator("main")).to_contain_text("3919")
    assert_accessible(page)

    # Printed, the map keeps its content and drops the site's header and the department form.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#map-department")).to_be_hidden()
    expect(page.get_by_role("heading", name="Numéros nationaux")).to_be_visible()
