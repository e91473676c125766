"""The renovation card of the home page: files waiting for engineering's approval and those late
(engineering), yesterday's patrol gaps of the viewer's departments, penalties waiting for the
project manager's decision, deposits refundable (customer service) and refunds waiting for the
project manager. A figure is shown only when there is something to do; each opens the register
filtered to exactly those renovations."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wuye.core import access, workbench
from wuye.core.workbench import BAD, WARN, Card, Figure
from wuye.renovation import register as reg
from wuye.renovation.choices import Department, RenovationStatus
from wuye.renovation.models import Renovation
from wuye.renovation.selectors_board import patrol_gaps
from wuye.renovation.services.common import user_departments

S = RenovationStatus


def _url(**params) -> str:
    return f"{reverse('console:renovations')}?{urlencode(params)}"


def _figures(user, project, now: dt.datetime) -> list[tuple[str, Q, str, object, str]]:
    """(key, filter, tone, label, url) of every figure this user may see."""
    has = lambda perm: access.has_perm(user, perm, project.pk)  # noqa: E731
    wanted = []
    if has("renovation.approve"):
        wanted.append(
            (
                "waiting",
                Q(status=S.SUBMITTED),
                WARN,
                _("Renovations waiting for approval"),
                _url(stage=S.SUBMITTED),
            )
        )
        wanted.append(
            (
                "late",
                Q(status=S.SUBMITTED) & reg.late_q(now),
                BAD,
                _("Renovation approvals late"),
                _url(stage=S.SUBMITTED, late="on"),
            )
        )
    mine = user_departments(user, project.pk) if has("renovation.patrol") else set()
    if mine:
        gaps = patrol_gaps(reg.yesterday(), project_ids=[project.pk])
        for department in Department.values:
            if department in mine:
                ids = [r.pk for r in gaps.get((project.pk, department), [])]
                label = _("Not patrolled yesterday: %(department)s") % {
                    "department": Department(department).label
                }
                wanted.append((f"gaps_{department}", Q(pk__in=ids), BAD, label, _url(gaps=department)))
    if has("renovation.approve_penalty"):
        wanted.append(
            (
                "penalty",
                reg.penalty_pending_q(),
                WARN,
                _("Renovation penalties awaiting your decision"),
                _url(penalty="on"),
            )
        )
    if has("renovation.prepare_refund"):
        wanted.append(
            (
                "refundable",
                reg.refundable_q(timezone.localdate(now)),
                WARN,
                _("Renovation deposits refundable"),
                _url(stage=S.ACCEPTED, refundable="on"),
            )
        )
    if has("renovation.approve_refund"):
        wanted.append(
            (
                "refunds",
                Q(status=S.REFUND_REQUESTED),
                WARN,
                _("Renovation deposit refunds awaiting approval"),
                _url(stage=S.REFUND_REQUESTED),
            )
        )
    return wanted


def renovation_cards(user, project, now: dt.datetime) -> list[Card]:
    if user.is_resident or not access.has_perm(user, "renovation.view", project.pk):
        return []
    wanted = _figures(user, project, now)
    if not wanted:
        return []
    # one query for every figure
    rows = Renovation.objects.filter(project=project).visible_to(user)
    counts = rows.aggregate(**{key: Count("pk", filter=q) for key, q, *_rest in wanted})
    figures = [
        Figure(label=label, value=counts[key], url=url, tone=tone)
        for key, _q, tone, label, url in wanted
        if counts[key]
    ]
    return [Card(key="renovation", title=_("Renovation"), figures=figures)]


def register() -> None:
    workbench.register("renovation", order=65, provider=renovation_cards)
