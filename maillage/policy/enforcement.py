"""Turning a decision into an outcome: allowed, or refused, audited and raised."""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.policy.decisions import Action, CaseContent, Decision, decide
from maillage.policy.viewer import Viewer


class AccessDenied(PermissionDenied):
    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.message)
        self.decision = decision


def authorize(
    viewer: Viewer, action: Action, obj: models.Model | CaseContent | None = None, *, hide_existence: bool = False
) -> None:
    """Raise unless the policy allows `action`; every refusal is written to the audit trail.

    With `hide_existence`, a refusal answers 404 so that a caller cannot learn that the
    object exists.
    """
    decision = decide(viewer, action, obj)
    if decision.allowed:
        return
    record_event(
        AuditAction.ACCESS_DENIED,
        obj=obj.case if isinstance(obj, CaseContent) else obj,
        fields=[obj.compartment] if isinstance(obj, CaseContent) else (),
        outcome="denied",
        reason=f"{action}:{decision.code}",
        actor_id=viewer.user.pk if viewer.is_authenticated and viewer.user else None,
        agency_id=viewer.agency.pk if viewer.agency else None,
    )
    if hide_existence:
        raise Http404()
    raise AccessDenied(decision)
