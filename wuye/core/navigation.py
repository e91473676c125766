"""The console's sidebar: a registry of menu entries grouped by work area.

Core owns the groups; every app declares its own entries in its `navigation.py` and registers them
from its AppConfig.ready(), so core never imports an app to draw the menu (the way NetBox's apps
each declare a navigation.py). An entry is shown when the user holds its permission in the current
project; residents (owners, tenants) see only the entries flagged for them, without group headings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    weight: int


@dataclass(frozen=True)
class NavItem:
    """One menu entry.

    group: a NavGroup key, or "" for the ungrouped entries above the groups (home).
    perm: the permission the user needs in the current project (None: every staff member).
    staff / resident: who sees the entry (staff by default; residents only when resident=True).
    url_kwargs: (user, project) -> kwargs for reverse(), or None to hide the entry.
    active_prefixes: further paths under which the entry is the current one.
    """

    group: str
    label: str
    url_name: str
    perm: str | None = None
    any_perm: tuple[str, ...] = ()
    staff: bool = True
    resident: bool = False
    weight: int = 100
    url_kwargs: Callable | None = None
    active_prefixes: tuple[str, ...] = field(default=())
    accesskey: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.group, self.url_name, str(self.label))


GROUPS: tuple[NavGroup, ...] = (
    NavGroup("service", pgettext_lazy("navigation group", "Customer service"), 10),
    NavGroup("engineering", pgettext_lazy("navigation group", "Engineering"), 20),
    NavGroup("billing", pgettext_lazy("navigation group", "Billing"), 30),
    NavGroup("parking", pgettext_lazy("navigation group", "Parking"), 40),
    NavGroup("frontdesk", pgettext_lazy("navigation group", "Front desk"), 44),
    NavGroup("keys", pgettext_lazy("navigation group", "Keys"), 45),
    NavGroup("notices", pgettext_lazy("navigation group", "Notices"), 46),
    NavGroup("renovation", pgettext_lazy("navigation group", "Renovation"), 47),
    NavGroup("estate", pgettext_lazy("navigation group", "Estate"), 50),
    NavGroup("reports", pgettext_lazy("navigation group", "Reports"), 60),
    NavGroup("settings", pgettext_lazy("navigation group", "Settings"), 70),
)
_GROUPS_BY_KEY = {group.key: group for group in GROUPS}

_registry: dict[tuple[str, str, str], NavItem] = {}


def register(*items: NavItem) -> None:
    """Add entries (from an AppConfig.ready()); registering the same entry twice keeps one."""
    for item in items:
        if item.group and item.group not in _GROUPS_BY_KEY:
            raise ValueError(f"unknown navigation group {item.group!r}")
        _registry[item.key] = item


def registered() -> list[NavItem]:
    return sorted(_registry.values(), key=lambda item: (item.weight, str(item.label)))


def _allowed(item: NavItem, user, project, has_perm) -> bool:
    if user.is_resident:
        return item.resident
    if not item.staff:
        return False
    if item.perm is None and not item.any_perm:
        return True
    if project is None:
        return False
    perms = ((item.perm,) if item.perm else ()) + item.any_perm
    return any(has_perm(user, perm, project.pk) for perm in perms)


def _is_under(path: str, prefix: str) -> bool:
    return path == prefix or (prefix != "/" and prefix.endswith("/") and path.startswith(prefix))


def build(request, project, has_perm) -> dict:
    """The menu for this request: {"top": [...], "groups": [...], "active_label": str}.

    Each entry is {"label", "url", "active", "accesskey"}; each group {"key", "label", "items",
    "active"}. Exactly one entry is active: the one whose path is the longest prefix of this page.
    """
    user = request.user
    entries = []
    for item in registered():
        if not _allowed(item, user, project, has_perm):
            continue
        kwargs = None
        if item.url_kwargs is not None:
            kwargs = item.url_kwargs(user, project)
            if kwargs is None:
                continue
        try:
            url = reverse(item.url_name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        entries.append(
            {"item": item, "label": item.label, "url": url, "active": False, "accesskey": item.accesskey}
        )

    best, best_len = None, -1
    for entry in entries:
        for prefix in (entry["url"], *entry["item"].active_prefixes):
            if _is_under(request.path, prefix) and len(prefix) > best_len:
                best, best_len = entry, len(prefix)
    if best is not None:
        best["active"] = True

    top, by_group = [], {}
    for entry in entries:
        group = entry["item"].group
        if user.is_resident or not group:
            top.append(entry)
        else:
            by_group.setdefault(group, []).append(entry)
    groups = [
        {
            "key": g.key,
            "label": g.label,
            "items": by_group[g.key],
            "active": any(e["active"] for e in by_group[g.key]),
        }
        for g in sorted(GROUPS, key=lambda g: g.weight)
        if g.key in by_group
    ]
    return {"top": top, "groups": groups, "active_label": best["label"] if best else ""}
