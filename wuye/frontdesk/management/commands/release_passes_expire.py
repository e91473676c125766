"""Close the release passes of past days (run by celery beat, or by cron with this command)."""

from django.core.management.base import BaseCommand

from wuye.frontdesk.services.passes import passes_expire_sweep


class Command(BaseCommand):
    help = "Expire issued release passes of past days; cancel passes not issued on their day (idempotent)."

    def handle(self, *args, **options):
        closed = passes_expire_sweep()
        self.stdout.write(f"{closed} release passes closed")
