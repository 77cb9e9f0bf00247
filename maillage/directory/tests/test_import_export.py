"""Directory spreadsheets: export what one may see, import all rows or none with an error report by line."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.directory.models import Agency, AgencyKind, MovePhase, Service
from maillage.factories import AgencyFactory, ServiceFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "agency_name,agency_kind,department,municipality,postcode,agency_phone,service_name,move_phase,covered_postcodes"
)


def upload(content: str | bytes, name: str = "annuaire.csv") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def governance_admin(make_member, login):
    admin = make_member(Role.AGENCY_ADMIN, agency=AgencyFactory(name="CDPD 99", kind=AgencyKind.GOVERNANCE))
    login(admin)
    return admin


def test_import_creates_agencies_and_services_and_audits_them(client, governance_admin):
    rows = [
        HEADER,
        "Brigade de Montreval,gendarmerie,99,Montreval,99100,05 36 49 11 17,Accueil des victimes,first_line,"
        '"99100, 99200"',
        "Brigade de Montreval,Gendarmerie,99,Montreval,99100,05 36 49 11 17,Maison de protection,Première ligne,",
        "CCAS de Montreval,Services sociaux,99,Montreval,99100,,,,",
    ]

    response = client.post("/directory/import/", {"file": upload("\n".join(rows))}, follow=True)

    assert response.status_code == 200
    assert "Import terminé : 2 structures créées, 0 mises à jour ; 2 services créés" in response.content.decode()
    brigade = Agency.objects.get(name="Brigade de Montreval")
    assert (brigade.kind, brigade.postcode, brigade.phone) == (AgencyKind.GENDARMERIE, "99100", "05 36 49 11 17")
    service = brigade.services.get(name="Accueil des victimes")
    assert (service.move_phase, service.covered_postcodes) == (MovePhase.FIRST_LINE, "99100,99200")
    assert Agency.objects.get(name="CCAS de Montreval").kind == AgencyKind.SOCIAL_SERVICES
    events = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert events.count() == 4
    assert set(events.values_list("reason", flat=True)) == {"created"}
    assert all(event.actor_id == governance_admin.pk for event in events)


def test_import_with_one_bad_row_imports_nothing_and_lists_errors_by_line(client, governance_admin):
    rows = [
        HEADER,
        "Brigade de Montreval,gendarmerie,99,Montreval,99100,,Accueil des victimes,first_line,99100",
        "CCAS de Montreval,social_services,99,Montreval,9910,,Aides,troisième ligne,99100",
        "Hôpital,health,99,Bourg-Lavaur,99000,,,,",
    ]

    response = client.post("/directory/import/", {"file": upload("\n".join(rows))})

    assert response.status_code == 400
    content = response.content.decode()
    assert "Rien n’a été importé" in content
    assert (
        "<td>3</td><td>postcode</td><td>Code postal invalide : 9910. Un code postal compte cinq chiffres.</td>"
        in content
    )
    assert "<td>3</td><td>move_phase</td><td>Niveau MOVE inconnu : troisième ligne.</td>" in content
    assert "Le fichier a 2 problèmes" in content
    assert list(Agency.objects.values_list("name", flat=True)) == ["CDPD 99"]
    assert not Service.objects.exists()
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).outcome == "rejected"


def test_import_updates_an_agency_of_the_same_name_and_department(client, governance_admin):
    agency = AgencyFactory(name="CIDFF du Val-de-Loing", kind=AgencyKind.WOMENS_SERVICE, phone="01")
    ServiceFactory(agency=agency, name="Information juridique", move_phase=MovePhase.SPECIALISED)
    rows = [
        "agency_name,agency_kind,department,agency_phone,service_name,move_phase,opening_hours",
        "CIDFF du Val-de-Loing,womens_service,99,05 36 49 14 00,Information juridique,specialised,9 h – 17 h",
    ]

    response = client.post("/directory/import/", {"file": upload("\n".join(rows))}, follow=True)

    assert "0 structures créées, 1 mises à jour ; 0 services créés, 1 mis à jour" in response.content.decode()
    agency.refresh_from_db()
    assert (agency.phone, agency.version) == ("05 36 49 14 00", 2)
    assert agency.services.get().opening_hours == "9 h – 17 h"
    assert Agency.objects.count() == 2  # the CIDFF and the governance body
    event = AuditEvent.objects.get(action=AuditAction.IMPORT, object_id=str(agency.pk))
    assert (event.reason, event.fields) == ("updated", ["phone"])


def test_import_cannot_change_the_kind_of_an_agency(client, governance_admin):
    AgencyFactory(name="Programme auteurs", kind=AgencyKind.PERPETRATOR_PROGRAMME)

    response = client.post(
        "/directory/import/",
        {"file": upload("agency_name,agency_kind,department\nProgramme auteurs,victim_support,99")},
    )

    assert response.status_code == 400
    assert "Un import ne peut pas changer le type d’une structure existante." in response.content.decode()
    assert Agency.objects.get(name="Programme auteurs").kind == AgencyKind.PERPETRATOR_PROGRAMME


def test_import_refuses_agencies_of_another_department(client, governance_admin):
    rows = [
        "agency_name,agency_kind,department,postcode",
        "Commissariat,police,82,82000",
        "Mairie,social_services,99,82000",
    ]

    response = client.post("/directory/import/", {"file": upload("\n".join(rows))})

    assert response.status_code == 400
    content = response.content.decode()
    assert (
        "<td>2</td><td>department</td><td>Vous ne pouvez importer que des structures de votre département (99)."
        in content
    )
    assert "<td>3</td><td>postcode</td><td>Le code postal 82000 n’est pas dans le département 99.</td>" in content
    assert Agency.objects.count() == 1


def test_import_reports_repeated_services_and_inconsistent_agency_rows(client, governance_admin):
    rows = [
        "agency_name,agency_kind,department,agency_phone,service_name,move_phase",
        "Foyer,housing,99,01,Hébergement,secondary",
        "Foyer,housing,99,02,Hébergement,secondary",
    ]

    content = client.post("/directory/import/", {"file": upload("\n".join(rows))}).content.decode()

    assert "<td>3</td><td>agency_phone</td><td>Diffère de la ligne 2, qui décrit la même structure.</td>" in content
    assert "<td>3</td><td>service_name</td><td>Ce service figure déjà à la ligne 2.</td>" in content
    assert not Agency.objects.filter(name="Foyer").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("annuaire.txt", b"agency_name", "Envoyez un fichier CSV ou XLSX."),
        ("annuaire.xlsx", b"agency_name,agency_kind,department", "Ce n’est pas un fichier XLSX."),
        ("annuaire.csv", b"\x00\x01\x02", "Ce n’est pas un fichier CSV."),
        ("annuaire.csv", b"name,kind\nA,police", "Colonnes absentes de la première ligne : agency_name, agency_kind"),
        ("annuaire.csv", b"agency_name,agency_kind,department,colour\nA,police,99,red", "Colonnes inconnues : colour."),
        (
            "annuaire.csv",
            b"agency_name,agency_kind,department\n",
            "Le fichier n’a aucune ligne sous sa première ligne.",
        ),
        ("annuaire.csv", b"agency_name,agency_kind,department\n" + b"x" * (2 * 1024 * 1024), "trop volumineux"),
    ],
)
def test_a_file_of_the_wrong_type_or_shape_is_refused(client, governance_admin, name, data, message):
    response = client.post("/directory/import/", {"file": upload(data, name)})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Agency.objects.count() == 1


def test_semicolon_separated_windows_1252_csv_from_a_french_spreadsheet_is_read(client, governance_admin):
    data = "agency_name;agency_kind;department;municipality\nCentre médico-psychologique;mental_health;99;Montréval"

    client.post("/directory/import/", {"file": upload(data.encode("cp1252"))})

    assert Agency.objects.get(name="Centre médico-psychologique").municipality == "Montréval"


@pytest.mark.parametrize("role", [role for role in Role if role != Role.AGENCY_ADMIN])
def test_only_the_governance_body_admin_may_import(client, make_member, login, role):
    login(make_member(role, kind=AgencyKind.GOVERNANCE))

    assert client.get("/directory/import/").status_code == 403


def test_an_admin_of_another_kind_of_agency_may_not_import(client, make_member, login):
    login(make_member(Role.AGENCY_ADMIN, kind=AgencyKind.VICTIM_SUPPORT))

    assert "Importer un tableur" not in client.get("/directory/").content.decode()
    response = client.post("/directory/import/", {"file": upload("agency_name,agency_kind,department\nX,police,99")})

    assert response.status_code == 403
    assert not Agency.objects.filter(name="X").exists()


# --- export ----------------------------------------------------------------------------------------


@pytest.fixture
def listed(db):
    police = AgencyFactory(
        name="Commissariat de Bourg-Lavaur", kind=AgencyKind.POLICE, phone="+33 5 36 49 10 17", languages="fr,en"
    )
    ServiceFactory(
        agency=police,
        name='=HYPERLINK("http://x.example")',
        move_phase=MovePhase.FIRST_LINE,
        covered_postcodes="99000,99100",
    )
    ServiceFactory(agency=police, name="Accueil", move_phase=MovePhase.FIRST_LINE, provides_shelter=False)
    AgencyFactory(name="CCAS sans service", kind=AgencyKind.SOCIAL_SERVICES)
    AgencyFactory(name="Structure fermée", is_active=False)


def test_export_csv_has_a_row_per_service_and_neutralises_formulas(client, make_member, login, listed):
    login(make_member(Role.PRACTITIONER))

    response = client.get("/directory/export/csv/")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="directory-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = [(row["agency_name"], row["service_name"]) for row in rows]
    assert ("Commissariat de Bourg-Lavaur", "Accueil") in names
    assert ("CCAS sans service", "") in names
    assert all(name != "Structure fermée" for name, _ in names)
    risky = next(row for row in rows if row["service_name"].startswith("'"))
    assert risky["service_name"] == '\'=HYPERLINK("http://x.example")'
    assert risky["agency_phone"] == "'+33 5 36 49 10 17"
    assert risky["covered_postcodes"] == "99000, 99100"
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).reason == "csv"


def test_export_follows_the_search(client, make_member, login, listed):
    login(make_member(Role.PRACTITIONER))

    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/directory/export/csv/", {"kind": "social_services"}).content.decode("utf-8-sig"))
        )
    )

    assert [row["agency_name"] for row in rows] == ["CCAS sans service"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_round_trips_through_the_import(client, make_member, login, listed, file_format):
    admin = make_member(Role.AGENCY_ADMIN, agency=AgencyFactory(name="CDPD 99", kind=AgencyKind.GOVERNANCE))
    login(admin)
    before = {
        (agency.name, agency.phone, agency.languages, service.name, service.covered_postcodes)
        for agency in Agency.objects.filter(is_active=True)
        for service in agency.services.all()
    }
    exported = client.get(f"/directory/export/{file_format}/", {"kind": "police"}).content

    response = client.post("/directory/import/", {"file": upload(exported, f"export.{file_format}")}, follow=True)

    assert "0 structures créées, 0 mises à jour ; 0 services créés, 0 mis à jour" in response.content.decode()
    after = {
        (agency.name, agency.phone, agency.languages, service.name, service.covered_postcodes)
        for agency in Agency.objects.filter(is_active=True)
        for service in agency.services.all()
    }
    assert after == before


def test_xlsx_export_keeps_formula_like_text_as_text(client, make_member, login, listed):
    login(make_member(Role.PRACTITIONER))

    workbook = load_workbook(io.BytesIO(client.get("/directory/export/xlsx/").content))

    cells = [cell for row in workbook.active.iter_rows() for cell in row if str(cell.value).startswith("=")]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_unknown_export_format_is_404(client, make_member, login):
    login(make_member(Role.PRACTITIONER))

    assert client.get("/directory/export/pdf/").status_code == 404
