"""Daily: start this month's census and remind the assistants whose census is due or overdue
(seed 000 §22). Safe to run more than once a day: each reminder goes out once."""

from django.core.management.base import BaseCommand

from wuye.census import services


class Command(BaseCommand):
    help = "Start the month's occupancy census and remind assistants whose census is due or overdue."

    def handle(self, *args, **options):
        sent = services.census_sweep()
        self.stdout.write(f"{sent} census reminders queued.")
