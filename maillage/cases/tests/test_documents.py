"""Documents: limits on size and type, stored outside the web root, served through the policy."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import override_settings

from maillage.accounts.models import Role
from maillage.audit.models import AuditAction, AuditEvent
from maillage.cases.documents import document_for_download, upload_document
from maillage.cases.models import Document
from maillage.cases.services import invite_agency
from maillage.directory.models import AgencyKind
from maillage.factories import open_case
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def member(make_member, kind, role=Role.COORDINATOR):
    user = make_member(role, kind=kind)
    return Viewer(user=user, agency=user.memberships.get().agency)


def pdf(name="certificat.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_medical_certificate_is_stored_outside_the_web_root_and_audited(make_member, settings):
    police = member(make_member, AgencyKind.POLICE)
    case = open_case(police)

    document = upload_document(viewer=police, case=case, compartment=Compartment.JUDICIAL, title="PV", upload=pdf())

    path = document.file.path
    assert path.startswith(str(settings.DOCUMENTS_ROOT))
    assert "certificat" not in path, "stored under a random name"
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(document.pk)).exists()


def test_file_pretending_to_be_a_pdf_is_refused_and_nothing_is_stored(make_member):
    police = member(make_member, AgencyKind.POLICE)
    case = open_case(police)

    with pytest.raises(ValidationError) as error:
        upload_document(
            viewer=police, case=case, compartment=Compartment.GENERAL, title="x", upload=pdf("x.pdf", b"MZ\x90\x00exe")
        )

    assert "file" in error.value.message_dict
    assert not Document.objects.exists()


@override_settings(DOCUMENT_MAX_BYTES=10)
def test_file_over_the_size_limit_is_refused(make_member):
    police = member(make_member, AgencyKind.POLICE)
    case = open_case(police)

    with pytest.raises(ValidationError):
        upload_document(viewer=police, case=case, compartment=Compartment.GENERAL, title="x", upload=pdf())
    assert not Document.objects.exists()


@override_settings(VIRUS_SCAN_COMMAND=["false"])
def test_virus_scan_refusal_keeps_the_file_out(make_member):
    police = member(make_member, AgencyKind.POLICE)
    case = open_case(police)

    with pytest.raises(ValidationError):
        upload_document(viewer=police, case=case, compartment=Compartment.GENERAL, title="x", upload=pdf())
    assert not Document.objects.exists()


@override_settings(VIRUS_SCAN_COMMAND=["true"])
def test_clean_scan_is_recorded(make_member):
    police = member(make_member, AgencyKind.POLICE)
    case = open_case(police)

    document = upload_document(viewer=police, case=case, compartment=Compartment.GENERAL, title="x", upload=pdf())

    assert document.scan_status == Document.ScanStatus.CLEAN


def test_documents_of_a_closed_compartment_cannot_be_downloaded(make_member):
    police = member(make_member, AgencyKind.POLICE)
    case = open_case(police)
    programme = member(make_member, AgencyKind.PERPETRATOR_PROGRAMME, Role.PRACTITIONER)
    invite_agency(viewer=police, case=case, agency=programme.agency)
    safety_plan = upload_document(
        viewer=police, case=case, compartment=Compartment.VICTIM_ONLY, title="Plan", upload=pdf()
    )

    with pytest.raises(Http404):
        document_for_download(viewer=programme, document_id=safety_plan.pk)
    assert document_for_download(viewer=police, document_id=safety_plan.pk) == safety_plan
