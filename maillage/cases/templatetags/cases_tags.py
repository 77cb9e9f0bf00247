"""Small helpers for showing situations in templates; they decide nothing."""

from typing import Any

from django import template

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
