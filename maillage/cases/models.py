"""The shared situation file: one situation followed across agencies, from signal to exit.

Every piece of content carries a compartment (maillage.policy.compartments); who may see it is
decided by the policy layer from the agency's participation.
"""

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.accounts.models import User
from maillage.core.crypto import EncryptedTextField
from maillage.core.locking import VersionedModel
from maillage.core.storage import documents_storage
from maillage.directory.models import Agency
from maillage.policy.compartments import Compartment

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    """A random, non-sequential reference people can read out on the phone (S-7K3F-Q9HX)."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"S-{code[:4]}-{code[4:]}"


class CaseStatus(models.TextChoices):
    SIGNALLED = "signalled", _("Signalled")
    EVALUATING = "evaluating", _("Evaluating")
    ACTIVE = "active", pgettext_lazy("situation status", "Active")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    EXIT_FROM_VIOLENCE = "exit_from_violence", _("Exit from violence")
    MOVED_AWAY = "moved_away", _("Moved away")
    NO_CONSENT = "no_consent", _("No consent to follow-up")
    TRANSFERRED = "transferred", _("Transferred")
    DECEASED = "deceased", _("Deceased")
    DUPLICATE = "duplicate", _("Duplicate")
    OTHER = "other", _("Other")


class IntakeChannel(models.TextChoices):
    COMPLAINT = "complaint", _("Criminal complaint")
    LOGBOOK_REPORT = "logbook_report", _("Police report without complaint (main courante)")
    POLICE_CALLOUT = "police_callout", _("Police call-out (17)")
    HOTLINE = "hotline", _("Hotline")
    HOSPITAL = "hospital", _("Hospital")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    SCHOOL = "school", _("School")
    SELF_REFERRAL = "self_referral", _("Self-referral")
    AGENCY_REFERRAL = "agency_referral", _("Another agency's referral")


class Case(VersionedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, default=new_reference, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.SIGNALLED)
    department_code = models.CharField(_("department"), max_length=3)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    coordinator_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="coordinated_cases")
    coordinator = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(max_length=32, choices=ClosureReason.choices, blank=True)
    is_repeat = models.BooleanField(_("repeat"), default=False)

    class Meta:
        verbose_name = _("situation")
        verbose_name_plural = _("situations")
        indexes = [models.Index(fields=["status", "opened_at"], name="case_status_opened")]

    def __str__(self) -> str:
        return self.reference


class Participation(models.Model):
    """An agency taking part in a situation, with the compartments it opens."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinating agency")
        PARTNER = "partner", _("Partner")
        REFERRER = "referrer", _("Referring agency")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="participations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTNER)
    compartments = models.JSONField(default=list)
    joined_at = models.DateTimeField(auto_now_add=True)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "agency"], condition=models.Q(left_at__isnull=True), name="participation_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} in {self.case}"


class Intake(models.Model):
    """The signal that opened (or reopened) a situation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="intakes")
    channel = models.CharField(_("channel"), max_length=32, choices=IntakeChannel.choices)
    received_on = models.DateField(_("date of the signal"))
    referring_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referring_person = models.CharField(_("referring professional"), max_length=150, blank=True)
    first_facts = models.TextField(_("first facts"))
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_on}"


class Person(VersionedModel):
    """A person known in one or more situations. Identity is in the general compartment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    given_names = models.CharField(_("given names"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    birth_name = models.CharField(_("birth name"), max_length=150, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.CharField(_("nationality"), max_length=80, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=150, blank=True)
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)

    class Meta:
        verbose_name = _("person")

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}"


class PersonRole(models.TextChoices):
    VICTIM = "victim", _("Victim")
    PERPETRATOR = "perpetrator", _("Perpetrator")
    CHILD_EXPOSED = "child_exposed", _("Child exposed to violence")
    CHILD_VICTIM = "child_victim", _("Child victim")
    HOUSEHOLD = "household", _("Other household member")
    THIRD_PARTY = "third_party", _("Third party")


CHILD_ROLES = frozenset({PersonRole.CHILD_EXPOSED, PersonRole.CHILD_VICTIM})


class CasePerson(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(_("role"), max_length=24, choices=PersonRole.choices)
    relationship = models.CharField(_("relationship"), max_length=120, blank=True)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person", "role"], name="case_person_unique_role")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class VictimContact(VersionedModel):
    """How to reach the victim safely, and where she is: victim-only, encrypted at rest."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_person = models.OneToOneField(CasePerson, on_delete=models.PROTECT, related_name="victim_contact")
    safe_phone = EncryptedTextField(_("safe phone number"), blank=True)
    safe_email = EncryptedTextField(_("safe email address"), blank=True)
    safe_times = models.CharField(_("safe days and hours"), max_length=200, blank=True)
    code_word = EncryptedTextField(_("code word"), blank=True)
    may_leave_message = models.BooleanField(_("a message may be left"), default=False)
    address = EncryptedTextField(_("current address (confidential)"), blank=True)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.VICTIM_ONLY)

    def __str__(self) -> str:
        return "safe contact"


class ViolenceForm(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    SEXUAL = "sexual", _("Sexual")
    ECONOMIC = "economic", _("Economic")
    ADMINISTRATIVE = "administrative", _("Administrative")
    DIGITAL = "digital", _("Digital")


class Incident(VersionedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incidents")
    occurred_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    forms = models.JSONField(_("forms of violence"), default=list)
    strangulation = models.BooleanField(_("strangulation"), default=False)
    weapon = models.CharField(_("weapon"), max_length=120, blank=True)
    injuries = models.TextField(_("injuries"), blank=True)
    children_present = models.BooleanField(_("children present"), default=False)
    police_response = models.CharField(_("police response"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=32, choices=IntakeChannel.choices)
    description = models.TextField(_("description"), blank=True)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on"]

    def __str__(self) -> str:
        return f"incident {self.occurred_on}"


class Note(VersionedModel):
    """A note in one compartment. Never deleted: a retracted note stays, marked retracted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    compartment = models.CharField(_("who may read it"), max_length=24, choices=Compartment.choices)
    body = models.TextField(_("note"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    author_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    retracted_at = models.DateTimeField(null=True, blank=True)
    retraction_reason = models.CharField(_("reason for retraction"), max_length=300, blank=True)

    def __str__(self) -> str:
        return f"note {self.created_at:%Y-%m-%d}"


class NoteRevision(models.Model):
    """The text of a note before each edit: who changed it and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="revisions")
    version = models.PositiveIntegerField()
    body = models.TextField()
    edited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version"]

    def __str__(self) -> str:
        return f"revision {self.version}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(VersionedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    due_on = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner_agency", "status", "due_on"], name="task_owner_due")]

    def __str__(self) -> str:
        return self.title


class NeedKind(models.TextChoices):
    HOUSING = "housing", _("Housing")
    SAFETY = "safety", _("Safety")
    MONEY = "money", _("Money")
    CHILDREN = "children", _("Children")
    HEALTH = "health", _("Health")
    LEGAL = "legal", _("Legal matters")
    IMMIGRATION_STATUS = "immigration_status", _("Immigration status")
    LANGUAGE = "language", _("Language")
    EMPLOYMENT = "employment", _("Employment")
    OTHER = "other", _("Other")


class NeedPriority(models.IntegerChoices):
    HIGH = 1, _("High priority")
    MEDIUM = 2, _("Medium priority")
    LOW = 3, _("Low priority")


class NeedStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    IN_PROGRESS = "in_progress", _("In progress")
    MET = "met", _("Met")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


# Needs are listed by priority, then in this order of status: what is still to do first.
NEED_STATUS_ORDER = (NeedStatus.IDENTIFIED, NeedStatus.IN_PROGRESS, NeedStatus.MET, NeedStatus.NO_LONGER_RELEVANT)


class Need(VersionedModel):
    """A need or difficulty of the situation (housing, safety, money…), with who takes care of it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="needs")
    kind = models.CharField(_("need"), max_length=24, choices=NeedKind.choices)
    description = models.TextField(_("description"), blank=True)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=NeedPriority.choices)
    status = models.CharField(_("status"), max_length=24, choices=NeedStatus.choices, default=NeedStatus.IDENTIFIED)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.get_kind_display()


class StatusChange(models.Model):
    """Each step of the lifecycle, shown on the timeline."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=CaseStatus.choices)
    reason = models.CharField(max_length=32, choices=ClosureReason.choices, blank=True)
    comment = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ClosureRequest(VersionedModel):
    """A coordinator asks to close a situation whose coordinating agency wants a second person's
    approval: another coordinator of that agency approves (the situation closes) or refuses."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("request to close", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("request to close", "Approved")
        REFUSED = "refused", pgettext_lazy("request to close", "Refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="closure_requests")
    reason = models.CharField(max_length=32, choices=ClosureReason.choices)
    comment = models.CharField(max_length=300, blank=True)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=300, blank=True)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status="pending"), name="closure_request_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"closing of {self.case_id}"


class Transfer(VersionedModel):
    """The victim moved: the coordinating agency hands the situation, with its history, to a
    coordinating agency of another department, which accepts or refuses with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("transfer", "Awaiting the receiving agency's decision")
        ACCEPTED = "accepted", pgettext_lazy("transfer", "Accepted")
        REFUSED = "refused", pgettext_lazy("transfer", "Refused")
        WITHDRAWN = "withdrawn", pgettext_lazy("transfer", "Withdrawn")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfers")
    from_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="incoming_transfers")
    reason = models.CharField(_("reason for the transfer"), max_length=500)
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True)
    # The receiving agency's role before the transfer ("" if it joined for it), restored on refusal.
    receiver_previous_role = models.CharField(max_length=16, choices=Participation.Role.choices, blank=True)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(status="pending"), name="transfer_one_pending")
        ]

    def __str__(self) -> str:
        return f"transfer of {self.case_id}"


class PersonMatchKey(models.Model):
    """A keyed digest of one blocking key of a person (names, birth date, phone), indexed so that
    possible matches across agencies are found with an index lookup. Only digests are stored:
    the keys themselves are derived from personal data."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_key_rows")
    digest = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "digest"], name="person_match_key_unique")]

    def __str__(self) -> str:
        return self.digest[:8]


class MatchAlert(models.Model):
    """Told to the coordinator of `case`: a person of it may be the same as someone in a situation
    coordinated by `other_agency`. The other situation's content is never shown."""

    class Status(models.TextChoices):
        OPEN = "open", _("To check")
        CONFIRMED = "confirmed", _("Same person, confirmed")
        DISMISSED = "dismissed", _("Not the same person")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="match_alerts")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    other_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=16)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "other_person"], name="match_alert_unique_pair")
        ]

    def __str__(self) -> str:
        return f"possible match in {self.case}"


def document_path(instance: "Document", filename: str) -> str:
    """Stored under a random name: the original name is kept in the database only."""
    return f"{instance.case_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """A file attached to a situation, stored outside the web root, served only through the policy."""

    class ScanStatus(models.TextChoices):
        NOT_SCANNED = "not_scanned", _("Not scanned")
        CLEAN = "clean", _("No threat found")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    compartment = models.CharField(_("who may read it"), max_length=24, choices=Compartment.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(upload_to=document_path, storage=documents_storage)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    scan_status = models.CharField(max_length=16, choices=ScanStatus.choices, default=ScanStatus.NOT_SCANNED)
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="documents")
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title
