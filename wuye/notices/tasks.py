from celery import shared_task

from wuye.notices.services import notices_retire_sweep


@shared_task
def notices_retire() -> int:
    """Every hour: retire published notices past their end date and put them on the take-down list
    (idempotent; also `manage.py notices_retire`)."""
    return notices_retire_sweep()
