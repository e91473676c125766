"""Renovation's periodic work for Celery beat: thin wrappers around idempotent services that are
also management commands."""

from celery import shared_task

from wuye.renovation.services.completion import refundable_sweep
from wuye.renovation.services.supervision import patrol_gaps_digest


@shared_task
def renovation_refundable() -> int:
    """Every hour: tell owners and customer service about renovation deposits that became
    refundable today (idempotent: once per renovation; also `manage.py renovation_refundable`)."""
    return refundable_sweep()


@shared_task
def renovation_patrol_gaps() -> int:
    """Every hour: yesterday's patrol gaps to the department heads (idempotent: the first run after
    midnight sends them, later runs find them sent; also `manage.py renovation_patrol_gaps`)."""
    return patrol_gaps_digest()
