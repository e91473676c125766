"""Reads of the estate registry, shared by console and API."""

import re
import unicodedata

from django.db.models import Count, Prefetch, Q

from wuye.estate.choices import OccupancyStatus
from wuye.estate.models import Lease, Owner, Ownership, Unit


def resident_unit_ids_of(user) -> set[int]:
    """Units an owner or tenant account is linked to now (active ownerships and leases).
    Registered into wuye.core.access as the source of residents' scope."""
    ids = set(Ownership.objects.active().filter(owner__user=user).values_list("unit_id", flat=True))
    ids |= set(Lease.objects.active().filter(tenant__user=user).values_list("unit_id", flat=True))
    return ids


def unit_search(*, user, project=None, query: str = "", status: str = "", building=None):
    qs = Unit.objects.visible_to(user).select_related("building")
    if project is not None:
        qs = qs.filter(project=project)
    if query:
        qs = qs.filter(
            Q(code__icontains=query.strip())
            | Q(ownerships__owner__name__icontains=query.strip(), ownerships__end_date__isnull=True)
        ).distinct()
    if status:
        qs = qs.filter(status=status)
    if building:
        qs = qs.filter(building_id=building)
    return qs.order_by("building__number", "entrance", "floor", "room")


def unit_status_counts(*, user, project) -> list[dict]:
    rows = dict(
        Unit.objects.visible_to(user).filter(project=project).values_list("status").annotate(n=Count("id"))
    )
    return [
        {"status": value, "label": label, "count": rows.get(value, 0)}
        for value, label in OccupancyStatus.choices
    ]


def unit_with_people(*, user, pk):
    return (
        Unit.objects.visible_to(user)
        .select_related("building", "project")
        .prefetch_related(
            Prefetch(
                "ownerships", queryset=Ownership.objects.select_related("owner").order_by("-start_date")
            ),
            Prefetch("leases", queryset=Lease.objects.select_related("tenant").order_by("-start_date")),
        )
        .get(pk=pk)
    )


def owner_search(*, user, project, query: str = ""):
    qs = (
        Owner.objects.visible_to(user)
        .filter(project=project)
        .prefetch_related(
            Prefetch(
                "ownerships",
                queryset=Ownership.objects.active().select_related("unit"),
                to_attr="active_ownerships",
            )
        )
    )
    if query:
        q = query.strip()
        qs = qs.filter(Q(name__icontains=q) | Q(ownerships__unit__code__icontains=q)).distinct()
    return qs.order_by("name", "id")


# --- unit lookup: the unit as staff say it -------------------------------------------------------

LOOKUP_LIMIT = 20
_CN_DIGITS = {
    "一": "1",
    "二": "2",
    "两": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
    "十": "10",
}
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−﹣－ー_/\\"})
_PART = r"[0-9a-z一二两三四五六七八九十]+"
# 1栋2单元602, 1号楼2单元602室, 1幢602, A座1205, 2单元602, 602室 (the building and the entrance are optional)
_SPOKEN = re.compile(
    rf"^(?:(?P<building>{_PART})(?:号楼|栋|幢|座|楼|#|号))?(?:(?P<entrance>{_PART})(?:单元|门))?(?P<room>[0-9a-z]+)$"
)
_ROOM_SUFFIX = re.compile(r"(?:室|房|号)$")


def _normalise(text: str) -> str:
    """Full-width digits and letters to ASCII, every dash to '-', no spaces, lower case."""
    text = unicodedata.normalize("NFKC", text or "").translate(_DASHES)
    return re.sub(r"\s+", "", text).lower()


def _exact_codes(normalised: str) -> set[str]:
    return {normalised, _ROOM_SUFFIX.sub("", normalised)}


def _number(part: str | None) -> str | None:
    """一 → 1 … 十 → 10 for building and entrance numbers said in words."""
    if not part:
        return None
    return _CN_DIGITS.get(part, part)


def _parse_unit_text(text: str) -> tuple[str, list[tuple[str | None, str | None, str]]]:
    """The code to match exactly and the (building, entrance, room) readings of the text."""
    code = _ROOM_SUFFIX.sub("", text)
    parts = [p for p in code.split("-") if p]
    readings: list[tuple[str | None, str | None, str]] = []
    if len(parts) == 3:
        readings.append((parts[0], parts[1], parts[2]))
    elif len(parts) == 2:
        # building-room is the stored code of a building without entrances (matched exactly);
        # staff also say entrance-room within the building at hand.
        readings.append((None, parts[0], parts[1]))
    elif len(parts) == 1 and (match := _SPOKEN.match(parts[0])):
        readings.append((_number(match["building"]), _number(match["entrance"]), match["room"]))
    return code, readings


def unit_lookup(*, user, project, text: str, building=None) -> list[Unit]:
    """The units of `project` the user may see that `text` names, exact code first.

    Staff say a unit many ways: its code (1-2-602, any case, full-width digits, a trailing 室),
    1栋2单元602 / 1号楼2单元602室 / 1幢2单元602, or only 2单元602 / 602 meaning the building at hand
    (`building`: the one chosen or last used); without a building those name every building's match.
    More than one result means the text was ambiguous: the caller shows them as candidates.
    """
    normalised = _normalise(text)
    if not normalised:
        return []
    code, readings = _parse_unit_text(normalised)
    building_id = getattr(building, "pk", building)
    query = Q(code__iexact=code) | Q(code__iexact=normalised)
    for building_number, entrance, room in readings:
        reading = Q(room__iexact=room)
        if entrance is not None:
            reading &= Q(entrance__iexact=entrance)
        if building_number is not None:
            reading &= Q(building__number__iexact=building_number)
        elif building_id:
            reading &= Q(building_id=building_id)
        query |= reading
    units = list(
        Unit.objects.visible_to(user)
        .filter(query, project=project)
        .select_related("building")
        .order_by("building__number", "entrance", "floor", "room")[: LOOKUP_LIMIT + 1]
    )
    exact = _exact_codes(normalised)
    units.sort(key=lambda unit: unit.code.lower() not in exact)  # stable: exact code first
    return units[:LOOKUP_LIMIT]


def unit_resolve(*, user, project, text: str, building=None) -> tuple[Unit | None, list[Unit]]:
    """(the unit, []) when the text names one unit (or a code exactly), else (None, candidates)."""
    units = unit_lookup(user=user, project=project, text=text, building=building)
    if len(units) == 1 or (units and units[0].code.lower() in _exact_codes(_normalise(text))):
        return units[0], []
    return None, units
