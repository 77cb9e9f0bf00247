import re
import uuid

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from maillage.core.bilingual import BilingualFields
from maillage.core.locking import VersionedModel


class AgencyKind(models.TextChoices):
    POLICE = "police", _("Police")
    GENDARMERIE = "gendarmerie", _("Gendarmerie")
    JUSTICE = "justice", _("Justice (prosecutor's office, courts)")
    VICTIM_SUPPORT = "victim_support", _("Victim support")
    WOMENS_SERVICE = "womens_service", _("Women's specialist service")
    SOCIAL_SERVICES = "social_services", _("Social services")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    HEALTH = "health", _("Health")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    HOUSING = "housing", _("Housing and shelter")
    LEGAL_AID = "legal_aid", _("Legal aid")
    PERPETRATOR_PROGRAMME = "perpetrator_programme", _("Perpetrator programme")
    PROBATION = "probation", _("Probation")
    IMMIGRATION = "immigration", _("Immigration")
    EDUCATION = "education", _("Education")
    INTERPRETER_SERVICE = "interpreter_service", _("Interpreter service")
    GOVERNANCE = "governance", _("Governance body")


class MovePhase(models.TextChoices):
    """The phases of the MOVE multi-agency model: screening, then complementary, then specialised work."""

    FIRST_LINE = "first_line", _("First-line")
    SECONDARY = "secondary", _("Secondary")
    SPECIALISED = "specialised", _("Specialised")


class Language(models.TextChoices):
    """Languages a partner can work in, by ISO 639 code (the sign language's is ISO 639-3)."""

    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    FRENCH_SIGN_LANGUAGE = "fsl", _("French Sign Language (LSF)")
    ARABIC = "ar", _("Arabic")
    TAMAZIGHT = "ber", _("Tamazight (Berber)")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    ITALIAN = "it", _("Italian")
    GERMAN = "de", _("German")
    TURKISH = "tr", _("Turkish")
    ROMANIAN = "ro", _("Romanian")
    POLISH = "pl", _("Polish")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    GEORGIAN = "ka", _("Georgian")
    ARMENIAN = "hy", _("Armenian")
    ALBANIAN = "sq", _("Albanian")
    PERSIAN = "fa", _("Persian (Farsi, Dari)")
    PASHTO = "ps", _("Pashto")
    URDU = "ur", _("Urdu")
    BENGALI = "bn", _("Bengali")
    TAMIL = "ta", _("Tamil")
    CHINESE = "zh", _("Chinese")
    VIETNAMESE = "vi", _("Vietnamese")
    SOMALI = "so", _("Somali")
    TIGRINYA = "ti", _("Tigrinya")
    AMHARIC = "am", _("Amharic")
    WOLOF = "wo", _("Wolof")
    BAMBARA = "bm", _("Bambara")
    LINGALA = "ln", _("Lingala")


class Weekday(models.IntegerChoices):
    """ISO weekday numbers, labelled with Django's own translated day names."""

    MONDAY = 1, WEEKDAYS[0]
    TUESDAY = 2, WEEKDAYS[1]
    WEDNESDAY = 3, WEEKDAYS[2]
    THURSDAY = 4, WEEKDAYS[3]
    FRIDAY = 5, WEEKDAYS[4]
    SATURDAY = 6, WEEKDAYS[5]
    SUNDAY = 7, WEEKDAYS[6]


# --- Lists of codes kept in one text column ("ar,en,fr") ---------------------------------------
# The directory holds a few hundred rows per department: a list in a column, matched with a
# regular expression, is simpler than a table per list and works the same on SQLite and PostgreSQL.

LIST_SEPARATORS = re.compile(r"\s*[,;]\s*")
POSTCODE = re.compile(r"^\d{5}$")
DEPARTMENT = re.compile(r"^(\d{2}|2A|2B|97\d)$")


def split_list(text: str) -> list[str]:
    """The items of a list cell, separated by commas or semicolons; blanks dropped, order and case kept."""
    return [item for item in LIST_SEPARATORS.split(text.strip()) if item]


def join_list(items: list[str]) -> str:
    return ",".join(dict.fromkeys(items))


def list_contains(field: str, code: str) -> Q:
    """Rows whose list column `field` holds `code` exactly (codes are letters and digits only)."""
    if not re.fullmatch(r"[0-9A-Za-z]+", code):
        raise ValueError(f"not a code: {code!r}")
    return Q(**{f"{field}__regex": rf"(^|,){code}(,|$)"})


def validate_languages(value: str) -> None:
    unknown = [code for code in split_list(value) if code not in Language.values]
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s. Use ISO 639 codes such as fr, en, ar."),
            params={"codes": ", ".join(unknown)},
            code="unknown_language",
        )


def validate_postcodes(value: str) -> None:
    wrong = [code for code in split_list(value) if not POSTCODE.match(code)]
    if wrong:
        raise ValidationError(
            _("Not a postcode: %(codes)s. A postcode has five digits."),
            params={"codes": ", ".join(wrong)},
            code="invalid_postcode",
        )


def validate_departments(value: str) -> None:
    wrong = [code for code in split_list(value) if not DEPARTMENT.match(code)]
    if wrong:
        raise ValidationError(
            _("Not a department code: %(codes)s. Use codes such as 82, 2A, 974."),
            params={"codes": ", ".join(wrong)},
            code="invalid_department",
        )


def department_of_postcode(postcode: str) -> str:
    """The department of a French postcode: two digits, three overseas, 2A/2B in Corsica."""
    if postcode.startswith(("97", "98")):
        return postcode[:3]
    if postcode.startswith("20"):
        return "2A" if postcode[:3] in {"200", "201"} else "2B"
    return postcode[:2]


def language_labels(codes: str) -> list[str]:
    labels = dict(Language.choices)
    return [str(labels.get(code, code)) for code in split_list(codes)]


class Agency(VersionedModel):
    """An organisation of the partner network. Its kind drives the defaults of the policy."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)
    department_code = models.CharField(
        _("department"), max_length=3, help_text=_("e.g. 82, 2A, 974"), validators=[validate_departments]
    )
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True, validators=[validate_postcodes])
    reception_address = models.CharField(
        _("address of the public reception"),
        max_length=300,
        blank=True,
        help_text=_("Only where the agency receives the public. Never the address of a shelter."),
    )
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    website = models.URLField(_("website"), blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=200,
        blank=True,
        validators=[validate_languages],
        help_text=_("ISO 639 codes separated by commas, e.g. fr, en, ar"),
    )
    accessibility = models.CharField(
        _("accessibility"),
        max_length=500,
        blank=True,
        help_text=_("e.g. step-free access, hearing loop, French Sign Language by appointment"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    closing_needs_approval = models.BooleanField(
        _("closing a situation needs a second person's approval"),
        default=False,
        help_text=_("A coordinator's request to close a situation is then approved by another coordinator."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["name", "department_code"], name="agency_unique_name_department")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def language_labels(self) -> list[str]:
        return language_labels(self.languages)


class Service(VersionedModel):
    """What an agency offers, to whom and where: the unit partners refer people to."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="services", verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    move_phase = models.CharField(_("MOVE phase"), max_length=16, choices=MovePhase.choices)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True, validators=[validate_languages])
    accessibility = models.CharField(_("accessibility"), max_length=500, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    covered_postcodes = models.CharField(
        _("postcodes covered"), max_length=1000, blank=True, validators=[validate_postcodes]
    )
    covered_municipalities = models.CharField(_("municipalities covered"), max_length=1000, blank=True)
    covered_departments = models.CharField(
        _("departments covered"), max_length=200, blank=True, validators=[validate_departments]
    )
    provides_shelter = models.BooleanField(_("offers shelter places"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="service_unique_name_per_agency")]

    def __str__(self) -> str:
        return f"{self.name} — {self.agency}"

    @property
    def language_labels(self) -> list[str]:
        return language_labels(self.languages)

    @property
    def current_capacity(self) -> "Capacity | None":
        try:
            return self.capacity
        except ObjectDoesNotExist:
            return None

    @property
    def coverage(self) -> list[tuple[str, list[str]]]:
        """The departments, municipalities and postcodes covered, for display; empty ones left out."""
        areas = [
            (_("Departments"), split_list(self.covered_departments)),
            (_("Municipalities"), split_list(self.covered_municipalities)),
            (_("Postcodes"), split_list(self.covered_postcodes)),
        ]
        return [(str(label), items) for label, items in areas if items]


class Permanence(models.Model):
    """A service's regular desk held elsewhere, e.g. victim support at the police station on Tuesday mornings."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="permanences", verbose_name=_("service")
    )
    host_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_permanences",
        verbose_name=_("host agency"),
    )
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("Where it is held, when the host is not in the directory.")
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("to"))
    frequency = models.CharField(
        _("frequency"), max_length=120, blank=True, help_text=_("e.g. every week, first Tuesday of the month")
    )

    class Meta:
        ordering = ["weekday", "starts_at"]
        verbose_name = _("permanence")
        verbose_name_plural = _("permanences")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="permanence_ends_after_start"),
            models.CheckConstraint(
                condition=Q(host_agency__isnull=False) | ~Q(place=""), name="permanence_has_a_place"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service.name} — {self.get_weekday_display()} {self.starts_at:%H:%M}"

    @property
    def where(self) -> str:
        return self.host_agency.name if self.host_agency else self.place


class Capacity(VersionedModel):
    """The shelter places of a service as its agency last declared them; every declaration is kept."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="capacity")
    places_total = models.PositiveIntegerField(_("places in all"))
    places_free = models.PositiveIntegerField(_("free places"))
    as_of = models.DateTimeField(_("as of"))

    class Meta:
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints = [
            models.CheckConstraint(
                condition=Q(places_free__lte=models.F("places_total")), name="capacity_free_within_total"
            )
        ]

    def __str__(self) -> str:
        return f"{self.places_free}/{self.places_total}"


class CapacityRecord(models.Model):
    """One declaration of shelter places, kept as history (who declared it is in the audit trail)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="capacity_records")
    places_total = models.PositiveIntegerField(_("places in all"))
    places_free = models.PositiveIntegerField(_("free places"))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("capacity record")
        verbose_name_plural = _("capacity records")

    def __str__(self) -> str:
        return f"{self.places_free}/{self.places_total} ({self.recorded_at:%Y-%m-%d %H:%M})"


class HotlineChannel(models.TextChoices):
    CALL = "call", _("Phone call")
    TEXT = "text", _("Text message (SMS)")


class Hotline(BilingualFields, models.Model):
    """A national number, kept as data in both languages (loaded by a migration, editable later)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("number"), max_length=32, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    purpose_fr = models.TextField(_("what it is for (French)"), max_length=1000)
    purpose_en = models.TextField(_("what it is for (English)"), max_length=1000)
    hours_fr = models.CharField(_("hours (French)"), max_length=200)
    hours_en = models.CharField(_("hours (English)"), max_length=200)
    channel = models.CharField(_("how to reach it"), max_length=8, choices=HotlineChannel.choices)
    free_of_charge = models.BooleanField(_("free of charge"), default=True)
    is_emergency = models.BooleanField(_("emergency number"), default=False)
    languages = models.CharField(_("languages"), max_length=200, blank=True, validators=[validate_languages])
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "number"]
        verbose_name = _("hotline")
        verbose_name_plural = _("hotlines")

    def __str__(self) -> str:
        return f"{self.number} {self.name_en}"

    @property
    def name(self) -> str:
        return self.in_language("name")

    @property
    def purpose(self) -> str:
        return self.in_language("purpose")

    @property
    def hours(self) -> str:
        return self.in_language("hours")

    @property
    def language_labels(self) -> list[str]:
        return language_labels(self.languages)
