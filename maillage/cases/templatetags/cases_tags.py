"""Small helpers for showing situations in templates; they decide nothing."""

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from maillage.cases import selectors
from maillage.cases.models import ViolenceForm
from maillage.policy.compartments import Compartment
from maillage.policy.viewer import Viewer

register = template.Library()


@register.simple_tag(takes_context=True)
def offers_cases(context: dict[str, Any]) -> bool:
    """Whether the main menu offers the situations (see selectors.offers_cases)."""
    viewer = context.get("viewer")
    return isinstance(viewer, Viewer) and selectors.offers_cases(viewer=viewer)


@register.filter
def compartment_labels(values: list[str]) -> str:
    """The translated names of compartments stored as codes (a participation's list), in their usual order."""
    return ", ".join(str(label) for value, label in Compartment.choices if value in values)


@register.filter
def violence_form_labels(values: list[str]) -> str:
    """The translated forms of violence of an incident, stored as codes."""
    labels = dict(ViolenceForm.choices)
    return ", ".join(str(labels.get(value, value)) for value in values)


# The reasons of a possible match are English phrases from maillage.cases.matching.scoring;
# each is shown in the reader's language, and one this list does not know yet as a generic phrase.
MATCH_REASONS = {
    "same family name": _("same family name"),
    "similar family names": _("similar family names"),
    "different family names": _("different family names"),
    "family name missing": _("family name missing on one side"),
    "same given names": _("same given names"),
    "similar given names": _("similar given names"),
    "different given names": _("different given names"),
    "given names missing": _("given names missing on one side"),
    "family name matches birth name": _("the family name matches a birth name"),
    "same birth name": _("same birth name"),
    "similar birth names": _("similar birth names"),
    "compound family name partly matches": _("a compound family name partly matches"),
    "fewer given names on one record": _("fewer given names on one side"),
    "names match with inverted order": _("names match with given and family names inverted"),
    "same names": _("same names"),
    "similar names": _("similar names"),
    "name matches an alias": _("the name matches an alias"),
    "same name words in another order": _("same names in another order"),
    "same birth date": _("same date of birth"),
    "birth date day/month swapped": _("date of birth with day and month swapped"),
    "birth dates differ by one digit": _("dates of birth differ by one digit"),
    "different birth dates": _("different dates of birth"),
    "birth date missing": _("date of birth missing on one side"),
    "same phone": _("same phone number"),
    "different phones": _("different phone numbers"),
    "phone missing": _("phone number missing on one side"),
}
MATCH_LEVELS = {"possible": _("Possible match"), "probable": _("Probable match")}


@register.filter
def match_reason_labels(reasons: list[str]) -> str:
    """The reasons of a possible match, translated, in the order given, each once."""
    labels = [str(MATCH_REASONS.get(reason, _("another resemblance"))) for reason in reasons]
    return ", ".join(dict.fromkeys(labels))


@register.filter
def match_level_label(level: str) -> str:
    return str(MATCH_LEVELS.get(level, _("Possible match")))
