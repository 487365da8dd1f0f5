import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from actionplans.reminders.delivery import send_due_reminders_now


def moment(value: str) -> dt.datetime:
    """`2025-10-10T09:00` (Europe/London unless an offset is given) or `2025-10-10`."""
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of must look like 2025-10-10T09:00, not {value!r}") from exc
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


class Command(BaseCommand):
    help = (
        "Run one reminder sweep in this process, as of now or of another moment, and send what "
        "is due (through the configured mail backend: var/mail/ in `make run`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            type=moment,
            metavar="MOMENT",
            help="Sweep as if it were this moment, e.g. 2025-10-10T09:00 (Europe/London).",
        )

    def handle(self, *args: object, as_of: dt.datetime | None, **options: object) -> None:
        now = as_of or timezone.now()
        sent = send_due_reminders_now(now=now)
        self.stdout.write(
            f"Sent {sent} reminder(s) as of {timezone.localtime(now):%Y-%m-%d %H:%M}."
        )
