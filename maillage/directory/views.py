import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from maillage.accounts.acting import viewer_for
from maillage.core.locking import StaleVersionError
from maillage.directory import selectors, services
from maillage.directory.forms import AgencyContactForm
from maillage.directory.models import AgencyKind
from maillage.policy.decisions import Action, decide
from maillage.policy.enforcement import authorize


def agency_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in AgencyKind.values else ""
    search = request.GET.get("q", "").strip()[:100]
    agencies = selectors.agency_list(viewer=viewer_for(request), kind=kind, search=search)
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    is_htmx = request.headers.get("HX-Request") == "true"
    template = "directory/_agency_rows.html" if is_htmx else "directory/agency_list.html"
    context = {"page": page, "kinds": AgencyKind.choices, "kind": kind, "search": search, "is_htmx": is_htmx}
    return render(request, template, context)


def agency_detail(request: HttpRequest, agency_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    agency = selectors.agency_get(viewer=viewer, agency_id=agency_id)
    can_edit = decide(viewer, Action.EDIT_AGENCY, agency).allowed
    return render(request, "directory/agency_detail.html", {"agency": agency, "can_edit": can_edit})


def agency_edit(request: HttpRequest, agency_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    agency = selectors.agency_get(viewer=viewer, agency_id=agency_id)
    authorize(viewer, Action.EDIT_AGENCY, agency)
    form = AgencyContactForm(request.POST or None, instance=agency, initial={"version": agency.version})
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.EDITABLE_AGENCY_FIELDS}
        fresh = selectors.agency_get(viewer=viewer, agency_id=agency_id)
        try:
            services.update_agency(
                viewer=viewer, agency=fresh, expected_version=form.cleaned_data["version"], changes=changes
            )
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agency's details were saved."))
            return redirect("directory:agency_detail", agency_id=agency.pk)
    return render(
        request, "directory/agency_edit.html", {"agency": agency, "form": form}, status=400 if form.errors else 200
    )
