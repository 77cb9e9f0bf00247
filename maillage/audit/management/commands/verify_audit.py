from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.audit.verify import verify_trail


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit non-zero naming the first broken entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=date.fromisoformat, help="first day to verify (YYYY-MM-DD)")

    def handle(self, *args: object, since: date | None = None, **options: object) -> None:
        result = verify_trail(since=since)
        if not result.intact:
            raise CommandError(
                f"Audit trail broken after {result.entries_checked} intact entries: {result.first_broken}"
            )
        self.stdout.write(f"Audit trail intact: {result.entries_checked} entries verified.")
