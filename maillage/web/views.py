from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maillage.accounts.acting import viewer_for
from maillage.audit.selectors import own_recent_sign_ins
from maillage.cases.selectors import offers_cases, open_tasks_of_agency, overdue, transfers_to_decide
from maillage.policy.decisions import Action, decide
from maillage.policy.enforcement import authorize

# The dashboard lists the soonest tasks; the situations' pages hold the rest.
DASHBOARD_TASKS = 10


def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    authorize(viewer, Action.VIEW_DASHBOARD)
    tasks = open_tasks_of_agency(viewer=viewer)
    return render(
        request,
        "web/dashboard.html",
        {
            "roles": sorted(viewer.roles),
            "shows_cases": offers_cases(viewer=viewer),
            "tasks": tasks[:DASHBOARD_TASKS],
            "task_count": tasks.count(),
            "overdue_tasks": overdue(tasks)[:DASHBOARD_TASKS],
            "overdue_count": overdue(tasks).count(),
            "can_manage_members": decide(viewer, Action.MANAGE_MEMBERS, viewer.agency).allowed,
            "can_view_audit": decide(viewer, Action.VIEW_AUDIT_TRAIL, viewer.agency).allowed,
            "sign_ins": own_recent_sign_ins(viewer=viewer),
            "transfers": transfers_to_decide(viewer=viewer)[:DASHBOARD_TASKS],
        },
    )


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise. Says nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "csrf_failure.html", status=403)
