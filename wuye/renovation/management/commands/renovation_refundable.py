"""Tell owners and customer service that renovation deposits can be refunded (run daily); idempotent."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from wuye.renovation.services.completion import refundable_sweep


class Command(BaseCommand):
    help = (
        "On the day a renovation deposit becomes refundable (three months after the completion "
        "acceptance), notify the owner and the project's customer service (once per renovation)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        day = None
        if options.get("date"):
            day = parse_date(options["date"])
            if day is None:
                raise CommandError("--date must be YYYY-MM-DD")
        told = refundable_sweep(today=day)
        self.stdout.write(f"{told} renovation deposits became refundable")
