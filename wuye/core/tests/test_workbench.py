"""The home page's workbench: the cards each role gets in the current project, every figure a link to
the records it counts (the list it opens has exactly that many rows), and a bounded number of
queries whatever the number of tickets."""

import ast
import datetime as dt
import inspect
import re
from decimal import Decimal

import pytest
import time_machine

from wuye.accounts.choices import Role
from wuye.billing import services as billing_services
from wuye.billing.templatetags.billing_tags import money
from wuye.billing.tests.factories import Books
from wuye.core import workbench
from wuye.core.tests.factories import resident_user, staff
from wuye.servicedesk import services
from wuye.servicedesk.tests.factories import Desk, at

pytestmark = pytest.mark.django_db

NOW = at(2026, 11, 26, 18)  # a Thursday evening


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _at(h, mi=0):
    return NOW.replace(hour=h, minute=mi)


@pytest.fixture
def built(clock):
    """A day of the desk, now 18:00: a repair done and visited, late and unreturned work, a suggestion
    due tomorrow, a security matter due in eight minutes, a complaint not dispatched since 10:00."""
    desk = Desk()
    t = {"desk": desk}
    t["visited"] = desk.through_completion(desk.repair(at=_at(9)), start=_at(9))
    services.ticket_return_visit(
        ticket=t["visited"], acting_user=desk.assistant, solved=True, satisfaction="satisfied", at=_at(10)
    )
    t["late"] = desk.repair(at=_at(17))  # dispatch was due 17:10
    t["unreturned"] = desk.repair(at=_at(16, 55))
    services.ticket_dispatch(
        ticket=t["unreturned"],
        department="engineering",
        assignee=desk.engineer,
        acting_user=desk.assistant,
        at=_at(17),
    )  # on site was due 17:10
    t["suggestion"] = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant2,
        category="suggestion",
        content="增加快递柜",
        at=_at(17, 50),
    )
    services.ticket_dispatch(
        ticket=t["suggestion"],
        department="customer_service",
        assignee=desk.assistant,
        acting_user=desk.assistant2,
        at=_at(17, 55),
    )  # reply due tomorrow
    t["security"] = services.ticket_create(
        project=desk.project,
        acting_user=desk.assistant2,
        category="security",
        content="可疑人员",
        at=_at(17, 58),
    )  # dispatch due 18:08
    t["complaint"] = desk.complaint(at=_at(10))  # dispatch was due 10:10
    return t


def home_cards(client, user) -> dict:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return {card.key: card for card in response.context["cards"]}


def figures(card) -> list:
    return list(card.figures)


# --- which cards ------------------------------------------------------------------------------

COMMON = ["my_work"]
ROLE_CARDS = [
    (Role.CS_ASSISTANT, [*COMMON, "department_customer_service", "department_cleaning", "occupancy"]),
    (
        Role.CS_SUPERVISOR,
        [
            *COMMON,
            "department_customer_service",
            "department_cleaning",
            "project_tickets",
            "three_rates",
            "occupancy",
        ],
    ),
    (Role.ENGINEER, [*COMMON, "department_engineering", "occupancy"]),
    (
        Role.ENGINEERING_LEAD,
        [*COMMON, "department_engineering", "project_tickets", "three_rates", "occupancy"],
    ),
    (Role.SECURITY, [*COMMON, "department_security", "occupancy"]),
    (Role.CASHIER, [*COMMON, "department_finance", "billing", "occupancy"]),
    (
        Role.PROJECT_MANAGER,
        [*COMMON, "department_management", "project_tickets", "three_rates", "billing", "occupancy"],
    ),
    (Role.ARCHIVIST, [*COMMON, "occupancy"]),
    (Role.COMPANY_MANAGER, [*COMMON, "project_tickets", "three_rates", "billing", "occupancy"]),
]


@pytest.mark.parametrize(("role", "keys"), ROLE_CARDS)
def test_each_role_gets_its_cards_in_order(client, role, keys):
    desk = Desk()
    cards = home_cards(client, staff(role, desk.project))
    assert list(cards) == keys
    if role == Role.CASHIER:  # a cashier also sees what they took themselves
        assert len(figures(cards["billing"])) == 3  # the project's takings, theirs, arrears


def test_cards_follow_the_roles_of_the_current_project(client):
    here, there = Desk(), Desk()
    user = staff(Role.CASHIER, here.project)
    user.assignments.create(project=there.project, role=Role.ENGINEER)
    client.force_login(user)
    client.post("/project/switch/", {"project": there.project.pk})
    cards = home_cards(client, user)
    assert "billing" not in cards and "department_engineering" in cards
    client.post("/project/switch/", {"project": here.project.pk})
    cards = home_cards(client, user)
    assert "billing" in cards and "department_engineering" not in cards


def test_residents_keep_their_units_page(client):
    desk = Desk()
    client.force_login(resident_user(owner=desk.owner))
    response = client.get("/")
    assert response.status_code == 200
    assert list(response.context["my_units"]) == [desk.unit] and "cards" not in response.context
    assert f"/units/{desk.unit.pk}/" in response.content.decode()


def test_roles_are_shown_by_name(client):
    desk = Desk()
    client.force_login(desk.engineer)
    page = client.get("/").content.decode()
    assert str(Role.ENGINEER.label) in page and ">engineer<" not in page


# --- every number is its records ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["assistant", "supervisor", "engineer", "lead", "manager"])
def test_ticket_figures_equal_the_rows_of_their_links(client, built, who):
    user = getattr(built["desk"], who)
    cards = home_cards(client, user)
    checked = 0
    for card in cards.values():
        for figure in card.figures:
            if not figure.url.startswith("/tickets/"):
                continue
            response = client.get(figure.url)
            assert response.status_code == 200, figure.url
            assert response.context["page"].paginator.count == figure.value, (card.key, str(figure.label))
            checked += 1
    assert checked >= 3


def test_supervisor_figures_over_the_day(client, built):
    desk = built["desk"]
    open_, overdue, due_today, unreturned = figures(home_cards(client, desk.supervisor)["project_tickets"])
    # open: all six (the visited repair still awaits closing); late: late, unreturned, complaint
    assert (open_.value, overdue.value) == (6, 3) and (open_.url, overdue.url) == (
        "/tickets/?open=1",
        "/tickets/?overdue=1",
    )
    assert (
        due_today.value == 2
    )  # still to come today: the security matter (18:08), the complaint's half day (22:00)
    assert overdue.tone == workbench.BAD and open_.tone == ""
    # today's repairs not returned, the never-dispatched one included (seed 000 §13)
    assert unreturned.value == 2 and unreturned.url == "/tickets/?unreturned=1"
    client.force_login(desk.supervisor)
    listed = client.get(unreturned.url).context["page"].object_list
    assert {t.number for t in listed} == {built["unreturned"].number, built["late"].number}
    mine_open, mine_overdue, _mine_due = figures(home_cards(client, desk.engineer)["my_work"])
    assert (mine_open.value, mine_overdue.value) == (2, 1)  # the visited repair, the unreturned one
    assert mine_open.url == "/tickets/?mine=1&open=1"
    department_open = figures(home_cards(client, desk.engineer)["department_engineering"])[0]
    assert department_open.url == "/tickets/?department=engineering&open=1" and department_open.value == 3


def test_three_rates_of_the_month_with_targets(client, built):
    card = home_cards(client, built["desk"].supervisor)["three_rates"]
    shown = [(f.value, f.tone) for f in card.figures]
    # satisfaction: one visit, satisfied (target 85 %); timeliness: of the five tickets with a step due
    # by now, the visited repair and the suggestion met theirs (target 98 %); return visits: 1 of 1
    assert shown == [("100.0%", workbench.GOOD), ("40.0%", workbench.BAD), ("100.0%", workbench.GOOD)]
    assert (
        re.search(r"\b2\D+5\b", card.figures[1].note) and "98%" in card.figures[1].note
    )  # "2 of 5", any language
    url = card.figures[0].url
    assert url == "/reports/three-rates/?period=month&date=2026-11-26"
    report = client.get(url).context["report"]
    row = next(r for r in report.rows if r.level == "project")
    assert [
        (row.figures[k].numerator, row.figures[k].denominator)
        for k in ("satisfaction", "timeliness", "return_visit")
    ] == [(1, 1), (2, 5), (1, 1)]


def test_billing_figures_equal_the_pages_they_open(client, clock):
    books = Books()
    units = [books.unit(), books.unit()]
    books.run(start=dt.date(2026, 10, 1))  # October's fees are due by now
    other_cashier = staff(Role.CASHIER, books.project)
    books.pay(units[0], "100.00", key="mine")
    billing_services.payment_create(
        unit=units[1], method="cash", amount="30.00", idempotency_key="theirs", acting_user=other_cashier
    )
    cards = home_cards(client, books.cashier)
    takings, mine, arrears = figures(cards["billing"])
    assert (takings.value, mine.value) == ("130.00", "100.00")
    assert takings.url == "/billing/close/?date=2026-11-26"
    assert money(client.get(takings.url).context["report"]["takings"]) == takings.value
    assert money(client.get(mine.url).context["report"]["takings"]) == mine.value
    report = client.get(arrears.url).context["report"]
    assert report["totals"]["total"] > Decimal("0") and money(report["totals"]["total"]) == arrears.value
    assert arrears.tone == workbench.WARN


# --- cheap ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["supervisor", "manager"])
def test_home_query_count_is_bounded(client, built, who, django_assert_max_num_queries):
    desk = built["desk"]
    for i in range(20):  # more tickets do not mean more queries
        desk.repair(at=NOW - dt.timedelta(minutes=30 + i))
    user = getattr(desk, who)
    client.force_login(user)
    client.get("/")  # session and caches warm, as for a person who just logged in
    # one aggregate for every ticket figure, six grouped queries for the rates, one per money figure,
    # one for the units; the rest is the page's own (session, user, roles, projects, notifications);
    # one for the move-in and exit tasks, one for the census (the manager's reports to sign),
    # one aggregate for the renovation figures; the front desk: one for the passes, one for the
    # hand-overs not acknowledged, one subquery count for the overdue custody items (and one more for
    # the storage card's), one for the notices
    with django_assert_max_num_queries(28):
        response = client.get("/")
    assert response.status_code == 200 and "three_rates" in {c.key for c in response.context["cards"]}


# --- the registry ---------------------------------------------------------------------------------


def test_registry_orders_providers_and_drops_empty_cards():
    seen = []

    def late(user, project, now):
        seen.append(now)
        return [workbench.Card("x", "X", [workbench.Figure("n", 1, "/x/")]), workbench.Card("empty", "E", [])]

    def early(user, project, now):
        return [workbench.Card("a", "A", [workbench.Figure("n", 2, "/a/")])]

    saved = dict(workbench._REGISTRY)
    workbench._REGISTRY.clear()
    try:
        workbench.register("late", order=50, provider=late)
        workbench.register("early", order=5, provider=early)
        workbench.register("early", order=5, provider=early)  # registering again replaces
        now = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)
        assert [c.key for c in workbench.cards(user=None, project=None, now=now)] == ["a", "x"]
        assert seen == [now]
    finally:
        workbench._REGISTRY.clear()
        workbench._REGISTRY.update(saved)


def test_apps_register_their_cards_and_core_imports_none_of_them():
    assert set(workbench.providers()) >= {"servicedesk", "reports", "billing", "estate"}
    tree = ast.parse(inspect.getsource(workbench))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m and m.startswith("wuye.") and not m.startswith("wuye.core")]
