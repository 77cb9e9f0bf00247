"""Documents of a situation: uploaded from the situation page, downloaded only through the policy
layer, always as an attachment (never shown inline by the browser)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from maillage.accounts.acting import viewer_for
from maillage.cases import documents, selectors
from maillage.cases.forms import attach_error
from maillage.cases.views import case_url, document_form, render_case
from maillage.policy.compartments import Compartment


@require_POST
def document_upload(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    form = document_form(viewer, case, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            document = documents.upload_document(
                viewer=viewer,
                case=case,
                compartment=Compartment(data["compartment"]),
                title=data["title"],
                upload=data["file"],
                incident=data["incident"],
            )
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The document “%(title)s” was added.") % {"title": document.title})
            return redirect(case_url(case, "documents"))
    return render_case(request, viewer, case, bound={"document": form}, status=400)


@require_safe
def document_download(request: HttpRequest, document_id: uuid.UUID) -> FileResponse:
    viewer = viewer_for(request)
    document = documents.document_for_download(viewer=viewer, document_id=document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
