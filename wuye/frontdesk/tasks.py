"""Periodic work of the front desk (celery beat, config/settings/base.py)."""

from celery import shared_task

from wuye.frontdesk.services.passes import passes_expire_sweep


@shared_task
def release_passes_expire() -> int:
    """Every 15 minutes: issued release passes of past days expire, passes still being prepared when
    their day is over are cancelled (idempotent; also `manage.py release_passes_expire`)."""
    return passes_expire_sweep()
