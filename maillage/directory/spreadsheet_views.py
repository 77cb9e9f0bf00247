"""Import and export of the directory as a spreadsheet."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.acting import viewer_for
from maillage.directory import importing, selectors, spreadsheet
from maillage.directory.forms import DirectoryImportForm, DirectorySearchForm
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def directory_export(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in spreadsheet.FORMATS:
        raise Http404()
    criteria = DirectorySearchForm(request.GET).criteria()
    agencies = selectors.directory_export(viewer=viewer_for(request), criteria=criteria, file_format=file_format)
    rows = spreadsheet.directory_rows(agencies)
    content = spreadsheet.to_csv(rows) if file_format == "csv" else spreadsheet.to_xlsx(rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    filename = f"directory-{timezone.localdate():%Y-%m-%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def directory_import(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    authorize(viewer, Action.IMPORT_DIRECTORY)
    form = DirectoryImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = importing.import_directory(
                viewer=viewer, filename=upload.name, data=upload.read(spreadsheet.MAX_UPLOAD_BYTES + 1)
            )
        except spreadsheet.SpreadsheetError as error:
            form.add_error("file", error.message)
        else:
            if result.imported:
                messages.success(
                    request,
                    _(
                        "Import done: %(agencies_created)s agencies created, %(agencies_updated)s updated; "
                        "%(services_created)s services created, %(services_updated)s updated."
                    )
                    % {
                        "agencies_created": result.agencies_created,
                        "agencies_updated": result.agencies_updated,
                        "services_created": result.services_created,
                        "services_updated": result.services_updated,
                    },
                )
                return redirect("directory:agency_list")
    failed = bool(form.errors) or (result is not None and not result.imported)
    context = {
        "form": form,
        "result": result,
        "columns": spreadsheet.COLUMNS,
        "department": viewer.agency.department_code if viewer.agency else "",
        "max_rows": spreadsheet.MAX_ROWS,
    }
    return render(request, "directory/import.html", context, status=400 if failed else 200)
