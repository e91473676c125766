"""Retire published notices past their end date (run by cron or celery beat); idempotent."""

from django.core.management.base import BaseCommand

from wuye.notices.services import notices_retire_sweep


class Command(BaseCommand):
    help = "Retire published notices whose end date has passed; they appear on the take-down list."

    def handle(self, *args, **options):
        retired = notices_retire_sweep()
        self.stdout.write(f"{retired} notices retired")
