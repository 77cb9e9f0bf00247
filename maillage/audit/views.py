from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from maillage.accounts.acting import viewer_for
from maillage.audit.models import AuditAction
from maillage.audit.selectors import agency_events


def event_list(request: HttpRequest) -> HttpResponse:
    action = request.GET.get("action", "")
    if action not in AuditAction.values:
        action = ""
    events = agency_events(viewer=viewer_for(request), action=action)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    actors = get_user_model().objects.in_bulk({event.actor_id for event in page if event.actor_id})
    return render(
        request,
        "audit/event_list.html",
        {"page": page, "actors": actors, "actions": AuditAction.choices, "selected_action": action},
    )
