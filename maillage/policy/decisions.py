"""The one policy layer: every access in Maillage is decided here.

`decide(viewer, action, obj)` answers allow or deny with a reason, for pages, API, querysets
and jobs alike. Rules are a table: which roles may do an action, and on which scope of object
(any, the acting agency itself, or the user's own account). Later features add rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import Role, User
from maillage.cases.models import Case, Transfer
from maillage.directory.models import Agency, AgencyKind
from maillage.policy.compartments import DEFAULT_COMPARTMENTS, Compartment
from maillage.policy.viewer import Viewer


class Action(StrEnum):
    VIEW_DASHBOARD = "view_dashboard"
    VIEW_DIRECTORY = "view_directory"
    EDIT_AGENCY = "edit_agency"
    VIEW_MEMBERS = "view_members"
    MANAGE_MEMBERS = "manage_members"
    VIEW_OWN_ACCOUNT = "view_own_account"
    MANAGE_API_TOKENS = "manage_api_tokens"
    VIEW_AUDIT_TRAIL = "view_audit_trail"
    OPEN_CASE = "open_case"
    VIEW_CASE = "view_case"
    EDIT_CASE = "edit_case"
    MANAGE_PARTICIPANTS = "manage_participants"
    CHANGE_CASE_STATUS = "change_case_status"
    UPDATE_CAPACITY = "update_capacity"
    EXPORT_DIRECTORY = "export_directory"
    IMPORT_DIRECTORY = "import_directory"
    RECORD_CONSENT = "record_consent"
    DISCLOSE = "disclose"
    VIEW_DISCLOSURE_REGISTER = "view_disclosure_register"
    VIEW_PROTOCOLS = "view_protocols"
    MANAGE_PROTOCOLS = "manage_protocols"
    TRANSFER_CASE = "transfer_case"
    DECIDE_TRANSFER = "decide_transfer"
    VIEW_INTERPRETERS = "view_interpreters"
    MANAGE_INTERPRETERS = "manage_interpreters"
    MANAGE_AGENCY_INTERPRETERS = "manage_agency_interpreters"
    BOOK_INTERPRETER = "book_interpreter"


class Scope(StrEnum):
    ANY = "any"  # any object of the kind, e.g. the partner directory
    ACTING_AGENCY = "acting_agency"  # the object is the acting agency itself
    OWN_ACCOUNT = "own_account"  # the object is the user's own account
    # The object is a situation, or content of one (anything with `case` and `compartment`):
    # the acting agency must participate, and the content's compartment must be open to it.
    CASE = "case"
    CASE_COORDINATION = "case_coordination"  # as CASE, and the acting agency coordinates it
    # The object (anything with a `department_code`: agency, governance body, protocol) is in the
    # acting agency's department.
    DEPARTMENT = "department"
    # The object is a pending transfer: as CASE, and the acting agency is the one it is proposed to.
    TRANSFER_RECEIVING = "transfer_receiving"


@dataclass(frozen=True)
class CaseContent:
    """Content about to be written in a compartment of a situation, for a decision before it exists."""

    case: Case
    compartment: Compartment


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    scope: Scope
    personal_data: bool
    # Kinds of acting agency allowed; None means every kind.
    agency_kinds: frozenset[AgencyKind] | None = None


ALL_ROLES = frozenset(Role)
STAFF_ROLES = ALL_ROLES - {Role.STATISTICIAN}
CASE_READERS = frozenset({Role.COORDINATOR, Role.PRACTITIONER, Role.READ_ONLY, Role.MARAC_CHAIR})
CASE_WRITERS = frozenset({Role.COORDINATOR, Role.PRACTITIONER, Role.MARAC_CHAIR})
CASE_SHARERS = frozenset({Role.COORDINATOR, Role.PRACTITIONER})
# Kinds that work on situations: those whose participation opens the general compartment.
CASE_WORKING_KINDS = frozenset(kind for kind, opened in DEFAULT_COMPARTMENTS.items() if Compartment.GENERAL in opened)
# Kinds that may coordinate a situation: those that open the victim's compartment. A coordinator
# protects the victim and knows where she is; a perpetrator programme never coordinates.
COORDINATING_KINDS = frozenset(
    kind for kind, opened in DEFAULT_COMPARTMENTS.items() if Compartment.VICTIM_ONLY in opened
)

RULES: dict[Action, Rule] = {
    Action.VIEW_DASHBOARD: Rule(ALL_ROLES, Scope.ANY, personal_data=False),
    Action.VIEW_DIRECTORY: Rule(ALL_ROLES, Scope.ANY, personal_data=False),
    Action.EDIT_AGENCY: Rule(frozenset({Role.AGENCY_ADMIN}), Scope.ACTING_AGENCY, personal_data=False),
    # The staff of an agency (names, emails) is personal data: colleagues and the DPO only.
    Action.VIEW_MEMBERS: Rule(STAFF_ROLES, Scope.ACTING_AGENCY, personal_data=True),
    Action.MANAGE_MEMBERS: Rule(frozenset({Role.AGENCY_ADMIN}), Scope.ACTING_AGENCY, personal_data=True),
    Action.VIEW_OWN_ACCOUNT: Rule(ALL_ROLES, Scope.OWN_ACCOUNT, personal_data=False),
    Action.MANAGE_API_TOKENS: Rule(STAFF_ROLES, Scope.OWN_ACCOUNT, personal_data=True),
    Action.VIEW_AUDIT_TRAIL: Rule(frozenset({Role.DATA_PROTECTION_OFFICER}), Scope.ACTING_AGENCY, personal_data=True),
    # Situations
    Action.OPEN_CASE: Rule(
        frozenset({Role.COORDINATOR, Role.PRACTITIONER}), Scope.ANY, personal_data=True, agency_kinds=CASE_WORKING_KINDS
    ),
    Action.VIEW_CASE: Rule(CASE_READERS, Scope.CASE, personal_data=True),
    Action.EDIT_CASE: Rule(CASE_WRITERS, Scope.CASE, personal_data=True),
    Action.MANAGE_PARTICIPANTS: Rule(frozenset({Role.COORDINATOR}), Scope.CASE_COORDINATION, personal_data=True),
    Action.CHANGE_CASE_STATUS: Rule(frozenset({Role.COORDINATOR}), Scope.CASE_COORDINATION, personal_data=True),
    # Sharing (maillage.sharing). Consent is recorded about a person the agency sees (the person's
    # compartment); a disclosure is decided per compartment, so an agency discloses only what is open
    # to it. The basis itself (consent, legal basis) is checked by maillage.sharing.services.
    Action.RECORD_CONSENT: Rule(CASE_SHARERS, Scope.CASE, personal_data=True),
    Action.DISCLOSE: Rule(CASE_SHARERS, Scope.CASE, personal_data=True),
    Action.VIEW_DISCLOSURE_REGISTER: Rule(
        frozenset({Role.COORDINATOR, Role.DATA_PROTECTION_OFFICER}), Scope.CASE_COORDINATION, personal_data=True
    ),
    # Governance bodies and protocols: public among partners; recorded by the administrator of a
    # governance body, for its own department.
    Action.VIEW_PROTOCOLS: Rule(STAFF_ROLES, Scope.ANY, personal_data=False),
    Action.MANAGE_PROTOCOLS: Rule(
        frozenset({Role.AGENCY_ADMIN}),
        Scope.DEPARTMENT,
        personal_data=False,
        agency_kinds=frozenset({AgencyKind.GOVERNANCE}),
    ),
    # Directory
    # Shelter places are declared by the staff of the agency running the shelter.
    Action.UPDATE_CAPACITY: Rule(
        frozenset({Role.AGENCY_ADMIN, Role.COORDINATOR, Role.PRACTITIONER}),
        Scope.ACTING_AGENCY,
        personal_data=False,
        agency_kinds=frozenset({AgencyKind.HOUSING, AgencyKind.WOMENS_SERVICE}),
    ),
    Action.EXPORT_DIRECTORY: Rule(ALL_ROLES, Scope.ANY, personal_data=False),
    # The governance body of a department maintains its directory (rows of its department only,
    # checked row by row by the import).
    Action.IMPORT_DIRECTORY: Rule(
        frozenset({Role.AGENCY_ADMIN}), Scope.ANY, personal_data=False, agency_kinds=frozenset({AgencyKind.GOVERNANCE})
    ),
    # Transfer to another territory (cases.services): the coordinating agency proposes, the
    # coordinators of the receiving agency (which takes part while the transfer is pending) decide.
    Action.TRANSFER_CASE: Rule(frozenset({Role.COORDINATOR}), Scope.CASE_COORDINATION, personal_data=True),
    Action.DECIDE_TRANSFER: Rule(
        frozenset({Role.COORDINATOR}), Scope.TRANSFER_RECEIVING, personal_data=True, agency_kinds=COORDINATING_KINDS
    ),
    # Interpreters and cultural mediators (maillage.interpreters). The register names people and
    # their communities: staff only, with a second factor. Coordinators maintain the whole register;
    # the staff of an interpreter service, the interpreters working for it. A booking is content of
    # the situation in its compartment; the MOVE rules on whom to book are in interpreters/services.py.
    Action.VIEW_INTERPRETERS: Rule(STAFF_ROLES, Scope.ANY, personal_data=True),
    Action.MANAGE_INTERPRETERS: Rule(frozenset({Role.COORDINATOR}), Scope.ANY, personal_data=True),
    Action.MANAGE_AGENCY_INTERPRETERS: Rule(
        frozenset({Role.AGENCY_ADMIN, Role.COORDINATOR, Role.PRACTITIONER}),
        Scope.ACTING_AGENCY,
        personal_data=True,
        agency_kinds=frozenset({AgencyKind.INTERPRETER_SERVICE}),
    ),
    Action.BOOK_INTERPRETER: Rule(CASE_WRITERS, Scope.CASE, personal_data=True),
}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    code: str
    message: str | Promise

    def __bool__(self) -> bool:
        return self.allowed


def _deny(code: str, message: str | Promise) -> Decision:
    return Decision(False, code, message)


def decide(viewer: Viewer, action: Action, obj: models.Model | CaseContent | None = None) -> Decision:
    rule = RULES[action]
    if not viewer.is_authenticated:
        return _deny("not_authenticated", _("You must be logged in."))
    if viewer.agency is None:
        return _deny("no_acting_agency", _("Choose the agency you are acting for."))
    if not viewer.roles:
        return _deny("not_a_member", _("You have no active role in the agency you are acting for."))
    if rule.personal_data and not viewer.has_second_factor:
        return _deny("second_factor_missing", _("Set up a second factor before accessing personal data."))
    if not viewer.roles & rule.roles:
        return _deny("role_not_permitted", _("Your role does not allow this."))
    if rule.agency_kinds is not None and viewer.agency.kind not in rule.agency_kinds:
        return _deny("kind_not_permitted", _("Your kind of agency does not do this."))
    if rule.scope in (Scope.CASE, Scope.CASE_COORDINATION, Scope.TRANSFER_RECEIVING):
        return _decide_on_case(viewer, rule.scope, obj)
    if not _in_scope(viewer, rule.scope, obj):
        return _deny("out_of_scope", _("This belongs to another agency or person."))
    return Decision(True, "allowed", _("Allowed."))


def _decide_on_case(viewer: Viewer, scope: Scope, obj: object) -> Decision:
    case = obj if isinstance(obj, Case) else getattr(obj, "case", None)
    if not isinstance(case, Case):
        return _deny("out_of_scope", _("This belongs to another agency or person."))
    if viewer.participation_in(case) is None:
        return _deny("not_participating", _("Your agency does not take part in this situation."))
    if scope is Scope.CASE_COORDINATION and case.coordinator_agency_id != viewer.agency.pk:  # type: ignore[union-attr]
        return _deny("not_coordinating", _("Only the coordinating agency can do this."))
    if scope is Scope.TRANSFER_RECEIVING and not (
        isinstance(obj, Transfer) and obj.status == Transfer.Status.PENDING and obj.to_agency_id == viewer.agency.pk  # type: ignore[union-attr]
    ):
        return _deny("not_receiving", _("Only the agency the situation is transferred to can decide."))
    compartment = getattr(obj, "compartment", None)
    if compartment is not None and Compartment(compartment) not in viewer.open_compartments(case):
        return _deny("compartment_closed", _("This information is not shared with your agency."))
    return Decision(True, "allowed", _("Allowed."))


def _in_scope(viewer: Viewer, scope: Scope, obj: object) -> bool:
    if scope is Scope.ANY:
        return True
    if scope is Scope.ACTING_AGENCY:
        return isinstance(obj, Agency) and viewer.agency is not None and obj.pk == viewer.agency.pk
    if scope is Scope.DEPARTMENT:
        department = getattr(obj, "department_code", None)
        return viewer.agency is not None and bool(department) and department == viewer.agency.department_code
    assert viewer.user is not None
    return isinstance(obj, User) and obj.pk == viewer.user.pk


def case_queryset(viewer: Viewer, action: Action = Action.VIEW_CASE) -> models.QuerySet[Case]:
    """The situations on which the viewer may do `action`, as a queryset (lists, search, counts).

    The same conditions as `decide`, written as a filter: a role of the rule, a second factor,
    and an active participation of the acting agency.
    """
    rule = RULES[action]
    allowed = (
        viewer.is_authenticated
        and viewer.agency is not None
        and bool(viewer.roles & rule.roles)
        and viewer.has_second_factor
    )
    if not allowed:
        return Case.objects.none()
    cases = Case.objects.filter(participations__agency=viewer.agency, participations__left_at__isnull=True)
    if rule.scope is Scope.CASE_COORDINATION:
        cases = cases.filter(coordinator_agency=viewer.agency)
    return cases.distinct()
