"""Writes on the directory."""

from django.db import transaction

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.core.locking import StaleVersionError, save_versioned
from maillage.directory.models import Agency
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

EDITABLE_AGENCY_FIELDS = ("name", "department_code", "municipality", "email", "phone")


def update_agency(*, viewer: Viewer, agency: Agency, expected_version: int, changes: dict[str, str]) -> list[str]:
    """Apply the changed contact fields of the acting agency; returns the names of those changed."""
    authorize(viewer, Action.EDIT_AGENCY, agency)
    changed = [name for name in EDITABLE_AGENCY_FIELDS if name in changes and changes[name] != getattr(agency, name)]
    if not changed:
        if agency.version != expected_version:
            raise StaleVersionError()
        return []
    with transaction.atomic():
        for name in changed:
            setattr(agency, name, changes[name])
        agency.full_clean()
        save_versioned(agency, expected_version=expected_version, fields=changed)
        record_event(AuditAction.UPDATE, obj=agency, fields=changed)
    return changed
