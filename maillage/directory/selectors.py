"""Reads of the partner directory. Agencies are not personal data, but still go through the policy."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.directory.models import (
    Agency,
    AgencyKind,
    Hotline,
    Permanence,
    Service,
    department_of_postcode,
    list_contains,
)
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer


@dataclass(frozen=True)
class DirectorySearch:
    """What a directory search asks for; every value already checked by the caller (view or API)."""

    search: str = ""
    kind: str = ""
    phase: str = ""
    language: str = ""
    postcode: str = ""


def _search(agencies: QuerySet[Agency], criteria: DirectorySearch) -> QuerySet[Agency]:
    if criteria.kind:
        agencies = agencies.filter(kind=criteria.kind)
    if criteria.search:
        covering_municipality = Service.objects.filter(covered_municipalities__icontains=criteria.search)
        agencies = agencies.filter(
            Q(name__icontains=criteria.search)
            | Q(municipality__icontains=criteria.search)
            | Q(department_code__iexact=criteria.search)
            | Q(pk__in=covering_municipality.values("agency_id"))
        )
    if criteria.phase:
        agencies = agencies.filter(pk__in=Service.objects.filter(move_phase=criteria.phase).values("agency_id"))
    if criteria.language:
        speaking = Service.objects.filter(list_contains("languages", criteria.language))
        agencies = agencies.filter(
            list_contains("languages", criteria.language) | Q(pk__in=speaking.values("agency_id"))
        )
    if criteria.postcode:
        # Agencies at that postcode, and those with a service covering the postcode or its department.
        covering = Service.objects.filter(
            list_contains("covered_postcodes", criteria.postcode)
            | list_contains("covered_departments", department_of_postcode(criteria.postcode))
        )
        agencies = agencies.filter(Q(postcode=criteria.postcode) | Q(pk__in=covering.values("agency_id")))
    return agencies


def agency_list(
    *, viewer: Viewer, kind: str = "", search: str = "", criteria: DirectorySearch | None = None
) -> QuerySet[Agency]:
    authorize(viewer, Action.VIEW_DIRECTORY)
    criteria = criteria or DirectorySearch(search=search, kind=kind)
    return _search(Agency.objects.filter(is_active=True), criteria)


def with_services(agencies: QuerySet[Agency]) -> QuerySet[Agency]:
    """The same agencies with their services, permanences and shelter places, in a fixed number of queries."""
    return agencies.prefetch_related(
        Prefetch(
            "services",
            queryset=Service.objects.select_related("capacity").prefetch_related(
                Prefetch("permanences", queryset=Permanence.objects.select_related("host_agency"))
            ),
        )
    )


def agency_get(*, viewer: Viewer, agency_id: uuid.UUID) -> Agency:
    authorize(viewer, Action.VIEW_DIRECTORY)
    try:
        return with_services(Agency.objects.filter(is_active=True)).get(pk=agency_id)
    except Agency.DoesNotExist as missing:
        raise Http404() from missing


def hosted_permanences(*, viewer: Viewer, agency: Agency) -> QuerySet[Permanence]:
    """Desks that other agencies' services hold at `agency` (e.g. victim support at the police station)."""
    authorize(viewer, Action.VIEW_DIRECTORY)
    return Permanence.objects.filter(host_agency=agency, service__agency__is_active=True).select_related(
        "service__agency"
    )


def service_get(*, viewer: Viewer, service_id: uuid.UUID) -> Service:
    authorize(viewer, Action.VIEW_DIRECTORY)
    try:
        return Service.objects.select_related("agency", "capacity").get(pk=service_id, agency__is_active=True)
    except Service.DoesNotExist as missing:
        raise Http404() from missing


def hotline_list(*, viewer: Viewer) -> QuerySet[Hotline]:
    authorize(viewer, Action.VIEW_DIRECTORY)
    return Hotline.objects.filter(is_active=True)


@dataclass
class KindGroup:
    kind: AgencyKind
    agencies: list[Agency] = field(default_factory=list)


@dataclass
class PartnerMap:
    department: str
    groups: list[KindGroup]
    hotlines: list[Hotline]
    printed_on: date

    @property
    def agency_count(self) -> int:
        return sum(len(group.agencies) for group in self.groups)


def partner_map(*, viewer: Viewer, department: str) -> PartnerMap:
    """The active agencies of a department grouped by kind, in the order of the kinds, with the hotlines."""
    authorize(viewer, Action.VIEW_DIRECTORY)
    agencies = with_services(Agency.objects.filter(is_active=True, department_code=department))
    groups = {kind: KindGroup(kind) for kind in AgencyKind}
    for agency in agencies:
        groups[AgencyKind(agency.kind)].agencies.append(agency)
    return PartnerMap(
        department=department,
        groups=[group for group in groups.values() if group.agencies],
        hotlines=list(hotline_list(viewer=viewer)),
        printed_on=timezone.localdate(),
    )


def directory_export(*, viewer: Viewer, criteria: DirectorySearch, file_format: str) -> Iterable[Agency]:
    """The agencies a search finds, with their services, for a spreadsheet; the export is audited."""
    authorize(viewer, Action.EXPORT_DIRECTORY)
    agencies = list(with_services(_search(Agency.objects.filter(is_active=True), criteria)))
    record_event(
        AuditAction.EXPORT, object_type="directory.agency", fields=["agencies", "services"], reason=file_format
    )
    return agencies
