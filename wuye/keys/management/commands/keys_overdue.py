"""Tell holders and key keepers about overdue keys (run every hour by cron); idempotent."""

from django.core.management.base import BaseCommand

from wuye.keys.services import keys_overdue_sweep


class Command(BaseCommand):
    help = "Notify the holders and key keepers of keys past their due-back time (once per loan)."

    def handle(self, *args, **options):
        sent = keys_overdue_sweep()
        self.stdout.write(f"{sent} overdue-key notifications")
