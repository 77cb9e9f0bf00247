"""A coordinator's first visit, in a real browser: login, second factor, language, main pages."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from playwright.sync_api import Locator, Page, expect

from maillage.accounts.models import Role
from maillage.conftest import current_totp
from maillage.directory.models import AgencyKind
from maillage.factories import TEST_PASSWORD, AgencyFactory
from maillage.web.tests.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in_with_password(page: Page, email: str) -> None:
    form = page.locator("main form").filter(has=page.locator("input[name=password]"))
    form.get_by_label(re.compile("e-mail", re.IGNORECASE)).fill(email)
    form.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    form.locator("button[type=submit]").click()


def fresh_totp(secret: str) -> str:
    """The current code, waiting for the next one if it is about to expire (allauth allows no drift)."""
    remaining = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if remaining < 3:
        time.sleep(remaining + 0.1)
    return current_totp(secret)


def tab_to(page: Page, target: Locator, max_presses: int = 30) -> None:
    """Move the keyboard focus forward with Tab until `target` has it."""
    for _ in range(max_presses):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{target} is not reachable with the Tab key")


def test_coordinator_first_login_language_switch_and_main_pages(page: Page, live_server, make_member) -> None:
    user = make_member(Role.COORDINATOR, kind=AgencyKind.SOCIAL_SERVICES)
    agency = user.memberships.get().agency
    AgencyFactory(name="Commissariat de Bourg-Lavaur", kind=AgencyKind.POLICE)
    AgencyFactory(name="Gendarmerie de Saint-Aubin", kind=AgencyKind.GENDARMERIE, municipality="Saint-Aubin")

    # Anyone who is not logged in is sent to the login page, in French by default.
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Connexion"))
    assert_accessible(page)

    log_in_with_password(page, user.email)

    # Second factor.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Authentification à deux facteurs")
    assert_accessible(page)
    code_field = page.locator("main input[name=code]")
    code_field.press_sequentially(fresh_totp(user.totp_secret))
    code_field.press("Enter")

    # Dashboard, in French.
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(page.get_by_test_id("acting-agency")).to_contain_text(agency.name)
    expect(page.locator("main")).to_contain_text(agency.name)
    assert_accessible(page)

    # Switch to English with the keyboard only: Tab to the select, pick English, Tab to the button, Enter.
    select = page.get_by_role("combobox", name="Langue")
    tab_to(page, select)
    page.keyboard.press("ArrowDown")
    expect(select).to_have_value("en")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Changer de langue")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page.get_by_test_id("acting-agency")).to_contain_text(agency.name)
    expect(page.locator("#language-select")).to_have_value("en")
    assert_accessible(page)

    # Directory: typing in the search box filters the results in place (htmx).
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Directory").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner directory")
    results = page.locator("#agency-results")
    count = page.locator("#agency-count")
    expect(count).to_have_text("3 agencies found.")
    assert_accessible(page)
    page.evaluate("window.sameDocument = true")  # gone if the whole page reloads
    with page.expect_response(lambda response: "q=Gendarmerie" in response.url) as search:
        page.get_by_label("Name, municipality or department").press_sequentially("Gendarmerie")
    assert search.value.request.headers.get("hx-request") == "true"
    expect(count).to_have_text("1 agency found.")
    assert page.evaluate("window.sameDocument === true"), "the results were not updated in place"
    expect(results.get_by_role("link", name="Gendarmerie de Saint-Aubin")).to_be_visible()
    expect(results.get_by_role("link", name="Commissariat de Bourg-Lavaur")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/directory/\?.*q=Gendarmerie"))
    assert_accessible(page)

    # My account.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.locator("main")).to_contain_text(user.email)
    expect(page.locator("main")).to_contain_text("Coordinator")
    assert_accessible(page)

    # The acting agency's team.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="My agency's team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Team of {agency.name}")
    expect(page.locator("main table")).to_contain_text(user.email)
    assert_accessible(page)

    # Logging out leads back to the login page; the dashboard is closed again.
    page.locator(".logout-form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("main input[name=password]")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))


def test_role_needing_a_second_factor_must_enrol_before_the_dashboard(page: Page, live_server, make_member) -> None:
    user = make_member(Role.PRACTITIONER, second_factor=False)

    page.goto("/accounts/login/")
    log_in_with_password(page, user.email)

    # The gate sends the user to the second-factor set-up; allauth first asks for the password again.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/\?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert_accessible(page)
    password = page.locator("main input[name=password]")
    password.fill(TEST_PASSWORD)
    password.press("Enter")

    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer l'application d'authentification")
    qr_code = page.locator("main img[src^='data:image/svg+xml']")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("img => img.complete && img.naturalWidth > 0"), "the QR code image is not displayed"
    assert_accessible(page)

    # Every other page sends the user back here until a second factor is set up.
    for path in ("/", "/directory/", "/account/me/", "/account/team/"):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Activer l'application d'authentification")

    # Once the authenticator app is set up with the secret shown, the dashboard opens.
    secret = page.locator("main #authenticator_secret").input_value()
    code = page.locator("main input[name=code]")
    code.fill(fresh_totp(secret))
    code.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    assert_accessible(page)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
