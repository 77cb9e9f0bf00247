"""The situation pages: list, intake, what each participating agency sees, and the 404 for outsiders."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from maillage.accounts.models import Role
from maillage.cases import services
from maillage.cases.models import Case, CaseStatus, Note, PersonRole
from maillage.directory.models import AgencyKind
from maillage.factories import AgencyFactory, open_case
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db

CONTACT = {
    "safe_phone": "06 12 34 56 78",
    "safe_email": "",
    "safe_times": "mardi matin",
    "code_word": "tournesol",
    "may_leave_message": False,
    "address": "12 rue des Lilas, Montreval",
}


def member_viewer(make_member, kind, role=Role.PRACTITIONER, agency=None):
    user = make_member(role, kind=kind, agency=agency)
    return Viewer(user=user, agency=user.memberships.get().agency)


@pytest.fixture
def police(make_member):
    """A police coordinator: opens situations and coordinates them."""
    return member_viewer(make_member, AgencyKind.POLICE, Role.COORDINATOR)


@pytest.fixture
def sofia(police):
    """Sofia's situation, with her safe contact, a victim-only note and a perpetrator-side note."""
    case = open_case(police)
    victim = case.people.get(role=PersonRole.VICTIM)
    services.save_victim_contact(viewer=police, case_person=victim, values=CONTACT, expected_version=None)
    services.add_note(viewer=police, case=case, compartment=Compartment.VICTIM_ONLY, body="Elle est chez sa mère.")
    services.add_note(viewer=police, case=case, compartment=Compartment.PERPETRATOR_SIDE, body="Stage proposé.")
    services.add_note(viewer=police, case=case, compartment=Compartment.GENERAL, body="Audition faite.")
    return case


def intake_form(**changes):
    form = {
        "signal-channel": "complaint",
        "signal-received_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "signal-referring_person": "Brigadière Leroy",
        "signal-first_facts": "Strangulation la nuit dernière devant l'enfant.",
        "victim-given_names": "Sofia",
        "victim-family_name": "Martin",
        "victim-birth_date": "1997-03-14",
        "victim-languages": "français",
        "perpetrator-given_names": "Karim",
        "perpetrator-family_name": "Benali",
        "child1-given_names": "Lina",
        "child1-family_name": "Benali",
        "child1-birth_date": "2022-05-01",
    }
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


# --- Intake ----------------------------------------------------------------------------------


def test_officer_opens_a_situation_through_the_intake_form(client, login, make_member):
    officer = member_viewer(make_member, AgencyKind.POLICE)
    coordination = AgencyFactory(kind=AgencyKind.VICTIM_SUPPORT, department_code=officer.agency.department_code)
    login(officer.user)
    assert client.get("/cases/new/").status_code == 200

    response = client.post(
        "/cases/new/",
        intake_form(**{"signal-referring_agency": officer.agency.pk, "signal-coordinator_agency": coordination.pk}),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.coordinator_agency == coordination
    people = {(link.role, link.person.given_names) for link in case.people.select_related("person")}
    assert people == {
        (PersonRole.VICTIM, "Sofia"),
        (PersonRole.PERPETRATOR, "Karim"),
        (PersonRole.CHILD_EXPOSED, "Lina"),
    }
    page = client.get(response["Location"]).content.decode()
    assert case.reference in page
    assert f"La situation {case.reference} a été ouverte." in page
    assert "Strangulation la nuit dernière" in page


def test_intake_without_perpetrator_or_children_is_accepted(client, login, make_member):
    officer = member_viewer(make_member, AgencyKind.POLICE)
    login(officer.user)

    response = client.post(
        "/cases/new/",
        intake_form(
            **{
                "signal-referring_agency": officer.agency.pk,
                "perpetrator-given_names": None,
                "perpetrator-family_name": None,
                "child1-given_names": None,
                "child1-family_name": None,
                "child1-birth_date": None,
            }
        ),
    )

    assert response.status_code == 302
    assert list(Case.objects.get().people.values_list("role", flat=True)) == [PersonRole.VICTIM]


def test_impossible_date_is_a_french_error_and_nothing_is_created(client, login, make_member):
    officer = member_viewer(make_member, AgencyKind.POLICE)
    login(officer.user)

    response = client.post(
        "/cases/new/", intake_form(**{"signal-referring_agency": officer.agency.pk, "signal-received_on": "2026-02-31"})
    )

    assert response.status_code == 400
    assert "Saisissez une date valide." in response.content.decode()
    assert not Case.objects.exists()


def test_signal_in_the_future_is_refused_by_the_service_and_nothing_is_created(client, login, make_member):
    officer = member_viewer(make_member, AgencyKind.POLICE)
    login(officer.user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client.post(
        "/cases/new/", intake_form(**{"signal-referring_agency": officer.agency.pk, "signal-received_on": tomorrow})
    )

    assert response.status_code == 400
    assert "Cette date est dans le futur." in response.content.decode()
    assert not Case.objects.exists()


def test_half_filled_child_is_refused_on_its_own_fields(client, login, make_member):
    officer = member_viewer(make_member, AgencyKind.POLICE)
    login(officer.user)

    response = client.post(
        "/cases/new/", intake_form(**{"signal-referring_agency": officer.agency.pk, "child2-given_names": "Adam"})
    )

    assert response.status_code == 400
    assert 'id="id_child2-family_name"' in response.content.decode()
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Case.objects.exists()


def test_agencies_that_cannot_open_a_situation_get_no_intake_form(client, login, make_member):
    login(make_member(Role.STATISTICIAN))

    assert client.get("/cases/new/").status_code == 403
    assert "Ouvrir une situation" not in client.get("/cases/").content.decode()


# --- List ------------------------------------------------------------------------------------


def test_list_shows_the_agencys_situations_filtered_by_status(client, login, police):
    signalled = open_case(police)
    closed = open_case(police)
    services.change_status(
        viewer=police, case=closed, to_status=CaseStatus.CLOSED, reason="exit_from_violence", expected_version=1
    )
    login(police.user)

    everything = client.get("/cases/").content.decode()
    only_closed = client.get("/cases/", {"status": "closed"}).content.decode()

    assert signalled.reference in everything and closed.reference in everything
    assert "Ouvrir une situation" in everything
    assert closed.reference in only_closed and signalled.reference not in only_closed
    assert client.get("/cases/", {"status": "<script>"}).status_code == 200


def test_list_hides_situations_of_other_agencies_and_paginates(client, login, police, make_member):
    other = member_viewer(make_member, AgencyKind.GENDARMERIE, Role.COORDINATOR)
    elsewhere = open_case(other)
    for _ in range(26):
        open_case(police)
    login(police.user)

    first = client.get("/cases/").content.decode()
    second = client.get("/cases/", {"page": 2}).content.decode()

    assert "26 situations" in first
    assert "Page 1 sur 2" in first
    assert len(re.findall(r'href="/cases/[0-9a-f-]{36}/"', second)) == 1
    assert elsewhere.reference not in first + second


def test_menu_offers_situations_to_those_who_work_on_them(client, login, make_member):
    login(make_member(Role.AGENCY_ADMIN))
    assert 'href="/cases/"' not in client.get("/").content.decode()

    client.logout()
    login(make_member(Role.PRACTITIONER, kind=AgencyKind.POLICE))
    assert 'href="/cases/"' in client.get("/").content.decode()


# --- What each agency sees -------------------------------------------------------------------


def test_police_page_shows_the_safe_contact_box_and_victim_only_notes(client, login, police, sofia):
    login(police.user)

    page = client.get(f"/cases/{sofia.pk}/").content.decode()

    assert "Contact sûr" in page
    assert "06 12 34 56 78" in page and "tournesol" in page
    assert "Ne pas laisser de message." in page
    # The address is there only on demand, inside a closed details element.
    details = page[page.index("<details>") : page.index("</details>")]
    assert "12 rue des Lilas" in details and page.count("12 rue des Lilas") == 1
    assert "Elle est chez sa mère." in page
    assert "Stage proposé." in page
    assert f'href="/cases/{sofia.pk}/contact/"' in page


def test_perpetrator_programme_sees_neither_safe_contact_nor_victim_only_notes(
    client, login, police, sofia, make_member
):
    programme = member_viewer(make_member, AgencyKind.PERPETRATOR_PROGRAMME)
    services.invite_agency(viewer=police, case=sofia, agency=programme.agency)
    login(programme.user)

    page = client.get(f"/cases/{sofia.pk}/").content.decode()

    assert "Stage proposé." in page and "Audition faite." in page
    assert "Contact sûr" not in page
    for secret in ["06 12 34 56 78", "tournesol", "Lilas", "Elle est chez sa mère."]:
        assert secret not in page
    assert f"/cases/{sofia.pk}/contact/" not in page
    # Its note form offers only the compartments open to it.
    assert 'value="victim_only"' not in page
    assert 'value="perpetrator_side"' in page
    assert client.get(f"/cases/{sofia.pk}/contact/").status_code == 404


def test_coordinator_invites_health_which_then_sees_only_its_compartments(client, login, police, sofia, make_member):
    health = member_viewer(make_member, AgencyKind.HEALTH)
    services.add_note(viewer=police, case=sofia, compartment=Compartment.JUDICIAL, body="Plainte transmise.")
    login(police.user)

    response = client.post(f"/cases/{sofia.pk}/participants/", {"invite-agency": health.agency.pk})

    assert response.status_code == 302
    assert f"{health.agency.name} participe désormais" in client.get(response["Location"]).content.decode()
    client.logout()
    login(health.user)
    page = client.get(f"/cases/{sofia.pk}/").content.decode()
    assert "Audition faite." in page
    for hidden in ["Plainte transmise.", "Elle est chez sa mère.", "Stage proposé.", "tournesol", "Contact sûr"]:
        assert hidden not in page
    assert 'value="medical"' in page and 'value="judicial"' not in page
    # Only the coordinating agency manages participants and status.
    assert "Inviter une structure" not in page and "Changer le statut" not in page
    other = AgencyFactory(kind=AgencyKind.CHILD_PROTECTION)
    assert client.post(f"/cases/{sofia.pk}/participants/", {"invite-agency": other.pk}).status_code == 404
    assert not sofia.participations.filter(agency=other).exists()


def test_coordinator_ends_a_participation_and_access_closes_at_once(client, login, police, sofia, make_member):
    support = member_viewer(make_member, AgencyKind.VICTIM_SUPPORT)
    participation = services.invite_agency(viewer=police, case=sofia, agency=support.agency)
    login(police.user)

    response = client.post(f"/cases/{sofia.pk}/participants/{participation.pk}/end/")

    assert response.status_code == 302
    client.logout()
    login(support.user)
    assert client.get(f"/cases/{sofia.pk}/").status_code == 404


def test_coordinator_names_the_person_answerable(client, login, police, sofia):
    login(police.user)

    response = client.post(
        f"/cases/{sofia.pk}/coordinator/", {"coordinator-coordinator": police.user.pk, "coordinator-version": 1}
    )

    assert response.status_code == 302
    sofia.refresh_from_db()
    assert sofia.coordinator == police.user


def test_outsider_gets_404_on_every_case_url(client, login, police, sofia, make_member):
    note = Note.objects.filter(case=sofia).first()
    task = services.add_task(
        viewer=police, case=sofia, title="Rappeler", owner_agency=police.agency, due_on=timezone.localdate()
    )
    participation = sofia.participations.get()
    outsider = member_viewer(make_member, AgencyKind.VICTIM_SUPPORT, Role.COORDINATOR)
    login(outsider.user)
    base = f"/cases/{sofia.pk}"

    for url in [f"{base}/", f"{base}/contact/", f"{base}/notes/{note.pk}/edit/"]:
        assert client.get(url).status_code == 404, url
    for url in [
        f"{base}/contact/",
        f"{base}/notes/",
        f"{base}/notes/{note.pk}/edit/",
        f"{base}/notes/{note.pk}/retract/",
        f"{base}/incidents/",
        f"{base}/tasks/",
        f"{base}/tasks/{task.pk}/done/",
        f"{base}/people/",
        f"{base}/signals/",
        f"{base}/status/",
        f"{base}/participants/",
        f"{base}/participants/{participation.pk}/end/",
        f"{base}/coordinator/",
    ]:
        assert client.post(url, {"version": 1}).status_code == 404, url
    assert sofia.reference not in client.get("/cases/").content.decode()


def test_content_of_another_situation_is_404_under_this_one(client, login, police, sofia):
    other = open_case(police)
    note = services.add_note(viewer=police, case=other, compartment=Compartment.GENERAL, body="Autre.")
    login(police.user)

    assert client.get(f"/cases/{sofia.pk}/notes/{note.pk}/edit/").status_code == 404


def test_children_compartment_decides_which_roles_a_person_can_be_added_with(client, login, police, sofia):
    login(police.user)

    response = client.post(
        f"/cases/{sofia.pk}/people/",
        {
            "person-role": "child_victim",
            "person-given_names": "Lina",
            "person-family_name": "Benali",
            "person-birth_date": "2022-05-01",
            "person-relationship": "fille de la victime",
        },
    )

    assert response.status_code == 302
    assert sofia.people.filter(role=PersonRole.CHILD_VICTIM, compartment=Compartment.CHILDREN).exists()


def test_new_signal_on_a_recently_closed_situation_reopens_it_as_a_repeat(client, login, police, sofia):
    services.change_status(
        viewer=police, case=sofia, to_status=CaseStatus.CLOSED, reason="exit_from_violence", expected_version=1
    )
    login(police.user)

    response = client.post(
        f"/cases/{sofia.pk}/signals/",
        {
            "signal-channel": "police_callout",
            "signal-received_on": date.today().isoformat(),
            "signal-referring_agency": police.agency.pk,
            "signal-first_facts": "Nouvel appel au 17.",
        },
    )

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "rouverte et marquée comme réitération" in page
    assert "Réitération" in page
    sofia.refresh_from_db()
    assert sofia.status == CaseStatus.EVALUATING and sofia.is_repeat
