"""Compartments of a situation, and what each kind of agency opens by default when it joins.

Every piece of information in a situation carries one compartment. A participation opens a set
of them; opening more than the defaults needs a basis (consent, legal basis, protocol), which
the sharing work (issue #4) adds to the policy. A perpetrator-facing agency can never be given
the victim-only compartment by default.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.directory.models import AgencyKind


class Compartment(models.TextChoices):
    GENERAL = "general", _("General")
    VICTIM_ONLY = "victim_only", _("Victim only (whereabouts, contacts, safety plan)")
    PERPETRATOR_SIDE = "perpetrator_side", _("Perpetrator side")
    CHILDREN = "children", _("Children")
    MEDICAL = "medical", _("Medical")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")
    JUDICIAL = "judicial", _("Judicial")


C = Compartment
PERPETRATOR_FACING_KINDS = frozenset({AgencyKind.PERPETRATOR_PROGRAMME, AgencyKind.PROBATION})

DEFAULT_COMPARTMENTS: dict[AgencyKind, frozenset[Compartment]] = {
    AgencyKind.POLICE: frozenset({C.GENERAL, C.VICTIM_ONLY, C.PERPETRATOR_SIDE, C.CHILDREN, C.JUDICIAL}),
    AgencyKind.GENDARMERIE: frozenset({C.GENERAL, C.VICTIM_ONLY, C.PERPETRATOR_SIDE, C.CHILDREN, C.JUDICIAL}),
    AgencyKind.JUSTICE: frozenset({C.GENERAL, C.VICTIM_ONLY, C.PERPETRATOR_SIDE, C.CHILDREN, C.JUDICIAL}),
    AgencyKind.VICTIM_SUPPORT: frozenset({C.GENERAL, C.VICTIM_ONLY, C.CHILDREN, C.PSYCHOSOCIAL}),
    AgencyKind.WOMENS_SERVICE: frozenset({C.GENERAL, C.VICTIM_ONLY, C.CHILDREN, C.PSYCHOSOCIAL}),
    AgencyKind.SOCIAL_SERVICES: frozenset({C.GENERAL, C.VICTIM_ONLY, C.CHILDREN, C.PSYCHOSOCIAL}),
    AgencyKind.CHILD_PROTECTION: frozenset({C.GENERAL, C.CHILDREN}),
    # Health reads the medical compartment; sharing medical facts outward needs a basis.
    AgencyKind.HEALTH: frozenset({C.GENERAL, C.MEDICAL}),
    AgencyKind.MENTAL_HEALTH: frozenset({C.GENERAL, C.MEDICAL, C.PSYCHOSOCIAL}),
    AgencyKind.HOUSING: frozenset({C.GENERAL, C.VICTIM_ONLY}),
    AgencyKind.LEGAL_AID: frozenset({C.GENERAL, C.JUDICIAL}),
    # Perpetrator work needs the facts of the violence (general) but never where she is.
    AgencyKind.PERPETRATOR_PROGRAMME: frozenset({C.GENERAL, C.PERPETRATOR_SIDE}),
    AgencyKind.PROBATION: frozenset({C.GENERAL, C.PERPETRATOR_SIDE, C.JUDICIAL}),
    AgencyKind.IMMIGRATION: frozenset({C.GENERAL}),
    AgencyKind.EDUCATION: frozenset({C.CHILDREN}),
    AgencyKind.INTERPRETER_SERVICE: frozenset({C.GENERAL}),
    # Governance bodies see anonymised indicators only, never a situation.
    AgencyKind.GOVERNANCE: frozenset(),
}

assert all(C.VICTIM_ONLY not in DEFAULT_COMPARTMENTS[kind] for kind in PERPETRATOR_FACING_KINDS)


def default_compartments(kind: str) -> frozenset[Compartment]:
    return DEFAULT_COMPARTMENTS[AgencyKind(kind)]
