"""Write a subject access export for one person: `export_subject_access --user EMAIL`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from actionplans.records.subject_access import subject_access_zip
from agencies.models import User
from agencies.security_log import log_event


class Command(BaseCommand):
    help = "Write a zip of every row that names one person, and their security log lines."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="The person's email address")
        parser.add_argument(
            "--output", help="Where to write the zip (default: subject-access-<id>.zip)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["user"]).first()
        if user is None:
            raise CommandError(f"No account has the address {options['user']}.")
        path = Path(options["output"] or f"subject-access-{user.pk}.zip")
        path.write_bytes(subject_access_zip(user))
        log_event("subject_access_exported", subject=user.pk, via="command")
        self.stdout.write(f"Wrote {path}")
