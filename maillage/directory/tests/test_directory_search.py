"""Finding a partner: by postcode (who covers it), MOVE phase and language, and an agency's page."""

import pytest

from maillage.accounts.models import Role
from maillage.directory.models import AgencyKind, MovePhase
from maillage.factories import AgencyFactory, PermanenceFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def names_found(client, **params) -> set[str]:
    content = client.get("/directory/", params).content.decode()
    return {name for name in ALL_NAMES if f">{name}</a>" in content}


ALL_NAMES = [
    "Brigade de Montreval",
    "Aide aux victimes du département",
    "CCAS de Castelbrune",
    "Hôpital de Bourg-Lavaur",
    "Médiation Passerelles",
]


@pytest.fixture
def directory(db):
    brigade = AgencyFactory(name="Brigade de Montreval", kind=AgencyKind.GENDARMERIE, postcode="99100")
    ServiceFactory(agency=brigade, move_phase=MovePhase.FIRST_LINE, covered_postcodes="99100,99200,99600")
    victim_support = AgencyFactory(name="Aide aux victimes du département", languages="fr,en")
    ServiceFactory(agency=victim_support, move_phase=MovePhase.SPECIALISED, covered_departments="99")
    ccas = AgencyFactory(name="CCAS de Castelbrune", kind=AgencyKind.SOCIAL_SERVICES, postcode="99400")
    ServiceFactory(agency=ccas, move_phase=MovePhase.SECONDARY, covered_municipalities="Castelbrune, Les Aulnaies")
    AgencyFactory(name="Hôpital de Bourg-Lavaur", kind=AgencyKind.HEALTH, postcode="99000", department_code="99")
    mediation = AgencyFactory(name="Médiation Passerelles", kind=AgencyKind.INTERPRETER_SERVICE)
    ServiceFactory(agency=mediation, move_phase=MovePhase.SECONDARY, languages="fr,wo,so")


def test_search_by_postcode_finds_the_agencies_covering_it(client, make_member, login, directory):
    login(make_member(Role.PRACTITIONER))

    # The brigade covers 99200 by postcode, victim support the whole department 99.
    assert names_found(client, postcode="99200") == {"Brigade de Montreval", "Aide aux victimes du département"}
    # An agency located at the postcode is found too, even without a service covering it.
    assert names_found(client, postcode="99000") == {"Aide aux victimes du département", "Hôpital de Bourg-Lavaur"}
    # Another department: nobody here covers it.
    assert names_found(client, postcode="82000") == set()


def test_postcode_combines_with_the_kind(client, make_member, login, directory):
    login(make_member(Role.PRACTITIONER))

    assert names_found(client, postcode="99200", kind="gendarmerie") == {"Brigade de Montreval"}


def test_a_malformed_postcode_is_explained_and_ignored(client, make_member, login, directory):
    login(make_member(Role.PRACTITIONER))

    response = client.get("/directory/", {"postcode": "99 2"})

    assert response.status_code == 200
    assert "Un code postal a cinq chiffres" in response.content.decode()
    assert names_found(client, postcode="99 2") == set(ALL_NAMES)


def test_filter_by_move_phase_and_language(client, make_member, login, directory):
    login(make_member(Role.PRACTITIONER))

    assert names_found(client, phase="specialised") == {"Aide aux victimes du département"}
    assert names_found(client, phase="secondary") == {"CCAS de Castelbrune", "Médiation Passerelles"}
    # The agency speaks English; the mediation service speaks Wolof.
    assert names_found(client, language="en") == {"Aide aux victimes du département"}
    assert names_found(client, language="wo") == {"Médiation Passerelles"}
    assert names_found(client, language="so") == {"Médiation Passerelles"}
    assert names_found(client, language="xx") == set(ALL_NAMES)  # unknown: ignored


def test_free_text_search_finds_a_municipality_a_service_covers(client, make_member, login, directory):
    login(make_member(Role.PRACTITIONER))

    assert names_found(client, q="Les Aulnaies") == {"CCAS de Castelbrune"}


def test_agency_page_shows_services_permanences_and_desks_held_there(client, make_member, login):
    login(make_member(Role.PRACTITIONER))
    police = AgencyFactory(name="Commissariat de Bourg-Lavaur", kind=AgencyKind.POLICE)
    support = AgencyFactory(name="Aide aux victimes", reception_address="12 rue des Tanneurs", languages="fr,ar")
    service = ServiceFactory(
        agency=support, name="Accompagnement des victimes", description="Écoute et droits", covered_departments="99"
    )
    PermanenceFactory(service=service, host_agency=police, frequency="chaque semaine")

    support_page = client.get(f"/directory/{support.pk}/").content.decode()
    police_page = client.get(f"/directory/{police.pk}/").content.decode()

    assert "Accompagnement des victimes" in support_page
    assert "Spécialisé" in support_page
    assert "12 rue des Tanneurs" in support_page
    assert "Français, Arabe" in support_page
    assert "Mardi, 09:00–12:00 (chaque semaine)" in support_page
    assert "Commissariat de Bourg-Lavaur" in support_page
    # The police station lists the desk held there by its partner.
    assert "Permanences tenues ici par des partenaires" in police_page
    assert "Mardi, 09:00–12:00" in police_page
    assert "Aide aux victimes" in police_page


def test_api_lists_services_permanences_and_filters_by_postcode(client, make_member, login, directory):
    login(make_member(Role.PRACTITIONER))

    body = client.get("/api/v1/agencies/", {"postcode": "99200"}).json()

    assert {agency["name"] for agency in body["results"]} == {
        "Brigade de Montreval",
        "Aide aux victimes du département",
    }
    brigade = next(agency for agency in body["results"] if agency["name"] == "Brigade de Montreval")
    assert brigade["services"][0]["covered_postcodes"] == ["99100", "99200", "99600"]
    assert brigade["services"][0]["move_phase"] == "first_line"
    assert brigade["services"][0]["capacity"] is None
    assert client.get("/api/v1/agencies/", {"postcode": "992"}).status_code == 400
    assert client.get("/api/v1/agencies/", {"language": "wo"}).json()["count"] == 1
