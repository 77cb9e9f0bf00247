from django.core.management.base import BaseCommand

from maillage.cases.reminders import send_task_reminders


class Command(BaseCommand):
    help = "Queue today's task reminders for the background worker (run daily, e.g. from cron)."

    def handle(self, *args: object, **options: object) -> None:
        result = send_task_reminders.enqueue()
        self.stdout.write(f"Task reminders queued ({result.id}).")
