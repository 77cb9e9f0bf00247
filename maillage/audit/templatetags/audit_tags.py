from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def actor_name(actors: dict[Any, Any], actor_id: Any) -> str:
    actor = actors.get(actor_id)
    return str(actor) if actor else "—"
