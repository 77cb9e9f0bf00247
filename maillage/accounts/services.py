"""Writes on accounts: memberships, acting agency, API tokens. Each one audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import ApiToken, Membership, Role, User
from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.core.locking import save_versioned
from maillage.directory.models import Agency
from maillage.policy.decisions import Action
from maillage.policy.enforcement import authorize
from maillage.policy.viewer import Viewer

API_TOKEN_PREFIX_LENGTH = 8


class MembershipError(Exception):
    """A membership change that makes no sense; the message is shown to the user."""


def add_member(*, viewer: Viewer, agency: Agency, email: str, full_name: str, role: Role) -> Membership:
    """Give a person a role in the acting agency, creating their account if needed.

    A new account has no usable password: the person sets one through the password-reset
    link, and must then enrol a second factor before seeing personal data.
    """
    authorize(viewer, Action.MANAGE_MEMBERS, agency)
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=None, full_name=full_name.strip())
            record_event(AuditAction.CREATE, obj=user, fields=["email", "full_name"])
        membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
        if not created and membership.is_active:
            raise MembershipError(_("This person already has this role in your agency."))
        if not created:
            membership.is_active = True
            save_versioned(membership, expected_version=membership.version, fields=["is_active"])
        record_event(AuditAction.PERMISSION_CHANGE, obj=membership, fields=["role", "is_active"])
    return membership


def change_member_role(*, viewer: Viewer, membership: Membership, role: Role, expected_version: int) -> None:
    authorize(viewer, Action.MANAGE_MEMBERS, membership.agency)
    if role == membership.role:
        return
    _refuse_removing_last_admin(membership, viewer)
    with transaction.atomic():
        if Membership.objects.filter(user=membership.user, agency=membership.agency, role=role).exists():
            raise MembershipError(_("This person already has this role in your agency."))
        membership.role = role
        save_versioned(membership, expected_version=expected_version, fields=["role"])
        record_event(AuditAction.PERMISSION_CHANGE, obj=membership, fields=["role"])


def deactivate_membership(*, viewer: Viewer, membership: Membership, expected_version: int) -> None:
    authorize(viewer, Action.MANAGE_MEMBERS, membership.agency)
    _refuse_removing_last_admin(membership, viewer)
    with transaction.atomic():
        membership.is_active = False
        save_versioned(membership, expected_version=expected_version, fields=["is_active"])
        record_event(AuditAction.PERMISSION_CHANGE, obj=membership, fields=["is_active"])


def _refuse_removing_last_admin(membership: Membership, viewer: Viewer) -> None:
    if membership.role != Role.AGENCY_ADMIN or not membership.is_active:
        return
    other_admins = Membership.objects.filter(agency=membership.agency, role=Role.AGENCY_ADMIN, is_active=True).exclude(
        pk=membership.pk
    )
    if not other_admins.exists():
        raise MembershipError(_("An agency must keep at least one active administrator."))


def create_api_token(*, viewer: Viewer, name: str, valid_days: int) -> tuple[ApiToken, str]:
    """Create a token for the viewer acting for their current agency; returns it and its secret.

    The secret is shown once; only its SHA-256 digest is stored.
    """
    assert viewer.user is not None and viewer.agency is not None
    authorize(viewer, Action.MANAGE_API_TOKENS, viewer.user)
    prefix = secrets.token_hex(API_TOKEN_PREFIX_LENGTH // 2)
    secret = f"{prefix}.{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=viewer.user,
            agency=viewer.agency,
            name=name.strip(),
            prefix=prefix,
            digest=api_token_digest(secret),
            expires_at=timezone.now() + timedelta(days=valid_days),
        )
        record_event(AuditAction.CREATE, obj=token, fields=["name", "agency", "expires_at"])
    return token, secret


def revoke_api_token(*, viewer: Viewer, token: ApiToken) -> None:
    assert viewer.user is not None
    authorize(viewer, Action.MANAGE_API_TOKENS, token.user)
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        record_event(AuditAction.UPDATE, obj=token, fields=["revoked_at"])


def api_token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
