"""The home page's workbench: cards that apps register at start-up (core imports no app).

Each app declares its cards in its own `workbench.py` and registers the provider from its
`AppConfig.ready()`. A provider is called with `(user, project, now)` and returns the cards the user
may see in that project (it checks the permission itself, so a card never links to a page that would
answer 403). Every figure links to the records it counts: the list it opens shows exactly that many
rows (or, for money and rates, the report whose total it is).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: tones a figure may take; the template maps them to colours
NEUTRAL, GOOD, WARN, BAD = "", "good", "warn", "bad"


@dataclass(frozen=True)
class Figure:
    label: str
    value: Any  # an int (a count) or a string already formatted (money, a rate)
    url: str
    tone: str = NEUTRAL
    note: str = ""  # e.g. the target of a rate


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)


Provider = Callable[[Any, Any, dt.datetime], list[Card]]


@dataclass(frozen=True)
class _Entry:
    key: str
    order: int
    provider: Provider


_REGISTRY: dict[str, _Entry] = {}


def register(key: str, *, order: int, provider: Provider) -> None:
    """Register (or replace, so a reloaded app does not register twice) the provider `key`."""
    _REGISTRY[key] = _Entry(key=key, order=order, provider=provider)


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def providers() -> list[str]:
    return [entry.key for entry in sorted(_REGISTRY.values(), key=lambda e: (e.order, e.key))]


def cards(*, user, project, now: dt.datetime) -> list[Card]:
    """The cards of every registered provider, in their order; providers leave out empty cards."""
    result: list[Card] = []
    for entry in sorted(_REGISTRY.values(), key=lambda e: (e.order, e.key)):
        result.extend(card for card in entry.provider(user, project, now) if card.figures)
    return result
