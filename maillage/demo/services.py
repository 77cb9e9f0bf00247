"""Loading the demo: idempotent, and refused unless demo mode is on."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from maillage.accounts.models import ROLES_WITHOUT_PERSONAL_DATA, Membership, User
from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.demo import data
from maillage.demo.situations import load_situations
from maillage.directory.models import Agency, Capacity, CapacityRecord, Permanence, Service
from maillage.interpreters.models import Interpreter
from maillage.sharing.models import GovernanceBody, GovernanceMember, Protocol


class DemoModeOff(Exception):
    pass


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    roles: str
    totp_secret: str | None


def require_demo_mode() -> None:
    if not settings.DEMO_MODE:
        raise DemoModeOff("Demo data exists only in demo mode (MAILLAGE_DEMO=1).")


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    require_demo_mode()
    agencies = _load_directory()
    _load_governance(agencies)
    logins = [_demo_user(email, full_name, roles, agencies) for email, full_name, roles in data.USERS]
    load_situations()
    _load_interpreters(agencies)
    return logins


def _load_directory() -> dict[str, Agency]:
    """The demo's agencies, services, permanences and shelter places; loading again changes nothing."""
    agencies = {
        demo.name: Agency.objects.update_or_create(
            name=demo.name,
            department_code=data.DEMO_DEPARTMENT,
            defaults={
                "kind": demo.kind,
                "municipality": demo.municipality,
                "postcode": demo.postcode,
                "reception_address": demo.reception_address,
                "email": demo.email,
                "phone": demo.phone,
                "website": demo.website,
                "languages": demo.languages,
                "accessibility": demo.accessibility,
            },
        )[0]
        for demo in data.AGENCIES
    }
    services = {
        (demo.agency, demo.name): Service.objects.update_or_create(
            agency=agencies[demo.agency],
            name=demo.name,
            defaults={
                "move_phase": demo.phase,
                "description": demo.description,
                "phone": demo.phone,
                "email": demo.email,
                "opening_hours": demo.opening_hours,
                "languages": demo.languages,
                "accessibility": demo.accessibility,
                "covered_departments": demo.covered_departments,
                "covered_postcodes": demo.covered_postcodes,
                "covered_municipalities": demo.covered_municipalities,
                "provides_shelter": demo.provides_shelter,
            },
        )[0]
        for demo in data.SERVICES
    }
    for permanence in data.PERMANENCES:
        Permanence.objects.get_or_create(
            service=services[(permanence.agency, permanence.service)],
            host_agency=agencies[permanence.host] if permanence.host else None,
            place=permanence.place,
            weekday=permanence.weekday,
            starts_at=permanence.starts_at,
            defaults={"ends_at": permanence.ends_at, "frequency": permanence.frequency},
        )
    for agency_name, service_name, free, total in data.CAPACITIES:
        service = services[(agency_name, service_name)]
        # Declared once: afterwards the places are the shelter staff's to update.
        if not Capacity.objects.filter(service=service).exists():
            now = timezone.now()
            Capacity.objects.create(service=service, places_free=free, places_total=total, as_of=now)
            CapacityRecord.objects.create(service=service, places_free=free, places_total=total, recorded_at=now)
    return agencies


def _load_governance(agencies: dict[str, Agency]) -> None:
    """The demo's governance body and protocols; loading again changes nothing."""
    bodies = {}
    for demo_body in data.GOVERNANCE_BODIES:
        body, created = GovernanceBody.objects.get_or_create(
            name=demo_body.name,
            department_code=data.DEMO_DEPARTMENT,
            defaults={"kind": demo_body.kind, "agency": agencies[demo_body.agency]},
        )
        if created:
            record_event(AuditAction.CREATE, obj=body, fields=["name", "kind", "agency"])
            for agency_name, role in demo_body.members:
                member = GovernanceMember.objects.create(body=body, agency=agencies[agency_name], role=role)
                record_event(AuditAction.CREATE, obj=member, fields=["agency", "role"])
        bodies[demo_body.name] = body
    for demo in data.PROTOCOLS:
        protocol, created = Protocol.objects.get_or_create(
            reference=demo.reference,
            department_code=data.DEMO_DEPARTMENT,
            defaults={
                "title": demo.title,
                "body": bodies.get(demo.body),
                "signed_on": demo.signed_on,
                "starts_on": demo.starts_on,
                "ends_on": demo.ends_on,
                "signatories": demo.signatories,
                "purposes": list(demo.purposes),
                "compartments": list(demo.compartments),
                "document_reference": demo.document_reference,
                "recorded_by_agency": agencies[data.CDPD],
            },
        )
        if created:
            protocol.parties.set([agencies[name] for name in demo.parties])
            record_event(AuditAction.CREATE, obj=protocol, fields=["title", "reference", "parties", "compartments"])


def _demo_user(email: str, full_name: str, roles: list, agencies: dict[str, Agency]) -> DemoLogin:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created:
        user.set_password(data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        record_event(AuditAction.CREATE, obj=user, fields=["email", "full_name", "password"])
    for agency_name, role in roles:
        membership, created = Membership.objects.get_or_create(user=user, agency=agencies[agency_name], role=role)
        if created:
            record_event(AuditAction.PERMISSION_CHANGE, obj=membership, fields=["role", "is_active"])
    needs_second_factor = any(role not in ROLES_WITHOUT_PERSONAL_DATA for _, role in roles)
    secret = _demo_totp_secret(user) if needs_second_factor else None
    labels = ", ".join(f"{role.label} — {agency_name}" for agency_name, role in roles)
    return DemoLogin(email=email, full_name=full_name, roles=labels, totp_secret=secret)


def _demo_totp_secret(user: User) -> str:
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        return decrypt(authenticator.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    record_event(AuditAction.SECOND_FACTOR_CHANGE, obj=user, fields=["totp"], reason="added")
    return secret


def current_totp_code(email: str) -> str:
    require_demo_mode()
    user = User.objects.get(email=email.strip().lower())
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    counter = int(timezone.now().timestamp()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), counter))


def _load_interpreters(agencies: dict[str, Agency]) -> None:
    """The demo's interpreters and cultural mediators; loading again changes nothing."""
    for full_name, kind, languages, agency, phone, communities in data.INTERPRETER_REGISTER:
        Interpreter.objects.get_or_create(
            full_name=full_name,
            defaults={
                "kind": kind,
                "languages": languages,
                "agency": agencies[agency] if agency else None,
                "phone": phone,
                "communities": communities,
            },
        )
