"""Interpreters and cultural mediators: the register, bookings against a situation, and the
victim's objection to an interpreter from her own community (MOVE guidelines).

Who may be booked is decided by maillage/interpreters/services.py (never a child of the family,
never a relative, not from her community when she objects, a language the person speaks).
"""

import re
import unicodedata
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.accounts.models import User
from maillage.cases.models import Case, CasePerson
from maillage.core.locking import VersionedModel
from maillage.directory.models import Agency, AgencyKind, language_labels, validate_languages
from maillage.policy.compartments import Compartment

COMMUNITY_SEPARATORS = re.compile(r"\s*[\n;]\s*")


def normalise(text: str) -> str:
    """Lower case, without accents, punctuation or repeated spaces: for comparing names and communities."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


def split_communities(text: str) -> list[str]:
    """Communities are written one per line (or separated by semicolons)."""
    return [item for item in COMMUNITY_SEPARATORS.split(text.strip()) if item]


class InterpreterKind(models.TextChoices):
    INTERPRETER = "interpreter", _("Interpreter")
    CULTURAL_MEDIATOR = "cultural_mediator", _("Cultural mediator")


class Interpreter(VersionedModel):
    """An interpreter or cultural mediator, working for an interpreter service or independent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    full_name = models.CharField(_("full name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=24, choices=InterpreterKind.choices)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        validators=[validate_languages],
        help_text=_("ISO 639 codes separated by commas, e.g. fr, en, ar"),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interpreters",
        verbose_name=_("interpreter service"),
        help_text=_("Leave empty for an independent interpreter."),
    )
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    communities = models.TextField(
        _("communities"),
        blank=True,
        help_text=_(
            "Communities the person belongs to, one per line, e.g. “communauté turque de Montreval”. "
            "Used to respect a victim who does not want an interpreter from her community."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        if self.agency is not None and self.agency.kind != AgencyKind.INTERPRETER_SERVICE:
            raise ValidationError({"agency": _("Choose an interpreter service of the directory.")})

    @property
    def language_labels(self) -> list[str]:
        return language_labels(self.languages)

    @property
    def community_list(self) -> list[str]:
        return split_communities(self.communities)


class InterpreterObjection(models.Model):
    """The victim does not want an interpreter from her own community (and, if she said, which one).

    Victim-only: it says where she comes from. The booking rules read it whoever books.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case_person = models.OneToOneField(CasePerson, on_delete=models.PROTECT, related_name="interpreter_objection")
    objects_to_own_community = models.BooleanField(
        _("she does not want an interpreter from her community"), default=True
    )
    community = models.CharField(
        _("her community"),
        max_length=200,
        blank=True,
        help_text=_("If she says which, e.g. “communauté turque de Montreval”."),
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.VICTIM_ONLY)

    def __str__(self) -> str:
        return "interpreter objection"

    @property
    def case(self) -> Case:
        return self.case_person.case


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class InterpreterBooking(VersionedModel):
    """An interpreter booked for one person of a situation.

    In the compartment of the person's link, except a booking for the victim: her appointments say
    where she will be, so they are victim-only.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="interpreter_bookings")
    case_person = models.ForeignKey(
        CasePerson, on_delete=models.PROTECT, related_name="interpreter_bookings", verbose_name=_("for whom")
    )
    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("interpreter")
    )
    starts_at = models.DateTimeField(_("date and time"))
    purpose = models.CharField(_("purpose"), max_length=200)
    booked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    booked_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    compartment = models.CharField(max_length=24, choices=Compartment.choices, default=Compartment.GENERAL)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("interpreter booking")

    def __str__(self) -> str:
        return f"{self.interpreter} {self.starts_at:%Y-%m-%d %H:%M}"
