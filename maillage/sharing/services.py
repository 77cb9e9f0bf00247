"""Writes of lawful sharing: recording a consent, its withdrawal, a disclosure and its revocation.

Each function asks the policy layer, checks the basis, writes in one transaction and audits. A
refusal says why, in the user's language, on the field concerned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.cases.models import Case, CasePerson, Participation, Person, PersonRole
from maillage.core.locking import StaleVersionError, save_versioned
from maillage.directory.models import Agency, AgencyKind
from maillage.policy.compartments import PERPETRATOR_FACING_KINDS, Compartment
from maillage.policy.decisions import Action, CaseContent
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer
from maillage.sharing.models import (
    PROTOCOL_COMPARTMENTS,
    BasisKind,
    Consent,
    ConsentMethod,
    ConsentWithdrawal,
    Disclosure,
    DisclosureMode,
    GovernanceBody,
    GovernanceBodyKind,
    GovernanceMember,
    GovernanceRole,
    LegalBasis,
    Protocol,
    SharingPurpose,
    in_force,
)

# What a consent given for each purpose may open. Medical secrecy: medical facts go out on a consent
# given for that purpose (or on a legal basis), and such a consent covers nothing else. Feedback to
# the referrer opens no compartment: it is read by selectors.referral_feedback.
MEDICAL_ONLY = frozenset({Compartment.MEDICAL})
CONSENT_COVERS: dict[str, frozenset[Compartment]] = {
    SharingPurpose.REFERRAL: frozenset(Compartment) - MEDICAL_ONLY,
    SharingPurpose.MARAC: frozenset(Compartment) - MEDICAL_ONLY,
    SharingPurpose.NAMED_AGENCY: frozenset(Compartment) - MEDICAL_ONLY,
    SharingPurpose.MEDICAL_FACTS: MEDICAL_ONLY,
    SharingPurpose.REFERRER_FEEDBACK: frozenset(),
}


def _labels(compartments: set[Compartment] | frozenset[Compartment]) -> str:
    return ", ".join(str(label) for value, label in Compartment.choices if value in compartments)


def _person_link(case: Case, person: Person) -> CasePerson | None:
    return case.people.filter(person=person).order_by("role").first()


# --- Consent ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentDetails:
    person: Person
    purpose: SharingPurpose
    method: ConsentMethod
    given_on: date
    recipient_agency: Agency | None = None
    recipient_kind: str = ""
    witness_name: str = ""
    interpreter_present: bool = False
    interpreter_name: str = ""


def record_consent(*, viewer: Viewer, case: Case, details: ConsentDetails) -> Consent:
    """Record a person's consent to one purpose of sharing with one agency or kind of agency."""
    link = _person_link(case, details.person)
    if link is None:
        raise ValidationError({"person": _("This person is not part of the situation.")})
    authorize(viewer, Action.RECORD_CONSENT, CaseContent(case, Compartment(link.compartment)), hide_existence=True)
    assert viewer.user is not None and viewer.agency is not None
    errors: dict[str, object] = {}
    if (details.recipient_agency is None) == (not details.recipient_kind):
        errors["recipient_agency"] = _("Name either the agency or the kind of agency she agrees to share with.")
    if details.recipient_kind and details.recipient_kind not in AgencyKind.values:
        errors["recipient_kind"] = _("Choose a kind of agency from the list.")
    witness = details.witness_name.strip()
    if details.method == ConsentMethod.ORAL_WITH_WITNESS and not witness:
        errors["witness_name"] = _("An oral consent needs the name of the witness.")
    interpreter = details.interpreter_name.strip()
    if details.interpreter_present and not interpreter:
        errors["interpreter_name"] = _("Name the interpreter who was present.")
    if details.given_on > timezone.localdate():
        errors["given_on"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = Consent.objects.create(
            case=case,
            person=details.person,
            compartment=link.compartment,
            purpose=details.purpose,
            recipient_agency=details.recipient_agency,
            recipient_kind=details.recipient_kind,
            method=details.method,
            witness_name=witness if details.method == ConsentMethod.ORAL_WITH_WITNESS else "",
            given_on=details.given_on,
            interpreter_present=details.interpreter_present,
            interpreter_name=interpreter if details.interpreter_present else "",
            collected_by=viewer.user,
            collected_by_agency=viewer.agency,
        )
        fields = ["person", "purpose", "recipient", "method", "given_on", "interpreter_present"]
        record_event(AuditAction.CREATE, obj=consent, fields=fields + (["witness_name"] if witness else []))
    return consent


def withdraw_consent(*, viewer: Viewer, consent: Consent, reason: str = "") -> ConsentWithdrawal:
    """Record that the person withdraws her consent. Effective at once: what was opened on it closes.

    A withdrawal is final; if she agrees again, a new consent is recorded.
    """
    authorize(viewer, Action.RECORD_CONSENT, consent, hide_existence=True)
    assert viewer.user is not None and viewer.agency is not None
    already = _(
        "This consent was already withdrawn. A withdrawal cannot be undone: record a new consent if she agrees again."
    )
    if ConsentWithdrawal.objects.filter(consent=consent).exists():
        raise ValidationError(already)
    with transaction.atomic():
        closing = list(Disclosure.objects.filter(in_force(), consent=consent))
        try:
            with transaction.atomic():
                withdrawal = ConsentWithdrawal.objects.create(
                    consent=consent, reason=reason.strip(), recorded_by=viewer.user, recorded_by_agency=viewer.agency
                )
        except IntegrityError as error:  # withdrawn by someone else meanwhile
            raise ValidationError(already) from error
        record_event(
            AuditAction.CREATE, obj=withdrawal, fields=["withdrawn_at", "reason"] if reason else ["withdrawn_at"]
        )
        for disclosure in closing:
            record_event(
                AuditAction.PERMISSION_CHANGE, obj=disclosure, fields=["compartments"], reason="consent_withdrawn"
            )
    return withdrawal


# --- Disclosure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisclosureRequest:
    recipient: Agency
    compartments: frozenset[Compartment]
    purpose: SharingPurpose
    mode: DisclosureMode = DisclosureMode.OPEN_IN_FILE
    consent: Consent | None = None
    legal_basis: LegalBasis | None = None
    protocol: Protocol | None = None
    justification: str = ""
    details: str = ""


def disclose(*, viewer: Viewer, case: Case, request: DisclosureRequest) -> Disclosure:
    """Open compartments of the situation to an agency taking part, or record information sent out,
    on a basis: the person's consent for this purpose and recipient, a legal basis, or a protocol in
    force between the two agencies.

    Never victim-only to a perpetrator-facing agency, whatever the basis.
    """
    authorize(viewer, Action.DISCLOSE, case, hide_existence=True)
    if not request.compartments:
        raise ValidationError({"compartments": _("Choose what is shared.")})
    for compartment in sorted(request.compartments):
        # You cannot disclose what you cannot see: refused and audited like any access.
        authorize(viewer, Action.DISCLOSE, CaseContent(case, compartment), hide_existence=True)
    assert viewer.user is not None and viewer.agency is not None
    try:
        _check_recipient(viewer, case, request)
        _check_basis(viewer, case, request)
        if request.mode == DisclosureMode.SENT_OUT and not request.details.strip():
            raise ValidationError({"details": _("Say what was sent, and how.")})
    except ValidationError as refusal:
        # A refused disclosure is kept in the trail too (e.g. victim-only asked for a perpetrator programme).
        where = sorted(refusal.error_dict) if hasattr(refusal, "error_dict") else ["request"]
        record_event(
            AuditAction.DISCLOSE,
            obj=case,
            fields=sorted(request.compartments),
            outcome="denied",
            reason=f"refused:{','.join(where)}"[:64],
        )
        raise
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            case=case,
            disclosing_agency=viewer.agency,
            disclosed_by=viewer.user,
            recipient_agency=request.recipient,
            mode=request.mode,
            compartments=sorted(request.compartments),
            details=request.details.strip(),
            purpose=request.purpose,
            basis_kind=_basis_kind(request),
            consent=request.consent,
            legal_basis=request.legal_basis,
            protocol=request.protocol,
            justification=request.justification.strip(),
        )
        record_event(
            AuditAction.DISCLOSE,
            obj=disclosure,
            fields=sorted(request.compartments),
            basis=_basis_code(disclosure),
            reason=f"{request.mode}:{request.purpose}",
        )
    return disclosure


def _basis_kind(request: DisclosureRequest) -> BasisKind:
    if request.consent is not None:
        return BasisKind.CONSENT
    if request.protocol is not None:
        return BasisKind.PROTOCOL
    return BasisKind.LEGAL_BASIS


def _basis_code(disclosure: Disclosure) -> str:
    if disclosure.consent_id is not None:
        return f"consent:{disclosure.consent_id}"
    if disclosure.protocol_id is not None:
        return f"protocol:{disclosure.protocol_id}"
    assert disclosure.legal_basis is not None
    return f"legal_basis:{disclosure.legal_basis.code}"


def _check_recipient(viewer: Viewer, case: Case, request: DisclosureRequest) -> None:
    recipient = request.recipient
    assert viewer.agency is not None
    if recipient.pk == viewer.agency.pk:
        raise ValidationError({"recipient": _("Your agency already sees what it shares.")})
    if not recipient.is_active:
        raise ValidationError({"recipient": _("This agency is no longer active.")})
    if Compartment.VICTIM_ONLY in request.compartments and recipient.kind in PERPETRATOR_FACING_KINDS:
        raise ValidationError(
            {
                "compartments": _(
                    "The victim-only compartment (whereabouts, contacts, safety plan) is never shared with a "
                    "perpetrator programme or the probation service, whatever the basis."
                )
            }
        )
    if request.mode != DisclosureMode.OPEN_IN_FILE:
        return
    if not Participation.objects.filter(case=case, agency=recipient, left_at__isnull=True).exists():
        raise ValidationError(
            {"recipient": _("This agency does not take part in the situation: ask the coordinator to invite it first.")}
        )
    already = request.compartments & Viewer(user=None, agency=recipient).open_compartments(case)
    if already:
        raise ValidationError(
            {"compartments": _("Already open to this agency: %(compartments)s.") % {"compartments": _labels(already)}}
        )


def _check_basis(viewer: Viewer, case: Case, request: DisclosureRequest) -> None:
    """The basis of a disclosure: exactly one of a consent, a legal basis and a protocol, and a fitting one."""
    given = [basis for basis in (request.consent, request.legal_basis, request.protocol) if basis is not None]
    if not given:
        raise ValidationError(
            {
                "basis": _(
                    "Sharing needs a basis: the person's consent for this purpose and this recipient, a "
                    "legal basis with a written justification, or a protocol in force between the two "
                    "agencies. Nothing was shared."
                )
            }
        )
    if len(given) > 1:
        raise ValidationError({"basis": _("Choose one basis: a consent, a legal basis or a protocol.")})
    if request.consent is not None:
        refusal = _consent_refusal(case, request.consent, request)
    elif request.protocol is not None:
        refusal = _protocol_refusal(viewer, request.protocol, request)
    else:
        assert request.legal_basis is not None
        refusal = _legal_basis_refusal(viewer, request.legal_basis, request)
    if refusal:
        raise ValidationError(refusal)


def _consent_refusal(case: Case, consent: Consent, request: DisclosureRequest) -> dict[str, object] | None:
    if consent.case_id != case.pk:
        return {"basis": _("This consent was given in another situation.")}
    withdrawal = ConsentWithdrawal.objects.filter(consent=consent).first()
    if withdrawal is not None:
        when = formats.date_format(timezone.localtime(withdrawal.withdrawn_at), "SHORT_DATETIME_FORMAT")
        return {"basis": _("This consent was withdrawn on %(date)s: it no longer allows any sharing.") % {"date": when}}
    if consent.purpose != request.purpose:
        return {
            "basis": _("This consent was given for “%(given)s”, not for “%(asked)s”.")
            % {"given": consent.get_purpose_display(), "asked": SharingPurpose(request.purpose).label}
        }
    recipient = request.recipient
    if consent.recipient_agency_id != recipient.pk and consent.recipient_kind != recipient.kind:
        return {
            "basis": _("This consent does not name %(agency)s: she agreed to share with %(named)s.")
            % {"agency": recipient.name, "named": consent.recipient_label}
        }
    uncovered = request.compartments - CONSENT_COVERS[consent.purpose]
    if uncovered:
        return {
            "compartments": _("A consent for “%(purpose)s” does not cover: %(compartments)s.")
            % {"purpose": consent.get_purpose_display(), "compartments": _labels(uncovered)}
        }
    # Each person speaks for her own information: the perpetrator side is his, the rest is hers
    # (and, as the protective parent, her children's).
    if Compartment.PERPETRATOR_SIDE in request.compartments and len(request.compartments) > 1:
        return {"compartments": _("Share the perpetrator side on its own, on the perpetrator's consent.")}
    needed = PersonRole.PERPETRATOR if Compartment.PERPETRATOR_SIDE in request.compartments else PersonRole.VICTIM
    if not case.people.filter(person=consent.person_id, role=needed).exists():
        if needed == PersonRole.PERPETRATOR:
            return {"basis": _("The perpetrator side is shared on the perpetrator's own consent.")}
        return {"basis": _("This information is shared on the victim's own consent.")}
    return None


def _legal_basis_refusal(viewer: Viewer, basis: LegalBasis, request: DisclosureRequest) -> dict[str, object] | None:
    assert viewer.agency is not None
    if not basis.is_active:
        return {"basis": _("This legal basis is no longer in use.")}
    if basis.discloser_kinds and viewer.agency.kind not in basis.discloser_kinds:
        kinds = ", ".join(str(AgencyKind(kind).label) for kind in basis.discloser_kinds)
        return {"basis": _("This legal basis is for these kinds of agency only: %(kinds)s.") % {"kinds": kinds}}
    if not request.justification.strip():
        return {"justification": _("Write why this legal basis applies: the facts, the decision or the request.")}
    return None


def _protocol_refusal(viewer: Viewer, protocol: Protocol, request: DisclosureRequest) -> dict[str, object] | None:
    assert viewer.agency is not None
    if not protocol.is_in_force:
        return {"basis": _("This protocol is not in force today: it allows no sharing.")}
    parties = set(protocol.parties.values_list("pk", flat=True))
    if viewer.agency.pk not in parties or request.recipient.pk not in parties:
        return {
            "basis": _("Your agency and %(agency)s are not both parties to this protocol.")
            % {"agency": request.recipient.name}
        }
    if request.purpose not in protocol.purposes:
        return {
            "basis": _("This protocol does not provide for sharing for “%(purpose)s”.")
            % {"purpose": SharingPurpose(request.purpose).label}
        }
    # Medical is never covered, even if a row says so (PROTOCOL_COMPARTMENTS).
    uncovered = request.compartments - (PROTOCOL_COMPARTMENTS & frozenset(protocol.compartments))
    if uncovered:
        return {
            "compartments": _("This protocol does not cover: %(compartments)s.") % {"compartments": _labels(uncovered)}
        }
    return None


def revoke_disclosure(*, viewer: Viewer, disclosure: Disclosure, reason: str) -> Disclosure:
    """Close what a disclosure opened, from now on. Done by the agency that disclosed or the coordinator."""
    case = disclosure.case
    authorize(viewer, Action.DISCLOSE, case, hide_existence=True)
    assert viewer.user is not None and viewer.agency is not None
    if viewer.agency.pk not in (disclosure.disclosing_agency_id, case.coordinator_agency_id):
        raise ValidationError(_("Only the agency that shared this or the coordinating agency can revoke it."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the sharing is revoked.")})
    with transaction.atomic():
        now = timezone.now()
        updated = Disclosure.objects.filter(pk=disclosure.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=viewer.user, revocation_reason=reason.strip()
        )
        if not updated:
            raise ValidationError(_("This sharing was already revoked."))
        record_event(
            AuditAction.PERMISSION_CHANGE, obj=disclosure, fields=["revoked_at", "revocation_reason"], reason="revoked"
        )
    disclosure.refresh_from_db()
    return disclosure


# --- Governance bodies and protocols ------------------------------------------------------------


@dataclass(frozen=True)
class ProtocolDetails:
    title: str
    reference: str
    parties: Sequence[Agency]
    signed_on: date
    starts_on: date
    signatories: str
    purposes: frozenset[SharingPurpose]
    compartments: frozenset[Compartment]
    ends_on: date | None = None
    body: GovernanceBody | None = None
    document_reference: str = ""


PROTOCOL_FIELDS = [
    "title",
    "reference",
    "body",
    "parties",
    "signed_on",
    "starts_on",
    "ends_on",
    "signatories",
    "purposes",
    "compartments",
    "document_reference",
]


def _protocol_errors(viewer: Viewer, details: ProtocolDetails, protocol: Protocol | None) -> dict[str, object]:
    assert viewer.agency is not None
    errors: dict[str, object] = {}
    if not details.title.strip():
        errors["title"] = _("Give the protocol's title.")
    reference = details.reference.strip()
    if not reference:
        errors["reference"] = _("Give the protocol's reference.")
    else:
        same = Protocol.objects.filter(reference=reference, department_code=viewer.agency.department_code)
        if protocol is not None:
            same = same.exclude(pk=protocol.pk)
        if same.exists():
            errors["reference"] = _("Another protocol of the department has this reference.")
    if len({agency.pk for agency in details.parties}) < 2:
        errors["parties"] = _("A protocol binds at least two agencies.")
    if details.ends_on is not None and details.ends_on < details.starts_on:
        errors["ends_on"] = _("The protocol cannot end before it starts.")
    if details.signed_on > timezone.localdate():
        errors["signed_on"] = _("This date is in the future.")
    if not details.signatories.strip():
        errors["signatories"] = _("Name the signatories and their functions.")
    if not details.purposes:
        errors["purposes"] = _("Choose at least one purpose.")
    if not details.compartments:
        errors["compartments"] = _("Choose what the parties may share.")
    elif Compartment.MEDICAL in details.compartments:
        errors["compartments"] = _(
            "A protocol cannot lift medical secrecy: medical facts are shared on the person's consent or a "
            "legal basis only."
        )
    if details.body is not None and details.body.department_code != viewer.agency.department_code:
        errors["body"] = _("This governance body is in another department.")
    return errors


def _protocol_values(details: ProtocolDetails) -> dict[str, object]:
    return {
        "title": details.title.strip(),
        "reference": details.reference.strip(),
        "body": details.body,
        "signed_on": details.signed_on,
        "starts_on": details.starts_on,
        "ends_on": details.ends_on,
        "signatories": details.signatories.strip(),
        "purposes": sorted(details.purposes),
        "compartments": sorted(details.compartments),
        "document_reference": details.document_reference.strip(),
    }


def record_protocol(*, viewer: Viewer, details: ProtocolDetails) -> Protocol:
    """Record a protocol signed between agencies, for the acting governance body's department."""
    authorize(viewer, Action.MANAGE_PROTOCOLS, viewer.agency)
    assert viewer.agency is not None
    errors = _protocol_errors(viewer, details, None)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        protocol = Protocol.objects.create(
            department_code=viewer.agency.department_code,
            recorded_by_agency=viewer.agency,
            **_protocol_values(details),
        )
        protocol.parties.set(details.parties)
        record_event(AuditAction.CREATE, obj=protocol, fields=PROTOCOL_FIELDS)
    return protocol


def update_protocol(
    *, viewer: Viewer, protocol: Protocol, details: ProtocolDetails, expected_version: int
) -> list[str]:
    """Change a protocol (an amendment, its end); returns the names of the fields changed.

    What it opens changes at once; a change to what it allows is audited as a change of permissions.
    """
    authorize(viewer, Action.MANAGE_PROTOCOLS, protocol)
    errors = _protocol_errors(viewer, details, protocol)
    if errors:
        raise ValidationError(errors)
    values = _protocol_values(details)
    changed = [name for name, value in values.items() if getattr(protocol, name) != value]
    parties_changed = set(protocol.parties.values_list("pk", flat=True)) != {agency.pk for agency in details.parties}
    if not changed and not parties_changed:
        if protocol.version != expected_version:
            raise StaleVersionError()
        return []
    with transaction.atomic():
        for name in changed:
            setattr(protocol, name, values[name])
        protocol.updated_at = timezone.now()
        # Even when only the parties change, the version moves on, so that a concurrent edit fails.
        save_versioned(protocol, expected_version=expected_version, fields=[*changed, "updated_at"])
        if parties_changed:
            protocol.parties.set(details.parties)
            changed.append("parties")
        access = {"parties", "starts_on", "ends_on", "compartments", "purposes"}
        action = AuditAction.PERMISSION_CHANGE if access & set(changed) else AuditAction.UPDATE
        record_event(action, obj=protocol, fields=changed)
    return changed


@dataclass(frozen=True)
class BodyDetails:
    name: str
    kind: GovernanceBodyKind
    agency: Agency | None = None
    members: Sequence[tuple[Agency, GovernanceRole]] = field(default_factory=tuple)


def record_governance_body(*, viewer: Viewer, details: BodyDetails) -> GovernanceBody:
    """Record a governance body of the acting governance agency's department, with its members."""
    authorize(viewer, Action.MANAGE_PROTOCOLS, viewer.agency)
    assert viewer.agency is not None
    errors: dict[str, object] = {}
    if not details.name.strip():
        errors["name"] = _("Give the body's name.")
    elif GovernanceBody.objects.filter(
        name=details.name.strip(), department_code=viewer.agency.department_code
    ).exists():
        errors["name"] = _("The department already has a body of this name.")
    if details.agency is not None and details.agency.kind != AgencyKind.GOVERNANCE:
        errors["agency"] = _("A body is run by a governance agency.")
    if len({agency.pk for agency, _role in details.members}) != len(details.members):
        errors["members"] = _("Each agency sits once in a body.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        body = GovernanceBody.objects.create(
            name=details.name.strip(),
            kind=details.kind,
            department_code=viewer.agency.department_code,
            agency=details.agency,
        )
        record_event(AuditAction.CREATE, obj=body, fields=["name", "kind", "agency"])
        for agency, role in details.members:
            member = GovernanceMember.objects.create(body=body, agency=agency, role=role)
            record_event(AuditAction.CREATE, obj=member, fields=["agency", "role"])
    return body
