"""Writes of the interpreters app: the register, the victim's objection, bookings.

A booking follows the MOVE guidelines: never a child of the family, never a relative, not someone
from the victim's community when she objects, and someone who speaks a language of the person.
Refusals and warnings say why, in the user's language; a booking with warnings is saved only once
the user confirms having checked them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.cases.models import CHILD_ROLES, Case, CasePerson, Person, PersonRole
from maillage.core.locking import save_versioned
from maillage.directory.models import Agency, Language, split_list
from maillage.interpreters.models import (
    BookingStatus,
    Interpreter,
    InterpreterBooking,
    InterpreterObjection,
    normalise,
)
from maillage.policy.compartments import Compartment
from maillage.policy.decisions import Action, CaseContent, decide
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

INTERPRETER_FIELDS = ["full_name", "kind", "languages", "agency", "phone", "email", "communities", "is_active"]


# --- Register -------------------------------------------------------------------------------------


def may_maintain(viewer: Viewer, agency: Agency | None) -> bool:
    """Coordinators maintain the register; an interpreter service's staff, its own interpreters."""
    if decide(viewer, Action.MANAGE_INTERPRETERS).allowed:
        return True
    return agency is not None and decide(viewer, Action.MANAGE_AGENCY_INTERPRETERS, agency).allowed


def _authorize_maintain(viewer: Viewer, agency: Agency | None) -> None:
    if not may_maintain(viewer, agency):
        authorize(viewer, Action.MANAGE_INTERPRETERS)


def create_interpreter(*, viewer: Viewer, values: dict[str, object]) -> Interpreter:
    agency = values.get("agency")
    _authorize_maintain(viewer, agency if isinstance(agency, Agency) else None)
    interpreter = Interpreter(**{name: values[name] for name in INTERPRETER_FIELDS if name in values})
    interpreter.full_clean()
    with transaction.atomic():
        interpreter.save()
        record_event(
            AuditAction.CREATE, obj=interpreter, fields=[name for name in INTERPRETER_FIELDS if name in values]
        )
    return interpreter


def update_interpreter(
    *, viewer: Viewer, interpreter: Interpreter, values: dict[str, object], expected_version: int
) -> list[str]:
    """Save the changed fields; both the former and the new agency must be the viewer's to maintain."""
    _authorize_maintain(viewer, interpreter.agency)
    new_agency = values.get("agency", interpreter.agency)
    _authorize_maintain(viewer, new_agency if isinstance(new_agency, Agency) else None)
    changed = [name for name in INTERPRETER_FIELDS if name in values and values[name] != getattr(interpreter, name)]
    if not changed:
        return []
    for name in changed:
        setattr(interpreter, name, values[name])
    interpreter.full_clean()
    columns = ["agency_id" if name == "agency" else name for name in changed]
    with transaction.atomic():
        save_versioned(interpreter, expected_version=expected_version, fields=columns)
        record_event(AuditAction.UPDATE, obj=interpreter, fields=changed)
    return changed


# --- The victim's objection -------------------------------------------------------------------------


def set_objection(
    *, viewer: Viewer, case_person: CasePerson, objects: bool, community: str = ""
) -> InterpreterObjection | None:
    """Record (or lift) the victim's objection to an interpreter from her own community."""
    case = case_person.case
    authorize(viewer, Action.BOOK_INTERPRETER, CaseContent(case, Compartment.VICTIM_ONLY), hide_existence=True)
    assert viewer.user is not None and viewer.agency is not None
    if case_person.role != PersonRole.VICTIM:
        raise ValidationError(_("Only the victim's objection is recorded here."))
    community = community.strip()
    with transaction.atomic():
        objection, created = InterpreterObjection.objects.update_or_create(
            case_person=case_person,
            defaults={
                "objects_to_own_community": objects,
                "community": community if objects else "",
                "recorded_by": viewer.user,
                "recorded_by_agency": viewer.agency,
            },
        )
        record_event(
            AuditAction.CREATE if created else AuditAction.UPDATE,
            obj=objection,
            fields=["objects_to_own_community", "community"],
        )
    return objection


# --- Bookings ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookingRequest:
    case_person: CasePerson
    interpreter: Interpreter
    starts_at: datetime
    purpose: str
    declared_relative: bool = False  # "the interpreter is a relative of the victim or the perpetrator"
    confirmed_warnings: bool = False


@dataclass
class BookingCheck:
    refusals: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def refuse(self, name: str, message: str) -> None:
        self.refusals.setdefault(name, []).append(message)


def _name_tokens(text: str) -> set[str]:
    return set(normalise(text).split())


def _same_person(interpreter_name: str, person: Person) -> bool:
    """The interpreter's name holds one of the person's family names and one of her given names."""
    tokens = _name_tokens(interpreter_name)
    family = [_name_tokens(person.family_name), _name_tokens(person.birth_name)]
    givens = _name_tokens(person.given_names)
    for alias in person.aliases or []:
        alias_tokens = _name_tokens(str(alias))
        if alias_tokens and alias_tokens <= tokens:
            return True
    return any(names and names <= tokens for names in family) and bool(givens & tokens)


def _communities_match(ours: str, theirs: str) -> bool:
    a, b = normalise(ours), normalise(theirs)
    return bool(a and b) and (a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def _language_codes(text: str) -> tuple[set[str], bool]:
    """The ISO codes in a person's free-text languages, and whether some item was not recognised."""
    labels: dict[str, str] = {}
    for language in ("fr", "en"):
        with override(language):
            labels.update({normalise(str(label)): code for code, label in Language.choices})
    codes: set[str] = set()
    unrecognised = False
    for item in split_list(text):
        key = normalise(item)
        code = key if key in Language.values else labels.get(key)
        if code is None:
            code = next((code for label, code in labels.items() if len(key) >= 4 and label.startswith(key)), None)
        if code is None:
            unrecognised = True
        else:
            codes.add(code)
    return codes, unrecognised


def check_booking(case: Case, request: BookingRequest) -> BookingCheck:
    """Apply the MOVE rules to a booking; reads every person of the situation, whoever asks."""
    check = BookingCheck()
    interpreter, person = request.interpreter, request.case_person.person
    if not interpreter.is_active:
        check.refuse("interpreter", str(_("This interpreter is no longer active in the register.")))
    links = list(case.people.select_related("person"))
    if any(link.role in CHILD_ROLES and _same_person(interpreter.full_name, link.person) for link in links):
        check.refuse(
            "interpreter",
            str(
                _(
                    "%(name)s has the name of a child of this family. A child is never asked to interpret "
                    "or mediate for the family (MOVE guidelines)."
                )
                % {"name": interpreter.full_name}
            ),
        )
    elif any(_same_person(interpreter.full_name, link.person) for link in links):
        check.refuse(
            "interpreter",
            str(
                _(
                    "%(name)s has the name of a person of this situation. A relative is never asked to "
                    "interpret or mediate (MOVE guidelines)."
                )
                % {"name": interpreter.full_name}
            ),
        )
    if request.declared_relative:
        check.refuse(
            "declared_relative",
            str(
                _(
                    "A relative or friend of the victim or of the perpetrator cannot interpret: book a "
                    "professional interpreter from the register."
                )
            ),
        )
    for objection in InterpreterObjection.objects.filter(
        case_person__case=case, objects_to_own_community=True
    ).select_related("case_person__person"):
        if not interpreter.community_list:
            check.warnings.append(
                str(
                    _(
                        "The victim does not want an interpreter from her community, and the register does "
                        "not say which communities %(name)s belongs to. Check with the interpreter service."
                    )
                    % {"name": interpreter.full_name}
                )
            )
        elif not objection.community:
            check.warnings.append(
                str(
                    _(
                        "The victim does not want an interpreter from her community but did not say which: "
                        "%(name)s belongs to %(communities)s. Check with her."
                    )
                    % {"name": interpreter.full_name, "communities": ", ".join(interpreter.community_list)}
                )
            )
        else:
            matching = [c for c in interpreter.community_list if _communities_match(c, objection.community)]
            if matching:
                check.refuse(
                    "interpreter",
                    str(
                        _(
                            "The victim does not want an interpreter from her community, and %(name)s belongs "
                            "to “%(community)s”. Choose someone from outside it."
                        )
                        % {"name": interpreter.full_name, "community": matching[0]}
                    ),
                )
    spoken, unrecognised = _language_codes(person.languages)
    offered = set(split_list(interpreter.languages))
    if not spoken:
        check.warnings.append(
            str(
                _("The languages %(person)s speaks are not recorded: check that %(name)s speaks one of them.")
                % {"person": person, "name": interpreter.full_name}
            )
        )
    # French is the professionals' language: the interpreter must speak one of her other languages.
    elif not (spoken - {Language.FRENCH} or spoken) & offered:
        message = str(
            _("%(name)s does not speak a language %(person)s speaks (%(languages)s).")
            % {"name": interpreter.full_name, "person": person, "languages": person.languages}
        )
        if unrecognised:
            check.warnings.append(message)
        else:
            check.refuse("interpreter", message)
    return check


def booking_compartment(case_person: CasePerson) -> Compartment:
    """A booking for the victim says where she will be: victim-only. Others: the person's compartment."""
    if case_person.role == PersonRole.VICTIM:
        return Compartment.VICTIM_ONLY
    return Compartment(case_person.compartment)


def book_interpreter(*, viewer: Viewer, case: Case, request: BookingRequest) -> InterpreterBooking:
    """Book an interpreter for a person of the situation, or refuse with the reason."""
    if request.case_person.case_id != case.pk:
        raise ValidationError({"case_person": _("This person is not part of the situation.")})
    compartment = booking_compartment(request.case_person)
    authorize(viewer, Action.BOOK_INTERPRETER, CaseContent(case, compartment), hide_existence=True)
    assert viewer.user is not None and viewer.agency is not None
    if not request.purpose.strip():
        raise ValidationError({"purpose": _("Say what the interpreter is booked for.")})
    check = check_booking(case, request)
    if check.refusals:
        raise ValidationError(check.refusals, code="refused")
    if check.warnings and not request.confirmed_warnings:
        raise ValidationError({"confirmed_warnings": check.warnings}, code="needs_confirmation")
    with transaction.atomic():
        booking = InterpreterBooking.objects.create(
            case=case,
            case_person=request.case_person,
            interpreter=request.interpreter,
            starts_at=request.starts_at,
            purpose=request.purpose.strip(),
            booked_by=viewer.user,
            booked_by_agency=viewer.agency,
            compartment=compartment,
        )
        fields = ["case_person", "interpreter", "starts_at", "purpose"]
        record_event(AuditAction.CREATE, obj=booking, fields=fields + (["warnings"] if check.warnings else []))
    return booking


def cancel_booking(*, viewer: Viewer, booking: InterpreterBooking, expected_version: int) -> InterpreterBooking:
    authorize(viewer, Action.BOOK_INTERPRETER, booking, hide_existence=True)
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError(_("This booking is already cancelled."))
    booking.status = BookingStatus.CANCELLED
    with transaction.atomic():
        save_versioned(booking, expected_version=expected_version, fields=["status"])
        record_event(AuditAction.UPDATE, obj=booking, fields=["status"])
    return booking
