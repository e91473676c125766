"""Tell each department head which renovating units their department did not patrol (run each
morning by cron, or the celery beat task); idempotent: one message per head, department and day."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from wuye.renovation.services.supervision import patrol_gaps_digest


class Command(BaseCommand):
    help = "Send the department heads the patrol gaps of a day (default: yesterday), once per day."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to check, YYYY-MM-DD (default: yesterday)")

    def handle(self, *args, **options):
        day = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: {exc}") from exc
        sent = patrol_gaps_digest(day=day)
        self.stdout.write(f"{sent} patrol-gap notifications")
