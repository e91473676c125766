"""`python manage.py load_demo`: clearly fake demo data for `make run` — two projects in their
second year. The parts live in `wuye.demo` (see its docstring); this command runs them in one
transaction and prints what is there.

Idempotent: projects and users are found by their natural keys, and every later section (a
project's buildings and people, its tickets, parking, billing) is skipped when its records exist,
so a second run — or a run after someone has worked in the demo — changes nothing.

The company calendar table is left empty on purpose: next year's arrangement (调休) is not entered
here from memory; the console warns managers about it.
"""

from __future__ import annotations

import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from wuye.accounts.choices import Role
from wuye.accounts.models import User
from wuye.core import workdays
from wuye.demo.accounts import DEMO_PASSWORD, STAFF, AccountsDemo
from wuye.demo.billing import BillingDemo
from wuye.demo.census import load_census
from wuye.demo.desk import load_customer_visits, load_desk_rota
from wuye.demo.estate import OFFICE_CODE, PROJECTS, RESIDENTIAL_CODE, EstateDemo
from wuye.demo.frontdesk import frontdesk_summary, load_frontdesk
from wuye.demo.notices import load_notices, notices_summary
from wuye.demo.parking import ParkingDemo
from wuye.demo.renovation import RenovationDemo, load_renovations
from wuye.demo.servicedesk import load_demo_tickets
from wuye.estate.choices import OccupancyStatus as S
from wuye.estate.models import Project, RosterEntry
from wuye.servicedesk.demo import load_service_menu


class Command(RenovationDemo, AccountsDemo, EstateDemo, ParkingDemo, BillingDemo, BaseCommand):
    help = "Load clearly fake demo data (two projects in their second year, staff logins). Safe to run twice."

    def handle(self, *args, **options):
        started = time.monotonic()
        self.created: Counter[str] = Counter()
        self.today = timezone.localdate()
        self.now = timezone.now()
        self.password = None  # hashed once, on first use: PBKDF2 per user would take seconds
        # With DEBUG on (local settings) Django logs the SQL of every query; for the tens of
        # thousands here that is a tenth of the run, and nobody reads it.
        debug, settings.DEBUG = settings.DEBUG, False
        try:
            projects = self._load()
        finally:
            settings.DEBUG = debug
        if not self.created:
            self.stdout.write(self.style.SUCCESS("The demo data is already there; nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {time.monotonic() - started:.1f} s."))
        self._summary(projects)

    @transaction.atomic
    def _load(self) -> list[Project]:
        self.admin = self._admin()
        projects = {code: self._project(code) for code in PROJECTS}
        self._staff(
            {code: p for code, (p, _) in projects.items()}, {c for c, (_, new) in projects.items() if new}
        )
        if projects[RESIDENTIAL_CODE][1]:
            self._build_residential(projects[RESIDENTIAL_CODE][0])
        if projects[OFFICE_CODE][1]:
            self._build_office(projects[OFFICE_CODE][0])
        self._resident_logins(projects[RESIDENTIAL_CODE][0])
        self.staff = {u.username: u for u in User.objects.filter(username__in=[s[0] for s in STAFF])}
        for project, _new in projects.values():
            # parking first: rentals charge the units' accounts, which a year of payments then settles
            self._parking(project)
            self._billing(project)
            self._gate(project)
        self._servicedesk([p for p, _ in projects.values()])
        if {"key_keeper", "cs_assistant"} <= set(self.staff):  # key custody (issue 11)
            from wuye.demo.keys import load_demo_keys

            load_demo_keys(
                projects[RESIDENTIAL_CODE][0],
                keeper=self.staff["key_keeper"],
                assistant=self.staff["cs_assistant"],
            )
        if {"cs_assistant", "cashier"} <= set(self.staff):  # move-in, tenant exit, transfer (issue 11)
            from wuye.demo.occupancy import load_occupancy

            self.created.update(
                load_occupancy(
                    projects[RESIDENTIAL_CODE][0],
                    assistant=self.staff["cs_assistant"],
                    cashier=self.staff["cashier"],
                    today=self.today,
                )
            )
        if {"project_manager", "cs_assistant", "cs_supervisor", "cashier", "engineer"} <= set(self.staff):
            from wuye.demo.handover import load_demo_handover  # the handover batch (issue 11)

            handed = load_demo_handover(projects[RESIDENTIAL_CODE][0], staff=self.staff, today=self.today)
            if handed:
                self.created["handovers"] += handed
        renovation_staff = {
            "cs_assistant",
            "cs_supervisor",
            "project_manager",
            "engineer",
            "engineering_lead",
            "security",
            "cashier",
        }
        if renovation_staff <= set(self.staff):  # renovations in every stage (issue 12)
            self.created.update(
                load_renovations(projects[RESIDENTIAL_CODE][0], staff=self.staff, today=self.today)
            )
        desk_staff = {
            "cs_assistant",
            "cs_supervisor",
            "security",
            "security_lead",
            "cashier",
            "guomao_assistant",
        }
        if desk_staff | {"project_manager"} <= set(self.staff):  # a day at the front desk (issue 13)
            self.created.update(
                load_frontdesk([p for p, _ in projects.values()], staff=self.staff, today=self.today)
            )
        if {"cs_assistant", "guomao_assistant", "project_manager"} <= set(self.staff):  # notices (issue 13)
            self.created.update(
                load_notices([p for p, _ in projects.values()], staff=self.staff, today=self.today)
            )
        # last: the census counts what the other loaders recorded (signed last month's report)
        self.created.update(
            load_census([p for p, _ in projects.values()], staff=self.staff, today=self.today)
        )
        return [p for p, _ in projects.values()]

    def _servicedesk(self, projects: list[Project]) -> None:
        """The seed 002 service menu, six months of tickets and customer visits, through the real services."""
        counts = Counter({"service menu items": sum(load_service_menu(project) for project in projects)})
        people = (
            "cs_assistant",
            "engineer",
            "cs_supervisor",
            "project_manager",
            "guomao_assistant",
            "engineering_lead",
            "security",
        )
        if set(people) <= set(self.staff):
            staff = {name: self.staff[name] for name in people}
            residents = list(User.objects.filter(username__in=["owner", "tenant"]).order_by("username"))
            for project in projects:
                office = project.code == OFFICE_CODE
                team = {
                    "assistant": staff["guomao_assistant" if office else "cs_assistant"],
                    "engineer": staff["engineering_lead" if office else "engineer"],
                    "supervisor": staff["project_manager" if office else "cs_supervisor"],
                    "security": None if office else staff["security"],
                }
                # every assistant of the demo working in the project takes part in the rota
                assistants = [
                    user
                    for username, _name, role, codes in STAFF
                    if role == Role.CS_ASSISTANT and project.code in codes
                    for user in [self.staff.get(username)]
                    if user is not None
                ]
                counts.update(
                    load_desk_rota(
                        project,
                        assistants=assistants,
                        supervisor=team["supervisor"],
                        today=self.today,
                        butlers=not office,
                    )
                )
                counts["tickets"] += load_demo_tickets(
                    project,
                    today=self.today,
                    cashier=self.staff.get("cashier"),
                    residents=[u for u in residents if u.is_resident],
                    **team,
                )
                counts["customer visits"] += load_customer_visits(
                    project,
                    assistant=team["assistant"],
                    today=self.today,
                    engineer=team["engineer"],
                    supervisor=team["supervisor"],
                    security=team["security"] or team["assistant"],
                )
        self.created.update({name: n for name, n in counts.items() if n})

    def _summary(self, projects: list[Project]) -> None:
        write = self.stdout.write
        if self.created:
            write("Created: " + ", ".join(f"{n} {what}" for what, n in self.created.items()))
        for project in projects:
            counts = Counter(project.units.values_list("status", flat=True))
            statuses = ", ".join(f"{S(s).label} {counts[s]}" for s in S.values if counts[s])
            write(
                f"{project.name} [{project.code}]: buildings {project.buildings.count()}, "
                f"units {sum(counts.values())} ({statuses}); owners {project.owners.count()}, "
                f"tenants {project.tenants.count()}, public areas {project.public_areas.count()}, "
                f"roster entries {RosterEntry.objects.filter(project=project).count()}"
            )
            write("  " + self._billing_summary(project))
            write("  " + self._parking_summary(project))
            write(f"  tickets {project.tickets.count()}")
            if project.renovations.exists():
                write("  " + self._renovation_summary(project))
            write("  " + frontdesk_summary(project))
            write("  " + notices_summary(project))
        write(f"Demo accounts (password {DEMO_PASSWORD}):")
        write("  admin — superuser")
        for username, name, role, codes in STAFF:
            where = "company-wide" if not codes else ", ".join(codes)
            write(f"  {username} — {name}, {Role(role).label} ({where})")
        write("  owner — owner of 1-1-1201 (cuihu); tenant — tenant of 1-2-802 (cuihu)")
        for year in workdays.coverage_warnings(self.today):
            if workdays.year_coverage(year) == workdays.RULE:
                write(
                    f"Statutory calendar {year}: the statutory holidays are known by rule; the adjusted working "
                    "weekends (调休) are not entered yet — enter the State Council's arrangement in the console."
                )
            else:
                write(
                    f"Statutory calendar {year}: not covered yet — enter the State Council's arrangement in the console."
                )
