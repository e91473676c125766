"""The owner's archive (业主档案) gathers what other procedures file in it — a registry of sections.

Estate shows the person and the units owned; higher apps (renovation: renovations and approved
penalties) register a section from their AppConfig.ready(), so estate never imports them. A
provider is `(user, owner) -> list[ArchiveEntry] | None`; None means the user may not see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ArchiveEntry:
    """One line of a section: when, what, and where to read more (a console address or "")."""

    day: object
    text: str
    url: str = ""


@dataclass(frozen=True)
class ArchiveSection:
    key: str
    title: str
    provider: Callable[[object, object], list[ArchiveEntry] | None]


_SECTIONS: dict[str, ArchiveSection] = {}


def register(key: str, title, provider: Callable[[object, object], list[ArchiveEntry] | None]) -> None:
    """Add (or replace, on a second ready()) the section `key`; sections keep their order."""
    _SECTIONS[key] = ArchiveSection(key, title, provider)


def sections_for(user, owner) -> list[dict]:
    """The sections this user may read, each with its entries (an empty section is still shown)."""
    shown = []
    for section in _SECTIONS.values():
        entries = section.provider(user, owner)
        if entries is not None:
            shown.append({"key": section.key, "title": section.title, "entries": entries})
    return shown
