"""Authentication events written to the audit trail (they only surface as signals)."""

from typing import Any

from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from maillage.accounts.models import User
from maillage.audit.hashing import keyed_digest
from maillage.audit.models import AuditAction
from maillage.audit.services import record_event


@receiver(auth_signals.user_logged_in)
def audit_login(sender: Any, user: User, **kwargs: Any) -> None:
    record_event(AuditAction.LOGIN, obj=user, actor_id=user.pk)


@receiver(auth_signals.user_logged_out)
def audit_logout(sender: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        record_event(AuditAction.LOGOUT, obj=user, actor_id=user.pk)


@receiver(auth_signals.user_login_failed)
def audit_failed_login(sender: Any, credentials: dict, **kwargs: Any) -> None:
    login = str(credentials.get("email") or credentials.get("username") or "")
    user = User.objects.filter(email=login.strip().lower()).first() if login else None
    record_event(
        AuditAction.LOGIN_FAILED,
        outcome="failed",
        reason="password",
        actor_id=user.pk if user else None,
        actor_hint="" if user else keyed_digest(login),
    )


@receiver(mfa_signals.authentication_failed)
def audit_failed_second_factor(sender: Any, user: User, **kwargs: Any) -> None:
    record_event(AuditAction.LOGIN_FAILED, obj=user, outcome="failed", reason="second_factor", actor_id=user.pk)


@receiver(user_locked_out)
def audit_lockout(sender: Any, username: str | None = None, **kwargs: Any) -> None:
    record_event(
        AuditAction.LOCKOUT, outcome="denied", reason="too_many_failures", actor_hint=keyed_digest(username or "")
    )


def _audit_second_factor_change(action_reason: str) -> Any:
    def handler(sender: Any, user: User, authenticator: Any, **kwargs: Any) -> None:
        record_event(
            AuditAction.SECOND_FACTOR_CHANGE,
            obj=user,
            fields=[authenticator.type],
            reason=action_reason,
            actor_id=user.pk,
        )

    return handler


audit_second_factor_added = _audit_second_factor_change("added")
audit_second_factor_removed = _audit_second_factor_change("removed")
audit_second_factor_reset = _audit_second_factor_change("reset")
mfa_signals.authenticator_added.connect(audit_second_factor_added)
mfa_signals.authenticator_removed.connect(audit_second_factor_removed)
mfa_signals.authenticator_reset.connect(audit_second_factor_reset)
