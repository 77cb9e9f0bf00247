"""Reads of lawful sharing, through the policy layer and audited: consents, disclosures, the register,
and what a referring agency is told about its referral."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.cases.models import Case, Participation, PersonRole, Task, TaskStatus
from maillage.directory.models import Agency
from maillage.policy.compartments import Compartment
from maillage.policy.decisions import Action, case_queryset
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer
from maillage.sharing.models import (
    Consent,
    Disclosure,
    GovernanceBody,
    LegalBasis,
    Protocol,
    ProtocolStatus,
    SharingPurpose,
    protocols_in_force,
)

NEXT_STEPS_SHOWN = 5


def legal_bases_for(*, viewer: Viewer) -> list[LegalBasis]:
    """The legal bases the acting agency may invoke (some are for health professionals only)."""
    if viewer.agency is None:
        return []
    kind = viewer.agency.kind
    return [
        basis
        for basis in LegalBasis.objects.filter(is_active=True)
        if not basis.discloser_kinds or kind in basis.discloser_kinds
    ]


def case_consents(*, viewer: Viewer, case: Case) -> list[Consent]:
    """Consents recorded in the situation about the people the viewer sees, newest first, with their withdrawal."""
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    consents = list(
        Consent.objects.filter(case=case, compartment__in=sorted(viewer.open_compartments(case)))
        .select_related("person", "recipient_agency", "collected_by", "collected_by_agency", "withdrawal")
        .order_by("-recorded_at")
    )
    for consent in consents:
        record_event(AuditAction.VIEW, obj=consent, fields=["purpose", "recipient", "method", "witness_name"])
    return consents


def consent_get(*, viewer: Viewer, case: Case, consent_id: uuid.UUID) -> Consent:
    consent = (
        Consent.objects.select_related("person", "recipient_agency", "collected_by_agency", "withdrawal")
        .filter(pk=consent_id, case=case)
        .first()
    )
    if consent is None:
        raise Http404()
    authorize(viewer, Action.VIEW_CASE, consent, hide_existence=True)
    record_event(AuditAction.VIEW, obj=consent, fields=["purpose", "recipient", "method", "witness_name"])
    return consent


def _with_parties(disclosures: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return disclosures.select_related(
        "disclosing_agency",
        "disclosed_by",
        "recipient_agency",
        "consent__person",
        "consent__withdrawal",
        "legal_basis",
        "protocol",
        "revoked_by",
    ).order_by("-disclosed_at")


def agency_disclosures(*, viewer: Viewer, case: Case) -> list[Disclosure]:
    """The disclosures the acting agency made or received in this situation (the full register is
    for the coordinating agency and the data-protection officer)."""
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    disclosures = list(
        _with_parties(
            Disclosure.objects.filter(Q(disclosing_agency=viewer.agency) | Q(recipient_agency=viewer.agency), case=case)
        )
    )
    if disclosures:
        record_event(AuditAction.VIEW, obj=case, fields=["disclosures"])
    return disclosures


def disclosure_register(*, viewer: Viewer, case_id: uuid.UUID) -> tuple[Case, list[Disclosure]]:
    """Every disclosure of a situation, newest first: for the coordinating agency's coordinators and
    data-protection officer. Anyone else gets 404."""
    case = Case.objects.select_related("coordinator_agency").filter(pk=case_id).first()
    if case is None:
        raise Http404()
    authorize(viewer, Action.VIEW_DISCLOSURE_REGISTER, case, hide_existence=True)
    disclosures = list(_with_parties(Disclosure.objects.filter(case=case)))
    record_event(AuditAction.VIEW, obj=case, fields=["disclosure_register"])
    return case, disclosures


def registers(*, viewer: Viewer) -> QuerySet[Case]:
    """The situations whose disclosure register the viewer may read, with their number of disclosures."""
    cases = case_queryset(viewer, Action.VIEW_DISCLOSURE_REGISTER)
    record_event(AuditAction.VIEW, object_type="sharing.register_list", fields=["reference", "disclosures"])
    return cases.annotate(disclosure_count=Count("disclosures", distinct=True)).order_by("-opened_at")


def disclosure_to_revoke(*, viewer: Viewer, case: Case, disclosure_id: uuid.UUID) -> Disclosure:
    """A disclosure the acting agency made, or any of the situation's when it coordinates it."""
    disclosure = _with_parties(Disclosure.objects.filter(pk=disclosure_id, case=case)).first()
    if disclosure is None or viewer.agency is None:
        raise Http404()
    authorize(viewer, Action.DISCLOSE, case, hide_existence=True)
    if viewer.agency.pk not in (disclosure.disclosing_agency_id, case.coordinator_agency_id):
        raise Http404()
    record_event(AuditAction.VIEW, obj=disclosure, fields=["compartments", "basis", "justification"])
    return disclosure


# --- Feedback to the referrer -----------------------------------------------------------------


@dataclass(frozen=True)
class ReferralFeedback:
    """What a referring agency is told. Without the person's consent, only that the referral was received."""

    received_on: date
    consented: bool
    consent: Consent | None = None
    status: str = ""
    coordinating_agency: Agency | None = None
    next_steps: list[Task] = field(default_factory=list)


def referral_feedback(*, viewer: Viewer, case: Case) -> ReferralFeedback | None:
    """For the agency taking part as the referrer: what became of its referral, if the victim agreed
    to feedback to it; otherwise only that it was received. None for any other agency."""
    participation = viewer.participation_in(case)
    if participation is None or participation.role != Participation.Role.REFERRER or viewer.agency is None:
        return None
    authorize(viewer, Action.VIEW_CASE, case, hide_existence=True)
    victims = case.people.filter(role=PersonRole.VICTIM).values("person")
    consent = (
        Consent.objects.filter(
            Q(recipient_agency=viewer.agency) | Q(recipient_kind=viewer.agency.kind),
            case=case,
            purpose=SharingPurpose.REFERRER_FEEDBACK,
            person__in=victims,
            withdrawal__isnull=True,
        )
        .order_by("-recorded_at")
        .first()
    )
    intake = case.intakes.filter(referring_agency=viewer.agency).order_by("received_on").first()
    received_on = intake.received_on if intake else participation.joined_at.date()
    if consent is None:
        return ReferralFeedback(received_on=received_on, consented=False)
    # The victim's consent to feedback is the basis: general next steps, never compartmented ones.
    next_steps = list(
        Task.objects.filter(case=case, status=TaskStatus.OPEN, compartment=Compartment.GENERAL)
        .select_related("owner_agency")
        .order_by("due_on")[:NEXT_STEPS_SHOWN]
    )
    record_event(AuditAction.VIEW, obj=case, fields=["referral_feedback", "status", "next_steps"])
    return ReferralFeedback(
        received_on=received_on,
        consented=True,
        consent=consent,
        status=case.get_status_display(),
        coordinating_agency=case.coordinator_agency,
        next_steps=next_steps,
    )


# --- Governance bodies and protocols ------------------------------------------------------------


def _visible_protocols(viewer: Viewer) -> QuerySet[Protocol]:
    """Protocols of the acting agency's department, and those it is a party to elsewhere."""
    authorize(viewer, Action.VIEW_PROTOCOLS)
    assert viewer.agency is not None
    mine = Protocol.objects.filter(parties=viewer.agency).values("pk")
    return Protocol.objects.filter(Q(department_code=viewer.agency.department_code) | Q(pk__in=mine))


def protocols_by_status(*, viewer: Viewer) -> dict[ProtocolStatus, list[Protocol]]:
    """The protocols the viewer sees, grouped: in force, not yet in force, expired."""
    grouped: dict[ProtocolStatus, list[Protocol]] = {status: [] for status in ProtocolStatus}
    protocols = _visible_protocols(viewer).select_related("body").prefetch_related("parties")
    for protocol in protocols:
        grouped[protocol.status].append(protocol)
    return grouped


def protocol_get(*, viewer: Viewer, protocol_id: uuid.UUID) -> Protocol:
    protocol = _visible_protocols(viewer).select_related("body", "recorded_by_agency").filter(pk=protocol_id).first()
    if protocol is None:
        raise Http404()
    return protocol


def protocols_for_disclosure(*, viewer: Viewer) -> list[Protocol]:
    """The protocols in force today to which the acting agency is a party (a basis it may invoke)."""
    if viewer.agency is None:
        return []
    return list(Protocol.objects.filter(protocols_in_force(), parties=viewer.agency).order_by("title"))


def governance_bodies(*, viewer: Viewer) -> list[GovernanceBody]:
    """The governance bodies of the acting agency's department, with their members and protocols."""
    authorize(viewer, Action.VIEW_PROTOCOLS)
    assert viewer.agency is not None
    return list(
        GovernanceBody.objects.filter(department_code=viewer.agency.department_code)
        .select_related("agency")
        .prefetch_related("members__agency", "protocols")
    )
