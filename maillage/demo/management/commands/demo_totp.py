from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.accounts.models import User
from maillage.demo.services import DemoModeOff, current_totp_code


class Command(BaseCommand):
    help = "Demo mode only: print the current second-factor code of a demo account."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: object, email: str = "", **options: object) -> None:
        try:
            self.stdout.write(current_totp_code(email))
        except DemoModeOff as error:
            raise CommandError(str(error)) from error
        except (User.DoesNotExist, Authenticator.DoesNotExist) as error:
            raise CommandError(f"No demo account with a second factor for {email}.") from error
