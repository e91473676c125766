from celery import shared_task

from wuye.census.services import census_sweep as sweep


@shared_task
def census_sweep() -> int:
    """Daily: start the month's census and remind whoever is due (idempotent; also `manage.py census_sweep`)."""
    return sweep()
