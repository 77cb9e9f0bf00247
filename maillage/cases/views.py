"""Pages of the shared situation file: the list, the intake, the situation and what is added to it.

Views parse the request and call a selector or a service; the services and selectors enforce
access (a situation the agency does not take part in answers 404). `decide` is used here only to
choose which buttons and forms to show.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maillage.accounts.acting import viewer_for
from maillage.accounts.models import Role, User
from maillage.accounts.selectors import member_list
from maillage.cases import documents, person_matching, selectors, services
from maillage.cases.forms import (
    AddPersonForm,
    ChildForm,
    CoordinatorForm,
    DecisionForm,
    DocumentForm,
    EditNoteForm,
    IncidentForm,
    IntakeForm,
    InviteAgencyForm,
    NeedForm,
    NoteForm,
    PersonForm,
    RetractNoteForm,
    SignalForm,
    StatusForm,
    TaskForm,
    TransferForm,
    VersionForm,
    VictimContactForm,
    attach_error,
)
from maillage.cases.models import CHILD_ROLES, Case, CaseStatus, Note, PersonRole
from maillage.core.locking import StaleVersionError
from maillage.directory.models import Agency
from maillage.directory.selectors import agency_list
from maillage.policy.compartments import DEFAULT_COMPARTMENTS, Compartment
from maillage.policy.decisions import COORDINATING_KINDS, Action, CaseContent, decide
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

CASES_PER_PAGE = 25


def case_url(case: Case, anchor: str = "") -> str:
    url = reverse("cases:case_detail", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _posted(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


# --- List and intake --------------------------------------------------------------------------


def case_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.case_list(viewer=viewer, status=status, search=search), CASES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "status": status,
            "search": search,
            "statuses": CaseStatus.choices,
            "can_open": decide(viewer, Action.OPEN_CASE).allowed,
        },
    )


def _active_agencies(viewer: Viewer) -> QuerySet[Agency]:
    return agency_list(viewer=viewer).order_by("name")


def case_open(request: HttpRequest) -> HttpResponse:
    """The intake: a police officer or a hotline listener opens a situation from a signal in minutes."""
    viewer = viewer_for(request)
    authorize(viewer, Action.OPEN_CASE)
    assert viewer.agency is not None
    data = _posted(request)
    coordinators = (
        _active_agencies(viewer)
        .filter(department_code=viewer.agency.department_code, kind__in=COORDINATING_KINDS)
        .exclude(pk=viewer.agency.pk)
    )
    intake = IntakeForm(
        data,
        prefix="signal",
        agencies=_active_agencies(viewer),
        coordinators=coordinators,
        initial={"referring_agency": viewer.agency.pk, "received_on": timezone.localdate()},
    )
    victim = PersonForm(data, prefix="victim")
    perpetrator = PersonForm(data, prefix="perpetrator", empty_permitted=True, use_required_attribute=False)
    children = [
        ChildForm(data, prefix=f"child{number}", empty_permitted=True, use_required_attribute=False)
        for number in (1, 2)
    ]
    every_form: list[forms.Form] = [intake, victim, perpetrator, *children]
    every_valid = all([form.is_valid() for form in every_form])  # noqa: C419 - a list: every form shows its errors
    if data is not None and every_valid:
        victim_details = victim.details()
        assert victim_details is not None
        signal = intake.signal(
            children=tuple(details for child in children if (details := child.details()) is not None),
            coordinator_agency=intake.cleaned_data["coordinator_agency"],
        )
        try:
            case = services.open_case_from_signal(
                viewer=viewer, signal=signal, victim=victim_details, perpetrator=perpetrator.details()
            )
        except ValidationError as error:
            attach_error(intake, error)
        else:
            messages.success(request, _("The situation %(reference)s was opened.") % {"reference": case.reference})
            return redirect(case_url(case))
    has_errors = any(form.errors for form in every_form)
    return render(
        request,
        "cases/case_open.html",
        {"intake": intake, "victim": victim, "perpetrator": perpetrator, "children": children},
        status=400 if has_errors else 200,
    )


# --- The situation page ------------------------------------------------------------------------


def _allowed(viewer: Viewer, case: Case) -> dict[str, bool]:
    """Which buttons and forms to show; the services check again when they are used."""
    return {
        "edit": decide(viewer, Action.EDIT_CASE, case).allowed,
        "edit_general": decide(viewer, Action.EDIT_CASE, CaseContent(case, Compartment.GENERAL)).allowed,
        "edit_contact": decide(viewer, Action.EDIT_CASE, CaseContent(case, Compartment.VICTIM_ONLY)).allowed,
        "manage": decide(viewer, Action.MANAGE_PARTICIPANTS, case).allowed,
        "change_status": decide(viewer, Action.CHANGE_CASE_STATUS, case).allowed,
        "transfer": decide(viewer, Action.TRANSFER_CASE, case).allowed,
        "decide_closure": selectors.pending_closure(viewer=viewer, case=case) is not None,
        "decide_transfer": _deciding(viewer, case),
    }


def _deciding(viewer: Viewer, case: Case) -> bool:
    transfer = selectors.pending_transfer(viewer=viewer, case=case)
    return transfer is not None and decide(viewer, Action.DECIDE_TRANSFER, transfer).allowed


def writable_compartments(viewer: Viewer, case: Case) -> list[Compartment]:
    return [
        compartment
        for compartment in Compartment
        if decide(viewer, Action.EDIT_CASE, CaseContent(case, compartment)).allowed
    ]


def participating_agencies(viewer: Viewer, case: Case) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=selectors.participations(viewer=viewer, case=case).values("agency")).order_by(
        "name"
    )


def colleagues_of(viewer: Viewer, agency: Agency, role: Role | None = None) -> QuerySet[User]:
    memberships = member_list(viewer=viewer, agency=agency).filter(is_active=True)
    if role is not None:
        memberships = memberships.filter(role=role)
    return User.objects.filter(pk__in=memberships.values("user"), is_active=True).order_by("full_name")


def _note_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> NoteForm:
    return NoteForm(data, prefix="note", compartments=writable_compartments(viewer, case))


def _incident_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> IncidentForm:
    return IncidentForm(data, prefix="incident", compartments=writable_compartments(viewer, case))


def _task_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> TaskForm:
    assert viewer.agency is not None
    return TaskForm(
        data,
        prefix="task",
        agencies=participating_agencies(viewer, case),
        colleagues=colleagues_of(viewer, viewer.agency),
        initial={"owner_agency": viewer.agency.pk},
    )


def _need_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> NeedForm:
    assert viewer.agency is not None
    return NeedForm(
        data,
        prefix="need",
        agencies=participating_agencies(viewer, case),
        colleagues=colleagues_of(viewer, viewer.agency),
        compartments=writable_compartments(viewer, case),
        initial={"owner_agency": viewer.agency.pk},
    )


def document_form(
    viewer: Viewer,
    case: Case,
    data: QueryDict | None = None,
    files: MultiValueDict[str, UploadedFile] | None = None,
) -> DocumentForm:
    return DocumentForm(
        data,
        files,
        prefix="document",
        compartments=writable_compartments(viewer, case),
        incidents=selectors.case_incidents(viewer=viewer, case=case),
    )


def _person_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> AddPersonForm:
    writable = set(writable_compartments(viewer, case))
    roles = [
        role
        for role in PersonRole
        if (Compartment.CHILDREN if role in CHILD_ROLES else Compartment.GENERAL) in writable
    ]
    return AddPersonForm(data, prefix="person", roles=roles)


def _signal_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> SignalForm:
    assert viewer.agency is not None
    initial = {"referring_agency": viewer.agency.pk, "received_on": timezone.localdate()}
    return SignalForm(data, prefix="signal", agencies=_active_agencies(viewer), initial=initial)


def _status_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> StatusForm:
    statuses = services.ALLOWED_TRANSITIONS[case.status]
    return StatusForm(data, prefix="status", statuses=statuses, initial={"version": case.version})


def _invite_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> InviteAgencyForm:
    taking_part = [kind for kind, compartments in DEFAULT_COMPARTMENTS.items() if compartments]
    agencies = (
        _active_agencies(viewer).filter(kind__in=taking_part).exclude(pk__in=participating_agencies(viewer, case))
    )
    return InviteAgencyForm(data, prefix="invite", agencies=agencies)


def _coordinator_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> CoordinatorForm:
    return CoordinatorForm(
        data,
        prefix="coordinator",
        coordinators=colleagues_of(viewer, case.coordinator_agency, Role.COORDINATOR),
        initial={"coordinator": case.coordinator_id, "version": case.version},
    )


def _transfer_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> TransferForm:
    agencies = (
        _active_agencies(viewer).filter(kind__in=COORDINATING_KINDS).exclude(department_code=case.department_code)
    )
    return TransferForm(data, prefix="transfer", agencies=agencies, initial={"version": case.version})


def _decision_form(prefix: str, pending: Any, data: QueryDict | None) -> DecisionForm:
    initial = {"item": pending.pk, "version": pending.version} if pending is not None else {}
    return DecisionForm(data, prefix=prefix, initial=initial)


def _closure_decision_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> DecisionForm:
    return _decision_form("closure", selectors.pending_closure(viewer=viewer, case=case), data)


def _transfer_decision_form(viewer: Viewer, case: Case, data: QueryDict | None = None) -> DecisionForm:
    return _decision_form("transfer_decision", selectors.pending_transfer(viewer=viewer, case=case), data)


FormBuilder = Callable[[Viewer, Case, QueryDict | None], forms.Form]

# Each form of the situation page, and the permission (a key of `_allowed`) that shows it.
CASE_FORMS: dict[str, tuple[str, FormBuilder]] = {
    "note": ("edit", _note_form),
    "need": ("edit", _need_form),
    "document": ("edit", document_form),
    "incident": ("edit", _incident_form),
    "task": ("edit_general", _task_form),
    "person": ("edit", _person_form),
    "signal": ("edit", _signal_form),
    "status": ("change_status", _status_form),
    "invite": ("manage", _invite_form),
    "coordinator": ("manage", _coordinator_form),
    "transfer": ("transfer", _transfer_form),
    "closure_decision": ("decide_closure", _closure_decision_form),
    "transfer_decision": ("decide_transfer", _transfer_decision_form),
}


def render_case(
    request: HttpRequest, viewer: Viewer, case: Case, *, bound: dict[str, forms.Form] | None = None, status: int = 200
) -> HttpResponse:
    """The situation page; `bound` holds a submitted form to show again with its errors."""
    bound = bound or {}
    if bound:
        case.refresh_from_db()  # a refused write may have changed the object in memory
    allowed = _allowed(viewer, case)
    case_forms = {
        name: bound.get(name) or build(viewer, case, None)
        for name, (permission, build) in CASE_FORMS.items()
        if allowed[permission]
    }
    for name, form in bound.items():
        if name not in case_forms:  # no longer shown (e.g. a colleague decided meanwhile): say why
            for error in form.non_field_errors():
                messages.error(request, str(error))
    context = {
        "case": case,
        "allowed": allowed,
        "forms": case_forms,
        "sees_victim_only": Compartment.VICTIM_ONLY in viewer.open_compartments(case),
        "contact": selectors.victim_contact(viewer=viewer, case=case),
        "people": selectors.case_people(viewer=viewer, case=case),
        "participations": selectors.participations(viewer=viewer, case=case),
        "timeline": selectors.case_timeline(viewer=viewer, case=case, with_needs=True),
        "needs": selectors.case_needs(viewer=viewer, case=case),
        "documents": documents.case_documents(viewer=viewer, case=case),
        # Told to the coordinating agency only; never anything of the other situation.
        "match_alerts": list(person_matching.match_alerts(viewer=viewer, case=case)) if allowed["manage"] else [],
        "pending_closure": selectors.pending_closure(viewer=viewer, case=case),
        "pending_transfer": selectors.pending_transfer(viewer=viewer, case=case),
    }
    return render(request, "cases/case_detail.html", context, status=status)


def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    return render_case(request, viewer, case)


def submit_case_form(
    request: HttpRequest,
    case_id: uuid.UUID,
    name: str,
    save: Callable[[Viewer, Case, Any], str],
    anchor: str,
) -> HttpResponse:
    """Handle a form of the situation page: `save(viewer, case, valid_form)` calls the service and
    returns the success message; on refusal the page comes back with the form's errors (status 400)."""
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    form = CASE_FORMS[name][1](viewer, case, request.POST)
    if form.is_valid():
        try:
            message = save(viewer, case, form)
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, message)
            return redirect(case_url(case, anchor))
    return render_case(request, viewer, case, bound={name: form}, status=400)


@require_POST
def note_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Add a note. With htmx, the form and the timeline are swapped in place; without, the page reloads."""
    if not _is_htmx(request):
        return submit_case_form(request, case_id, "note", _save_note, "timeline")
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    form = _note_form(viewer, case, request.POST)
    context: dict[str, Any] = {"case": case, "allowed": _allowed(viewer, case)}
    if form.is_valid():
        try:
            message = _save_note(viewer, case, form)
        except ValidationError as error:
            attach_error(form, error)
        else:
            context.update(
                form=_note_form(viewer, case),
                timeline=selectors.case_timeline(viewer=viewer, case=case, with_needs=True),
                added_message=message,
            )
            return render(request, "cases/_note_added.html", context)
    # htmx swaps only successful responses: the form with its errors comes back with 200.
    return render(request, "cases/_note_form.html", {**context, "form": form})


def _save_note(viewer: Viewer, case: Case, form: NoteForm) -> str:
    data = form.cleaned_data
    services.add_note(viewer=viewer, case=case, compartment=Compartment(data["compartment"]), body=data["body"])
    return _("The note was added to the timeline.")


@require_POST
def incident_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: IncidentForm) -> str:
        services.record_incident(viewer=viewer, case=case, values=form.cleaned_data)
        return _("The incident was recorded.")

    return submit_case_form(request, case_id, "incident", save, "timeline")


@require_POST
def task_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: TaskForm) -> str:
        services.add_task(viewer=viewer, case=case, **form.cleaned_data)
        return _("The task was added.")

    return submit_case_form(request, case_id, "task", save, "timeline")


@require_POST
def person_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: AddPersonForm) -> str:
        details = form.details()
        assert details is not None
        role = PersonRole(form.cleaned_data["role"])
        services.add_person(
            viewer=viewer, case=case, details=details, role=role, relationship=form.cleaned_data["relationship"]
        )
        return _("The person was added.")

    return submit_case_form(request, case_id, "person", save, "people")


@require_POST
def signal_add(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: SignalForm) -> str:
        was_closed = case.status == CaseStatus.CLOSED
        services.record_new_signal(viewer=viewer, case=case, signal=form.signal())
        if was_closed and case.status != CaseStatus.CLOSED:
            return _("The new signal was recorded. The situation was reopened and marked as a repeat.")
        return _("The new signal was recorded.")

    return submit_case_form(request, case_id, "signal", save, "timeline")


@require_POST
def status_change(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: StatusForm) -> str:
        data = form.cleaned_data
        services.change_status(
            viewer=viewer,
            case=case,
            to_status=CaseStatus(data["to_status"]),
            expected_version=data["version"],
            reason=data["reason"],
            comment=data["comment"],
        )
        if data["to_status"] == CaseStatus.CLOSED and case.status != CaseStatus.CLOSED:
            return _("Your request to close the situation awaits the approval of another coordinator.")
        return _("The status is now “%(status)s”.") % {"status": case.get_status_display()}

    return submit_case_form(request, case_id, "status", save, "status")


def _still_pending(pending: Any, form: DecisionForm) -> Any:
    """The pending request the form was shown for; another one (or none) means someone decided meanwhile."""
    if pending is None or pending.pk != form.cleaned_data["item"]:
        raise StaleVersionError()
    return pending


@require_POST
def closure_decide(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: DecisionForm) -> str:
        data = form.cleaned_data
        authorize(viewer, Action.CHANGE_CASE_STATUS, case, hide_existence=True)
        closure = _still_pending(selectors.pending_closure(viewer=viewer, case=case), form)
        if data["decision"] == "approve":
            services.approve_closure(viewer=viewer, closure=closure, expected_version=data["version"])
            return _("The situation is closed.")
        services.refuse_closure(viewer=viewer, closure=closure, reason=data["reason"], expected_version=data["version"])
        return _("The request to close was refused; the situation stays open.")

    return submit_case_form(request, case_id, "closure_decision", save, "status")


@require_POST
def transfer_propose(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: TransferForm) -> str:
        data = form.cleaned_data
        transfer = services.propose_transfer(
            viewer=viewer,
            case=case,
            to_agency=data["to_agency"],
            reason=data["reason"],
            expected_version=data["version"],
        )
        return _("The transfer was proposed to %(agency)s, which now takes part in the situation to decide.") % {
            "agency": transfer.to_agency.name
        }

    return submit_case_form(request, case_id, "transfer", save, "transfer")


@require_POST
def transfer_decide(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: DecisionForm) -> str:
        data = form.cleaned_data
        pending = selectors.pending_transfer(viewer=viewer, case=case)
        if pending is not None:
            authorize(viewer, Action.DECIDE_TRANSFER, pending, hide_existence=True)
        transfer = _still_pending(pending, form)
        if data["decision"] == "approve":
            services.accept_transfer(
                viewer=viewer, transfer=transfer, comment=data["reason"], expected_version=data["version"]
            )
            return _("Your agency now coordinates the situation. Name its coordinator.")
        services.refuse_transfer(
            viewer=viewer, transfer=transfer, reason=data["reason"], expected_version=data["version"]
        )
        return _("The transfer was refused; your agency no longer takes part in the situation.")

    response = submit_case_form(request, case_id, "transfer_decision", save, "participants")
    if response.status_code == 302 and request.POST.get("transfer_decision-decision") == "refuse":
        return redirect("web:dashboard")  # the situation is no longer visible to the agency
    return response


@require_POST
def transfer_withdraw(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    transfer = selectors.pending_transfer(viewer=viewer, case=case)
    form = VersionForm(request.POST)
    try:
        if transfer is None or not form.is_valid():
            raise StaleVersionError()
        services.withdraw_transfer(viewer=viewer, transfer=transfer, expected_version=form.cleaned_data["version"])
    except StaleVersionError as error:
        messages.error(request, str(error.message))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The transfer was withdrawn."))
    return redirect(case_url(case, "transfer"))


@require_POST
def participation_invite(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: InviteAgencyForm) -> str:
        participation = services.invite_agency(viewer=viewer, case=case, agency=form.cleaned_data["agency"])
        return _("%(agency)s now takes part in the situation.") % {"agency": participation.agency.name}

    return submit_case_form(request, case_id, "invite", save, "participants")


@require_POST
def coordinator_name(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    def save(viewer: Viewer, case: Case, form: CoordinatorForm) -> str:
        data = form.cleaned_data
        services.name_coordinator(
            viewer=viewer, case=case, coordinator=data["coordinator"], expected_version=data["version"]
        )
        return _("%(name)s is now the coordinator of the situation.") % {"name": data["coordinator"]}

    return submit_case_form(request, case_id, "coordinator", save, "participants")


@require_POST
def participation_end(request: HttpRequest, case_id: uuid.UUID, participation_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    participation = selectors.participations(viewer=viewer, case=case).filter(pk=participation_id).first()
    if participation is None:
        raise Http404()
    try:
        services.end_participation(viewer=viewer, participation=participation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(agency)s no longer takes part in the situation; its access closed at once.")
            % {"agency": participation.agency.name},
        )
    return redirect(case_url(case, "participants"))


@require_POST
def task_done(request: HttpRequest, case_id: uuid.UUID, task_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    task = selectors.task_get(viewer=viewer, task_id=task_id)
    if task.case_id != case.pk:
        raise Http404()
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise StaleVersionError()
        services.complete_task(viewer=viewer, task=task, expected_version=form.cleaned_data["version"])
    except StaleVersionError as error:
        messages.error(request, str(error.message))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The task “%(title)s” is done.") % {"title": task.title})
    return redirect(case_url(case, "timeline"))


# --- A note: its history, edit and retraction ---------------------------------------------------


def _note_of(viewer: Viewer, case: Case, note_id: uuid.UUID) -> Note:
    note = selectors.note_get(viewer=viewer, note_id=note_id)
    if note.case_id != case.pk:
        raise Http404()
    return note


def _render_note(
    request: HttpRequest,
    viewer: Viewer,
    case: Case,
    note: Note,
    *,
    edit_form: EditNoteForm | None = None,
    retract_form: RetractNoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = note.retracted_at is None and decide(viewer, Action.EDIT_CASE, note).allowed
    initial = {"version": note.version}
    context = {
        "case": case,
        "note": note,
        "revisions": selectors.note_revisions(viewer=viewer, note=note),
        "can_edit": can_edit,
        "edit_form": edit_form or EditNoteForm(prefix="edit", initial={**initial, "body": note.body}),
        "retract_form": retract_form or RetractNoteForm(prefix="retract", initial=initial),
    }
    return render(request, "cases/note_edit.html", context, status=status)


def note_edit(request: HttpRequest, case_id: uuid.UUID, note_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    note = _note_of(viewer, case, note_id)
    if request.method != "POST":
        return _render_note(request, viewer, case, note)
    form = EditNoteForm(request.POST, prefix="edit")
    if form.is_valid():
        try:
            services.edit_note(
                viewer=viewer, note=note, body=form.cleaned_data["body"], expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The note was changed; its earlier text is kept in its history."))
            return redirect(case_url(case, "timeline"))
        note = _note_of(viewer, case, note_id)  # as it is saved now, e.g. with a colleague's change
    return _render_note(request, viewer, case, note, edit_form=form, status=400)


@require_POST
def note_retract(request: HttpRequest, case_id: uuid.UUID, note_id: uuid.UUID) -> HttpResponse:
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    note = _note_of(viewer, case, note_id)
    form = RetractNoteForm(request.POST, prefix="retract")
    if form.is_valid():
        try:
            services.retract_note(
                viewer=viewer,
                note=note,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The note was retracted. It stays visible, marked retracted."))
            return redirect(case_url(case, "timeline"))
        note = _note_of(viewer, case, note_id)
    return _render_note(request, viewer, case, note, retract_form=form, status=400)


# --- The victim's safe contact -----------------------------------------------------------------


def contact_edit(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Record or change how to reach the victim safely, and where she is (victim-only compartment)."""
    viewer = viewer_for(request)
    case = selectors.case_get(viewer=viewer, case_id=case_id)
    authorize(viewer, Action.EDIT_CASE, CaseContent(case, Compartment.VICTIM_ONLY), hide_existence=True)
    victim = next(
        (link for link in selectors.case_people(viewer=viewer, case=case) if link.role == PersonRole.VICTIM), None
    )
    if victim is None:
        raise Http404()
    contact = selectors.victim_contact(viewer=viewer, case=case)
    initial: dict[str, Any] = {}
    if contact is not None and contact.case_person_id == victim.pk:
        initial = {name: getattr(contact, name) for name in VictimContactForm.base_fields}
    form = VictimContactForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_victim_contact(
                viewer=viewer, case_person=victim, values=form.values(), expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("The safe contact was saved."))
            return redirect(case_url(case, "safe-contact"))
    return render(
        request,
        "cases/contact_edit.html",
        {"case": case, "victim": victim, "form": form},
        status=400 if form.errors else 200,
    )
