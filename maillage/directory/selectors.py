"""Reads of the partner directory. Agencies are not personal data, but still go through the policy."""

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from maillage.directory.models import Agency
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer


def agency_list(*, viewer: Viewer, kind: str = "", search: str = "") -> QuerySet[Agency]:
    authorize(viewer, Action.VIEW_DIRECTORY)
    agencies = Agency.objects.filter(is_active=True)
    if kind:
        agencies = agencies.filter(kind=kind)
    if search:
        agencies = agencies.filter(
            Q(name__icontains=search) | Q(municipality__icontains=search) | Q(department_code__iexact=search)
        )
    return agencies


def agency_get(*, viewer: Viewer, agency_id: uuid.UUID) -> Agency:
    authorize(viewer, Action.VIEW_DIRECTORY)
    try:
        return Agency.objects.get(pk=agency_id, is_active=True)
    except Agency.DoesNotExist as missing:
        raise Http404() from missing
