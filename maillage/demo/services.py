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
from maillage.directory.models import Agency


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
    agencies = {
        name: Agency.objects.get_or_create(
            name=name, department_code=data.DEMO_DEPARTMENT, defaults={"kind": kind, "municipality": municipality}
        )[0]
        for name, kind, municipality in data.AGENCIES
    }
    logins = [_demo_user(email, full_name, roles, agencies) for email, full_name, roles in data.USERS]
    load_situations()
    return logins


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
