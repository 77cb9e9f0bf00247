"""Writes on the directory. The spreadsheet import has its own module, importing.py."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.core.locking import StaleVersionError, save_versioned
from maillage.directory.models import Agency, Capacity, CapacityRecord, Service
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

EDITABLE_AGENCY_FIELDS = (
    "name",
    "department_code",
    "municipality",
    "postcode",
    "reception_address",
    "email",
    "phone",
    "website",
    "languages",
    "accessibility",
    # How situations coordinated by the agency are closed (maillage.cases.services.change_status).
    "closing_needs_approval",
)
# The version a capacity form carries when the service had no capacity yet.
NO_CAPACITY_YET = 0


def update_agency(*, viewer: Viewer, agency: Agency, expected_version: int, changes: dict[str, object]) -> list[str]:
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


def update_capacity(
    *, viewer: Viewer, service: Service, places_free: int, places_total: int, expected_version: int
) -> Capacity:
    """Declare the shelter places of `service` now. Declaring the same numbers again still dates them anew."""
    authorize(viewer, Action.UPDATE_CAPACITY, service.agency)
    if not service.provides_shelter:
        raise ValidationError(_("This service offers no shelter places."), code="no_shelter")
    if places_free > places_total:
        raise ValidationError(
            {"places_free": _("There cannot be more free places than places in all.")}, code="too_many_free"
        )
    now = timezone.now()
    fields = ["places_free", "places_total", "as_of"]
    with transaction.atomic():
        capacity = Capacity.objects.filter(service=service).first()
        if capacity is None:
            if expected_version != NO_CAPACITY_YET:
                raise StaleVersionError()
            try:
                with transaction.atomic():
                    capacity = Capacity.objects.create(
                        service=service, places_free=places_free, places_total=places_total, as_of=now
                    )
            except IntegrityError as error:  # declared by a colleague at the same moment
                raise StaleVersionError() from error
            action = AuditAction.CREATE
        else:
            capacity.places_free, capacity.places_total, capacity.as_of = places_free, places_total, now
            save_versioned(capacity, expected_version=expected_version, fields=fields)
            action = AuditAction.UPDATE
        CapacityRecord.objects.create(
            service=service, places_free=places_free, places_total=places_total, recorded_at=now
        )
        record_event(action, obj=capacity, fields=fields)
    return capacity
