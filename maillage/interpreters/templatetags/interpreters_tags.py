"""The "Interpreters" section of the situation page, for its include; it decides nothing."""

from typing import Any

from django import template

from maillage.cases.models import Case
from maillage.interpreters import panel
from maillage.policy.viewer import Viewer

register = template.Library()


@register.simple_tag(takes_context=True)
def interpreters_section(context: dict[str, Any]) -> dict[str, Any]:
    """What the section shows to the page's viewer about the page's situation (see panel.interpreters_section)."""
    viewer, case = context.get("viewer"), context.get("case")
    if not isinstance(viewer, Viewer) or not isinstance(case, Case):
        return {}
    return panel.interpreters_section(viewer, case)
