from celery import shared_task

from wuye.notifications.services import deliver_pending


@shared_task
def deliver_notifications() -> int:
    return deliver_pending()
