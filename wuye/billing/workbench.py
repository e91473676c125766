"""Billing cards of the home page: today's takings (the project's and, for a cashier, their own) and
the arrears outstanding today. Each figure is the total of the page it links to (the daily close,
the arrears ageing), computed by the same selectors in one query each."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wuye.billing import selectors
from wuye.billing.templatetags.billing_tags import money
from wuye.core import access, workbench
from wuye.core.workbench import WARN, Card, Figure

REPORT_PERM = "billing.report"


def billing_cards(user, project, now: dt.datetime) -> list[Card]:
    if user.is_resident or not access.has_perm(user, REPORT_PERM, project.pk):
        return []
    today = timezone.localtime(now).date()
    close_url = reverse("console:billing-close")
    figures = [
        Figure(
            label=_("Today's takings (yuan)"),
            value=money(selectors.day_takings(project=project, day=today)),
            url=f"{close_url}?{urlencode({'date': today.isoformat()})}",
        )
    ]
    if access.has_perm(user, "billing.take_payment", project.pk):
        figures.append(
            Figure(
                label=_("Taken by me today (yuan)"),
                value=money(selectors.day_takings(project=project, day=today, cashier=user)),
                url=f"{close_url}?{urlencode({'date': today.isoformat(), 'cashier': user.pk})}",
            )
        )
    arrears = selectors.arrears_total(projects=[project], as_of=today)
    figures.append(
        Figure(
            label=_("Arrears outstanding (yuan)"),
            value=money(arrears),
            url=f"{reverse('console:billing-arrears')}?{urlencode({'as_of': today.isoformat()})}",
            tone=WARN if arrears else "",
        )
    )
    return [Card(key="billing", title=_("Fees"), figures=figures)]


def register() -> None:
    workbench.register("billing", order=30, provider=billing_cards)
