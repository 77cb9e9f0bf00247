"""Pages of interpreters and cultural mediators: the register (list by language, detail, create,
edit), and, from the situation page's "Interpreters" section, booking, cancelling, and the victim's
objection to an interpreter from her community. A refused submission comes back on its own page
with the reason (status 400); a successful one returns to the situation page.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from maillage.accounts.acting import viewer_for
from maillage.cases import selectors as case_selectors
from maillage.cases.forms import attach_error
from maillage.cases.models import Case
from maillage.core.locking import StaleVersionError
from maillage.directory.models import Agency, AgencyKind, Language
from maillage.interpreters import panel, selectors, services
from maillage.interpreters.forms import CancelBookingForm, InterpreterForm
from maillage.interpreters.models import Interpreter
from maillage.policy.decisions import Action, decide
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

PER_PAGE = 50


def _section_url(case: Case) -> str:
    return reverse("cases:case_detail", args=[case.pk]) + "#interpreters"


# --- Register -------------------------------------------------------------------------------------


def interpreter_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    language = request.GET.get("language", "")
    if language not in Language.values:
        language = ""
    search = request.GET.get("q", "").strip()[:100]
    interpreters = selectors.interpreter_list(viewer=viewer, language=language, search=search)
    context = {
        "page": Paginator(interpreters, PER_PAGE).get_page(request.GET.get("page")),
        "language": language,
        "search": search,
        "language_choices": Language.choices,
        "can_create": bool(_maintainable_agencies(viewer)) or decide(viewer, Action.MANAGE_INTERPRETERS).allowed,
    }
    return render(request, "interpreters/interpreter_list.html", context)


def interpreter_detail(request: HttpRequest, interpreter_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    interpreter = selectors.interpreter_get(viewer=viewer, interpreter_id=interpreter_id)
    context = {"interpreter": interpreter, "can_edit": services.may_maintain(viewer, interpreter.agency)}
    return render(request, "interpreters/interpreter_detail.html", context)


def _maintainable_agencies(viewer: Viewer) -> list[Agency]:
    services_ = Agency.objects.filter(kind=AgencyKind.INTERPRETER_SERVICE, is_active=True).order_by("name")
    if decide(viewer, Action.MANAGE_INTERPRETERS).allowed:
        return list(services_)
    return [agency for agency in services_ if decide(viewer, Action.MANAGE_AGENCY_INTERPRETERS, agency).allowed]


def _interpreter_form(viewer: Viewer, request: HttpRequest, interpreter: Interpreter | None) -> InterpreterForm:
    agencies = Agency.objects.filter(pk__in=[agency.pk for agency in _maintainable_agencies(viewer)])
    return InterpreterForm(
        request.POST if request.method == "POST" else None,
        instance=interpreter,
        initial={"version": interpreter.version} if interpreter else None,
        agencies=agencies.order_by("name"),
        independent_allowed=decide(viewer, Action.MANAGE_INTERPRETERS).allowed,
    )


def interpreter_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    if not _maintainable_agencies(viewer):
        authorize(viewer, Action.MANAGE_INTERPRETERS)
    form = _interpreter_form(viewer, request, None)
    if request.method == "POST" and form.is_valid():
        try:
            interpreter = services.create_interpreter(viewer=viewer, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The interpreter was added to the register."))
            return redirect("interpreters:interpreter_detail", interpreter_id=interpreter.pk)
    status = 400 if form.errors else 200
    return render(request, "interpreters/interpreter_edit.html", {"form": form, "interpreter": None}, status=status)


def interpreter_edit(request: HttpRequest, interpreter_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    interpreter = selectors.interpreter_get(viewer=viewer, interpreter_id=interpreter_id)
    if not services.may_maintain(viewer, interpreter.agency):
        authorize(viewer, Action.MANAGE_INTERPRETERS)
    form = _interpreter_form(viewer, request, interpreter)
    if request.method == "POST" and form.is_valid():
        fresh = selectors.interpreter_get(viewer=viewer, interpreter_id=interpreter_id)
        try:
            services.update_interpreter(
                viewer=viewer,
                interpreter=fresh,
                values=form.values(),
                expected_version=form.cleaned_data["version"] or fresh.version,
            )
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The interpreter's details were saved."))
            return redirect("interpreters:interpreter_detail", interpreter_id=interpreter.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "interpreter": interpreter}
    return render(request, "interpreters/interpreter_edit.html", context, status=status)


# --- Situation ------------------------------------------------------------------------------------


def booking_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = case_selectors.case_get(viewer=viewer, case_id=case_id)
    data = request.POST if request.method == "POST" else None
    form = panel.booking_form(viewer, case, data)
    if form is None:
        raise Http404()
    if data is not None and form.is_valid():
        try:
            booking = services.book_interpreter(viewer=viewer, case=case, request=form.request())
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("%(name)s is booked.") % {"name": booking.interpreter.full_name})
            return redirect(_section_url(case))
    status = 400 if data is not None else 200
    return render(request, "interpreters/booking_add.html", {"case": case, "form": form}, status=status)


def booking_cancel(request: HttpRequest, case_id: uuid.UUID, booking_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = case_selectors.case_get(viewer=viewer, case_id=case_id)
    booking = selectors.booking_get(viewer=viewer, case=case, booking_id=booking_id)
    authorize(viewer, Action.BOOK_INTERPRETER, booking, hide_existence=True)
    if request.method != "POST":
        raise Http404()
    form = CancelBookingForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_booking(viewer=viewer, booking=booking, expected_version=form.cleaned_data["version"])
        except StaleVersionError as error:
            messages.error(request, str(error.message))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The booking was cancelled."))
    return redirect(_section_url(case))


def objection_edit(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = case_selectors.case_get(viewer=viewer, case_id=case_id)
    data = request.POST if request.method == "POST" else None
    form = panel.objection_form(viewer, case, data)
    if form is None:
        raise Http404()
    if data is not None and form.is_valid():
        link = form.victims[form.cleaned_data["case_person"]]
        try:
            services.set_objection(
                viewer=viewer,
                case_person=link,
                objects=form.cleaned_data["objects"],
                community=form.cleaned_data["community"],
            )
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("Her wish about interpreters was recorded."))
            return redirect(_section_url(case))
    status = 400 if data is not None else 200
    return render(request, "interpreters/objection_edit.html", {"case": case, "form": form}, status=status)
