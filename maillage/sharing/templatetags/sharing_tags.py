"""The "Consent and sharing" section of the situation page, for its include; it decides nothing."""

from typing import Any

from django import template

from maillage.cases.models import Case
from maillage.policy.viewer import Viewer
from maillage.sharing import panel

register = template.Library()


@register.simple_tag(takes_context=True)
def sharing_section(context: dict[str, Any]) -> dict[str, Any]:
    """What the section shows to the page's viewer about the page's situation (see panel.sharing_section)."""
    viewer, case = context.get("viewer"), context.get("case")
    if not isinstance(viewer, Viewer) or not isinstance(case, Case):
        return {}
    return panel.sharing_section(viewer, case)
