"""Reads of the audit trail. Reading the trail is itself recorded."""

from django.db.models import QuerySet

from maillage.audit.models import AuditAction, AuditEvent
from maillage.audit.services import record_event
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

SIGN_IN_ACTIONS = (AuditAction.LOGIN, AuditAction.LOGIN_FAILED, AuditAction.LOCKOUT)


def own_recent_sign_ins(*, viewer: Viewer, limit: int = 5) -> list[AuditEvent]:
    """The viewer's own recent sign-ins and failures, so they can spot one that was not theirs."""
    assert viewer.user is not None
    authorize(viewer, Action.VIEW_OWN_ACCOUNT, viewer.user)
    return list(
        AuditEvent.objects.filter(actor_id=viewer.user.pk, action__in=SIGN_IN_ACTIONS).order_by("-chain", "-position")[
            :limit
        ]
    )


def agency_events(*, viewer: Viewer, action: str = "") -> QuerySet[AuditEvent]:
    """Entries recorded while someone acted for the viewer's agency, newest first (DPO only)."""
    assert viewer.agency is not None
    authorize(viewer, Action.VIEW_AUDIT_TRAIL, viewer.agency)
    record_event(AuditAction.VIEW, object_type="audit.trail", object_id=str(viewer.agency.pk))
    events = AuditEvent.objects.filter(agency_id=viewer.agency.pk)
    if action:
        events = events.filter(action=action)
    return events.order_by("-occurred_at", "-id")
