from celery import shared_task

from wuye.keys.services import keys_overdue_sweep


@shared_task
def keys_overdue() -> int:
    """Every 15 minutes: tell holders and key keepers about keys past their due-back time
    (idempotent: once per loan; also `manage.py keys_overdue`)."""
    return keys_overdue_sweep()
