from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wuye.core import backup


class Command(BaseCommand):
    help = "Back up the whole database to a file (SQLite: online backup API; PostgreSQL: pg_dump -Fc)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="overwrite the file if it exists")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            backup.backup(options["file"], alias=options["database"], overwrite=options["force"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"backed up to {options['file']}")
