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
from maillage.directory.models import Agency, AgencyKind
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


class Scope(StrEnum):
    ANY = "any"  # any object of the kind, e.g. the partner directory
    ACTING_AGENCY = "acting_agency"  # the object is the acting agency itself
    OWN_ACCOUNT = "own_account"  # the object is the user's own account


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    scope: Scope
    personal_data: bool
    # Kinds of acting agency allowed; None means every kind.
    agency_kinds: frozenset[AgencyKind] | None = None


ALL_ROLES = frozenset(Role)
STAFF_ROLES = ALL_ROLES - {Role.STATISTICIAN}

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


def decide(viewer: Viewer, action: Action, obj: models.Model | None = None) -> Decision:
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
    if not _in_scope(viewer, rule.scope, obj):
        return _deny("out_of_scope", _("This belongs to another agency or person."))
    return Decision(True, "allowed", _("Allowed."))


def _in_scope(viewer: Viewer, scope: Scope, obj: models.Model | None) -> bool:
    if scope is Scope.ANY:
        return True
    if scope is Scope.ACTING_AGENCY:
        return isinstance(obj, Agency) and viewer.agency is not None and obj.pk == viewer.agency.pk
    assert viewer.user is not None
    return isinstance(obj, User) and obj.pk == viewer.user.pk
