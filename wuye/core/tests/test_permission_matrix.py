"""The API permission matrix (issue 10): every /api/ route × method × role, in scope and out of scope.

1. Every route and method of the URL conf has an entry in permission_matrix.MATRIX (and every entry
   a route): adding an endpoint without saying who may call it fails here.
2. For each role (every `Role`, a resident owner and tenant, anonymous) every route × method is
   called on project A's object (the role's project; for residents their own unit's) and on
   project B's, and the outcome compared with the table:
   - allowed: got past the permission check (2xx, or 400 for the empty or invalid body we send);
     a list shows A's row;
   - denied: 403 (or 404); a list answers 403 or leaves A's row out;
   - out of scope (B, for a role allowed in A): 404; a list leaves B's row out;
   - anonymous: 401.
   Writes send a valid body (permission_matrix.BODIES, built from the side's objects) inside a
   rolled-back savepoint, so nothing changes: an allowed role must get 2xx, a denied one 403/404
   (a 400 would prove nothing: most checks sit in services, after the body is validated). A create
   with project B's objects must not succeed for a role of project A (400, 403 or 404).
   Writes in permission_matrix.UNPROVABLE say why they cannot be proven; their denied 400s are
   counted as unproven and printed (`-s`), not failed.

The world is built once per module (inside a transaction rolled back at the end); each role's
client is authenticated with force_authenticate on a freshly loaded user.
"""

import time
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from wuye.accounts.models import User
from wuye.core import access
from wuye.core.roles import Role
from wuye.core.tests.matrix_world import World
from wuye.core.tests.permission_matrix import (
    AUTHENTICATED,
    BODIES,
    IGNORED,
    KWARGS,
    MATRIX,
    OBJECTS,
    OWN,
    PROJECT_STAFF,
    PUBLIC,
    SPECIAL,
    UNPROVABLE,
    Access,
)
from wuye.servicedesk.choices import DEPARTMENT_ROLES
from wuye.servicedesk.models import Ticket

pytestmark = pytest.mark.django_db

RESIDENTS = ("owner", "tenant")
ANONYMOUS = "anonymous"
ROLES = [*Role.values, *RESIDENTS, ANONYMOUS]
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
SCOPE_KWARGS = ("pk", "project_id")


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    pattern: str
    kwarg: str | None  # "pk" / "project_id" for a route naming one object

    @property
    def is_list(self) -> bool:
        return self.kwarg is None and self.method == "GET" and self.name.endswith("-list")


def _methods(callback) -> set[str]:
    cls = getattr(callback, "cls", None)
    allowed = set(getattr(cls, "http_method_names", ())) - {"options", "head"}
    actions = getattr(callback, "actions", None)
    if actions:  # a router's viewset route: the methods its actions map, if the viewset accepts them
        return {m.upper() for m in actions if m in allowed}
    return {m.upper() for m in allowed if hasattr(cls, m)}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def api_routes() -> dict[tuple[str, str], Route]:
    """Every /api/ route × method, by URL name (a router's `.json` format variants fold into theirs)."""
    routes: dict[tuple[str, str], Route] = {}
    for path, p in _walk(get_resolver().url_patterns):
        if not path.startswith("api/") or p.name in IGNORED:
            continue
        assert p.name, f"an API route without a name cannot be in the matrix: {path}"
        kwargs = set(p.pattern.regex.groupindex) - {"format"}
        kwarg = next((k for k in SCOPE_KWARGS if k in kwargs), None)
        for method in _methods(p.callback):
            routes.setdefault((p.name, method), Route(p.name, method, path, kwarg))
    return routes


def test_every_write_has_a_body_or_a_reason():
    writes = {key for key in MATRIX if key[1] in WRITES}
    missing = sorted(writes - BODIES.keys() - UNPROVABLE.keys())
    both = sorted(BODIES.keys() & UNPROVABLE.keys())
    assert not missing and not both, f"without a body or reason: {missing}; both: {both}"


def test_every_api_route_has_an_entry_and_every_entry_a_route():
    routes = api_routes()
    missing = sorted(
        f"{name} {method}  ({routes[name, method].pattern})" for name, method in routes.keys() - MATRIX.keys()
    )
    stale = sorted(f"{name} {method}" for name, method in MATRIX.keys() - routes.keys())
    assert not missing and not stale, (
        "wuye/core/tests/permission_matrix.py MATRIX is out of date.\n"
        + (
            "Routes without an entry (say who may call them):\n  " + "\n  ".join(missing) + "\n"
            if missing
            else ""
        )
        + ("Entries without a route:\n  " + "\n  ".join(stale) if stale else "")
    )


# --- expectations ---------------------------------------------------------------------------------

ALLOW, DENY, HIDE, UNAUTH = "allow", "deny", "404", "401"
REFUSED = "refused"  # a create with another project's objects: 400, 403 or 404, never 2xx


def _held(role: str, rule: Access) -> bool:
    if rule.roles is not None:
        return role in rule.roles
    if rule.perm == PROJECT_STAFF:
        return True
    perms = rule.perm if isinstance(rule.perm, tuple) else (rule.perm,)
    holders = frozenset().union(*(access.roles_with(p) for p in perms))
    if rule.company:
        return role == Role.COMPANY_MANAGER and role in holders
    return role in holders


def expected(rule: Access, role: str, side: str | None) -> str:
    """What `role` (holding it in project A) should get on `side`'s object (None: no object)."""
    if role == ANONYMOUS:
        return ALLOW if rule.perm == PUBLIC else UNAUTH
    if rule.perm in (PUBLIC, AUTHENTICATED):
        return ALLOW
    if rule.perm == OWN:
        return HIDE if side == "B" else ALLOW
    if role in RESIDENTS:
        if not rule.residents or (isinstance(rule.residents, tuple) and role not in rule.residents):
            return DENY
        return HIDE if side == "B" else ALLOW
    held = _held(role, rule)
    if side != "B" or rule.anywhere or role == Role.COMPANY_MANAGER:
        return ALLOW if held else DENY
    return HIDE if held else DENY


# --- calling --------------------------------------------------------------------------------------


@dataclass
class Tally:
    checks: int = 0
    mismatches: list[tuple] = field(default_factory=list)
    unproven: list[tuple] = field(default_factory=list)


def _outcome(status: int, *, strict: bool = False) -> str:
    if status == 400 and strict:
        return "invalid"
    if status == 401:
        return UNAUTH
    if status == 403:
        return DENY
    if status == 404:
        return HIDE
    if status >= 500:
        return f"error {status}"
    return ALLOW


def _ids(response) -> set | None:
    if response.status_code >= 300 or not response.get("Content-Type", "").startswith("application/json"):
        return None
    body = response.json()
    rows = body.get("results") if isinstance(body, dict) else body
    if not isinstance(rows, list):
        return None
    return {row.get("id") for row in rows if isinstance(row, dict)}


def _kind(name: str) -> str | None:
    """The world object of a router route: its basename is the longest OBJECTS key it starts with."""
    bases = [b for b in OBJECTS if name.startswith(f"{b}-")]
    return OBJECTS[max(bases, key=len)] if bases else None


def _object(world: World, side: str, kind: str, role: str):
    if kind == "notification":
        # anonymous has none of its own: any of A's will do (the answer is 401 anyway)
        return (
            world.notifications.get(role, world.notifications[Role.CS_ASSISTANT])
            if side == "A"
            else world.b.notification
        )
    if kind == "calendar_day":
        return world.calendar_day
    return getattr(world.a if side == "A" else world.b, kind)


# A handler works the orders of their own department that are theirs (`not_in_department`,
# `ticket_assigned_to_other` are who-does-what rules, not permissions): inside the rolled-back
# savepoint the order is made the calling role's department's and assigned to the caller.
HANDLER_ACTIONS = {
    "ticket-accept",
    "ticket-start",
    "ticket-complete",
    "ticket-contact-customer",
    "ticket-quote",
}


def _make_handler(ticket, user, role: str):
    department = next((d for d, roles in DEPARTMENT_ROLES.items() if role in roles), ticket.department)
    Ticket.objects.filter(pk=ticket.pk).update(department=department, assignee=user)


def _request(client, method: str, url: str, query: dict | None, body: dict | None = None, prepare=None):
    with transaction.atomic():
        if prepare:
            prepare()
        if method == "GET":
            response = client.get(url, query or {})
        else:
            body = body or {}
            upload = any(hasattr(value, "read") for value in body.values())
            response = getattr(client, method.lower())(url, body, format="multipart" if upload else "json")
            if response.status_code == 415:  # an upload: the same empty body as a form
                response = getattr(client, method.lower())(url, {}, format="multipart")
        transaction.set_rollback(True)
    return response


def _check(tally, route, role, side, want, response, *, note=""):
    tally.checks += 1
    strict = (route.name, route.method) in BODIES
    got = _outcome(response.status_code, strict=strict)
    ok = got == want or (want == DENY and got == HIDE)
    if want == REFUSED:
        ok = response.status_code in (400, 403, 404)
    if ok:
        return
    if want == DENY and response.status_code == 400 and route.method in WRITES and not strict:
        tally.unproven.append((route.name, route.method, role, side or "-"))
        return
    detail = response.content[:160].decode(errors="replace") if got != ALLOW else ""
    tally.mismatches.append(
        (route.name, route.method, role, side or "-", want, f"{response.status_code}{note}", detail)
    )


def _body(world: World, name: str, method: str, side: str) -> dict | None:
    build = BODIES.get((name, method))
    return build(world.a if side == "A" else world.b, world) if build else None


def run_role(world: World, role: str, routes: dict) -> Tally:
    tally = Tally()
    client = APIClient()
    if role != ANONYMOUS:
        client.force_authenticate(User.objects.get(pk=world.users[role].pk))
    for (name, method), route in sorted(routes.items()):
        rule = MATRIX[name, method]
        if name == "api-logout":  # would end the token the rest of the calls use
            continue
        kind = rule.obj or _kind(name)
        if route.kwarg:
            assert kind, f"{name}: say which world object the route names (Access.obj)"
            for side in ("A",) if kind == "calendar_day" else ("A", "B"):
                obj = _object(world, side, kind, role)
                extra = KWARGS[name](world.a if side == "A" else world.b) if name in KWARGS else {}
                url = reverse(name, kwargs={route.kwarg: obj.pk, **extra})
                prepare = None
                if name in HANDLER_ACTIONS and side == "A" and role != ANONYMOUS:
                    prepare = lambda obj=obj: _make_handler(obj, world.users[role], role)  # noqa: E731
                response = _request(client, method, url, None, _body(world, name, method, side), prepare)
                _check(tally, route, role, side, expected(rule, role, side), response)
        elif method in WRITES and (name, method) in BODIES:
            # a write of one's own (notifications) or of no project has no out-of-scope side
            for side in ("A",) if rule.perm in SPECIAL else ("A", "B"):
                want = expected(rule, role, side)
                if side == "B" and want in (HIDE, DENY):
                    want = REFUSED  # nothing in the URL to hide: the body's objects are out of scope
                response = _request(client, method, reverse(name), None, _body(world, name, method, side))
                _check(tally, route, role, side, want, response)
        elif rule.query:
            for side, data in (("A", world.a), ("B", world.b)):
                response = _request(client, method, reverse(name), rule.query(data))
                _check(tally, route, role, side, expected(rule, role, side), response)
        elif route.is_list and kind:
            response = _request(client, method, reverse(name), {"page_size": 500})
            ids = _ids(response)
            want_a, want_b = expected(rule, role, "A"), expected(rule, role, "B")
            a_id = _object(world, "A", kind, role).pk
            b_id = _object(world, "B", kind, role).pk
            if ids is None:
                _check(tally, route, role, "A", want_a, response)
                _check(tally, route, role, "B", want_b if want_b != HIDE else DENY, response)
                continue
            tally.checks += 2
            if (a_id in ids) != (want_a == ALLOW):
                tally.mismatches.append(
                    (
                        name,
                        method,
                        role,
                        "A",
                        want_a,
                        f"{response.status_code}, A's row {'' if a_id in ids else 'not '}listed",
                        "",
                    )
                )
            if (b_id in ids) != (want_b == ALLOW):
                tally.mismatches.append(
                    (
                        name,
                        method,
                        role,
                        "B",
                        want_b,
                        f"{response.status_code}, B's row {'' if b_id in ids else 'not '}listed",
                        "",
                    )
                )
        else:
            _check(
                tally,
                route,
                role,
                None,
                expected(rule, role, None),
                _request(client, method, reverse(name), None),
            )
    return tally


def _table(rows) -> str:
    head = ("route", "method", "role", "side", "expected", "got", "body")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    return "\n".join(
        "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *rows]
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for all roles, in a transaction rolled back after the module's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        started = time.monotonic()
        built = World()
        print(f"\nworld built in {time.monotonic() - started:.1f}s")
        yield built
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, role):
    routes = api_routes()
    started = time.monotonic()
    tally = run_role(world, role, routes)
    print(
        f"\n{role}: {tally.checks} checks in {time.monotonic() - started:.1f}s; {len(tally.unproven)} unproven:"
    )
    print("  " + ", ".join(f"{name} {method} ({side})" for name, method, _, side in tally.unproven))
    assert not tally.mismatches, f"{len(tally.mismatches)} of {tally.checks} checks differ:\n" + _table(
        tally.mismatches
    )
