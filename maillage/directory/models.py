import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

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


class Agency(VersionedModel):
    """An organisation of the partner network. Its kind drives the defaults of the policy."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=AgencyKind.choices)
    department_code = models.CharField(_("department"), max_length=3, help_text=_("e.g. 82, 2A, 974"))
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
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
