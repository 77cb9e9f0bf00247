"""Needs and difficulties of a situation: added and listed on the situation page by priority,
changed on their own page with a check for someone else's change, and kept to their compartment."""

import pytest

from maillage.accounts.models import Role
from maillage.cases import selectors, services
from maillage.cases.models import Need, NeedKind, NeedPriority, NeedStatus
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
    user = UserFactory()
    MembershipFactory(user=user, agency=police.agency, role=Role.PRACTITIONER)
    user.totp_secret = give_totp(user)
    return Viewer(user=user, agency=police.agency)


@pytest.fixture
def case(police):
    return open_case(police)


@pytest.fixture
def programme(make_member, police, case):
    """A perpetrator programme taking part in the situation (general and perpetrator side only)."""
    user = make_member(Role.PRACTITIONER, kind=AgencyKind.PERPETRATOR_PROGRAMME)
    viewer = Viewer(user=user, agency=user.memberships.get().agency)
    services.invite_agency(viewer=police, case=case, agency=viewer.agency)
    return viewer


def add(viewer, case, kind=NeedKind.HOUSING, priority=NeedPriority.MEDIUM, **values):
    return services.add_need(
        viewer=viewer, case=case, kind=kind, priority=priority, owner_agency=viewer.agency, **values
    )


def edit_form(need, **changes):
    form = {
        "need-kind": need.kind,
        "need-status": need.status,
        "need-priority": need.priority,
        "need-description": need.description,
        "need-owner_agency": need.owner_agency_id,
        "need-owner": need.owner_id or "",
        "need-compartment": need.compartment,
        "need-version": need.version,
    }
    return {**form, **{f"need-{name}": value for name, value in changes.items()}}


def test_need_added_on_the_situation_page_is_listed_with_its_priority_and_on_the_timeline(client, login, police, case):
    login(police.user)

    response = client.post(
        f"/cases/{case.pk}/needs/",
        {
            "need-kind": "housing",
            "need-description": "Hébergement d'urgence avec l'enfant.",
            "need-priority": "1",
            "need-owner_agency": police.agency.pk,
            "need-owner": police.user.pk,
            "need-compartment": "general",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#needs"
    need = Need.objects.get()
    assert (need.kind, need.priority, need.status, need.owner) == ("housing", 1, "identified", police.user)
    page = client.get(response["Location"]).content.decode()
    needs = page[page.index('id="needs-heading"') : page.index('id="note-heading"')]
    assert "Logement" in needs and "Priorité haute" in needs and "Identifié" in needs
    assert "Hébergement d&#x27;urgence avec l&#x27;enfant." in needs
    assert "Besoin repéré : Logement" in page[page.index('id="timeline-heading"') :]


def test_needs_are_listed_by_priority_then_what_is_still_to_do(client, login, police, case):
    add(police, case, NeedKind.EMPLOYMENT, NeedPriority.LOW, description="D")
    met = add(police, case, NeedKind.SAFETY, NeedPriority.HIGH, description="B")
    services.update_need(
        viewer=police,
        need=met,
        expected_version=1,
        kind=met.kind,
        priority=met.priority,
        status=NeedStatus.MET,
        owner_agency=police.agency,
        description="B",
    )
    add(police, case, NeedKind.HOUSING, NeedPriority.HIGH, description="A")
    add(police, case, NeedKind.MONEY, NeedPriority.MEDIUM, description="C")

    listed = [need.description for need in selectors.case_needs(viewer=police, case=case)]

    assert listed == ["A", "B", "C", "D"]
    login(police.user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    positions = [page.index(kind) for kind in ("Logement", "Sécurité", "Argent", "Emploi")]
    assert positions == sorted(positions)


def test_need_status_is_changed_on_its_page(client, login, police, case):
    need = add(police, case)
    login(police.user)
    url = f"/cases/{case.pk}/needs/{need.pk}/edit/"
    assert 'name="need-version" value="1"' in client.get(url).content.decode()

    response = client.post(url, edit_form(need, status="in_progress", priority="1"))

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#needs"
    need.refresh_from_db()
    assert (need.status, need.priority, need.version) == (NeedStatus.IN_PROGRESS, NeedPriority.HIGH, 2)
    assert "En cours" in client.get(f"/cases/{case.pk}/").content.decode()


def test_two_people_changing_the_same_need_the_second_is_told_and_the_first_change_is_kept(
    client, login, police, colleague, case
):
    need = add(police, case, description="Trouver un logement.")
    url = f"/cases/{case.pk}/needs/{need.pk}/edit/"
    login(police.user)
    first = client.post(url, edit_form(need, status="met"))
    client.logout()
    login(colleague.user)

    second = client.post(url, edit_form(need, status="no_longer_relevant", description="Plus nécessaire."))

    assert first.status_code == 302
    assert second.status_code == 400
    page = second.content.decode()
    assert STALE in page
    saved = page[page.index('id="saved-heading"') : page.index('id="edit-heading"')]
    assert "Satisfait" in saved  # what the first person saved, to compare with
    assert "Plus nécessaire." in page  # the second person's text is still in the form
    need.refresh_from_db()
    assert (need.status, need.description, need.version) == (NeedStatus.MET, "Trouver un logement.", 2)


def test_perpetrator_programme_does_not_see_a_victim_only_need(client, login, police, case, programme):
    secret = add(police, case, NeedKind.SAFETY, compartment=Compartment.VICTIM_ONLY, description="Mise à l'abri")
    add(police, case, NeedKind.LEGAL, description="Audience en mars")
    login(programme.user)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    listed = page[page.index('id="needs-heading"') : page.index('id="need-form"')]
    assert "Audience en mars" in listed
    assert "Sécurité" not in listed and "Mise à l" not in page
    assert client.get(f"/cases/{case.pk}/needs/{secret.pk}/edit/").status_code == 404
    assert [need.description for need in selectors.case_needs(viewer=programme, case=case)] == ["Audience en mars"]


def test_need_in_a_compartment_closed_to_the_agency_is_refused(client, login, case, programme):
    login(programme.user)

    response = client.post(
        f"/cases/{case.pk}/needs/",
        {
            "need-kind": "safety",
            "need-priority": "1",
            "need-owner_agency": programme.agency.pk,
            "need-compartment": "victim_only",
        },
    )

    assert response.status_code == 400
    assert not Need.objects.exists()


def test_need_given_to_an_agency_that_cannot_read_its_compartment_is_refused_in_french(
    client, login, police, case, programme
):
    login(police.user)

    response = client.post(
        f"/cases/{case.pk}/needs/",
        {
            "need-kind": "safety",
            "need-priority": "1",
            "need-owner_agency": programme.agency.pk,
            "need-compartment": "victim_only",
        },
    )

    assert response.status_code == 400
    assert "Cette structure ne peut pas lire ce compartiment" in response.content.decode()
    assert not Need.objects.exists()


def test_health_need_kept_in_the_medical_compartment_is_seen_by_health_only(make_member, police, case):
    nurse = make_member(Role.PRACTITIONER, kind=AgencyKind.HEALTH)
    health = Viewer(user=nurse, agency=nurse.memberships.get().agency)
    services.invite_agency(viewer=police, case=case, agency=health.agency)

    add(health, case, NeedKind.HEALTH, NeedPriority.HIGH, compartment=Compartment.MEDICAL, description="Suivi")

    assert [need.kind for need in selectors.case_needs(viewer=health, case=case)] == ["health"]
    assert not selectors.case_needs(viewer=police, case=case).exists()
