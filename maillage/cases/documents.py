"""Documents of a situation: upload with size and type limits and an optional virus scan,
download only through the policy layer, as an attachment."""

from __future__ import annotations

import hashlib
import subprocess
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.cases.models import Case, Document, Incident
from maillage.policy.compartments import Compartment
from maillage.policy.decisions import Action, CaseContent
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

# Accepted types, recognised by their first bytes rather than by what the browser claims.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    # Word, LibreOffice and other office files are ZIP containers.
    "application/zip": (b"PK\x03\x04",),
}
OFFICE_EXTENSIONS = {".docx", ".odt", ".xlsx", ".ods"}


def detect_type(head: bytes, filename: str) -> str:
    for content_type, signatures in SIGNATURES.items():
        if head.startswith(signatures):
            if content_type == "application/zip" and Path(filename).suffix.lower() not in OFFICE_EXTENSIONS:
                break
            return content_type
    raise ValidationError({"file": _("Only PDF, JPEG, PNG and office documents (DOCX, ODT, XLSX, ODS) are accepted.")})


def _scan(upload: UploadedFile) -> Document.ScanStatus:
    command = settings.VIRUS_SCAN_COMMAND
    if not command:
        return Document.ScanStatus.NOT_SCANNED
    with tempfile.NamedTemporaryFile() as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        result = subprocess.run([*command, copy.name], capture_output=True, timeout=120, check=False)  # noqa: S603
    upload.seek(0)
    if result.returncode != 0:
        raise ValidationError({"file": _("The virus scan refused this file.")})
    return Document.ScanStatus.CLEAN


def upload_document(
    *,
    viewer: Viewer,
    case: Case,
    compartment: Compartment,
    title: str,
    upload: UploadedFile,
    incident: Incident | None = None,
) -> Document:
    authorize(viewer, Action.EDIT_CASE, CaseContent(case, compartment), hide_existence=True)
    assert viewer.user is not None and viewer.agency is not None
    if upload.size is None or upload.size > settings.DOCUMENT_MAX_BYTES:
        limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"file": _("The file is larger than %(limit)s MB.") % {"limit": limit}})
    if incident is not None and incident.case_id != case.pk:
        raise ValidationError({"incident": _("This incident belongs to another situation.")})
    head = upload.read(16)
    upload.seek(0)
    content_type = detect_type(head, upload.name or "")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    scan_status = _scan(upload)
    with transaction.atomic():
        document = Document(
            case=case,
            compartment=compartment,
            title=title.strip() or (upload.name or "")[:200],
            original_name=(upload.name or "document")[:255],
            content_type=content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            scan_status=scan_status,
            incident=incident,
            uploaded_by=viewer.user,
            uploaded_by_agency=viewer.agency,
        )
        document.file.save(upload.name or "document", upload, save=False)
        document.save()
        record_event(AuditAction.CREATE, obj=document, fields=["file", "title", "compartment"])
    return document


def document_for_download(*, viewer: Viewer, document_id: uuid.UUID) -> Document:
    document = Document.objects.select_related("case").filter(pk=document_id).first()
    if document is None:
        raise Http404()
    authorize(viewer, Action.VIEW_CASE, document, hide_existence=True)
    record_event(AuditAction.EXPORT, obj=document, fields=["file"])
    return document


def case_documents(*, viewer: Viewer, case: Case) -> list[Document]:
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    opened = viewer.open_compartments(case)
    documents = list(
        case.documents.filter(compartment__in=sorted(opened))
        .select_related("uploaded_by_agency", "incident")
        .order_by("-uploaded_at")
    )
    for document in documents:
        # A document may be more widely shared than the incident it documents: the reader is not
        # told about an incident they may not read (the link itself is unchanged; nothing is saved).
        if document.incident is not None and document.incident.compartment not in opened:
            document.incident = None
    return documents
