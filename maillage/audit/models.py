from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("view")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    DISCLOSE = "disclose", _("disclose")
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logout")
    LOCKOUT = "lockout", _("account locked out")
    BREAK_GLASS = "break_glass", _("break glass")
    PERMISSION_CHANGE = "permission_change", _("permission change")
    SECOND_FACTOR_CHANGE = "second_factor_change", _("second factor change")
    ACCESS_DENIED = "access_denied", _("access denied")
    IMPORT = "import", _("import")


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit trail.

    Entries are grouped in daily chains (`chain` is the UTC day) numbered from 1; each entry
    stores the hash of the one before it, across days too. Values of personal data are never
    stored: only the names of the fields touched.
    """

    id = models.BigAutoField(primary_key=True)
    chain = models.CharField(max_length=10)
    position = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    action = models.CharField(max_length=32, choices=AuditAction.choices)
    outcome = models.CharField(max_length=16, default="ok")
    actor_id = models.UUIDField(null=True, blank=True)
    # Keyed digest of a login that matched no account: lets reviewers group attempts
    # without the trail storing what was typed.
    actor_hint = models.CharField(max_length=64, blank=True)
    agency_id = models.UUIDField(null=True, blank=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    fields = models.JSONField(default=list)
    basis = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "position"], name="audit_unique_chain_position")]
        indexes = [
            models.Index(fields=["actor_id", "occurred_at"], name="audit_actor_time"),
            models.Index(fields=["agency_id", "occurred_at"], name="audit_agency_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} #{self.position} {self.action}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self._state.adding:
            raise RuntimeError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("Audit entries are append-only.")


class AuditChainHead(models.Model):
    """The single row that serialises appends: the last entry's chain, position and hash.

    Locking this row (SELECT ... FOR UPDATE) makes concurrent writers from several application
    servers append one after the other; it also lets the verifier notice a truncated tail.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    chain = models.CharField(max_length=10, blank=True)
    position = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"head at {self.chain} #{self.position}"
