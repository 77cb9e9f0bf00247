"""Reads of accounts and memberships, filtered by the policy layer and audited."""

import uuid

from django.db.models import QuerySet
from django.http import Http404

from maillage.accounts.models import ApiToken, Membership, User
from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.directory.models import Agency
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer


def agencies_of(user: User) -> QuerySet[Agency]:
    """The active agencies the user can act for."""
    return Agency.objects.filter(is_active=True, memberships__user=user, memberships__is_active=True).distinct()


def acting_agency_for(user: User, agency_id: object) -> Agency | None:
    """The agency with this id if the user may act for it, else None."""
    try:
        return agencies_of(user).get(pk=uuid.UUID(str(agency_id)))
    except (ValueError, Agency.DoesNotExist):
        return None


def member_list(*, viewer: Viewer, agency: Agency) -> QuerySet[Membership]:
    authorize(viewer, Action.VIEW_MEMBERS, agency)
    record_event(AuditAction.VIEW, object_type="accounts.membership_list", object_id=str(agency.pk))
    return Membership.objects.filter(agency=agency).select_related("user").order_by("user__full_name", "role")


def membership_get(*, viewer: Viewer, membership_id: uuid.UUID) -> Membership:
    """A membership of the acting agency, for its administrator; 404 for anything else."""
    if viewer.agency is None:
        raise Http404()
    authorize(viewer, Action.MANAGE_MEMBERS, viewer.agency, hide_existence=True)
    try:
        membership = Membership.objects.select_related("user", "agency").get(pk=membership_id, agency=viewer.agency)
    except Membership.DoesNotExist as missing:
        raise Http404() from missing
    record_event(AuditAction.VIEW, obj=membership, fields=["user", "role", "is_active"])
    return membership


def own_memberships(*, viewer: Viewer) -> QuerySet[Membership]:
    assert viewer.user is not None
    authorize(viewer, Action.VIEW_OWN_ACCOUNT, viewer.user)
    return Membership.objects.filter(user=viewer.user, is_active=True).select_related("agency").order_by("agency__name")


def api_token_list(*, viewer: Viewer) -> QuerySet[ApiToken]:
    assert viewer.user is not None
    authorize(viewer, Action.MANAGE_API_TOKENS, viewer.user)
    return ApiToken.objects.filter(user=viewer.user).select_related("agency").order_by("-created_at")
