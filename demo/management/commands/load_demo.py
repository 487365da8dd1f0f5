from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.twofactor import replace_backup_codes
from agencies.models import User
from demo.data import DEMO_PASSWORD, USERS
from demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the Southampton 2025 demo (idempotent). By default it keeps the real dates: the "
        "plan submitted on 23 October 2025 and now in monitoring."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--deadline-in",
            type=int,
            metavar="DAYS",
            help="Shift every date so that the submission deadline is DAYS days from today, "
            "and show the plan as it stood then (the run-up to the deadline).",
        )

    def handle(self, *args: object, deadline_in: int | None, **options: object) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "load_demo creates accounts with a published password, so it runs only with "
                "DEBUG on."
            )
        if deadline_in is not None and deadline_in < 0:
            raise CommandError("--deadline-in must be 0 or more days.")
        result = load_demo(deadline_in=deadline_in, freeze_submission=True)
        if result.changed:
            self.stdout.write(
                f"Demo loaded: {result.created} rows created, {result.updated} updated, "
                f"{result.deleted} removed."
            )
        else:
            self.stdout.write("Demo already loaded: nothing changed.")
        self.stdout.write(f"Demo sign-ins (password {DEMO_PASSWORD}):")
        for user in USERS:
            role = user.role or "staff (admin)"
            self.stdout.write(f"  {user.email:42} {role}")
        # The admin asks for the second step (config/admin.py): fresh backup codes at each load,
        # since only their hashes are kept.
        for admin in User.objects.filter(is_superuser=True, email__in=[u.email for u in USERS]):
            codes = replace_backup_codes(user=admin)
            self.stdout.write(
                f"Second step for {admin.email} (one backup code a sign-in): {' '.join(codes)}"
            )
