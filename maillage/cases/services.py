"""Writes on situations: intake, people, incidents, needs, notes, tasks, participants, lifecycle.

Each function asks the policy layer, validates, writes in one transaction and audits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.cases.models import (
    CHILD_ROLES,
    Case,
    CasePerson,
    CaseStatus,
    ClosureReason,
    ClosureRequest,
    Incident,
    Intake,
    IntakeChannel,
    Need,
    NeedKind,
    NeedPriority,
    NeedStatus,
    Note,
    NoteRevision,
    Participation,
    Person,
    PersonRole,
    StatusChange,
    Task,
    TaskStatus,
    Transfer,
    VictimContact,
)
from maillage.cases.person_matching import detect_matches
from maillage.core.locking import StaleVersionError, save_versioned
from maillage.directory.models import Agency
from maillage.policy.compartments import PERPETRATOR_FACING_KINDS, Compartment, default_compartments
from maillage.policy.decisions import COORDINATING_KINDS, Action, CaseContent
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

# A new signal within this time of a closing reopens the situation as a repeat.
REPEAT_WINDOW = timedelta(days=365)

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.SIGNALLED: frozenset({CaseStatus.EVALUATING, CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.EVALUATING: frozenset({CaseStatus.ACTIVE, CaseStatus.MONITORING, CaseStatus.CLOSED}),
    CaseStatus.ACTIVE: frozenset({CaseStatus.MONITORING, CaseStatus.CLOSED}),
    CaseStatus.MONITORING: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.EVALUATING, CaseStatus.ACTIVE}),
}


@dataclass(frozen=True)
class PersonDetails:
    given_names: str
    family_name: str
    birth_name: str = ""
    aliases: tuple[str, ...] = ()
    birth_date: date | None = None
    nationality: str = ""
    languages: str = ""
    needs_interpreter: bool = False


@dataclass(frozen=True)
class SignalDetails:
    channel: IntakeChannel
    received_on: date
    referring_agency: Agency
    first_facts: str
    referring_person: str = ""
    children: tuple[PersonDetails, ...] = field(default_factory=tuple)
    # The agency that will coordinate (e.g. the territory's DV coordination); the opener if None.
    coordinator_agency: Agency | None = None


def _today() -> date:
    return timezone.localdate()


def _refuse_future(day: date, field_name: str) -> None:
    if day > _today():
        raise ValidationError({field_name: _("This date is in the future.")})


def _participate(case: Case, agency: Agency, role: str, invited_by: User | None) -> Participation:
    """An agency joins with its kind's default compartments; a referring agency with none: it learns
    what became of its referral only through the feedback the victim agreed to (sharing app)."""
    opened = [] if role == Participation.Role.REFERRER else sorted(default_compartments(agency.kind))
    participation = Participation.objects.create(
        case=case, agency=agency, role=role, compartments=opened, invited_by=invited_by
    )
    record_event(AuditAction.PERMISSION_CHANGE, obj=participation, fields=["compartments", "role"])
    return participation


def _create_person(details: PersonDetails) -> Person:
    if details.birth_date:
        _refuse_future(details.birth_date, "birth_date")
    person = Person(
        given_names=details.given_names.strip(),
        family_name=details.family_name.strip(),
        birth_name=details.birth_name.strip(),
        aliases=list(details.aliases),
        birth_date=details.birth_date,
        nationality=details.nationality,
        languages=details.languages,
        needs_interpreter=details.needs_interpreter,
    )
    person.full_clean()
    person.save()
    record_event(AuditAction.CREATE, obj=person, fields=[name for name, value in vars(details).items() if value])
    return person


def _attach(case: Case, person: Person, role: PersonRole, relationship: str = "") -> CasePerson:
    compartment = Compartment.CHILDREN if role in CHILD_ROLES else Compartment.GENERAL
    link = CasePerson.objects.create(
        case=case, person=person, role=role, relationship=relationship, compartment=compartment
    )
    record_event(AuditAction.CREATE, obj=link, fields=["person", "role", "relationship"])
    detect_matches(link)
    return link


def open_case_from_signal(
    *, viewer: Viewer, signal: SignalDetails, victim: PersonDetails, perpetrator: PersonDetails | None = None
) -> Case:
    """Open a situation from a signal (complaint, call-out, hotline…).

    The coordinating agency (the opener unless another is named) takes part as coordinator, the
    opener and the referring agency as partners, each with its kind's default compartments.
    """
    authorize(viewer, Action.OPEN_CASE)
    assert viewer.user is not None and viewer.agency is not None
    _refuse_future(signal.received_on, "received_on")
    if not signal.first_facts.strip():
        raise ValidationError({"first_facts": _("Describe the first facts in a few words.")})
    coordinating = signal.coordinator_agency or viewer.agency
    if not coordinating.is_active or coordinating.kind not in COORDINATING_KINDS:
        raise ValidationError({"coordinator_agency": _("This agency cannot coordinate a situation.")})
    with transaction.atomic():
        case = Case.objects.create(
            department_code=viewer.agency.department_code,
            opened_by_agency=viewer.agency,
            coordinator_agency=coordinating,
        )
        record_event(AuditAction.CREATE, obj=case, fields=["status", "department_code", "coordinator_agency"])
        _participate(case, coordinating, Participation.Role.COORDINATOR, viewer.user)
        if viewer.agency != coordinating:
            _participate(case, viewer.agency, Participation.Role.PARTNER, viewer.user)
        if signal.referring_agency not in (viewer.agency, coordinating):
            _participate(case, signal.referring_agency, Participation.Role.REFERRER, viewer.user)
        _record_intake(case, signal, viewer.user)
        _attach(case, _create_person(victim), PersonRole.VICTIM)
        if perpetrator is not None:
            _attach(case, _create_person(perpetrator), PersonRole.PERPETRATOR)
        for child in signal.children:
            _attach(case, _create_person(child), PersonRole.CHILD_EXPOSED)
        _record_status(case, "", CaseStatus.SIGNALLED, viewer.user)
    return case


def _record_intake(case: Case, signal: SignalDetails, user: User) -> Intake:
    intake = Intake.objects.create(
        case=case,
        channel=signal.channel,
        received_on=signal.received_on,
        referring_agency=signal.referring_agency,
        referring_person=signal.referring_person.strip(),
        first_facts=signal.first_facts.strip(),
        recorded_by=user,
    )
    record_event(AuditAction.CREATE, obj=intake, fields=["channel", "received_on", "first_facts"])
    return intake


def record_new_signal(*, viewer: Viewer, case: Case, signal: SignalDetails) -> Intake:
    """A new signal on an existing situation; on a situation closed less than a year ago it
    reopens it and marks it as a repeat."""
    authorize(viewer, Action.EDIT_CASE, CaseContent(case, Compartment.GENERAL), hide_existence=True)
    assert viewer.user is not None
    _refuse_future(signal.received_on, "received_on")
    if not signal.first_facts.strip():
        raise ValidationError({"first_facts": _("Describe the first facts in a few words.")})
    with transaction.atomic():
        intake = _record_intake(case, signal, viewer.user)
        if not case.participations.filter(agency=signal.referring_agency, left_at__isnull=True).exists():
            _participate(case, signal.referring_agency, Participation.Role.REFERRER, viewer.user)
        closed_recently = case.closed_at is not None and timezone.now() - case.closed_at <= REPEAT_WINDOW
        if case.status == CaseStatus.CLOSED and closed_recently:
            _transition(case, CaseStatus.EVALUATING, viewer.user, comment=str(_("New signal")), is_repeat=True)
    return intake


def add_person(
    *, viewer: Viewer, case: Case, details: PersonDetails, role: PersonRole, relationship: str = ""
) -> CasePerson:
    compartment = Compartment.CHILDREN if role in CHILD_ROLES else Compartment.GENERAL
    authorize(viewer, Action.EDIT_CASE, CaseContent(case, compartment), hide_existence=True)
    with transaction.atomic():
        return _attach(case, _create_person(details), role, relationship)


def save_victim_contact(
    *, viewer: Viewer, case_person: CasePerson, values: dict[str, object], expected_version: int | None
) -> VictimContact:
    """Create or update the victim's safe contact and whereabouts (victim-only compartment)."""
    if case_person.role != PersonRole.VICTIM:
        raise ValidationError(_("Safe contact details are recorded for the victim only."))
    authorize(viewer, Action.EDIT_CASE, CaseContent(case_person.case, Compartment.VICTIM_ONLY), hide_existence=True)
    fields = ["safe_phone", "safe_email", "safe_times", "code_word", "may_leave_message", "address"]
    with transaction.atomic():
        contact = VictimContact.objects.filter(case_person=case_person).first()
        if contact is None:
            try:
                with transaction.atomic():
                    contact = VictimContact.objects.create(
                        case_person=case_person, **{name: values[name] for name in fields}
                    )
            except IntegrityError as error:  # someone else created it meanwhile
                raise StaleVersionError() from error
            changed = [name for name in fields if values[name]]
            record_event(AuditAction.CREATE, obj=contact, fields=changed)
            detect_matches(case_person)
            return contact
        changed = [name for name in fields if values[name] != getattr(contact, name)]
        if not changed:
            if contact.version != expected_version:
                raise StaleVersionError()
            return contact
        for name in changed:
            setattr(contact, name, values[name])
        save_versioned(contact, expected_version=expected_version or 0, fields=changed)
        record_event(AuditAction.UPDATE, obj=contact, fields=changed)
        if "safe_phone" in changed:
            detect_matches(case_person)
    return contact


def record_incident(*, viewer: Viewer, case: Case, values: dict[str, object]) -> Incident:
    compartment = Compartment(str(values.get("compartment") or Compartment.GENERAL))
    authorize(viewer, Action.EDIT_CASE, CaseContent(case, compartment), hide_existence=True)
    assert viewer.user is not None and viewer.agency is not None
    occurred_on = values["occurred_on"]
    assert isinstance(occurred_on, date)
    _refuse_future(occurred_on, "occurred_on")
    born_after = case.people.filter(person__birth_date__gt=occurred_on, role=PersonRole.VICTIM).exists()
    if born_after:
        raise ValidationError({"occurred_on": _("This date is before the victim's date of birth.")})
    with transaction.atomic():
        incident = Incident(case=case, recorded_by=viewer.user, recorded_by_agency=viewer.agency, **values)
        incident.full_clean()
        incident.save()
        record_event(AuditAction.CREATE, obj=incident, fields=[name for name, value in values.items() if value])
    return incident


def add_note(*, viewer: Viewer, case: Case, compartment: Compartment, body: str) -> Note:
    authorize(viewer, Action.EDIT_CASE, CaseContent(case, compartment), hide_existence=True)
    assert viewer.user is not None and viewer.agency is not None
    if not body.strip():
        raise ValidationError({"body": _("The note is empty.")})
    with transaction.atomic():
        note = Note.objects.create(
            case=case, compartment=compartment, body=body.strip(), author=viewer.user, author_agency=viewer.agency
        )
        record_event(AuditAction.CREATE, obj=note, fields=["body", "compartment"])
    return note


def edit_note(*, viewer: Viewer, note: Note, body: str, expected_version: int) -> Note:
    """Change a note's text, keeping the previous text as a revision."""
    authorize(viewer, Action.EDIT_CASE, note, hide_existence=True)
    assert viewer.user is not None
    _refuse_other_agencys_note(viewer, note)
    if note.retracted_at is not None:
        raise ValidationError(_("A retracted note cannot be edited."))
    if not body.strip():
        raise ValidationError({"body": _("The note is empty.")})
    with transaction.atomic():
        previous_body = Note.objects.select_for_update().get(pk=note.pk).body
        NoteRevision.objects.create(note=note, version=expected_version, body=previous_body, edited_by=viewer.user)
        note.body = body.strip()
        # save_versioned writes with an UPDATE query, which does not apply auto_now.
        note.updated_at = timezone.now()
        save_versioned(note, expected_version=expected_version, fields=["body", "updated_at"])
        record_event(AuditAction.UPDATE, obj=note, fields=["body"])
    return note


def retract_note(*, viewer: Viewer, note: Note, reason: str, expected_version: int) -> Note:
    """Withdraw a note: it stays visible to its compartment, marked retracted, with the reason."""
    authorize(viewer, Action.EDIT_CASE, note, hide_existence=True)
    _refuse_other_agencys_note(viewer, note)
    if note.retracted_at is not None:  # retracting again would overwrite when and why it was retracted
        raise ValidationError(_("A retracted note cannot be edited."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the note is retracted.")})
    with transaction.atomic():
        note.retracted_at = timezone.now()
        note.retraction_reason = reason.strip()
        save_versioned(note, expected_version=expected_version, fields=["retracted_at", "retraction_reason"])
        record_event(AuditAction.UPDATE, obj=note, fields=["retracted_at", "retraction_reason"])
    return note


def _refuse_other_agencys_note(viewer: Viewer, note: Note) -> None:
    """A note speaks for the agency that wrote it: only that agency changes or withdraws it."""
    if viewer.agency is None or note.author_agency_id != viewer.agency.pk:
        raise ValidationError(_("Only the agency that wrote this note can change or retract it."))


def add_task(
    *, viewer: Viewer, case: Case, title: str, owner_agency: Agency, due_on: date, owner: User | None = None
) -> Task:
    authorize(viewer, Action.EDIT_CASE, CaseContent(case, Compartment.GENERAL), hide_existence=True)
    assert viewer.user is not None
    if not case.participations.filter(agency=owner_agency, left_at__isnull=True).exists():
        raise ValidationError({"owner_agency": _("A task can only be given to an agency taking part.")})
    if owner is not None and not owner.memberships.filter(agency=owner_agency, is_active=True).exists():
        raise ValidationError({"owner": _("This person does not work for the agency in charge.")})
    with transaction.atomic():
        task = Task.objects.create(
            case=case,
            title=title.strip(),
            owner_agency=owner_agency,
            owner=owner,
            due_on=due_on,
            created_by=viewer.user,
        )
        record_event(AuditAction.CREATE, obj=task, fields=["title", "owner_agency", "owner", "due_on"])
    return task


def complete_task(*, viewer: Viewer, task: Task, expected_version: int) -> Task:
    authorize(viewer, Action.EDIT_CASE, task, hide_existence=True)
    if task.status != TaskStatus.OPEN:
        raise ValidationError(_("This task is already done or cancelled."))
    with transaction.atomic():
        task.status = TaskStatus.DONE
        task.completed_at = timezone.now()
        save_versioned(task, expected_version=expected_version, fields=["status", "completed_at"])
        record_event(AuditAction.UPDATE, obj=task, fields=["status", "completed_at"])
    return task


def _check_need_owner(case: Case, owner_agency: Agency, owner: User | None, compartment: Compartment) -> None:
    participation = case.participations.filter(agency=owner_agency, left_at__isnull=True).first()
    if participation is None:
        raise ValidationError({"owner_agency": _("A need can only be given to an agency taking part.")})
    if compartment not in participation.compartments:
        raise ValidationError(
            {"owner_agency": _("This agency cannot read this compartment: choose another agency or compartment.")}
        )
    if owner is not None and not owner.memberships.filter(agency=owner_agency, is_active=True).exists():
        raise ValidationError({"owner": _("This person does not work for the agency in charge.")})


def add_need(
    *,
    viewer: Viewer,
    case: Case,
    kind: NeedKind,
    priority: NeedPriority,
    owner_agency: Agency,
    description: str = "",
    owner: User | None = None,
    compartment: Compartment = Compartment.GENERAL,
) -> Need:
    """Record a need or difficulty of the situation, with the agency that takes care of it."""
    authorize(viewer, Action.EDIT_CASE, CaseContent(case, compartment), hide_existence=True)
    assert viewer.user is not None
    _check_need_owner(case, owner_agency, owner, compartment)
    with transaction.atomic():
        need = Need(
            case=case,
            kind=kind,
            description=description.strip(),
            priority=priority,
            owner_agency=owner_agency,
            owner=owner,
            compartment=compartment,
            created_by=viewer.user,
        )
        need.full_clean()
        need.save()
        record_event(
            AuditAction.CREATE,
            obj=need,
            fields=["kind", "priority", "status", "owner_agency", "compartment"]
            + (["description"] if need.description else [])
            + (["owner"] if owner else []),
        )
    return need


def update_need(
    *,
    viewer: Viewer,
    need: Need,
    expected_version: int,
    kind: NeedKind,
    priority: NeedPriority,
    status: NeedStatus,
    owner_agency: Agency,
    description: str = "",
    owner: User | None = None,
    compartment: Compartment = Compartment.GENERAL,
) -> Need:
    """Change a need (its status as it is taken care of, its priority, who owns it…); refused if
    someone changed it since `expected_version`. Moving it to another compartment needs both open."""
    authorize(viewer, Action.EDIT_CASE, need, hide_existence=True)
    authorize(viewer, Action.EDIT_CASE, CaseContent(need.case, compartment), hide_existence=True)
    _check_need_owner(need.case, owner_agency, owner, compartment)
    values: dict[str, object] = {
        "kind": kind,
        "priority": priority,
        "status": status,
        "owner_agency": owner_agency,
        "owner": owner,
        "description": description.strip(),
        "compartment": compartment,
    }
    changed = [name for name, value in values.items() if getattr(need, name) != value]
    with transaction.atomic():
        for name in changed:
            setattr(need, name, values[name])
        need.full_clean()
        # save_versioned writes with an UPDATE query, which does not apply auto_now.
        need.updated_at = timezone.now()
        save_versioned(need, expected_version=expected_version, fields=[*changed, "updated_at"])
        record_event(AuditAction.UPDATE, obj=need, fields=changed)
    return need


def invite_agency(*, viewer: Viewer, case: Case, agency: Agency) -> Participation:
    """Bring an agency into the situation with its kind's default compartments."""
    authorize(viewer, Action.MANAGE_PARTICIPANTS, case, hide_existence=True)
    if not agency.is_active:
        raise ValidationError({"agency": _("This agency is no longer active.")})
    current = case.participations.filter(agency=agency, left_at__isnull=True).first()
    if current is not None and current.role != Participation.Role.REFERRER:
        raise ValidationError({"agency": _("This agency already takes part.")})
    if not default_compartments(agency.kind):
        raise ValidationError({"agency": _("This kind of agency does not take part in situations.")})
    with transaction.atomic():
        if current is not None:  # the referring agency now works on the situation
            current.role = Participation.Role.PARTNER
            current.compartments = sorted(default_compartments(agency.kind))
            current.save(update_fields=["role", "compartments"])
            record_event(AuditAction.PERMISSION_CHANGE, obj=current, fields=["compartments", "role"])
            return current
        return _participate(case, agency, Participation.Role.PARTNER, viewer.user)


def end_participation(*, viewer: Viewer, participation: Participation) -> None:
    """The agency leaves the situation: its access closes at once; its past entries stay."""
    authorize(viewer, Action.MANAGE_PARTICIPANTS, participation.case, hide_existence=True)
    if participation.agency_id == participation.case.coordinator_agency_id:
        raise ValidationError(_("The coordinating agency cannot leave; name another coordinator first."))
    if participation.case.transfers.filter(status=Transfer.Status.PENDING, to_agency=participation.agency_id).exists():
        raise ValidationError(_("The situation is being transferred to this agency: withdraw the transfer first."))
    with transaction.atomic():
        Participation.objects.filter(pk=participation.pk, left_at__isnull=True).update(left_at=timezone.now())
        record_event(AuditAction.PERMISSION_CHANGE, obj=participation, fields=["left_at"])


def name_coordinator(*, viewer: Viewer, case: Case, coordinator: User, expected_version: int) -> Case:
    """Name the person answerable for the situation, within the coordinating agency."""
    authorize(viewer, Action.MANAGE_PARTICIPANTS, case, hide_existence=True)
    if not coordinator.memberships.filter(agency=case.coordinator_agency, is_active=True, role="coordinator").exists():
        raise ValidationError({"coordinator": _("The coordinator must be a coordinator of the coordinating agency.")})
    with transaction.atomic():
        case.coordinator = coordinator
        save_versioned(case, expected_version=expected_version, fields=["coordinator"])
        record_event(AuditAction.UPDATE, obj=case, fields=["coordinator"])
    return case


def change_status(
    *,
    viewer: Viewer,
    case: Case,
    to_status: CaseStatus,
    expected_version: int,
    reason: str = "",
    comment: str = "",
) -> Case:
    authorize(viewer, Action.CHANGE_CASE_STATUS, case, hide_existence=True)
    assert viewer.user is not None
    if case.version != expected_version:
        raise StaleVersionError()
    if to_status not in ALLOWED_TRANSITIONS[case.status]:
        raise ValidationError({"to_status": _("This change of status is not possible from the current one.")})
    if to_status == CaseStatus.CLOSED and reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Choose the reason for closing.")})
    if to_status == CaseStatus.CLOSED:
        _refuse_closing_while_pending(case)
    with transaction.atomic():
        if to_status == CaseStatus.CLOSED and case.coordinator_agency.closing_needs_approval:
            # The agency asks for a second person's approval: the situation stays open until then.
            closure = ClosureRequest.objects.create(
                case=case, reason=reason, comment=comment.strip(), requested_by=viewer.user
            )
            record_event(AuditAction.CREATE, obj=closure, fields=["reason", "comment"])
        else:
            _transition(case, to_status, viewer.user, reason=reason, comment=comment)
    return case


def _refuse_closing_while_pending(case: Case) -> None:
    if case.closure_requests.filter(status=ClosureRequest.Status.PENDING).exists():
        raise ValidationError({"to_status": _("A request to close this situation is already awaiting approval.")})
    if case.transfers.filter(status=Transfer.Status.PENDING).exists():
        raise ValidationError({"to_status": _("A transfer of this situation is pending: it must be decided first.")})


def _pending(obj: ClosureRequest | Transfer) -> None:
    if obj.status != obj.Status.PENDING:
        raise ValidationError(_("This has already been decided."))


def approve_closure(*, viewer: Viewer, closure: ClosureRequest, expected_version: int) -> ClosureRequest:
    """A second coordinator of the coordinating agency approves: the situation closes with the
    requested reason; the request shows who asked and who approved."""
    authorize(viewer, Action.CHANGE_CASE_STATUS, closure, hide_existence=True)
    assert viewer.user is not None
    _pending(closure)
    if closure.requested_by_id == viewer.user.pk:
        raise ValidationError(_("Another coordinator must approve your own request to close."))
    case = closure.case
    if CaseStatus.CLOSED not in ALLOWED_TRANSITIONS[case.status]:
        raise ValidationError(_("This change of status is not possible from the current one."))
    with transaction.atomic():
        closure.status = ClosureRequest.Status.APPROVED
        closure.decided_by = viewer.user
        closure.decided_at = timezone.now()
        save_versioned(closure, expected_version=expected_version, fields=["status", "decided_by", "decided_at"])
        record_event(AuditAction.UPDATE, obj=closure, fields=["status", "decided_by"])
        _transition(case, CaseStatus.CLOSED, viewer.user, reason=closure.reason, comment=closure.comment)
    return closure


def refuse_closure(*, viewer: Viewer, closure: ClosureRequest, reason: str, expected_version: int) -> ClosureRequest:
    """Another coordinator refuses (or the requester withdraws) with a reason: the situation stays open."""
    authorize(viewer, Action.CHANGE_CASE_STATUS, closure, hide_existence=True)
    _pending(closure)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    with transaction.atomic():
        closure.status = ClosureRequest.Status.REFUSED
        closure.decided_by = viewer.user
        closure.decided_at = timezone.now()
        closure.decision_reason = reason.strip()
        fields = ["status", "decided_by", "decided_at", "decision_reason"]
        save_versioned(closure, expected_version=expected_version, fields=fields)
        record_event(AuditAction.UPDATE, obj=closure, fields=fields)
    return closure


# --- Transfer to another territory ---------------------------------------------------------------


def propose_transfer(*, viewer: Viewer, case: Case, to_agency: Agency, reason: str, expected_version: int) -> Transfer:
    """The victim moved: propose the situation, with its history, to a coordinating agency of
    another department. That agency takes part as a partner (its kind's default compartments)
    while it decides."""
    authorize(viewer, Action.TRANSFER_CASE, case, hide_existence=True)
    assert viewer.user is not None
    if case.version != expected_version:
        raise StaleVersionError()
    if not to_agency.is_active or to_agency.kind not in COORDINATING_KINDS:
        raise ValidationError({"to_agency": _("This agency cannot coordinate a situation.")})
    if to_agency.department_code == case.department_code:
        raise ValidationError({"to_agency": _("Choose an agency of another department.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("A closed situation is not transferred."))
    if case.transfers.filter(status=Transfer.Status.PENDING).exists():
        raise ValidationError(_("A transfer of this situation is already pending."))
    if case.closure_requests.filter(status=ClosureRequest.Status.PENDING).exists():
        raise ValidationError(_("A request to close this situation is awaiting approval."))
    with transaction.atomic():
        current = case.participations.filter(agency=to_agency, left_at__isnull=True).first()
        previous_role = current.role if current is not None else ""
        if current is None:
            _participate(case, to_agency, Participation.Role.PARTNER, viewer.user)
        elif current.role == Participation.Role.REFERRER:  # it must see the situation to decide
            current.role = Participation.Role.PARTNER
            current.compartments = sorted(default_compartments(to_agency.kind))
            current.save(update_fields=["role", "compartments"])
            record_event(AuditAction.PERMISSION_CHANGE, obj=current, fields=["compartments", "role"])
        try:
            with transaction.atomic():
                transfer = Transfer.objects.create(
                    case=case,
                    from_agency=case.coordinator_agency,
                    to_agency=to_agency,
                    reason=reason.strip(),
                    proposed_by=viewer.user,
                    receiver_previous_role=previous_role,
                    # Where the situation goes says where the victim is going: victim-only.
                    compartment=Compartment.VICTIM_ONLY,
                )
        except IntegrityError as error:  # another transfer was proposed meanwhile
            raise StaleVersionError() from error
        record_event(AuditAction.CREATE, obj=transfer, fields=["to_agency", "reason"])
    return transfer


def _decided(transfer: Transfer, status: str, user: User, reason: str, expected_version: int) -> None:
    transfer.status = status
    transfer.decided_by = user
    transfer.decided_at = timezone.now()
    transfer.decision_reason = reason.strip()
    fields = ["status", "decided_by", "decided_at", "decision_reason"]
    save_versioned(transfer, expected_version=expected_version, fields=fields)
    record_event(AuditAction.UPDATE, obj=transfer, fields=fields)


def _release_receiver(transfer: Transfer) -> None:
    """The transfer did not happen: the receiving agency goes back to how it took part before."""
    current = transfer.case.participations.filter(agency=transfer.to_agency, left_at__isnull=True).first()
    if current is None or transfer.receiver_previous_role == Participation.Role.PARTNER:
        return
    if transfer.receiver_previous_role == Participation.Role.REFERRER:
        current.role = Participation.Role.REFERRER
        current.compartments = []
        current.save(update_fields=["role", "compartments"])
        record_event(AuditAction.PERMISSION_CHANGE, obj=current, fields=["compartments", "role"])
        return
    Participation.objects.filter(pk=current.pk, left_at__isnull=True).update(left_at=timezone.now())
    record_event(AuditAction.PERMISSION_CHANGE, obj=current, fields=["left_at"])


def accept_transfer(*, viewer: Viewer, transfer: Transfer, expected_version: int, comment: str = "") -> Transfer:
    """The receiving agency takes over: it coordinates, in its department, with no coordinator
    named yet; the former coordinating agency stays as a partner."""
    authorize(viewer, Action.DECIDE_TRANSFER, transfer, hide_existence=True)
    assert viewer.user is not None
    _pending(transfer)
    case = transfer.case
    with transaction.atomic():
        _decided(transfer, Transfer.Status.ACCEPTED, viewer.user, comment, expected_version)
        for participation in case.participations.filter(
            agency__in=[transfer.to_agency, transfer.from_agency], left_at__isnull=True
        ):
            coordinating = participation.agency_id == transfer.to_agency_id
            participation.role = Participation.Role.COORDINATOR if coordinating else Participation.Role.PARTNER
            participation.save(update_fields=["role"])
            record_event(AuditAction.PERMISSION_CHANGE, obj=participation, fields=["role"])
        _close_perpetrator_facing_participations(case)
        case.coordinator_agency = transfer.to_agency
        case.department_code = transfer.to_agency.department_code
        case.coordinator = None
        fields = ["coordinator_agency", "department_code", "coordinator"]
        save_versioned(case, expected_version=case.version, fields=fields)
        record_event(AuditAction.UPDATE, obj=case, fields=fields)
    return transfer


def _close_perpetrator_facing_participations(case: Case) -> None:
    """After a move, the situation's new coordinating agency and department would tell a
    perpetrator-facing agency where the victim went: their access ends; the new coordinator
    invites the local programme or probation service again if needed."""
    for participation in case.participations.filter(agency__kind__in=PERPETRATOR_FACING_KINDS, left_at__isnull=True):
        participation.left_at = timezone.now()
        participation.save(update_fields=["left_at"])
        record_event(AuditAction.PERMISSION_CHANGE, obj=participation, fields=["left_at"], reason="transfer")


def refuse_transfer(*, viewer: Viewer, transfer: Transfer, reason: str, expected_version: int) -> Transfer:
    """The receiving agency refuses with a reason: its participation for the transfer ends."""
    authorize(viewer, Action.DECIDE_TRANSFER, transfer, hide_existence=True)
    assert viewer.user is not None
    _pending(transfer)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    with transaction.atomic():
        _decided(transfer, Transfer.Status.REFUSED, viewer.user, reason, expected_version)
        _release_receiver(transfer)
    return transfer


def withdraw_transfer(*, viewer: Viewer, transfer: Transfer, expected_version: int) -> Transfer:
    """The coordinating agency takes its proposal back before it is decided."""
    authorize(viewer, Action.TRANSFER_CASE, transfer, hide_existence=True)
    assert viewer.user is not None
    _pending(transfer)
    with transaction.atomic():
        _decided(transfer, Transfer.Status.WITHDRAWN, viewer.user, "", expected_version)
        _release_receiver(transfer)
    return transfer


def _transition(
    case: Case, to_status: str, user: User, *, reason: str = "", comment: str = "", is_repeat: bool = False
) -> None:
    from_status = case.status
    case.status = to_status
    case.closed_at = timezone.now() if to_status == CaseStatus.CLOSED else None
    case.closure_reason = reason if to_status == CaseStatus.CLOSED else ""
    case.is_repeat = case.is_repeat or is_repeat
    save_versioned(case, expected_version=case.version, fields=["status", "closed_at", "closure_reason", "is_repeat"])
    _record_status(case, from_status, to_status, user, reason=reason, comment=comment)


def _record_status(
    case: Case, from_status: str, to_status: str, user: User, *, reason: str = "", comment: str = ""
) -> StatusChange:
    change = StatusChange.objects.create(
        case=case, from_status=from_status, to_status=to_status, reason=reason, comment=comment, changed_by=user
    )
    record_event(AuditAction.UPDATE, obj=case, fields=["status"] + (["closure_reason"] if reason else []))
    return change
