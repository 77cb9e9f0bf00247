"""Adding to a situation through its pages: notes (edit, retract, history), incidents, tasks,
status changes and the safe contact, with optimistic locking; tasks on the dashboard."""

from datetime import timedelta

import pytest
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.cases import services
from maillage.cases.models import CaseStatus, Incident, Note, PersonRole, Task, TaskStatus, VictimContact
from maillage.directory.models import AgencyKind
from maillage.factories import MembershipFactory, UserFactory, give_totp, open_case
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db

STALE = "Quelqu\N{RIGHT SINGLE QUOTATION MARK}un d\N{RIGHT SINGLE QUOTATION MARK}autre a modifié"


@pytest.fixture
def police(make_member):
    user = make_member(Role.COORDINATOR, kind=AgencyKind.POLICE)
    return Viewer(user=user, agency=user.memberships.get().agency)


@pytest.fixture
def colleague(police):
    """A second practitioner of the same police station."""
    user = UserFactory()
    MembershipFactory(user=user, agency=police.agency, role=Role.PRACTITIONER)
    user.totp_secret = give_totp(user)
    return Viewer(user=user, agency=police.agency)


@pytest.fixture
def case(police):
    return open_case(police)


# --- Notes -------------------------------------------------------------------------------------


def test_note_is_added_and_shown_on_the_timeline_with_its_compartment(client, login, police, case):
    login(police.user)

    response = client.post(
        f"/cases/{case.pk}/notes/", {"note-body": "Appel de la victime.", "note-compartment": "general"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#timeline"
    page = client.get(response["Location"]).content.decode()
    assert "Appel de la victime." in page
    assert "Compartiment : Général" in page


def test_note_added_with_htmx_swaps_the_form_and_the_timeline(client, login, police, case):
    login(police.user)

    response = client.post(
        f"/cases/{case.pk}/notes/",
        {"note-body": "Appel de la victime.", "note-compartment": "victim_only"},
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert 'id="note-panel"' in content
    assert 'id="timeline" aria-labelledby="timeline-heading" hx-swap-oob="true"' in content
    assert "Appel de la victime." in content
    assert "La note a été ajoutée au fil." in content
    assert Note.objects.get(body="Appel de la victime.").compartment == Compartment.VICTIM_ONLY


def test_empty_note_is_refused_with_a_french_error_in_both_ways(client, login, police, case):
    login(police.user)
    form = {"note-body": "", "note-compartment": "general"}

    plain = client.post(f"/cases/{case.pk}/notes/", form)
    htmx = client.post(f"/cases/{case.pk}/notes/", form, headers={"HX-Request": "true"})

    assert plain.status_code == 400
    assert "Ce champ est obligatoire." in plain.content.decode()
    assert htmx.status_code == 200  # htmx swaps only successful responses
    assert "Ce champ est obligatoire." in htmx.content.decode() and "<html" not in htmx.content.decode()
    assert not Note.objects.exists()


def test_note_in_a_compartment_closed_to_the_agency_is_refused(client, login, police, case, make_member):
    programme_user = make_member(Role.PRACTITIONER, kind=AgencyKind.PERPETRATOR_PROGRAMME)
    services.invite_agency(viewer=police, case=case, agency=programme_user.memberships.get().agency)
    login(programme_user)

    response = client.post(f"/cases/{case.pk}/notes/", {"note-body": "?", "note-compartment": "victim_only"})

    assert response.status_code == 400
    assert not Note.objects.exists()


def test_two_people_editing_the_same_note_the_second_is_told_and_the_first_edit_is_kept(
    client, login, police, colleague, case
):
    note = services.add_note(viewer=police, case=case, compartment=Compartment.GENERAL, body="Texte initial.")
    url = f"/cases/{case.pk}/notes/{note.pk}/edit/"
    # Both opened the note at version 1.
    login(police.user)
    assert 'name="edit-version" value="1"' in client.get(url).content.decode()
    first = client.post(url, {"edit-body": "Correction de l'officière.", "edit-version": 1})
    client.logout()
    login(colleague.user)

    second = client.post(url, {"edit-body": "Correction du collègue.", "edit-version": 1})

    assert first.status_code == 302
    assert second.status_code == 400
    page = second.content.decode()
    assert STALE in page
    assert "Correction de l&#x27;officière." in page  # the text saved now, to compare with
    assert "Correction du collègue." in page  # their own text is not lost from the form
    note.refresh_from_db()
    assert note.body == "Correction de l'officière."
    assert note.revisions.count() == 1


def test_note_history_shows_who_changed_it_and_when(client, login, police, colleague, case):
    note = services.add_note(viewer=police, case=case, compartment=Compartment.GENERAL, body="Premier jet.")
    Note.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(hours=2))
    Note.objects.filter(pk=note.pk).update(updated_at=timezone.now() - timedelta(hours=2))
    login(colleague.user)

    response = client.post(
        f"/cases/{case.pk}/notes/{note.pk}/edit/", {"edit-body": "Texte corrigé.", "edit-version": 1}
    )

    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/notes/{note.pk}/edit/").content.decode()
    assert "Historique" in page
    assert colleague.user.full_name in page
    assert "Premier jet." in page and "Texte corrigé." in page
    note.refresh_from_db()
    # Editing records when the note last changed (it did not before: see services.edit_note).
    assert note.updated_at > timezone.now() - timedelta(minutes=1)


def test_retracted_note_stays_on_the_timeline_marked_retracted_with_its_reason(client, login, police, case):
    note = services.add_note(viewer=police, case=case, compartment=Compartment.GENERAL, body="Erreur de dossier.")
    login(police.user)

    response = client.post(
        f"/cases/{case.pk}/notes/{note.pk}/retract/",
        {"retract-reason": "Note écrite dans la mauvaise situation.", "retract-version": 1},
    )

    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Note retirée" in page
    assert "Erreur de dossier." in page
    assert "Note écrite dans la mauvaise situation." in page
    note.refresh_from_db()
    assert note.retracted_at is not None


def test_retracting_needs_a_reason(client, login, police, case):
    note = services.add_note(viewer=police, case=case, compartment=Compartment.GENERAL, body="Texte.")
    login(police.user)

    response = client.post(f"/cases/{case.pk}/notes/{note.pk}/retract/", {"retract-reason": "", "retract-version": 1})

    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    note.refresh_from_db()
    assert note.retracted_at is None


# --- Incidents, tasks, status ------------------------------------------------------------------


def test_incident_is_recorded_with_its_markers(client, login, police, case):
    login(police.user)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = client.post(
        f"/cases/{case.pk}/incidents/",
        {
            "incident-occurred_on": yesterday,
            "incident-place": "Domicile",
            "incident-forms": ["physical", "psychological"],
            "incident-strangulation": "on",
            "incident-children_present": "on",
            "incident-source": "complaint",
            "incident-compartment": "general",
            "incident-description": "Menace de mort.",
        },
    )

    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.strangulation and incident.children_present
    assert incident.forms == ["physical", "psychological"]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Physiques, Psychologiques" in page
    assert "Menace de mort." in page


def test_incident_in_the_future_is_refused_on_its_date(client, login, police, case):
    login(police.user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(
        f"/cases/{case.pk}/incidents/",
        {
            "incident-occurred_on": tomorrow,
            "incident-forms": ["physical"],
            "incident-source": "complaint",
            "incident-compartment": "general",
        },
    )

    assert response.status_code == 400
    assert "Cette date est dans le futur." in response.content.decode()
    assert not Incident.objects.exists()


def test_task_is_added_then_marked_done(client, login, police, case):
    login(police.user)
    due = (timezone.localdate() + timedelta(days=7)).isoformat()

    response = client.post(
        f"/cases/{case.pk}/tasks/",
        {"task-title": "Proposer un hébergement", "task-owner_agency": police.agency.pk, "task-due_on": due},
    )

    assert response.status_code == 302
    task = Task.objects.get()
    done = client.post(f"/cases/{case.pk}/tasks/{task.pk}/done/", {"version": task.version})
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    # A second click from the same stale page changes nothing and says so.
    again = client.post(f"/cases/{case.pk}/tasks/{task.pk}/done/", {"version": 1}, follow=True)
    assert "Cette tâche est déjà faite ou annulée." in again.content.decode()


def test_task_for_an_agency_not_taking_part_is_refused(client, login, police, case):
    from maillage.factories import AgencyFactory

    login(police.user)
    stranger = AgencyFactory(kind=AgencyKind.HOUSING)

    response = client.post(
        f"/cases/{case.pk}/tasks/",
        {"task-title": "Héberger", "task-owner_agency": stranger.pk, "task-due_on": "2030-01-01"},
    )

    assert response.status_code == 400
    assert not Task.objects.exists()


def test_overdue_task_appears_on_the_dashboard(client, login, police, case):
    services.add_task(
        viewer=police,
        case=case,
        title="Rappeler Sofia",
        owner_agency=police.agency,
        due_on=timezone.localdate() - timedelta(days=3),
    )
    services.add_task(
        viewer=police,
        case=case,
        title="Préparer la réunion",
        owner_agency=police.agency,
        due_on=timezone.localdate() + timedelta(days=3),
    )
    login(police.user)

    page = client.get("/").content.decode()

    overdue = page[page.index('id="overdue-heading"') : page.index('id="tasks-heading"')]
    assert "Rappeler Sofia" in overdue and "Préparer la réunion" not in overdue
    assert case.reference in overdue
    mine = page[page.index('id="tasks-heading"') :]
    assert "Rappeler Sofia" in mine and "Préparer la réunion" in mine


def test_closing_without_a_reason_is_refused(client, login, police, case):
    login(police.user)

    response = client.post(
        f"/cases/{case.pk}/status/", {"status-to_status": "closed", "status-reason": "", "status-version": 1}
    )

    assert response.status_code == 400
    assert "Choisissez le motif de clôture." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.SIGNALLED


def test_closing_with_a_reason_is_shown_on_the_timeline(client, login, police, case):
    login(police.user)

    response = client.post(
        f"/cases/{case.pk}/status/",
        {"status-to_status": "closed", "status-reason": "exit_from_violence", "status-version": 1},
    )

    assert response.status_code == 302
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Signalée → Clôturée" in page
    assert "Sortie des violences" in page


def test_status_change_from_a_stale_page_is_refused(client, login, police, case):
    services.change_status(viewer=police, case=case, to_status=CaseStatus.ACTIVE, expected_version=1)
    login(police.user)

    response = client.post(f"/cases/{case.pk}/status/", {"status-to_status": "monitoring", "status-version": 1})

    assert response.status_code == 400
    assert STALE in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.ACTIVE


# --- Safe contact ------------------------------------------------------------------------------


def contact_form(**changes):
    form = {
        "safe_phone": "06 12 34 56 78",
        "safe_email": "",
        "safe_times": "mardi matin",
        "code_word": "tournesol",
        "address": "12 rue des Lilas",
    }
    return {**form, **changes}


def test_safe_contact_is_recorded_then_edited_with_its_version(client, login, police, case):
    login(police.user)
    url = f"/cases/{case.pk}/contact/"

    created = client.post(url, contact_form())
    edited = client.post(url, contact_form(safe_times="jeudi après-midi", version=1))

    assert created.status_code == 302 and edited.status_code == 302
    contact = VictimContact.objects.get(case_person__case=case, case_person__role=PersonRole.VICTIM)
    assert (contact.safe_times, contact.version) == ("jeudi après-midi", 2)
    assert 'name="version" value="2"' in client.get(url).content.decode()


def test_safe_contact_edit_from_a_stale_page_is_refused(client, login, police, colleague, case):
    url = f"/cases/{case.pk}/contact/"
    login(police.user)
    client.post(url, contact_form())
    client.post(url, contact_form(code_word="marguerite", version=1))
    client.logout()
    login(colleague.user)

    response = client.post(url, contact_form(code_word="coquelicot", version=1))

    assert response.status_code == 400
    assert STALE in response.content.decode()
    assert VictimContact.objects.get().code_word == "marguerite"


def test_safe_contact_with_a_bad_email_is_refused_in_french(client, login, police, case):
    login(police.user)

    response = client.post(f"/cases/{case.pk}/contact/", contact_form(safe_email="pas-une-adresse"))

    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide." in response.content.decode()
    assert not VictimContact.objects.exists()
