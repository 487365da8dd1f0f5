from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from actionplans.management.backups import back_up


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump; SQLite's backup API) and every stored file into a new "
        "timestamped folder, with a manifest of row counts, file hashes and frozen submissions."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to", type=Path, default=Path("var/backups"), help="the parent folder"
        )

    def handle(self, *args: object, to: Path, **options: object) -> None:
        folder = back_up(to=to)
        self.stdout.write(str(folder))
