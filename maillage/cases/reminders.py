"""Daily reminders of tasks due soon or overdue, by email, through the background-task system.

`send_task_reminders` runs in the task worker (`manage.py db_worker`); `manage.py
enqueue_task_reminders` (e.g. from cron, each morning) puts it in the queue. An email never
carries personal data: only situation references, due dates and a link.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from maillage.accounts.models import Membership, Role, User
from maillage.audit.models import AuditAction
from maillage.audit.services import record_event
from maillage.cases.models import Task, TaskStatus
from maillage.core.context import acting_context
from maillage.policy.decisions import Action, decide
from maillage.policy.viewer import Viewer


def tasks_to_remind(days_ahead: int = 1) -> list[Task]:
    limit = timezone.localdate() + timedelta(days=days_ahead)
    return list(
        Task.objects.filter(status=TaskStatus.OPEN, due_on__lte=limit).select_related("case", "owner", "owner_agency")
    )


def _recipients(task_item: Task) -> list[User]:
    if task_item.owner is not None:
        return [task_item.owner]
    coordinators = Membership.objects.filter(agency=task_item.owner_agency, role=Role.COORDINATOR, is_active=True)
    return [membership.user for membership in coordinators.select_related("user")]


@task()
def send_task_reminders(days_ahead: int = 1) -> int:
    """Email each person their tasks due within `days_ahead` days or overdue; returns emails sent.

    Each task is included only if the policy lets that person see its situation today.
    """
    by_person: dict[User, list[Task]] = defaultdict(list)
    for task_item in tasks_to_remind(days_ahead):
        for person in _recipients(task_item):
            viewer = Viewer(user=person, agency=task_item.owner_agency)
            if decide(viewer, Action.VIEW_CASE, task_item).allowed:
                by_person[person].append(task_item)
    with acting_context(channel="task"):
        for person, tasks in by_person.items():
            _send(person, tasks)
            record_event(AuditAction.DISCLOSE, obj=person, fields=["task_reminder"], reason=f"{len(tasks)} tasks")
    return len(by_person)


def _send(person: User, tasks: list[Task]) -> None:
    today = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            f"- {item.case.reference} — {item.due_on:%d/%m/%Y}" + (f" ({_('overdue')})" if item.due_on < today else "")
            for item in sorted(tasks, key=lambda item: item.due_on)
        ]
        body = "\n".join(
            [
                _("Hello,"),
                "",
                _("You have tasks due soon or overdue in Maillage, in these situations:"),
                *lines,
                "",
                _("Log in to Maillage to see them."),
            ]
        )
        send_mail(_("Maillage: tasks to do"), body, None, [person.email])
