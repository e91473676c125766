from celery import shared_task

from wuye.servicedesk.sweep import sweep


@shared_task
def servicedesk_sweep() -> dict:
    result = sweep()
    return {
        "late_marked": result.late_marked,
        "escalated": result.escalated,
        "complaints_raised": result.complaints_raised,
        "digests": len(result.digests),
    }
