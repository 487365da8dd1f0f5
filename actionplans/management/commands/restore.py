from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from actionplans.management.backups import restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into the configured database, which must be new and empty, "
        "and storage, then check them against the backup's manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the folder `backup` wrote")

    def handle(self, *args: object, backup: Path, **options: object) -> None:
        try:
            differences = restore(backup=backup)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        if differences:
            raise CommandError(
                "Restored, but it differs from the backup:\n" + "\n".join(differences)
            )
        self.stdout.write("Restored; every table's rows, file and frozen submission checked.")
