"""The Sofia vignette (../shared/vignettes/sofia.md) end to end, in real browsers, one per person.

The police officer opens the situation from the complaint and records the earlier main courante;
the victim-support coordinator is named, invites health, child protection and a perpetrator
programme, records the safe contact, a victim-only note and a task; each partner sees only its
compartments and an agency that takes no part gets a 404; the overdue task is on child
protection's dashboard; two simultaneous edits of a note are caught; the situation is closed with
a reason and a new signal reopens it as a repeat. axe-core checks every kind of page visited.
"""

import re
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from maillage.accounts.models import Role
from maillage.cases.models import Case, CaseStatus, ClosureReason, Note
from maillage.directory.models import Agency, AgencyKind
from maillage.factories import AgencyFactory
from maillage.web.tests.conftest import _LOGS, CSP_MARKERS, ConsoleLog, assert_accessible
from maillage.web.tests.test_browser_case_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAFE_PHONE = "06 71 42 93 58"
CODE_WORD = "Hirondelle"
ADDRESS = "Chez sa mère, 7 impasse des Tilleuls, 46300 Gourdon-les-Bois"
VICTIM_ONLY_NOTE = "Sofia souhaite partir avec Lina chez sa mère ; plan de mise en sécurité en cours."
TASK = "Évaluer la sécurité de Lina (enfant témoin)"


@pytest.fixture
def new_person(browser: Browser, live_server) -> Iterator[Callable[[], Page]]:
    """Open a page in a new browser context (its own cookies): one per person of the scenario."""
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server.url, locale="fr-FR", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return watched(context.new_page())

    yield open_page
    for context in contexts:
        context.close()


def watched(page: Page) -> Page:
    """Let `assert_accessible` fail on Content-Security-Policy refusals in this page, like the `page` fixture."""
    log = ConsoleLog()
    _LOGS[page] = log

    def on_console(message: ConsoleMessage) -> None:
        if message.type in {"error", "warning"} and any(marker in message.text for marker in CSP_MARKERS):
            log.csp_errors.append(f"{message.location.get('url') or page.url}: {message.text}")

    page.on("console", on_console)
    return page


def agency_label(agency: Agency) -> str:
    """How an agency is offered in the forms' lists (see AgencyChoiceField), in French."""
    with translation.override("fr"):
        return f"{agency.name} — {agency.get_kind_display()} ({agency.department_code})"


def test_sofia_vignette_across_agencies(page: Page, new_person, live_server, make_member) -> None:
    today = timezone.localdate()
    three_weeks_ago = today - timedelta(weeks=3)
    yesterday = today - timedelta(days=1)

    police = AgencyFactory(name="Commissariat de Bourg-Lavaur", kind=AgencyKind.POLICE)
    support = AgencyFactory(name="France Victimes 99", kind=AgencyKind.VICTIM_SUPPORT)
    health = AgencyFactory(name="Centre hospitalier de Bourg-Lavaur", kind=AgencyKind.HEALTH)
    child_protection = AgencyFactory(name="Aide sociale à l'enfance 99", kind=AgencyKind.CHILD_PROTECTION)
    programme = AgencyFactory(name="Stop Violences 99", kind=AgencyKind.PERPETRATOR_PROGRAMME)
    outsider = AgencyFactory(name="CIDFF de Saint-Aubin", kind=AgencyKind.WOMENS_SERVICE)
    officer = make_member(Role.PRACTITIONER, agency=police)
    coordinator = make_member(Role.COORDINATOR, agency=support)
    doctor = make_member(Role.PRACTITIONER, agency=health)
    child_worker = make_member(Role.PRACTITIONER, agency=child_protection)
    programme_worker = make_member(Role.PRACTITIONER, agency=programme)
    outsider_worker = make_member(Role.PRACTITIONER, agency=outsider)

    # --- 1. The police officer opens the situation from the complaint --------------------------
    log_in(page, officer)
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Situations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Situations"))
    page.get_by_role("link", name="Ouvrir une situation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ouvrir une situation")
    assert_accessible(page)

    signal = page.get_by_role("group", name="Le signalement", exact=True)
    signal.get_by_label("Comment la situation a été signalée").select_option("complaint")
    expect(signal.get_by_label("Structure orientatrice")).to_have_value(str(police.pk))
    signal.get_by_label("Professionnel·le à l’origine du signalement").fill("Assistante sociale du commissariat")
    signal.get_by_label("Structure coordinatrice").select_option(label=agency_label(support))
    signal.get_by_label("Premiers faits").fill(
        "Plainte ce matin : strangulation hier soir devant l'enfant, menace de mort en cas de départ."
    )
    victim = page.get_by_role("group", name="Victime", exact=True)
    victim.get_by_label("Prénoms").fill("Sofia")
    victim.get_by_label("Nom de famille").fill("Martin")
    victim.get_by_label("Date de naissance").fill("1996-05-02")
    victim.get_by_label("Langues parlées").fill("français")
    perpetrator = page.get_by_role("group", name="Auteur·rice (si connu·e)", exact=True)
    perpetrator.get_by_label("Prénoms").fill("Karim")
    perpetrator.get_by_label("Nom de famille").fill("Haddad")
    perpetrator.get_by_label("Date de naissance").fill("1991-01-20")
    child = page.get_by_role("group", name=re.compile(r"^Enfant exposé·e aux violences \(1"))
    child.get_by_label("Prénoms").fill("Lina")
    child.get_by_label("Nom de famille").fill("Haddad")
    child.get_by_label("Date de naissance").fill(f"{today.year - 4}-02-11")
    page.get_by_role("button", name="Ouvrir la situation").click()

    expect(page).to_have_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    case = Case.objects.get()
    case_url = f"/cases/{case.pk}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Situation {case.reference}")
    facts = page.locator("main dl.facts").first
    expect(facts).to_contain_text("Signalée")
    expect(facts).to_contain_text(support.name)
    people = page.locator("#people")
    for name in ("Sofia Martin", "Karim Haddad", "Lina Haddad"):
        expect(people).to_contain_text(name)

    # The earlier main courante, then last night's strangulation, as incidents.
    incident_form = page.locator("#incident-form")
    incident_form.locator("summary").click()
    incident_form.get_by_label("Date de l’incident").fill(three_weeks_ago.isoformat())
    incident_form.get_by_label("Lieu").fill("Domicile conjugal")
    incident_form.get_by_role("group", name="Formes de violence").get_by_label("Physiques").check()
    incident_form.get_by_label("Blessures").fill("Hématome au bras ; elle a dit être tombée.")
    incident_form.get_by_label("Réponse des forces de l’ordre").fill("Main courante")
    incident_form.get_by_label("Source").select_option("logbook_report")
    incident_form.get_by_label("Description").fill("Un voisin appelle le 17 après avoir entendu des cris.")
    assert_accessible(page)  # the situation page, with the incident form open
    incident_form.get_by_role("button", name="Enregistrer l’incident").click()
    expect(page.locator(".messages")).to_contain_text("L’incident a été enregistré.")

    incident_form = page.locator("#incident-form")
    incident_form.locator("summary").click()
    incident_form.get_by_label("Date de l’incident").fill(yesterday.isoformat())
    incident_form.get_by_label("Lieu").fill("Domicile conjugal")
    violence = incident_form.get_by_role("group", name="Formes de violence")
    violence.get_by_label("Physiques").check()
    violence.get_by_label("Psychologiques").check()
    incident_form.get_by_label("Strangulation ou étranglement").check()
    incident_form.get_by_label("Enfants présents").check()
    incident_form.get_by_label("Blessures").fill("Marques au cou constatées aux urgences.")
    incident_form.get_by_label("Source").select_option("complaint")
    incident_form.get_by_label("Description").fill("Menace de « finir le travail » si elle part.")
    incident_form.get_by_role("button", name="Enregistrer l’incident").click()
    expect(page.locator(".messages")).to_contain_text("L’incident a été enregistré.")

    # The timeline shows both, newest first: the main courante below, as the prior incident.
    incidents = page.locator("#timeline li.timeline__entry--incident")
    expect(incidents).to_have_count(2)
    last_night, earlier = incidents.nth(0), incidents.nth(1)
    expect(last_night.get_by_role("heading")).to_have_text("Incident — strangulation")
    expect(last_night.locator(f"time[datetime='{yesterday.isoformat()}']")).to_have_count(1)
    expect(last_night).to_contain_text(re.compile(r"Enfants présents\s*Oui"))
    expect(earlier.get_by_role("heading")).to_have_text("Incident")
    expect(earlier.locator(f"time[datetime='{three_weeks_ago.isoformat()}']")).to_have_count(1)
    expect(earlier).to_contain_text(re.compile(r"Réponse des forces de l’ordre\s*Main courante"))
    expect(earlier).to_contain_text(re.compile(r"Enfants présents\s*Non"))

    # --- 2. The victim-support coordinator takes the situation on ------------------------------
    coordination = new_person()
    log_in(coordination, coordinator)
    coordination.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Situations").click()
    expect(coordination.get_by_role("heading", level=1)).to_have_text(re.compile("Situations"))
    assert_accessible(coordination)
    coordination.get_by_role("link", name=case.reference).click()
    expect(coordination.get_by_role("heading", level=1)).to_have_text(f"Situation {case.reference}")
    expect(coordination.locator("main dl.facts").first).to_contain_text("Pas encore désigné·e")

    coordinator_form = coordination.locator("#coordinator-form")
    coordinator_form.locator("summary").click()
    coordinator_form.get_by_label("Coordinateur·rice responsable de la situation").select_option(
        label=coordinator.full_name
    )
    coordinator_form.locator("form").get_by_role("button").click()
    expect(coordination.locator(".messages")).to_contain_text(coordinator.full_name)
    expect(coordination.locator("main dl.facts").first).to_contain_text(coordinator.full_name)

    for partner in (health, child_protection, programme):
        invite_form = coordination.locator("#invite-form")
        invite_form.locator("summary").click()
        invite_form.get_by_label("Structure à inviter").select_option(label=agency_label(partner))
        invite_form.get_by_role("button", name="Inviter").click()
        expect(coordination.locator(".messages")).to_contain_text(f"{partner.name} participe désormais à la situation.")
    participants = coordination.locator("#participants > ul")
    for partner in (support, police, health, child_protection, programme):
        expect(participants).to_contain_text(partner.name)
    expect(participants).not_to_contain_text(outsider.name)

    # The safe contact, first of all.
    safe_contact = coordination.get_by_role("region", name="Contact sûr")
    safe_contact.get_by_role("link", name="Enregistrer le contact sûr").click()
    expect(coordination.get_by_role("heading", level=1)).to_have_text("Contact sûr de Sofia")
    assert_accessible(coordination)
    coordination.get_by_label("Téléphone sûr").fill(SAFE_PHONE)
    coordination.get_by_label("Jours et heures sûrs").fill("en semaine, 9 h – 12 h (au travail)")
    coordination.get_by_label("Mot de code").fill(CODE_WORD)
    expect(coordination.get_by_label("Un message peut être laissé")).not_to_be_checked()
    coordination.get_by_label("Adresse actuelle (confidentielle)").fill(ADDRESS)
    coordination.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(coordination.locator(".messages")).to_contain_text("Le contact sûr a été enregistré.")
    safe_contact = coordination.get_by_role("region", name="Contact sûr")
    expect(safe_contact).to_contain_text(SAFE_PHONE)
    expect(safe_contact).to_contain_text(CODE_WORD)
    expect(safe_contact).to_contain_text("Ne pas laisser de message.")
    expect(safe_contact.get_by_text(ADDRESS)).to_be_hidden()
    safe_contact.get_by_text("Afficher l’adresse actuelle (confidentielle)").click()
    expect(safe_contact.get_by_text(ADDRESS)).to_be_visible()

    # A victim-only note (added in place, with htmx) and a task for child protection, due yesterday.
    note_panel = coordination.locator("#note-panel")
    note_panel.get_by_label(re.compile("^Note")).fill(VICTIM_ONLY_NOTE)
    note_panel.get_by_label("Qui peut la lire").select_option("victim_only")
    note_panel.get_by_role("button", name="Ajouter la note").click()
    expect(coordination.locator("#note-feedback")).to_contain_text("La note a été ajoutée au fil.")
    expect(coordination.locator("#timeline")).to_contain_text(VICTIM_ONLY_NOTE)

    task_form = coordination.locator("#task-form")
    task_form.locator("summary").click()
    task_form.get_by_label(re.compile("^Tâche")).fill(TASK)
    task_form.get_by_label("Structure chargée de la tâche").select_option(label=agency_label(child_protection))
    task_form.get_by_label("Échéance").fill(yesterday.isoformat())
    task_form.get_by_role("button", name="Ajouter la tâche").click()
    expect(coordination.locator(".messages")).to_contain_text("La tâche a été ajoutée.")
    expect(coordination.locator("#timeline")).to_contain_text(f"Tâche : {TASK}")
    assert_accessible(coordination)  # the coordinator's situation page: every panel and form

    # --- 3. Each partner sees only its compartments; an agency taking no part gets a 404 -------
    secrets = (SAFE_PHONE, CODE_WORD, ADDRESS, VICTIM_ONLY_NOTE)

    hospital = new_person()
    log_in(hospital, doctor)
    hospital.goto(case_url)
    expect(hospital.get_by_role("heading", level=1)).to_have_text(f"Situation {case.reference}")
    expect(hospital.locator("#timeline")).to_contain_text("Incident — strangulation")
    expect(hospital.get_by_role("heading", name="Contact sûr")).to_have_count(0)
    expect(hospital.locator("#people")).not_to_contain_text("Lina")  # the children's compartment is closed
    hospital_text = hospital.locator("body").inner_text()
    assert not [secret for secret in secrets if secret in hospital_text]
    assert_accessible(hospital)  # a partner's view of the situation

    child_welfare = new_person()
    log_in(child_welfare, child_worker)
    child_welfare.goto(case_url)
    expect(child_welfare.get_by_role("heading", level=1)).to_have_text(f"Situation {case.reference}")
    expect(child_welfare.locator("#people")).to_contain_text("Lina Haddad")
    expect(child_welfare.locator("#timeline")).to_contain_text(f"Tâche : {TASK}")
    expect(child_welfare.get_by_role("heading", name="Contact sûr")).to_have_count(0)
    child_welfare_text = child_welfare.locator("body").inner_text()
    assert not [secret for secret in secrets if secret in child_welfare_text]

    perpetrator_work = new_person()
    log_in(perpetrator_work, programme_worker)
    perpetrator_work.goto(case_url)
    expect(perpetrator_work.get_by_role("heading", level=1)).to_have_text(f"Situation {case.reference}")
    expect(perpetrator_work.locator("#people")).to_contain_text("Karim Haddad")
    expect(perpetrator_work.locator("#people")).not_to_contain_text("Lina")
    expect(perpetrator_work.locator("#timeline")).to_contain_text("Incident — strangulation")
    expect(perpetrator_work.get_by_role("heading", name="Contact sûr")).to_have_count(0)
    programme_text = perpetrator_work.locator("body").inner_text()
    assert not [secret for secret in secrets if secret in programme_text], "Sofia's whereabouts leaked"
    assert "Gourdon" not in perpetrator_work.content()

    stranger = new_person()
    log_in(stranger, outsider_worker)
    response = stranger.goto(case_url)
    assert response is not None and response.status == 404
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Page introuvable")
    stranger_text = stranger.locator("body").inner_text()
    assert case.reference not in stranger_text and "Sofia" not in stranger_text
    assert_accessible(stranger)

    # --- 4. The overdue task is on child protection's dashboard --------------------------------
    child_welfare.goto("/")
    overdue = child_welfare.get_by_role("region", name="En retard")
    expect(overdue).to_contain_text(TASK)
    expect(overdue.get_by_role("link", name=case.reference)).to_be_visible()
    expect(overdue.locator(f"time[datetime='{yesterday.isoformat()}']")).to_have_count(1)
    assert_accessible(child_welfare)

    # --- 5. Two simultaneous edits of the note: the second is caught, the first kept -----------
    note = Note.objects.get(case=case)
    first_tab = coordination
    first_tab.goto(case_url)
    first_tab.locator("#timeline").get_by_role(
        "link", name="Modifier ou retirer cette note, voir son historique"
    ).click()
    expect(first_tab).to_have_url(re.compile(rf"/cases/{case.pk}/notes/{note.pk}/edit/$"))
    second_tab = watched(first_tab.context.new_page())
    second_tab.goto(f"/cases/{case.pk}/notes/{note.pk}/edit/")
    expect(second_tab.get_by_role("heading", level=1)).to_have_text("Note")

    first_text = VICTIM_ONLY_NOTE + " Hébergement chez sa mère confirmé pour vendredi."
    second_text = VICTIM_ONLY_NOTE + " Départ reporté."
    first_tab.locator("#edit").get_by_label(re.compile("^Note")).fill(first_text)
    first_tab.get_by_role("button", name="Enregistrer la note").click()
    expect(first_tab.locator(".messages")).to_contain_text("La note a été modifiée")
    expect(first_tab.locator("#timeline")).to_contain_text(first_text)

    second_tab.locator("#edit").get_by_label(re.compile("^Note")).fill(second_text)
    second_tab.get_by_role("button", name="Enregistrer la note").click()
    expect(second_tab.locator("#edit")).to_contain_text("Quelqu’un d’autre a modifié cette fiche")
    current = second_tab.get_by_role("region", name="Texte enregistré actuellement")
    expect(current).to_contain_text(first_text)
    expect(second_tab.locator("#edit").get_by_label(re.compile("^Note"))).to_have_value(second_text)
    assert_accessible(second_tab)  # the note page, here with the refused edit and its message
    note.refresh_from_db()
    assert note.body == first_text
    second_tab.close()

    # --- 6. Closed with a reason; a new signal reopens it as a repeat --------------------------
    first_tab.goto(case_url)
    status = first_tab.locator("#status")
    status.get_by_label("Nouveau statut").select_option("closed")
    status.get_by_label("Motif de clôture").select_option("exit_from_violence")
    status.get_by_label("Commentaire").fill("Accompagnement terminé avec l'accord de Sofia.")
    status.get_by_role("button", name="Changer le statut").click()
    expect(first_tab.locator(".messages")).to_contain_text("Clôturée")
    expect(first_tab.locator("main dl.facts").first).to_contain_text("Clôturée — Sortie des violences")
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (CaseStatus.CLOSED, ClosureReason.EXIT_FROM_VIOLENCE)

    page.goto(case_url)
    expect(page.locator(".case-header .badge").first).to_have_text("Clôturée")
    signal_form = page.locator("#signal-form")
    signal_form.locator("summary").click()
    signal_form.get_by_label("Comment la situation a été signalée").select_option("police_callout")
    signal_form.get_by_label("Premiers faits").fill("Nouvel appel au 17 : Karim a menacé Sofia à la sortie du travail.")
    signal_form.get_by_role("button", name="Enregistrer le signalement").click()
    expect(page.locator(".messages")).to_contain_text(
        "Le nouveau signalement a été enregistré. La situation a été rouverte et marquée comme réitération."
    )
    header = page.locator(".case-header")
    expect(header).to_contain_text("En évaluation")
    expect(header.locator(".badge--repeat")).to_have_text("Réitération")
    expect(page.locator("#timeline")).to_contain_text("Statut : Clôturée → En évaluation")
    assert_accessible(page)  # the reopened situation
    case.refresh_from_db()
    assert case.status == CaseStatus.EVALUATING and case.is_repeat
