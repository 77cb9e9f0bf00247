"""Lawful information sharing: legal bases, the person's consent (and its withdrawal), and the
register of disclosures that open a situation's compartments to an agency or send information out.

The policy layer reads the disclosures in force (maillage.policy.viewer.Viewer.open_compartments);
the rules for making one are in maillage.sharing.services.
"""

import uuid
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.cases.models import Case, Person
from maillage.core.bilingual import BilingualFields
from maillage.core.locking import VersionedModel
from maillage.directory.models import Agency, AgencyKind, validate_departments
from maillage.policy.compartments import Compartment


class LegalBasis(BilingualFields, models.Model):
    """A ground in law for sharing without the person's consent, kept as data in French and English
    (loaded by migration 0002, with its sources)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(max_length=40, unique=True)
    label_fr = models.CharField(_("name (French)"), max_length=200)
    label_en = models.CharField(_("name (English)"), max_length=200)
    reference_fr = models.CharField(_("legal reference (French)"), max_length=400)
    reference_en = models.CharField(_("legal reference (English)"), max_length=400)
    conditions_fr = models.TextField(_("conditions (French)"))
    conditions_en = models.TextField(_("conditions (English)"))
    # Kinds of agency the law allows to use this basis; empty means every kind.
    discloser_kinds = models.JSONField(default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return self.in_language("label")

    @property
    def reference(self) -> str:
        return self.in_language("reference")

    @property
    def conditions(self) -> str:
        return self.in_language("conditions")


class SharingPurpose(models.TextChoices):
    REFERRAL = "referral", _("Referral to another agency")
    MARAC = "marac", _("Discussion at the MARAC")
    REFERRER_FEEDBACK = "referrer_feedback", _("Feedback to the referring agency")
    MEDICAL_FACTS = "medical_facts", _("Sharing medical facts")
    NAMED_AGENCY = "named_agency", _("Sharing with a named agency")


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("In writing")
    ORAL_WITH_WITNESS = "oral_with_witness", _("Orally, before a witness")


class Consent(models.Model):
    """A person's agreement, in one situation, to one purpose of sharing with one agency or kind of agency.

    Never edited: a withdrawal is a separate record (ConsentWithdrawal), and agreeing again after a
    withdrawal is a new consent. The row sits in the compartment of the person's link to the
    situation, so it is seen by the agencies that see the person.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consents")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)
    purpose = models.CharField(_("purpose"), max_length=24, choices=SharingPurpose.choices)
    recipient_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recipient agency")
    )
    recipient_kind = models.CharField(
        _("kind of recipient agency"), max_length=32, choices=AgencyKind.choices, blank=True
    )
    method = models.CharField(_("how it was given"), max_length=24, choices=ConsentMethod.choices)
    witness_name = models.CharField(_("witness"), max_length=150, blank=True)
    given_on = models.DateField(_("date given"))
    interpreter_present = models.BooleanField(_("an interpreter was present"), default=False)
    interpreter_name = models.CharField(_("interpreter"), max_length=150, blank=True)
    collected_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    collected_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        constraints = [
            models.CheckConstraint(
                condition=(Q(recipient_agency__isnull=False) & Q(recipient_kind=""))
                | (Q(recipient_agency__isnull=True) & ~Q(recipient_kind="")),
                name="consent_one_recipient",
            ),
            models.CheckConstraint(
                condition=~Q(method="oral_with_witness") | ~Q(witness_name=""), name="consent_oral_has_witness"
            ),
            models.CheckConstraint(
                condition=Q(interpreter_present=False) | ~Q(interpreter_name=""), name="consent_interpreter_named"
            ),
        ]

    def __str__(self) -> str:
        return f"consent {self.purpose} {self.given_on}"

    @property
    def recipient_label(self) -> str:
        if self.recipient_agency is not None:
            return self.recipient_agency.name
        return str(AgencyKind(self.recipient_kind).label)


class ConsentWithdrawal(models.Model):
    """The withdrawal of a consent: effective from `withdrawn_at`, and final."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    consent = models.OneToOneField(Consent, on_delete=models.PROTECT, related_name="withdrawal")
    withdrawn_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("reason given"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"withdrawal {self.withdrawn_at:%Y-%m-%d}"


class DisclosureMode(models.TextChoices):
    OPEN_IN_FILE = "open_in_file", _("Compartments opened in the situation file")
    SENT_OUT = "sent_out", _("Information sent outside Maillage (letter, email, phone)")


# --- Governance bodies and protocols ------------------------------------------------------------


class GovernanceBodyKind(models.TextChoices):
    CLSPD = "clspd", _("Local council for security and crime prevention (CLSPD)")
    CISPD = "cispd", _("Intermunicipal council for security and crime prevention (CISPD)")
    CDPD = "cdpd", _("Departmental council for crime prevention and victim support (CDPD)")
    CLAV = "clav", _("Local committee for victim support (CLAV)")
    CODEV = "codev", _("Departmental commission against violence against women (CODEV)")
    CONCERTATION_CELL = "concertation_cell", _("Concertation cell")


class GovernanceRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARIAT = "secretariat", _("Secretariat")
    MEMBER = "member", _("Member")


class GovernanceBody(models.Model):
    """A body where the partners of a territory coordinate (CLSPD, CDPD, CLAV…), with its members."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=GovernanceBodyKind.choices)
    department_code = models.CharField(_("department"), max_length=3, validators=[validate_departments])
    # The governance agency that runs it (its secretariat), when it is in the directory.
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_bodies",
        verbose_name=_("run by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["department_code", "name"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")
        constraints = [
            models.UniqueConstraint(fields=["name", "department_code"], name="governance_body_unique_name_department")
        ]

    def __str__(self) -> str:
        return self.name


class GovernanceMember(models.Model):
    """An agency sitting in a governance body, and its role there."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    body = models.ForeignKey(GovernanceBody, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    role = models.CharField(_("role in the body"), max_length=16, choices=GovernanceRole.choices)

    class Meta:
        ordering = ["role", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["body", "agency"], name="governance_member_once")]

    def __str__(self) -> str:
        return f"{self.agency} in {self.body}"


# A protocol between institutions cannot lift medical secrecy: medical facts are shared on the
# person's consent for that purpose or on a legal basis only. Everything else may be agreed.
PROTOCOL_COMPARTMENTS = frozenset(Compartment) - {Compartment.MEDICAL}


def protocols_in_force(day: date | None = None, prefix: str = "") -> Q:
    """Protocols in force on `day` (today by default): started, and not ended (the end day included)."""
    day = day or timezone.localdate()
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


class ProtocolStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")


class Protocol(VersionedModel):
    """A partnership convention between agencies: what they agree to share among themselves, and when.

    While in force, it opens its compartments to each party in the situations another party
    coordinates, and it is a basis for a disclosure between two parties (policy.viewer,
    sharing.services). Medical and, for perpetrator-facing parties, victim-only are never opened by it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference"), max_length=100)
    department_code = models.CharField(_("department"), max_length=3, validators=[validate_departments])
    body = models.ForeignKey(
        GovernanceBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protocols",
        verbose_name=_("governance body"),
    )
    parties = models.ManyToManyField(Agency, related_name="protocols", verbose_name=_("parties"))
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("in force from"))
    ends_on = models.DateField(_("in force until"), null=True, blank=True)
    signatories = models.TextField(_("signatories"), max_length=3000)
    purposes = models.JSONField(_("purposes"), default=list)
    compartments = models.JSONField(_("compartments"), default=list)
    document_reference = models.CharField(_("document reference"), max_length=300, blank=True)
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("protocol")
        verbose_name_plural = _("protocols")
        constraints = [
            models.UniqueConstraint(fields=["reference", "department_code"], name="protocol_unique_reference"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="protocol_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def status_on(self, day: date | None = None) -> ProtocolStatus:
        day = day or timezone.localdate()
        if day < self.starts_on:
            return ProtocolStatus.UPCOMING
        if self.ends_on is not None and day > self.ends_on:
            return ProtocolStatus.EXPIRED
        return ProtocolStatus.IN_FORCE

    @property
    def status(self) -> ProtocolStatus:
        return self.status_on()

    @property
    def is_in_force(self) -> bool:
        return self.status is ProtocolStatus.IN_FORCE

    @property
    def purpose_labels(self) -> list[str]:
        return [str(label) for value, label in SharingPurpose.choices if value in self.purposes]


class BasisKind(models.TextChoices):
    CONSENT = "consent", _("Consent of the person")
    LEGAL_BASIS = "legal_basis", _("Legal basis")
    PROTOCOL = "protocol", _("Protocol between the agencies")


class Disclosure(models.Model):
    """One entry of the disclosure register: who shared what, with whom, why, on which basis, when.

    An entry opening compartments in the file is in force until it is revoked or, for one made on
    consent, until the consent is withdrawn.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="disclosures")
    disclosing_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    disclosed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recipient_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="disclosures_received")
    mode = models.CharField(_("how"), max_length=16, choices=DisclosureMode.choices)
    compartments = models.JSONField(_("compartments"), default=list)
    details = models.TextField(_("information or documents sent"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=24, choices=SharingPurpose.choices)
    basis_kind = models.CharField(_("basis"), max_length=16, choices=BasisKind.choices)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures")
    legal_basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures")
    justification = models.TextField(_("justification"), blank=True)
    disclosed_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    revocation_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("disclosure")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(basis_kind="consent")
                    & Q(consent__isnull=False)
                    & Q(legal_basis__isnull=True)
                    & Q(protocol__isnull=True)
                )
                | (
                    Q(basis_kind="legal_basis")
                    & Q(legal_basis__isnull=False)
                    & Q(consent__isnull=True)
                    & Q(protocol__isnull=True)
                )
                | (
                    Q(basis_kind="protocol")
                    & Q(protocol__isnull=False)
                    & Q(consent__isnull=True)
                    & Q(legal_basis__isnull=True)
                ),
                name="disclosure_one_basis",
            ),
        ]
        indexes = [models.Index(fields=["case", "recipient_agency"], name="disclosure_case_recipient")]

    def __str__(self) -> str:
        return f"disclosure {self.disclosed_at:%Y-%m-%d}"

    @property
    def is_in_force(self) -> bool:
        """The row's side of `in_force()`, for showing it: not revoked, its consent (if any) not
        withdrawn, its protocol (if any) still in force."""
        if self.revoked_at is not None:
            return False
        if self.protocol is not None and not self.protocol.is_in_force:
            return False
        return self.consent is None or not hasattr(self.consent, "withdrawal")


def in_force() -> Q:
    """Disclosures still in force: not revoked; when made on consent, the consent not withdrawn; when
    made on a protocol, the protocol still in force (an expired protocol closes them at once)."""
    return (
        Q(revoked_at__isnull=True)
        & (Q(consent__isnull=True) | Q(consent__withdrawal__isnull=True))
        & (Q(protocol__isnull=True) | protocols_in_force(prefix="protocol__"))
    )
