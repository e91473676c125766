"""The keys card of the home page: keys overdue back in the cabinet (for the key keeper and the
project manager) and releases waiting for the viewer's approval (project manager, company manager).
A figure is shown only when there is something to do; each opens the list of exactly those keys."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wuye.core import access, workbench
from wuye.core.roles import Role
from wuye.core.workbench import BAD, WARN, Card, Figure
from wuye.keys.models import Key
from wuye.keys.selectors import overdue_keys, releases_awaiting_approval

#: who is told about overdue keys on the home page
OVERDUE_ROLES = frozenset({Role.KEY_KEEPER, Role.PROJECT_MANAGER})


def key_cards(user, project, now: dt.datetime) -> list[Card]:
    if user.is_resident or not access.has_perm(user, "keys.view", project.pk):
        return []
    figures: list[Figure] = []
    if access.roles_in(user, project.pk) & OVERDUE_ROLES:
        keys = Key.objects.visible_to(user).filter(project=project)
        overdue = overdue_keys(now=now, queryset=keys).count()
        if overdue:
            figures.append(
                Figure(label=_("Overdue keys"), value=overdue, url=reverse("console:keys-overdue"), tone=BAD)
            )
    if access.has_perm(user, "keys.approve_release", project.pk):
        awaiting = releases_awaiting_approval(user, project.pk).count()
        if awaiting:
            url = f"{reverse('console:keys')}?{urlencode({'release': 'awaiting'})}"
            figures.append(
                Figure(label=_("Key releases awaiting your approval"), value=awaiting, url=url, tone=WARN)
            )
    return [Card(key="keys", title=_("Keys"), figures=figures)]


def register() -> None:
    workbench.register("keys", order=70, provider=key_cards)
