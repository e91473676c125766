from django.core.management.base import BaseCommand
from django.utils.dateparse import parse_datetime

from wuye.servicedesk.sweep import sweep


class Command(BaseCommand):
    help = "Mark late steps, escalate, raise week-old complaints, send the 17:00 and Friday digests (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="ISO time to sweep as of (default: now)")

    def handle(self, *args, **options):
        now = parse_datetime(options["now"]) if options.get("now") else None
        result = sweep(now=now)
        self.stdout.write(
            f"late steps marked: {result.late_marked}; escalated: {result.escalated}; "
            f"complaints raised to major: {result.complaints_raised}; digests sent: {len(result.digests)}"
        )
