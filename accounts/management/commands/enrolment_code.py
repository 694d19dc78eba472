"""An enrolment code from the command line: for the first administrator, who has nobody to issue
them one (whoever can run this holds the server already)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import TwoFactorError, enrolment_code_issue


class Command(BaseCommand):
    help = "Issue a one-time enrolment code for a staff account (resets its authenticator)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account {username!r}.")
        try:
            code, record = enrolment_code_issue(user=user, issued_by=None)
        except TwoFactorError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"{username}: {code} (valid until {record.expires_at:%Y-%m-%d %H:%M %Z}, once)")
