"""Reads of situations, always through the policy layer and audited.

A situation the acting agency does not take part in answers 404, so that its existence does not
leak; content is filtered to the compartments the participation opens.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Case as Choose
from django.db.models import Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event, record_views
from maillage.cases.models import (
    NEED_STATUS_ORDER,
    Case,
    CasePerson,
    ClosureRequest,
    Incident,
    Intake,
    Need,
    Note,
    NoteRevision,
    Participation,
    PersonRole,
    StatusChange,
    Task,
    TaskStatus,
    Transfer,
    VictimContact,
)
from maillage.policy.compartments import Compartment, default_compartments
from maillage.policy.decisions import Action, case_queryset, decide
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer


def case_list(*, viewer: Viewer, status: str = "", search: str = "") -> QuerySet[Case]:
    """Situations the acting agency takes part in; `search` matches the reference, and the names of
    people whose identity is in the general compartment when the agency's kind opens it."""
    cases = case_queryset(viewer).select_related("coordinator_agency", "coordinator")
    if status:
        cases = cases.filter(status=status)
    if search:
        matching = Q(reference__icontains=search)
        if viewer.agency is not None and Compartment.GENERAL in default_compartments(viewer.agency.kind):
            named = CasePerson.objects.filter(compartment=Compartment.GENERAL).filter(
                Q(person__family_name__icontains=search)
                | Q(person__given_names__icontains=search)
                | Q(person__birth_name__icontains=search)
            )
            matching |= Q(pk__in=named.values("case_id"))
        cases = cases.filter(matching)
    record_event(AuditAction.VIEW, object_type="cases.case_list", fields=["reference", "status"])
    return cases.order_by("-opened_at")


def case_get(*, viewer: Viewer, case_id: uuid.UUID, action: Action = Action.VIEW_CASE) -> Case:
    case = Case.objects.select_related("coordinator_agency", "coordinator").filter(pk=case_id).first()
    if case is None:
        raise Http404()
    authorize(viewer, action, case, hide_existence=True)
    record_event(AuditAction.VIEW, obj=case)
    return case


def _open(viewer: Viewer, case: Case) -> list[str]:
    return sorted(viewer.open_compartments(case))


def case_people(*, viewer: Viewer, case: Case) -> list[CasePerson]:
    people = list(
        case.people.filter(compartment__in=_open(viewer, case)).select_related("person").order_by("role", "added_at")
    )
    record_views([link.person for link in people], fields=["identity"])
    return people


def victim_contact(*, viewer: Viewer, case: Case) -> VictimContact | None:
    """The victim's safe contact, if the victim-only compartment is open to the viewer."""
    if Compartment.VICTIM_ONLY not in viewer.open_compartments(case):
        return None
    contact = VictimContact.objects.filter(case_person__case=case, case_person__role=PersonRole.VICTIM).first()
    if contact is not None:
        record_event(AuditAction.VIEW, obj=contact, fields=["safe_phone", "safe_email", "code_word", "address"])
    return contact


def participations(*, viewer: Viewer, case: Case) -> QuerySet[Participation]:
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    return case.participations.filter(left_at__isnull=True).select_related("agency").order_by("joined_at")


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # intake, incident, note, task, status, closure, transfer, need
    at: datetime | date
    item: Any

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.at, datetime):
            return self.at
        return timezone.make_aware(datetime(self.at.year, self.at.month, self.at.day))


def case_timeline(*, viewer: Viewer, case: Case, with_needs: bool = False) -> list[TimelineEntry]:
    """Intakes, incidents, notes, tasks, status changes, requests to close and transfers (and needs,
    when asked) in one chronological view, newest first, limited to the compartments open to the viewer."""
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    opened = _open(viewer, case)
    sources: list[tuple[str, QuerySet[Any], str]] = [
        ("intake", Intake.objects.filter(case=case).select_related("referring_agency"), "received_on"),
        ("incident", Incident.objects.filter(case=case).select_related("recorded_by_agency"), "occurred_on"),
        ("note", Note.objects.filter(case=case).select_related("author", "author_agency"), "created_at"),
        ("task", Task.objects.filter(case=case).select_related("owner_agency", "owner"), "created_at"),
        ("status", StatusChange.objects.filter(case=case).select_related("changed_by"), "changed_at"),
        (
            "closure",
            ClosureRequest.objects.filter(case=case).select_related("requested_by", "decided_by"),
            "requested_at",
        ),
        (
            "transfer",
            Transfer.objects.filter(case=case).select_related("from_agency", "to_agency", "proposed_by", "decided_by"),
            "proposed_at",
        ),
    ]
    # The API's timeline lists the kinds above; the pages ask for needs as well.
    if with_needs:
        sources.append(("need", Need.objects.filter(case=case).select_related("owner_agency", "owner"), "created_at"))
    entries = [
        TimelineEntry(kind, getattr(item, date_field), item)
        for kind, queryset, date_field in sources
        for item in queryset.filter(compartment__in=opened)
    ]
    record_event(AuditAction.VIEW, obj=case, fields=sorted({entry.kind for entry in entries}))
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)


def pending_closure(*, viewer: Viewer, case: Case) -> ClosureRequest | None:
    """The request to close awaiting approval, for the coordinators of the coordinating agency."""
    if not decide(viewer, Action.CHANGE_CASE_STATUS, case).allowed:
        return None
    return case.closure_requests.filter(status=ClosureRequest.Status.PENDING).select_related("requested_by").first()


def pending_transfer(*, viewer: Viewer, case: Case) -> Transfer | None:
    """The transfer awaiting the receiving agency's decision, for the two agencies concerned."""
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    transfer = (
        case.transfers.filter(status=Transfer.Status.PENDING)
        .select_related("case", "from_agency", "to_agency", "proposed_by")
        .first()
    )
    if transfer is None or viewer.agency is None:
        return None
    return transfer if viewer.agency.pk in (transfer.from_agency_id, transfer.to_agency_id) else None


def transfers_to_decide(*, viewer: Viewer) -> QuerySet[Transfer]:
    """Pending transfers to the acting agency that the viewer may decide, oldest first (dashboard)."""
    return (
        Transfer.objects.filter(
            to_agency=viewer.agency,
            status=Transfer.Status.PENDING,
            case__in=case_queryset(viewer, Action.DECIDE_TRANSFER),
        )
        .select_related("case", "from_agency")
        .order_by("proposed_at")
    )


def case_incidents(*, viewer: Viewer, case: Case) -> QuerySet[Incident]:
    """The incidents the viewer may read, newest first (to link a document to one)."""
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    return case.incidents.filter(compartment__in=_open(viewer, case)).order_by("-occurred_on", "-recorded_at")


def case_needs(*, viewer: Viewer, case: Case) -> QuerySet[Need]:
    """The needs and difficulties the viewer may read: highest priority first, then what is still
    to do before what is met or no longer relevant, oldest first."""
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    status_rank = Choose(*(When(status=status, then=Value(rank)) for rank, status in enumerate(NEED_STATUS_ORDER)))
    needs = (
        case.needs.filter(compartment__in=_open(viewer, case))
        .select_related("owner_agency", "owner")
        .annotate(status_rank=status_rank)
        .order_by("priority", "status_rank", "created_at")
    )
    record_event(AuditAction.VIEW, obj=case, fields=["needs"])
    return needs


def need_get(*, viewer: Viewer, need_id: uuid.UUID) -> Need:
    need = Need.objects.select_related("case", "owner_agency", "owner", "created_by").filter(pk=need_id).first()
    if need is None:
        raise Http404()
    authorize(viewer, Action.VIEW_CASE, need, hide_existence=True)
    record_event(AuditAction.VIEW, obj=need, fields=["description"])
    return need


def note_get(*, viewer: Viewer, note_id: uuid.UUID) -> Note:
    note = Note.objects.select_related("case").filter(pk=note_id).first()
    if note is None:
        raise Http404()
    authorize(viewer, Action.VIEW_CASE, note, hide_existence=True)
    record_event(AuditAction.VIEW, obj=note, fields=["body"])
    return note


def note_revisions(*, viewer: Viewer, note: Note) -> QuerySet[NoteRevision]:
    """The earlier texts of a note, oldest first, with who replaced each and when."""
    authorize(viewer, Action.VIEW_CASE, note, hide_existence=True)
    record_event(AuditAction.VIEW, obj=note, fields=["revisions"])
    return note.revisions.select_related("edited_by").order_by("version")


def task_get(*, viewer: Viewer, task_id: uuid.UUID) -> Task:
    task = Task.objects.select_related("case").filter(pk=task_id).first()
    if task is None:
        raise Http404()
    authorize(viewer, Action.VIEW_CASE, task, hide_existence=True)
    return task


def open_tasks_of_agency(*, viewer: Viewer) -> QuerySet[Task]:
    """Open tasks of the acting agency in the situations it can see, soonest due first."""
    return (
        Task.objects.filter(case__in=case_queryset(viewer), owner_agency=viewer.agency, status=TaskStatus.OPEN)
        .select_related("case", "owner")
        .order_by("due_on")
    )


def overdue(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.filter(due_on__lt=timezone.localdate())


def offers_cases(*, viewer: Viewer) -> bool:
    """Whether the situation pages are worth offering: the viewer may open one, or its agency takes part in some."""
    return decide(viewer, Action.OPEN_CASE).allowed or case_queryset(viewer).exists()
