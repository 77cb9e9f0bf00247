from django.core.management.base import BaseCommand, CommandError

from maillage.core.context import acting_context
from maillage.demo import data
from maillage.demo.services import DemoModeOff, load_demo


class Command(BaseCommand):
    help = "Load the fictional Val-de-Loing demo (idempotent; demo mode only) and print the demo logins."

    def handle(self, *args: object, **options: object) -> None:
        try:
            with acting_context(channel="command"):
                logins = load_demo()
        except DemoModeOff as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Demo loaded: Val-de-Loing (99), one agency of every kind."))
        self.stdout.write(f"Password for every demo account: {data.DEMO_PASSWORD}")
        self.stdout.write("Second factor: add the TOTP secret to an authenticator app, or run")
        self.stdout.write("  make demo-code EMAIL=<email>   (prints the current 6-digit code)\n")
        for login in logins:
            secret = login.totp_secret or "(no second factor needed: aggregates only)"
            self.stdout.write(f"  {login.email:<38} {login.roles}")
            self.stdout.write(f"  {'':<38} TOTP secret: {secret}")
