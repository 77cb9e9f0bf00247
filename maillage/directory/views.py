import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from maillage.accounts.acting import viewer_for
from maillage.core.locking import StaleVersionError
from maillage.directory import selectors, services
from maillage.directory.forms import AgencyContactForm, CapacityForm, DirectorySearchForm
from maillage.directory.models import DEPARTMENT, AgencyKind, Language, MovePhase
from maillage.directory.pdf import html_to_pdf
from maillage.policy.decisions import Action, decide
from maillage.policy.enforcement import authorize


def agency_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    form = DirectorySearchForm(request.GET)
    criteria = form.criteria()
    agencies = selectors.agency_list(viewer=viewer, criteria=criteria)
    page = Paginator(agencies, 50).get_page(request.GET.get("page"))
    is_htmx = request.headers.get("HX-Request") == "true"
    template = "directory/_agency_rows.html" if is_htmx else "directory/agency_list.html"
    context = {
        "page": page,
        "form": form,
        "criteria": criteria,
        "kinds": AgencyKind.choices,
        "phases": MovePhase.choices,
        "language_choices": Language.choices,
        "is_htmx": is_htmx,
        "can_import": decide(viewer, Action.IMPORT_DIRECTORY).allowed,
        "can_view_protocols": decide(viewer, Action.VIEW_PROTOCOLS).allowed,
        "department": viewer.agency.department_code if viewer.agency else "",
    }
    return render(request, template, context)


def agency_detail(request: HttpRequest, agency_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    agency = selectors.agency_get(viewer=viewer, agency_id=agency_id)
    context = {
        "agency": agency,
        "hosted_permanences": selectors.hosted_permanences(viewer=viewer, agency=agency),
        "can_edit": decide(viewer, Action.EDIT_AGENCY, agency).allowed,
        "can_update_capacity": decide(viewer, Action.UPDATE_CAPACITY, agency).allowed,
    }
    return render(request, "directory/agency_detail.html", context)


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


def capacity_edit(request: HttpRequest, service_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    service = selectors.service_get(viewer=viewer, service_id=service_id)
    authorize(viewer, Action.UPDATE_CAPACITY, service.agency)
    if not service.provides_shelter:
        raise Http404()
    capacity = service.current_capacity
    initial = {
        "places_free": capacity.places_free if capacity else None,
        "places_total": capacity.places_total if capacity else None,
        "version": capacity.version if capacity else services.NO_CAPACITY_YET,
    }
    form = CapacityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_capacity(
                viewer=viewer,
                service=service,
                places_free=form.cleaned_data["places_free"],
                places_total=form.cleaned_data["places_total"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The free places were updated."))
            return redirect("directory:agency_detail", agency_id=service.agency_id)
    context = {
        "service": service,
        "capacity": capacity,
        "form": form,
        "history": service.capacity_records.all()[:10],
    }
    return render(request, "directory/capacity_edit.html", context, status=400 if form.errors else 200)


def hotline_list(request: HttpRequest) -> HttpResponse:
    hotlines = selectors.hotline_list(viewer=viewer_for(request))
    return render(request, "directory/hotline_list.html", {"hotlines": hotlines})


def _map_department(request: HttpRequest) -> str:
    viewer = viewer_for(request)
    department = request.GET.get("department", "").strip().upper()[:3]
    if not DEPARTMENT.match(department):
        department = viewer.agency.department_code if viewer.agency else ""
    return department


def partner_map(request: HttpRequest) -> HttpResponse:
    territory = selectors.partner_map(viewer=viewer_for(request), department=_map_department(request))
    return render(request, "directory/partner_map.html", {"map": territory})


def partner_map_pdf(request: HttpRequest) -> HttpResponse:
    territory = selectors.partner_map(viewer=viewer_for(request), department=_map_department(request))
    html = render_to_string("directory/partner_map_document.html", {"map": territory}, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="partner-map-{territory.department}.pdf"'
    return response
