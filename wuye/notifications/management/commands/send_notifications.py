from django.core.management.base import BaseCommand

from wuye.notifications.services import deliver_pending


class Command(BaseCommand):
    help = "Deliver pending notifications through the configured channels (retries failed ones)."

    def handle(self, *args, **options):
        self.stdout.write(f"sent: {deliver_pending()}")
