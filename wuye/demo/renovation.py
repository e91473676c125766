"""Renovation demo (办理装修, seed 000 §2, spec 04): the residential project's renovations in every
stage, written through the renovation services (application, fees, completion, supervision) with
the event time of each step — files still collecting documents, one submitted and due, one
approved late, one rejected, one withdrawn, units on site with the three departments' daily
patrols of the last week (a few gaps), minor and serious violations (a penalty proposed, one
approved), a hot-work permit, a completion inspection requested, accepted renovations (the
deposit refundable already, and not yet), a refund waiting for the project manager, and one
closed with its deposit refunded through billing less a deduction.

The renovating units are the ones this demo starts: the estate demo's history of the units it
plans as "renovating" stops at their handover (`RenovationDemo._timeline`), and the entry
inspection (`renovation_start`) moves them to renovating through the unit status service; an
accepted renovation moves its unit back the same way. The office tower has no renovation: its
demo staff has no customer-service supervisor to sign the approval.

Every step runs with the clock set to its moment (`clock.frozen`), all renovations' steps in time
order so the continuous numbers (ZX, CR, XK, WZ, DH) follow the dates; what happened more than a
day ago alerts nobody (`clock.quiet`). Skipped when the project already has a renovation, or when
its fee standard lacks the renovation fees (a demo loaded before they were in the fee notice).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from wuye.billing.models import Charge, FeeItem
from wuye.billing.services.payments import payment_create
from wuye.core import workdays
from wuye.core.fakes import UniqueFaker
from wuye.demo.clock import frozen, moment, quiet
from wuye.estate.choices import OccupancyStatus, StatusChangeSource
from wuye.estate.models import Ownership, Project, Unit
from wuye.renovation.choices import (
    DRAWING_KINDS,
    FEE_ITEM_CODES,
    ON_SITE_STATUSES,
    Department,
    DocumentKind,
    RenovationStatus,
    Severity,
    SignOffParty,
    SignOffStage,
)
from wuye.renovation.models import Patrol, Renovation, Violation
from wuye.renovation.services import application as app
from wuye.renovation.services import completion, fees, supervision

U = OccupancyStatus
S = RenovationStatus
D = DocumentKind
#: the `owner` and `tenant` logins' homes stay as they are
KEEP = {"1-1-1201", "1-2-802"}
#: the demo's renovation companies (clearly fake; credit codes and IDs are generated)
COMPANIES = (
    "演示宏达装饰工程有限公司",
    "演示美居装饰设计有限公司",
    "演示匠心建筑装饰有限公司",
    "演示安家装饰工程有限公司",
)
SCOPES = (
    "水电改造、厨卫墙地砖铺贴、吊顶、墙面乳胶漆",
    "全屋硬装：地面找平、木地板、定制柜、卫生间防水",
    "厨房改造、阳台封闭、墙面翻新",
    "卫生间重做防水及洁具更换、客厅吊顶",
)
TRADES = ("水电工", "泥瓦工", "木工", "油漆工")
#: the daily patrol of each department: (hour, minute) of the round, and what an orderly one notes
ROUNDS = {
    Department.CUSTOMER_SERVICE: ((9, 40), "门前及楼道无装修垃圾，施工时间符合规定"),
    Department.ENGINEERING: ((14, 10), "水电改造按图施工，未改动公共管线"),
    Department.SECURITY: ((16, 20), "工人出入证齐全，灭火器到位"),
}
#: days of patrols shown on the board (today and the six days before)
PATROL_DAYS = 7


class RenovationDemo:
    """Mixin of the `load_demo` command (before EstateDemo): the units the estate demo plans as
    renovating are handed over and left vacant in the imported history; this demo starts their
    renovations through the procedure.

    The rest of the estate demo stays exactly as it was: the random draw the estate's `_moment`
    makes for the step left out (one `randint(0, 480)` per step) is still made, at the same point
    of the sequence (the unit's steps are timed one unit after another), so the people, leases and
    statuses that follow from the same seed do not change."""

    def _timeline(self, rng: random.Random, status: str, handover: dt.date) -> list[tuple[str, dt.date]]:
        steps = super()._timeline(rng, status, handover)  # type: ignore[misc]
        left_out = status == U.RENOVATING and len(steps) > 1
        self._left_out = [*getattr(self, "_left_out", []), left_out]
        return steps[:1] if left_out else steps

    def _moment(self, rng: random.Random, day: dt.date, after: dt.datetime | None) -> dt.datetime:
        if after is None:  # the first step of the next unit's history
            self._draw_left_out(rng)
            self._owed = self._left_out.pop(0) if getattr(self, "_left_out", None) else False
        return super()._moment(rng, day, after)  # type: ignore[misc]

    def _apply_plan(self, rng: random.Random, plan: dict) -> dict[int, dt.date]:
        entered = super()._apply_plan(rng, plan)  # type: ignore[misc]
        self._draw_left_out(rng)
        self._left_out = []
        return entered

    def _draw_left_out(self, rng: random.Random) -> None:
        if getattr(self, "_owed", False):
            rng.randint(0, 480)  # as EstateDemo._moment draws for a step
        self._owed = False

    def _renovation_summary(self, project: Project) -> str:
        counts = Counter(Renovation.objects.filter(project=project).values_list("status", flat=True))
        on_site = sum(counts[s] for s in ON_SITE_STATUSES)
        return f"renovations {sum(counts.values())} (on site {on_site}, stages {len(counts)})"


class _Story:
    """One renovation: its steps as (moment, action), run in time order with every other story's."""

    def __init__(self, demo: _Demo, unit: Unit, index: int):
        self.demo, self.unit, self.index = demo, unit, index
        self.owner = (
            Ownership.objects.active().filter(unit=unit).select_related("owner").order_by("id").first().owner
        )
        self.company = demo.companies[index % len(demo.companies)]
        self.events: list[tuple[dt.datetime, Callable[[], None]]] = []
        self.flags: dict[str, bool] = {}
        self.renovation: Renovation | None = None
        self.patrols: dict[tuple[dt.date, str], Patrol] = {}
        self.violations: dict[str, Violation] = {}

    def at(self, when: dt.datetime, action: Callable[[], None]) -> dt.datetime:
        """`action` at `when` (the story's steps run in time order; one that needs another's
        result is given a later time)."""
        if when < self.demo.now:  # what has not happened yet is not entered
            self.events.append((when, action))
        return when

    @property
    def r(self) -> Renovation:
        assert self.renovation is not None
        return self.renovation


class _Demo:
    def __init__(self, project: Project, staff: dict, today: dt.date):
        self.project, self.staff, self.today = project, staff, today
        self.now = timezone.now()
        self.faker = UniqueFaker(2612)
        self.counts: Counter[str] = Counter()
        self.companies = []
        for name in COMPANIES:
            id_number, _born = self.faker.resident_id(born_from=1968, born_to=1990)
            self.companies.append(
                {
                    "company_name": name,
                    "company_credit_code": self.faker.uscc(),
                    "company_responsible": self.faker.name(),
                    "company_responsible_id_number": id_number,
                    "company_mobile": self.faker.mobile(),
                }
            )
        self.stories: list[_Story] = []

    # --- people and days ----------------------------------------------------------------------

    def user(self, username: str):
        return self.staff[username]

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    @staticmethod
    def workday(day: dt.date) -> dt.date:
        return workdays.next_workday(day)

    def units(self) -> tuple[list[Unit], list[Unit]]:
        """Vacant and owner-occupied units fit for the demo: owned, long handed over, nothing
        unpaid, untouched by today's other procedures (handover, move-in, exit, transfer)."""
        recent = [s for s in StatusChangeSource.values if s != StatusChangeSource.IMPORT]
        unpaid = Charge.objects.filter(unit__project=self.project, allocated__lt=F("amount")).values(
            "unit_id"
        )
        owned = Ownership.objects.active().filter(unit__project=self.project).values("unit_id")
        base = (
            Unit.objects.filter(project=self.project, pk__in=owned)
            .exclude(code__in=KEEP)
            .exclude(pk__in=unpaid)
            .exclude(status_changes__source__in=recent)
            .filter(status_changed_at__lt=self.now - dt.timedelta(days=240))
            .select_related("project")
            .order_by("code")
            .distinct()
        )
        vacant = list(base.filter(status=U.VACANT))
        # the new building first: that is where the fitting-out goes on
        vacant.sort(key=lambda u: (not u.code.startswith("3-"), u.code))
        occupied = [u for u in base.filter(status=U.OWNER_OCCUPIED) if not u.code.startswith("3-")]
        return vacant, occupied

    # --- the steps ----------------------------------------------------------------------------

    def apply(
        self,
        s: _Story,
        day: dt.date,
        *,
        planned_start: dt.date,
        weeks: int = 10,
        agent: bool = False,
        **flags,
    ) -> dt.datetime:
        """The owner (or an agent) applies with the application notes handed over."""
        assistant = self.user("cs_assistant")
        fields = {
            **s.company,
            "scope": SCOPES[s.index % len(SCOPES)],
            "planned_start": planned_start,
            "planned_end": planned_start + dt.timedelta(weeks=weeks),
            "commitment_signed": flags.pop("commitment_signed", True),
            **flags,
        }
        s.flags = {name: bool(flags.get(name)) for name in ("fire_work", "structure_work", "gas_work")}
        if agent:
            id_number, _born = self.faker.resident_id(born_from=1975, born_to=1998)
            fields.update(
                applicant_kind="agent",
                agent_name=self.faker.name(),
                agent_id_number=id_number,
                agent_mobile=self.faker.mobile(),
            )

        def create() -> None:
            s.renovation = app.renovation_create(
                unit=s.unit, owner=s.owner, acting_user=assistant, notes_handed_over=True, **fields
            )
            self.counts["renovations"] += 1

        return s.at(moment(day, 9, 30 + s.index % 20), create)

    def documents(self, s: _Story, when: dt.datetime, kinds, **special) -> dt.datetime:
        """Documents received one after the other from `when` (`special`: kind → overrides)."""
        for number, kind in enumerate(kinds):
            at = when + dt.timedelta(minutes=3 * number)
            params: dict = {"holder": s.company["company_name"], "stamped": kind in DRAWING_KINDS}
            if kind == D.BUSINESS_LICENCE:
                params["reference"] = s.company["company_credit_code"]
            elif kind == D.RESPONSIBLE_ID:
                params.update(
                    reference=s.company["company_responsible_id_number"],
                    holder=s.company["company_responsible"],
                )
            elif kind in (D.QUALIFICATION, D.DESIGN_QUALIFICATION):
                params.update(
                    reference=f"D2110{s.index:05d}",
                    issued_on=self.day(700),
                    expires_on=self.day(-400 - 30 * s.index),
                )
            elif kind in app.GOVERNMENT_KINDS:
                params.update(reference=f"京审字〔{at.year}〕第{1000 + s.index}号", holder=s.owner.name)
            params.update(special.get(kind, {}))

            def add(kind=kind, params=params, at=at) -> None:
                app.document_add(
                    renovation=s.r, kind=kind, acting_user=self.user("cs_assistant"), at=at, **params
                )

            s.at(at, add)
        return when + dt.timedelta(minutes=3 * len(kinds))

    def complete_file(self, s: _Story, when: dt.datetime) -> dt.datetime:
        return self.documents(
            s, when, [*DRAWING_KINDS, D.BUSINESS_LICENCE, D.RESPONSIBLE_ID, D.QUALIFICATION]
        )

    def submit(self, s: _Story, when: dt.datetime) -> dt.datetime:
        return s.at(
            when, lambda: app.renovation_submit(renovation=s.r, acting_user=self.user("cs_assistant"))
        )

    def sign_head(self, s: _Story, when: dt.datetime) -> dt.datetime:
        return s.at(
            when,
            lambda: app.sign_off(
                renovation=s.r,
                stage=SignOffStage.APPROVAL,
                party=SignOffParty.CUSTOMER_SERVICE_HEAD,
                acting_user=self.user("cs_supervisor"),
                at=when,
            ),
        )

    def approve(self, s: _Story, when: dt.datetime, note: str = "") -> dt.datetime:
        def approve() -> None:
            s.renovation = app.renovation_approve(
                renovation=s.r, acting_user=self.user("engineering_lead"), note=note, at=when
            )

        return s.at(when, approve)

    def approved(self, s: _Story, applied: dt.date, *, late: bool = False, **flags) -> dt.datetime:
        """Applied on `applied` with the documents that morning, submitted three days later, the
        CS head signs, engineering approves the next working day (`late`: three working days later)."""
        self.apply(s, applied, planned_start=applied + dt.timedelta(days=12), **flags)
        when = self.complete_file(s, moment(applied, 10, 0))
        submitted = moment(self.workday(applied + dt.timedelta(days=3)), 10, 30)
        self.submit(s, max(submitted, when + dt.timedelta(minutes=5)))
        self.sign_head(s, submitted + dt.timedelta(hours=4))
        days = 3 if late else 1
        decided = workdays.add_working_days(submitted, days).replace(hour=16 if late else 9, minute=20)
        return self.approve(s, decided, note="图纸审核通过，按图施工" if not late else "资料齐全，同意装修")

    def prepare(
        self, s: _Story, day: dt.date, *, briefed: bool = True, company_signs: bool = False
    ) -> dt.datetime:
        """The owner confirms the approval and the agreement is signed; the rules are briefed."""
        fields = {"owner_confirmed_at": moment(day, 10, 0), "agreement_signed_at": moment(day, 10, 15)}
        if company_signs:
            fields.update(agreement_signer="company", commitment_delegates=True)
        else:
            fields.update(agreement_signer="owner")
        if briefed:
            fields["briefing_at"] = moment(day, 10, 40)
        # the government approval of each flagged kind of work, brought by the owner
        for work, kind in app.GOVERNMENT_APPROVAL_DOCUMENT.items():
            if s.flags.get(f"{work.value}_work"):
                self.documents(s, moment(day, 9, 30), [kind])
        at = max(v for v in fields.values() if isinstance(v, dt.datetime))
        return s.at(
            at,
            lambda: app.renovation_prepare(
                renovation=s.r, acting_user=self.user("cs_assistant"), briefed=False, **fields
            ),
        )

    def fees_and_workers(self, s: _Story, day: dt.date, workers: int = 3) -> dt.datetime:
        """The workers' passes, then the fees at the cashier (the passes are charged per worker)."""
        for number in range(workers):
            at = moment(day, 9, 10 + 4 * number)
            id_number, _born = self.faker.resident_id(born_from=1970, born_to=2000)
            person = {
                "name": self.faker.name(),
                "id_number": id_number,
                "mobile": self.faker.mobile(),
                "trade": TRADES[(s.index + number) % len(TRADES)],
            }

            def register(person=person, at=at) -> None:
                completion.worker_register(
                    renovation=s.r, acting_user=self.user("cs_assistant"), at=at, **person
                )

            s.at(at, register)
        at = moment(day, 9, 40)
        method = ("cash", "wechat", "pos")[s.index % 3]
        reference = {"cash": "", "wechat": f"4200{day:%Y%m%d}{s.unit.pk:016d}", "pos": f"POS{s.unit.pk:012d}"}

        def charge() -> None:
            s.renovation = fees.fees_charge(
                renovation=s.r,
                method=method,
                reference=reference[method],
                payer=s.owner.name,
                acting_user=self.user("cashier"),
                received_at=at,
                pay_fees=False,
            )
            self.counts["renovation deposits"] += 1
            # The fees paid at the window. (fees_charge's own `pay_fees` names every fee charge,
            # and billing refuses the payment when the unit's prepaid credit already settled one
            # of them: the open ones are paid here through billing instead.)
            open_fees = Charge.objects.filter(
                renovation_fee__renovation=s.r, allocated__lt=F("amount")
            ).values_list("pk", "amount", "allocated")
            if open_fees:
                payment_create(
                    unit=s.unit,
                    method=method,
                    amount=sum((amount - allocated for _pk, amount, allocated in open_fees), Decimal(0)),
                    idempotency_key=f"renovation:{s.r.pk}:fees",
                    acting_user=self.user("cashier"),
                    charge_ids=[pk for pk, _amount, _allocated in open_fees],
                    received_at=at,
                    reference=reference[method],
                    payer=s.owner.name,
                    note=f"装修费用 {s.r.number}",
                )

        return s.at(at, charge)

    def permit_and_start(self, s: _Story, permit_day: dt.date, start_day: dt.date) -> dt.datetime:
        s.at(
            moment(permit_day, 11, 0),
            lambda: completion.permit_issue(
                renovation=s.r, acting_user=self.user("cs_assistant"), at=moment(permit_day, 11, 0)
            ),
        )
        started = moment(start_day, 9, 0)

        def start() -> None:
            s.renovation = completion.renovation_start(
                renovation=s.r,
                acting_user=self.user("engineer"),
                water_reading=Decimal(10 + 7 * s.index),
                electricity_reading=Decimal(120 + 31 * s.index),
                gas_reading=Decimal(3 + s.index) if s.index % 2 else None,
                water_test_passed=True,
                inspected_with=s.company["company_responsible"],
                entry_note="墙地面、门窗、公共管线完好；户门已做成品保护",
                at=started,
            )

        return s.at(started, start)

    def on_site(self, s: _Story, start_day: dt.date, **flags) -> dt.date:
        """Applied twelve days before the work starts; approved, prepared, fees, permit, entry
        (a day later when holidays delayed the steps). Returns the day the work started."""
        applied = start_day - dt.timedelta(days=12)
        decided = self.approved(s, applied, **flags)
        prepared = self.workday(decided.date() + dt.timedelta(days=1))
        self.prepare(s, prepared)
        paid = max(prepared + dt.timedelta(days=1), start_day - dt.timedelta(days=1))
        self.fees_and_workers(s, paid)
        return self.permit_and_start(s, paid, max(start_day, paid + dt.timedelta(days=1))).date()

    # --- on site ------------------------------------------------------------------------------

    def patrols(self, s: _Story, start_day: dt.date, last_day: dt.date, *, gaps=(), notes=None) -> None:
        """Each department's round every day of the last week the unit was on site (`gaps`: the
        (days ago, department) rounds missed; `notes`: (days ago, department) → patrol fields)."""
        users = {
            Department.CUSTOMER_SERVICE: self.user("cs_assistant"),
            Department.ENGINEERING: self.user("engineer"),
            Department.SECURITY: self.user("security"),
        }
        first = max(start_day, self.day(PATROL_DAYS - 1))
        day = first
        while day <= last_day:
            ago = (self.today - day).days
            for department, ((hour, minute), orderly) in ROUNDS.items():
                if (ago, department) in gaps:
                    continue
                at = moment(day, hour, minute + 3 * (s.index % 6))
                fields = {
                    "findings": orderly,
                    "all_in_order": True,
                    **(notes or {}).get((ago, department), {}),
                }

                def record(department=department, at=at, fields=fields, day=day) -> None:
                    s.patrols[(day, department)] = supervision.patrol_record(
                        renovation=s.r, acting_user=users[department], department=department, at=at, **fields
                    )
                    self.counts["renovation patrols"] += 1

                if day > start_day or (hour, minute) > (9, 0):
                    s.at(at, record)
            day += dt.timedelta(days=1)

    def minor(
        self, s: _Story, when: dt.datetime, user: str, rule: str, description: str, action: str
    ) -> None:
        def record() -> None:
            supervision.violation_record(
                renovation=s.r,
                acting_user=self.user(user),
                severity=Severity.MINOR,
                rule=rule,
                description=description,
                action_taken=action,
                at=when,
            )
            self.counts["renovation violations"] += 1

        s.at(when, record)

    # --- the stories --------------------------------------------------------------------------

    def build(self) -> None:
        vacant, occupied = self.units()
        if len(vacant) < 18 or len(occupied) < 2:
            return
        picks = iter(vacant[:18])
        stories = self.stories

        def story(unit: Unit | None = None) -> _Story:
            made = _Story(self, unit or next(picks), len(stories))
            stories.append(made)
            return made

        self.drafts(story(), story())
        self.withdrawn(story())
        self.submitted_and_due(story())
        self.rejected(story())
        self.approved_late(story())
        for number, start in enumerate((58, 44, 36, 27, 21, 15, 10, 6, 3)):
            self.in_progress(
                story(occupied[number // 2] if number in (1, 3) else None), number, self.day(start)
            )
        self.completion_requested(story())
        self.accepted(
            story(), started=self.day(95), completed=self.day(27), failed=self.day(25), passed=self.day(22)
        )
        self.accepted(story(), started=self.day(160), completed=self.day(103), passed=self.day(100))
        self.refund_requested(story())
        self.closed(story())

    def drafts(self, first: _Story, second: _Story) -> None:
        """Two files still collecting documents: drawings missing or unstamped and the
        qualification expired; an agent without the power of attorney, the commitment unsigned."""
        applied = self.day(6)
        self.apply(first, applied, planned_start=self.day(-14))
        self.documents(
            first,
            moment(applied, 10, 0),
            [
                D.PLAN_DRAWING,
                D.CEILING_DRAWING,
                D.PIPELINE_DRAWING,
                D.LOW_VOLTAGE_DRAWING,
                D.BUSINESS_LICENCE,
            ],
            **{D.LOW_VOLTAGE_DRAWING: {"stamped": False, "note": "复印件，未加盖装修公司公章"}},
        )
        self.documents(
            first,
            moment(self.day(4), 15, 0),
            [D.RESPONSIBLE_ID, D.QUALIFICATION],
            **{D.QUALIFICATION: {"issued_on": self.day(1100), "expires_on": self.day(20)}},
        )
        applied = self.day(2)
        self.apply(second, applied, planned_start=self.day(-21), agent=True, commitment_signed=False)
        self.documents(second, moment(applied, 10, 0), [D.BUSINESS_LICENCE, D.PLAN_DRAWING])

    def withdrawn(self, s: _Story) -> None:
        applied = self.day(40)
        self.apply(s, applied, planned_start=self.day(30))
        self.documents(s, moment(applied, 10, 0), [D.PLAN_DRAWING, D.BUSINESS_LICENCE])
        s.at(
            moment(self.day(33), 15, 0),
            lambda: app.renovation_withdraw(
                renovation=s.r, reason="业主房屋拟出售，暂缓装修", acting_user=self.user("cs_assistant")
            ),
        )

    def submitted_and_due(self, s: _Story) -> None:
        """Submitted this morning (or, early in the day, the last working day's afternoon): the
        engineering decision is due one working day later; the CS head has signed."""
        before = self.day(1)
        while not workdays.is_workday(before):
            before -= dt.timedelta(days=1)
        options = [moment(self.today, 9, 30), moment(before, 15, 0)]
        submitted = next(at for at in options if at <= self.now - dt.timedelta(minutes=40))
        applied = submitted.date() - dt.timedelta(days=5)
        self.apply(s, applied, planned_start=self.day(-10))
        self.complete_file(s, moment(applied, 10, 0))
        self.submit(s, submitted)
        self.sign_head(s, submitted + dt.timedelta(minutes=30))

    def rejected(self, s: _Story) -> None:
        applied = self.day(14)
        self.apply(s, applied, planned_start=self.day(-3))
        self.complete_file(s, moment(applied, 10, 0))
        submitted = self.submit(s, moment(self.workday(self.day(11)), 10, 30))
        self.sign_head(s, submitted + dt.timedelta(hours=3))
        decided = workdays.add_working_days(submitted, 1).replace(hour=9, minute=50)
        s.at(
            decided,
            lambda: app.renovation_reject(
                renovation=s.r,
                reason="卫生间拆改涉及防水层，未附防水施工方案及闭水试验安排；请补充后重新提交",
                acting_user=self.user("engineering_lead"),
                at=decided,
            ),
        )

    def approved_late(self, s: _Story) -> None:
        """Approved three working days after the complete file (late); the company signed the
        agreement under the owner's commitment letter; fees paid; the briefing still to come."""
        decided = self.approved(s, self.day(18), late=True)
        prepared = self.workday(decided.date() + dt.timedelta(days=1))
        self.prepare(s, prepared, briefed=False, company_signs=True)
        self.fees_and_workers(s, prepared + dt.timedelta(days=1), workers=2)

    def in_progress(self, s: _Story, number: int, start: dt.date) -> None:
        flags = {"fire_work": True} if number == 5 else {"gas_work": True} if number == 6 else {}
        start = self.on_site(s, start, **flags)
        yesterday = self.day(1)
        gaps = {
            0: {(3, Department.ENGINEERING)},
            1: {(1, Department.SECURITY)},
            4: {(1, Department.SECURITY)},
            6: {(2, Department.CUSTOMER_SERVICE)},
        }.get(number, set())
        notes = {}
        if number == 1:  # hot work within its permit's window: in order
            gaps = {(2, Department.SECURITY)}
            notes[(1, Department.ENGINEERING)] = {
                "hot_work_seen": True,
                "findings": "阳台防盗网电焊作业，持动火证，看火人及灭火器在场",
            }
            issued = moment(self.day(2), 16, 0)
            s.at(
                issued,
                lambda: supervision.hot_work_permit_issue(
                    renovation=s.r,
                    acting_user=self.user("engineering_lead"),
                    work="阳台防盗网电焊",
                    location="南阳台",
                    starts_at=moment(yesterday, 8, 30),
                    ends_at=moment(self.today, 17, 30),
                    precautions="清理焊点周边可燃物；配备两具4kg干粉灭火器；专人看火；作业后留守30分钟",
                    fire_watch=s.company["company_responsible"],
                    operator=self.faker.name(),
                    operator_certificate="T110101198001010000",
                ),
            )
        if number == 2:  # hot work with no permit: a serious violation at once
            notes[(5, Department.SECURITY)] = {
                "hot_work_seen": True,
                "all_in_order": False,
                "findings": "客厅使用切割机、电焊机作业，未办理动火审批",
            }
        self.patrols(s, start, self.today, gaps=gaps, notes=notes)
        if number == 0:
            self.minor(
                s,
                moment(self.day(4), 9, 55),
                "cs_assistant",
                "装修垃圾须袋装并于当日清运",
                "楼道内堆放袋装水泥及散装垃圾",
                "当场责令清理，已清理完毕",
            )
        if number == 3:
            self.minor(
                s,
                moment(self.day(2), 12, 40),
                "engineer",
                "12:00–14:00 不得进行产生噪音的施工",
                "午休时间使用电锤开槽，邻居投诉",
                "口头警告，已停止作业",
            )
        if number == 2:
            self.serious_with_penalty_approved(s, self.day(5))
        if number == 4:
            self.serious_with_penalty_proposed(s, moment(yesterday, 14, 45))

    def serious_with_penalty_approved(self, s: _Story, day: dt.date) -> None:
        """The patrol's violation: owner phoned, then the company; both sign the notice; put
        right; a penalty under the agreement proposed by the CS head, approved by the manager."""
        assistant = self.user("cs_assistant")

        def violation() -> Violation:
            if "hot" not in s.violations:
                patrol = s.patrols[(day, Department.SECURITY)]
                s.violations["hot"] = Violation.objects.get(patrol=patrol)
                self.counts["renovation violations"] += 1
            return s.violations["hot"]

        steps = [
            (
                moment(day, 16, 40),
                lambda at: supervision.violation_phone(
                    violation=violation(),
                    party="owner",
                    acting_user=assistant,
                    at=at,
                    note="业主表示理解，要求施工方整改",
                ),
            ),
            (
                moment(day, 16, 55),
                lambda at: supervision.violation_phone(
                    violation=violation(), party="company", acting_user=assistant, at=at
                ),
            ),
            (
                moment(day + dt.timedelta(days=1), 10, 0),
                lambda at: supervision.violation_sign(
                    violation=violation(), party="owner", acting_user=assistant, at=at
                ),
            ),
            (
                moment(day + dt.timedelta(days=1), 10, 20),
                lambda at: supervision.violation_sign(
                    violation=violation(), party="company", acting_user=assistant, at=at
                ),
            ),
            (
                moment(day + dt.timedelta(days=1), 15, 0),
                lambda at: supervision.violation_rectified(
                    violation=violation(),
                    acting_user=self.user("security"),
                    at=at,
                    note="动火设备已撤出，补办动火审批前不得作业",
                ),
            ),
            (
                moment(day + dt.timedelta(days=1), 16, 0),
                lambda at: supervision.penalty_propose(
                    violation=violation(),
                    amount=Decimal("500.00"),
                    rule="《装修管理服务协议》第八条：未经审批擅自动火作业",
                    acting_user=self.user("cs_supervisor"),
                ),
            ),
            (
                moment(day + dt.timedelta(days=2), 9, 30),
                lambda at: supervision.penalty_decide(
                    violation=violation(),
                    approve=True,
                    acting_user=self.user("project_manager"),
                    comment="同意，退押金时扣除",
                ),
            ),
        ]
        for at, step in steps:
            s.at(at, lambda step=step, at=at: step(at))

    def serious_with_penalty_proposed(self, s: _Story, when: dt.datetime) -> None:
        """Found by engineering yesterday: a rectification notice, the owner phoned, a penalty
        proposed and waiting for the project manager."""

        def record() -> None:
            s.violations["wall"] = supervision.violation_record(
                renovation=s.r,
                acting_user=self.user("engineer"),
                severity=Severity.SERIOUS,
                rule="《装修管理服务协议》第五条：不得损坏房屋承重结构",
                description="卫生间剪力墙开槽深度超过 3 cm，露出钢筋",
                rectify_by=self.day(-3),
                at=when,
            )
            self.counts["renovation violations"] += 1

        s.at(when, record)
        phoned = when + dt.timedelta(minutes=40)
        s.at(
            phoned,
            lambda: supervision.violation_phone(
                violation=s.violations["wall"],
                party="owner",
                acting_user=self.user("cs_assistant"),
                at=phoned,
                note="业主今晚到现场查看",
            ),
        )
        s.at(
            when + dt.timedelta(hours=1, minutes=30),
            lambda: supervision.penalty_propose(
                violation=s.violations["wall"],
                amount=Decimal("2000.00"),
                rule="《装修管理服务协议》第五条、第十一条：损坏承重结构的违约金",
                acting_user=self.user("engineer"),
            ),
        )

    def completion_requested(self, s: _Story) -> None:
        start = self.on_site(s, self.day(70))
        self.patrols(s, start, self.today, gaps={(3, Department.ENGINEERING)})
        requested = moment(self.day(1), 10, 0)
        agreed = moment(self.workday(self.today + dt.timedelta(days=1)), 10, 0)
        s.at(
            requested,
            lambda: completion.renovation_complete(
                renovation=s.r, acting_user=self.user("cs_assistant"), agreed_at=agreed, at=requested
            ),
        )

    def accepted(
        self,
        s: _Story,
        *,
        started: dt.date,
        completed: dt.date,
        passed: dt.date,
        failed: dt.date | None = None,
    ) -> None:
        """Completion requested, inspected by engineering and security (`failed`: a first
        inspection that did not pass), accepted: the unit back to its status before the work."""
        self.on_site(s, started)
        requested = moment(completed, 10, 0)
        s.at(
            requested,
            lambda: completion.renovation_complete(
                renovation=s.r,
                acting_user=self.user("cs_assistant"),
                agreed_at=moment(failed or passed, 10, 0),
                at=requested,
            ),
        )
        for day, ok in ((failed, False), (passed, True)):
            if day is None:
                continue
            at = moment(day, 10, 0)

            def inspect(at=at, ok=ok) -> None:
                completion.renovation_accept(
                    renovation=s.r,
                    acting_user=self.user("engineer"),
                    engineering_inspector=self.user("engineer"),
                    security_inspector=self.user("security"),
                    passed=ok,
                    failures="" if ok else "厨房烟道接口未封堵；阳台地漏被水泥堵塞，须清理后复验",
                    at=at,
                )

            s.at(at, inspect)

    def refund_signatures(self, s: _Story, day: dt.date, *, centre_head: bool) -> dt.datetime:
        parties = [
            (SignOffParty.CUSTOMER_SERVICE, "cs_assistant", ""),
            (SignOffParty.ENGINEERING, "engineer", ""),
            (SignOffParty.SECURITY, "security", ""),
            (SignOffParty.OWNER, "cs_assistant", s.owner.name),
            (SignOffParty.COMPANY, "cs_assistant", s.company["company_responsible"]),
        ]
        if centre_head:
            parties.append((SignOffParty.CENTRE_HEAD, "project_manager", ""))
        at = moment(day, 14, 0)
        for number, (party, username, name) in enumerate(parties):
            at = moment(day + dt.timedelta(days=number // 3), 14, 20 * (number % 3))

            def sign(party=party, username=username, name=name, at=at) -> None:
                app.sign_off(
                    renovation=s.r,
                    stage=SignOffStage.REFUND,
                    party=party,
                    acting_user=self.user(username),
                    signer_name=name,
                    at=at,
                )

            s.at(at, sign)
        return at

    def refund_requested(self, s: _Story) -> None:
        """Accepted four months ago; the refund prepared three days ago, signed by all but the
        head of the centre: waiting for the project manager."""
        self.accepted(s, started=self.day(185), completed=self.day(130), passed=self.day(127))
        prepared = moment(self.day(3), 10, 0)
        s.at(
            prepared,
            lambda: completion.renovation_refund_prepare(
                renovation=s.r, acting_user=self.user("cs_assistant"), comment="三个月期满，业主申请退还押金"
            ),
        )
        self.refund_signatures(s, self.day(3), centre_head=False)

    def closed(self, s: _Story) -> None:
        """Accepted five months ago; the refund prepared with a deduction for the damaged
        corridor wall, signed by every party, approved by the project manager: closed."""
        self.accepted(s, started=self.day(215), completed=self.day(160), passed=self.day(157))
        prepared = moment(self.day(45), 10, 0)
        s.at(
            prepared,
            lambda: completion.renovation_refund_prepare(
                renovation=s.r,
                acting_user=self.user("cs_assistant"),
                damages=[{"reason": "搬运材料损坏公共走廊墙面，修复费用", "amount": "300.00"}],
                comment="三个月期满，扣除公共走廊墙面修复费",
            ),
        )
        signed = self.refund_signatures(s, self.day(45), centre_head=True)
        decided = signed + dt.timedelta(days=1)

        def decide() -> None:
            completion.renovation_refund_decide(
                renovation=s.r, approve=True, acting_user=self.user("project_manager"), comment="同意退还"
            )
            self.counts["renovation deposit refunds"] += 1

        s.at(decided, decide)

    # --- running them -------------------------------------------------------------------------

    def run(self) -> None:
        events = sorted(
            (
                (when, story.index, order, action)
                for story in self.stories
                for order, (when, action) in enumerate(story.events)
            ),
            key=lambda e: e[:3],
        )
        recent = self.now - dt.timedelta(days=1)
        for when, _index, _order, action in events:
            with frozen(when), quiet() if when < recent else nullcontext():
                action()


def load_renovations(project: Project, *, staff: dict, today: dt.date | None = None) -> Counter:
    """The residential project's renovations (see the module docstring); returns what was created."""
    if Renovation.objects.filter(project=project).exists():
        return Counter()
    codes = set(FEE_ITEM_CODES.values())
    if set(FeeItem.objects.filter(project=project, code__in=codes).values_list("code", flat=True)) != codes:
        return Counter()
    demo = _Demo(project, staff, today or timezone.localdate())
    demo.build()
    demo.run()
    # this morning's jobs: deposits that became refundable, yesterday's patrol gaps to the heads
    completion.refundable_sweep(today=demo.today)
    supervision.patrol_gaps_digest(day=demo.today - dt.timedelta(days=1))
    return demo.counts
