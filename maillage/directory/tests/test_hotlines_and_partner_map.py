"""The national hotlines (data, in both languages) and the printable partner map of a territory."""

import pytest

from maillage.accounts.models import Role
from maillage.directory.models import AgencyKind, Hotline
from maillage.factories import AgencyFactory, CapacityFactory, PermanenceFactory, ServiceFactory, national_hotlines

pytestmark = pytest.mark.django_db

NATIONAL_NUMBERS = ["17", "114", "3919", "116 006", "08 019 019 11"]


@pytest.fixture(autouse=True)
def _hotlines(db):
    national_hotlines()


def test_the_national_hotlines_are_data_loaded_by_a_migration():
    assert list(Hotline.objects.values_list("number", flat=True)) == NATIONAL_NUMBERS
    text_only = Hotline.objects.get(number="114")
    assert (text_only.channel, text_only.is_emergency, text_only.free_of_charge) == ("text", True, True)


def test_hotlines_page_shows_every_number_in_french_then_english(client, make_member, login):
    login(make_member(Role.PRACTITIONER))

    french = client.get("/directory/hotlines/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/directory/hotlines/").content.decode()

    for number in NATIONAL_NUMBERS:
        assert f'<p class="hotline__number">{number}</p>' in french
    assert "Violences Femmes Info" in french
    assert "l’appel n’apparaît pas sur les factures" in french.replace("&#x27;", "’").replace("'", "’")
    assert "Écoute des auteurs de violences conjugales" in french
    assert "7 j/7, de 9 h à 19 h" in french
    assert "Helpline for perpetrators of domestic violence" in english
    assert "24 hours a day, 7 days a week" in english
    assert "Text message (SMS)" in english


def test_a_hotline_changed_in_the_data_shows_changed(client, make_member, login):
    Hotline.objects.filter(number="116 006").update(hours_fr="7 j/7, de 8 h à 20 h")
    login(make_member(Role.PRACTITIONER))

    assert "7 j/7, de 8 h à 20 h" in client.get("/directory/hotlines/").content.decode()


def test_hotlines_api_answers_in_the_language_asked(client, make_member, login):
    login(make_member(Role.STATISTICIAN))

    body = client.get("/api/v1/hotlines/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert [hotline["number"] for hotline in body] == NATIONAL_NUMBERS
    assert body[2]["name"] == "Violences Femmes Info (women's helpline)"
    assert body[1]["languages"] == ["fr", "fsl"]


@pytest.fixture
def territory(db):
    police = AgencyFactory(name="Commissariat de Bourg-Lavaur", kind=AgencyKind.POLICE, phone="05 36 49 10 17")
    support = AgencyFactory(name="Aide aux victimes du Val-de-Loing", kind=AgencyKind.VICTIM_SUPPORT)
    PermanenceFactory(service=ServiceFactory(agency=support, name="Accompagnement"), host_agency=police)
    CapacityFactory(
        service__agency=AgencyFactory(name="Foyer Les Tilleuls", kind=AgencyKind.HOUSING),
        service__name="Hébergement d'urgence",
    )
    AgencyFactory(name="Gendarmerie du Tarn", kind=AgencyKind.GENDARMERIE, department_code="81")


def test_partner_map_groups_the_territory_by_kind_with_permanences_capacity_and_hotlines(
    client, make_member, login, territory
):
    login(make_member(Role.PRACTITIONER, agency=AgencyFactory(name="CIDFF", kind=AgencyKind.WOMENS_SERVICE)))

    content = client.get("/directory/map/", {"department": "99"}).content.decode()

    assert "Carte des partenaires — département 99" in content
    assert "4 partenaires dans le département 99." in content
    # Groups follow the order of the kinds: police before victim support before women's services before housing.
    headings = [
        content.index(f'id="kind-{kind}"') for kind in ("police", "victim_support", "womens_service", "housing")
    ]
    assert headings == sorted(headings)
    assert "Permanence : Mardi, 09:00–12:00 (chaque semaine) — Commissariat de Bourg-Lavaur" in content
    assert "hébergement : 3 places libres sur 12" in content
    assert "Gendarmerie du Tarn" not in content
    assert "3919" in content and "116 006" in content


def test_partner_map_defaults_to_the_acting_agencys_department(client, make_member, login, territory):
    login(make_member(Role.PRACTITIONER, agency=AgencyFactory(kind=AgencyKind.HEALTH, department_code="81")))

    content = client.get("/directory/map/", {"department": "<script>"}).content.decode()

    assert "Carte des partenaires — département 81" in content
    assert "Gendarmerie du Tarn" in content
    assert "Commissariat de Bourg-Lavaur" not in content


def test_partner_map_downloads_as_a_pdf(client, make_member, login, territory):
    login(make_member(Role.PRACTITIONER))

    response = client.get("/directory/map/pdf/", {"department": "99"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="partner-map-99.pdf"'
    assert response.content.startswith(b"%PDF-")
