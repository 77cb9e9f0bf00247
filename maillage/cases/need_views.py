"""Pages of the needs and difficulties of a situation: added on the situation page, changed on
their own page, where an edit made meanwhile by someone else is caught and shown."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.accounts.acting import viewer_for
from maillage.accounts.models import User
from maillage.cases import selectors, services
from maillage.cases.forms import EditNeedForm, NeedForm, attach_error
from maillage.cases.models import Case, Need
from maillage.cases.views import (
    case_url,
    colleagues_of,
    participating_agencies,
    submit_case_form,
    writable_compartments,
)
from maillage.core.locking import StaleVersionError
from maillage.policy.decisions import Action, decide
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer


@require_POST
def need_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: NeedForm) -> str:
        need = services.add_need(viewer=viewer, case=case, **form.values())
        return _("The need “%(kind)s” was added.") % {"kind": need.get_kind_display()}

    return submit_case_form(request, case_id, "need", save, "needs")


def _need_of(viewer: Viewer, case: Case, need_id: uuid.UUID) -> Need:
    need = selectors.need_get(viewer=viewer, need_id=need_id)
    if need.case_id != case.pk:
        raise Http404()
    return need


def _edit_form(viewer: Viewer, case: Case, need: Need, data: QueryDict | None = None) -> EditNeedForm:
    assert viewer.agency is not None
    # The person in charge may work for another agency: keep them selectable.
    colleagues = colleagues_of(viewer, viewer.agency)
    people = User.objects.filter(Q(pk__in=colleagues.values("pk")) | Q(pk=need.owner_id)).order_by("full_name")
    initial = {
        "kind": need.kind,
        "status": need.status,
        "priority": need.priority,
        "description": need.description,
        "owner_agency": need.owner_agency_id,
        "owner": need.owner_id,
        "compartment": need.compartment,
        "version": need.version,
    }
    return EditNeedForm(
        data,
        prefix="need",
        agencies=participating_agencies(viewer, case),
        colleagues=people,
        compartments=writable_compartments(viewer, case),
        initial=initial,
    )


def need_edit(request: HttpRequest, case_id: uuid.UUID, need_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    need = _need_of(viewer, case, need_id)
    if request.method == "POST":
        authorize(viewer, Action.EDIT_CASE, need, hide_existence=True)
    can_edit = decide(viewer, Action.EDIT_CASE, need).allowed
    form = _edit_form(viewer, case, need, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.update_need(
                viewer=viewer, need=need, expected_version=form.cleaned_data["version"], **form.values()
            )
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The need was saved."))
            return redirect(case_url(case, "needs"))
        need = _need_of(viewer, case, need_id)  # as saved now, e.g. with a colleague's change
    context = {"case": case, "need": need, "form": form, "can_edit": can_edit}
    return render(request, "cases/need_edit.html", context, status=400 if form.errors else 200)
