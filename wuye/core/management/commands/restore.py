from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wuye.core import backup


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `manage.py backup` (stop the server first). "
        "Refuses a database that holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a database that holds data")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            backup.restore(options["file"], alias=options["database"], force=options["force"])
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored from {options['file']}")
