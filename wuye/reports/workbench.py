"""The three rates of the month so far, with their targets, for supervisors and managers (report.view).

The figures are the project row of the three-rates sheet the card links to (same selector, same
month, evaluated now), without the trend: five grouped queries."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wuye.core import access, workbench
from wuye.core.workbench import BAD, GOOD, Card, Figure
from wuye.reports import periods, selectors
from wuye.reports.templatetags.report_tags import pct


def three_rates_cards(user, project, now: dt.datetime) -> list[Card]:
    if user.is_resident or not access.has_perm(user, selectors.REPORT_PERM, project.pk):
        return []
    today = timezone.localtime(now).date()
    report = selectors.three_rates(
        projects=[project], period=periods.period_of(periods.MONTH, today), as_of=now, trend=0
    )
    row = next(r for r in report.rows if r.level == selectors.PROJECT)
    url = (
        f"{reverse('console:three-rates')}?{urlencode({'period': periods.MONTH, 'date': today.isoformat()})}"
    )
    kpis = {kpi.key: kpi for kpi in report.kpis}
    figures = []
    for key in selectors.THREE_RATES:
        figure = row.figures[key]
        tone = "" if figure.met is None else (GOOD if figure.met else BAD)
        figures.append(
            Figure(
                label=str(kpis[key].short_label),
                value=pct(figure.rate),
                url=url,
                tone=tone,
                note=_("%(num)s of %(den)s · target %(target)s")
                % {"num": figure.numerator, "den": figure.denominator, "target": pct(figure.target, 0)},
            )
        )
    title = _("Three rates · %(period)s") % {"period": report.period.label}
    return [Card(key="three_rates", title=title, figures=figures)]


def register() -> None:
    workbench.register("reports", order=20, provider=three_rates_cards)
