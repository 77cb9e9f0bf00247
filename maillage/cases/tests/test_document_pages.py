"""Documents through the pages: added from the situation page, listed to the agencies that may read
them, downloaded only as an attachment; a bad file is refused in French and nothing is kept."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from maillage.accounts.models import Role
from maillage.cases import services
from maillage.cases.documents import upload_document
from maillage.cases.models import Document
from maillage.directory.models import AgencyKind
from maillage.factories import open_case
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def member(make_member, kind, role=Role.COORDINATOR):
    user = make_member(role, kind=kind)
    return Viewer(user=user, agency=user.memberships.get().agency)


@pytest.fixture
def police(make_member):
    return member(make_member, AgencyKind.POLICE)


@pytest.fixture
def case(police):
    return open_case(police)


def stored_files(case):
    """The files stored for a situation (under its id, in the documents folder)."""
    folder = Path(settings.DOCUMENTS_ROOT) / str(case.pk)
    return [path for path in folder.rglob("*") if path.is_file()]


def test_document_added_from_the_situation_page_is_listed(client, login, police, case):
    login(police.user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page

    response = client.post(
        f"/cases/{case.pk}/documents/",
        {
            "document-title": "Certificat médical",
            "document-compartment": "judicial",
            "document-file": SimpleUploadedFile("certificat.pdf", PDF, content_type="application/pdf"),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/#documents"
    document = Document.objects.get()
    assert (document.title, document.compartment, document.original_name) == (
        "Certificat médical",
        "judicial",
        "certificat.pdf",
    )
    page = client.get(response["Location"]).content.decode()
    assert f'href="/cases/documents/{document.pk}/"' in page
    assert "Certificat médical" in page and "Compartiment : Judiciaire" in page
    assert len(stored_files(case)) == 1


def test_document_is_downloaded_as_an_attachment_by_an_agency_that_may_read_it(
    client, login, make_member, police, case
):
    support = member(make_member, AgencyKind.VICTIM_SUPPORT, Role.PRACTITIONER)
    services.invite_agency(viewer=police, case=case, agency=support.agency)
    upload = SimpleUploadedFile("Plainte détaillée.pdf", PDF, content_type="application/pdf")
    document = upload_document(
        viewer=police, case=case, compartment=Compartment.GENERAL, title="Plainte", upload=upload
    )
    login(support.user)

    response = client.get(f"/cases/documents/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Plainte%20d%C3%A9taill%C3%A9e.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content) == PDF


def test_perpetrator_programme_neither_sees_nor_downloads_a_victim_only_document(
    client, login, make_member, police, case
):
    programme = member(make_member, AgencyKind.PERPETRATOR_PROGRAMME, Role.PRACTITIONER)
    services.invite_agency(viewer=police, case=case, agency=programme.agency)
    upload = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    plan = upload_document(
        viewer=police, case=case, compartment=Compartment.VICTIM_ONLY, title="Plan de mise en sécurité", upload=upload
    )
    login(programme.user)

    page = client.get(f"/cases/{case.pk}/").content.decode()
    response = client.get(f"/cases/documents/{plan.pk}/")

    assert "Plan de mise en sécurité" not in page
    assert response.status_code == 404


def test_agency_not_taking_part_gets_404_for_a_document(client, login, make_member, police, case):
    upload = SimpleUploadedFile("pv.pdf", PDF, content_type="application/pdf")
    document = upload_document(viewer=police, case=case, compartment=Compartment.GENERAL, title="PV", upload=upload)
    stranger = member(make_member, AgencyKind.VICTIM_SUPPORT)
    login(stranger.user)

    assert client.get(f"/cases/documents/{document.pk}/").status_code == 404


def test_file_of_a_forbidden_type_is_refused_in_french_and_nothing_is_stored(client, login, police, case):
    login(police.user)

    response = client.post(
        f"/cases/{case.pk}/documents/",
        {
            "document-title": "Facture",
            "document-compartment": "general",
            "document-file": SimpleUploadedFile("facture.pdf", b"MZ\x90\x00 programme", content_type="application/pdf"),
        },
    )

    assert response.status_code == 400
    assert "Seuls les fichiers PDF, JPEG, PNG et les documents bureautiques" in response.content.decode()
    assert not Document.objects.exists()
    assert stored_files(case) == []


def test_document_without_a_file_is_refused_in_french(client, login, police, case):
    login(police.user)

    response = client.post(
        f"/cases/{case.pk}/documents/", {"document-title": "Vide", "document-compartment": "general"}
    )

    assert response.status_code == 400
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not Document.objects.exists()


def test_document_can_be_linked_to_an_incident(client, login, police, case):
    incident = services.record_incident(
        viewer=police,
        case=case,
        values={"occurred_on": date(2026, 11, 19), "forms": ["physical"], "source": "complaint"},
    )
    login(police.user)

    client.post(
        f"/cases/{case.pk}/documents/",
        {
            "document-title": "Photos des blessures",
            "document-compartment": "general",
            "document-incident": incident.pk,
            "document-file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png"),
        },
    )

    assert Document.objects.get().incident == incident
    assert "À propos de l’incident du 19/11/2026" in client.get(f"/cases/{case.pk}/").content.decode()


def test_document_shared_more_widely_than_its_incident_does_not_tell_about_the_incident(
    client, login, make_member, police, case
):
    programme = member(make_member, AgencyKind.PERPETRATOR_PROGRAMME, Role.PRACTITIONER)
    services.invite_agency(viewer=police, case=case, agency=programme.agency)
    incident = services.record_incident(
        viewer=police,
        case=case,
        values={
            "occurred_on": date(2026, 11, 18),
            "forms": ["psychological"],
            "source": "complaint",
            "compartment": Compartment.VICTIM_ONLY,
        },
    )
    upload = SimpleUploadedFile("convocation.pdf", PDF, content_type="application/pdf")
    upload_document(
        viewer=police, case=case, compartment=Compartment.GENERAL, title="Convocation", upload=upload, incident=incident
    )
    login(programme.user)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert "Convocation" in page
    assert "18/11/2026" not in page
