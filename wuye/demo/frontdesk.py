"""Front-desk demo (seed 000 §4, §14; seed 001, 003; spec 05): a day at the desk of each project and
the week before it, written through the front-desk services with the event time of each step.

Residential project: visitors of today (three still inside) and yesterday; important mail received,
the recipient told and collected against a signature (once by a family member with an ID check), a
few pieces waiting from earlier days and one returned to the sender; ordinary mail logged every
day; newspaper and magazine subscriptions; stored items (one picked up, one overdue with the
customer phoned, the daily checks); lendable umbrellas, a trolley and a toolbox with their loans
(one overdue, one returned damaged and charged at its original price through billing, one lost by
a visitor and paid on the spot); the shift log with hand-overs acknowledged and the last one
waiting; release passes in every state — used (the tenant leaving today moves out, a unit's third
temporary pass in a week is flagged), issued and valid today, expired unused, cancelled, and one
being prepared that waits for the owner, who could not be reached.

Office tower: visitors, companies' mail, a company employee's pass released today and the
hand-overs. The office demo has no security guard of its own: the security lead keeps the gate.

Everything runs in time order with the clock set to each step's moment (`clock.frozen`); what
happened more than a day ago alerts nobody (`clock.quiet`). Today's plan (07:00–18:30) is squeezed
into the part of the day already gone when the demo is loaded earlier, so the day at the desk is
there at any hour. Skipped for a project that already has front-desk records.
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

from wuye.billing.models import Charge
from wuye.billing.services.payments import payment_create
from wuye.core.fakes import UniqueFaker
from wuye.demo.clock import frozen, moment, quiet
from wuye.estate.choices import IdType
from wuye.estate.choices import OccupancyStatus as U
from wuye.estate.models import Lease, Ownership, Project, Unit
from wuye.frontdesk.choices import (
    CarrierKind,
    ConsentAnswer,
    HostConfirmation,
    MailKind,
    MailStatus,
    PassKind,
    PassStatus,
    ReturnOutcome,
    ShiftEntryKind,
    StorageCategory,
    StorageStatus,
    SubscriptionKind,
)
from wuye.frontdesk.models import (
    LendableItem,
    Loan,
    MailItem,
    ReleasePass,
    ShiftHandover,
    StoredItem,
    Visitor,
)
from wuye.frontdesk.selectors_passes import settlement_outstanding
from wuye.frontdesk.selectors_storage_lending import stored_now
from wuye.frontdesk.services import passes, shift_custody, storage_lending, visitors_mail
from wuye.occupancy.models import TenantExit

#: the `owner` and `tenant` logins' homes: their parcel waits at the desk
OWNER_HOME, TENANT_HOME = "1-1-1201", "1-2-802"
#: today's plan runs from the desk's opening to the evening hand-over
LAST_PLANNED = (18, 30)
COURIERS = ("顺丰速运", "京东物流", "中通快递", "圆通速递", "EMS", "韵达快递")
PURPOSES = ("探亲访友", "送货上门", "家政服务", "上门维修", "朋友聚会", "看望老人")
OFFICE_PURPOSES = ("商务洽谈", "面试", "送文件", "设备维护", "会议")
#: lendable items: code, name, original price
LENDABLES = (
    ("YS-01", "便民雨伞", "35.00"),
    ("YS-02", "便民雨伞", "35.00"),
    ("YS-03", "便民雨伞", "35.00"),
    ("YS-04", "便民雨伞", "35.00"),
    ("YS-05", "便民雨伞", "35.00"),
    ("YS-06", "便民雨伞", "35.00"),
    ("TC-01", "折叠手推车", "280.00"),
    ("GJ-01", "家用工具箱", "150.00"),
    ("DQ-01", "打气筒", "60.00"),
)
SUBSCRIPTIONS = (
    (SubscriptionKind.NEWSPAPER, "人民日报"),
    (SubscriptionKind.NEWSPAPER, "成都商报"),
    (SubscriptionKind.NEWSPAPER, "华西都市报"),
    (SubscriptionKind.MAGAZINE, "读者"),
    (SubscriptionKind.MAGAZINE, "中国国家地理"),
    (SubscriptionKind.MAGAZINE, "三联生活周刊"),
)


class Timeline:
    """Steps (moment, action) run in time order, each with the clock at its moment; a step planned
    later than now is not entered. Shared with the notices demo."""

    def __init__(self, today: dt.date):
        self.today = today
        self.now = timezone.now()
        self.events: list[tuple[dt.datetime, int, Callable[[], None]]] = []

    def at(self, when: dt.datetime, action: Callable[[], None]) -> dt.datetime:
        if when < self.now:
            self.events.append((when, len(self.events), action))
        return when

    def day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def on(self, days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
        """A moment `days_ago` days back; today's are squeezed (`today_at`)."""
        if days_ago == 0:
            return self.today_at(hour, minute)
        return moment(self.day(days_ago), hour, minute)

    def today_at(self, hour: int, minute: int = 0) -> dt.datetime:
        """Today's planned moment. When the demo is loaded before the end of the plan
        (LAST_PLANNED), the rest of the plan is squeezed into the time already gone, in order:
        moments up to a knee keep their time, the ones after it (to the plan's end) are spread
        between the knee and now. Early in the morning the knee is midnight."""
        planned = moment(self.today, hour, minute)
        midnight = moment(self.today, 0, 0)
        end = moment(self.today, *LAST_PLANNED)
        latest = max(self.now - dt.timedelta(minutes=2), midnight)
        if latest >= end or self.today != timezone.localdate(self.now):
            return planned
        knee = max(midnight, latest - (end - latest))
        if planned <= knee:
            return planned
        at = knee + (latest - knee) * ((planned - knee) / (end - knee))
        return at.replace(second=0, microsecond=0) if latest - knee > dt.timedelta(hours=2) else at

    def after(self, when: dt.datetime, minutes: int) -> dt.datetime:
        """`minutes` after `when`, but not later than just now (a follow-up of today's last step)."""
        return max(when, min(when + dt.timedelta(minutes=minutes), self.now - dt.timedelta(minutes=1)))

    def run(self) -> None:
        recent = self.now - dt.timedelta(days=1)
        for when, _order, action in sorted(self.events, key=lambda e: e[:2]):
            with frozen(when), quiet() if when < recent else nullcontext():
                action()


class _Desk:
    def __init__(self, project: Project, team: dict, today: dt.date, seed: int):
        self.project, self.team = project, team
        self.t = Timeline(today)
        self.rng = random.Random(seed)
        self.faker = UniqueFaker(seed)
        self.counts: Counter[str] = Counter()
        self.office = not team.get("residential", True)

    # --- people ---------------------------------------------------------------------------------

    def person(self) -> dict:
        id_number, _born = self.faker.resident_id(born_from=1960, born_to=2002)
        return {"name": self.faker.name(), "id_number": id_number, "mobile": self.faker.mobile()}

    def homes(self) -> list[tuple[Unit, str, str]]:
        """(unit, resident's name, mobile) of the lived-in or used units, in code order: the owner
        of an owner-occupied unit or office, the tenant of a rented one."""
        units = {
            u.pk: u
            for u in Unit.objects.filter(
                project=self.project, status__in=[U.OWNER_OCCUPIED, U.RENTED, U.OFFICE]
            ).order_by("code")
        }
        names: dict[int, tuple[str, str]] = {}
        for lease in Lease.objects.active().filter(unit_id__in=units).select_related("tenant").order_by("id"):
            names.setdefault(lease.unit_id, (lease.tenant.name, lease.tenant.mobile))
        for link in (
            Ownership.objects.active().filter(unit_id__in=units).select_related("owner").order_by("id")
        ):
            names.setdefault(link.unit_id, (link.owner.name, link.owner.mobile))
        return [(units[pk], *names[pk]) for pk in sorted(units, key=lambda pk: units[pk].code) if pk in names]

    # --- visitors -------------------------------------------------------------------------------

    def visitors(self, homes) -> None:
        desk, gate = self.team["desk"], self.team["gate"]
        purposes = OFFICE_PURPOSES if self.office else PURPOSES
        # (days ago, in, out or None): yesterday's all left; three of today's are still inside
        plan = [
            (1, (9, 5), (10, 40)),
            (1, (10, 20), (11, 5)),
            (1, (14, 30), (16, 10)),
            (1, (16, 45), (18, 20)),
            (1, (19, 10), (21, 35)),
            (0, (8, 40), (9, 30)),
            (0, (9, 15), (11, 50)),
            (0, (10, 30), (10, 55)),
            (0, (13, 20), (15, 5)),
            (0, (14, 10), None),
            (0, (15, 40), None),
            (0, (17, 20), None),
        ]
        for number, (ago, in_hm, out_hm) in enumerate(plan):
            unit, host, _mobile = homes[(7 * number + 3) % len(homes)]
            person = self.person()
            in_at = self.t.on(ago, *in_hm)
            holder: dict = {}
            fields = {
                "project": self.project,
                "name": person["name"],
                "id_type": IdType.RESIDENT_ID,
                "id_number": person["id_number"],
                "mobile": person["mobile"],
                "people": 1 + number % 3 // 2,
                "host_unit": unit,
                "host_name": host,
                "host_confirmation": (HostConfirmation.PHONE, HostConfirmation.INTERCOM)[number % 2],
                "host_confirmed_at": in_at - dt.timedelta(minutes=2),
                "purpose": purposes[number % len(purposes)],
                "plate": f"川A{self.rng.randint(10000, 99999)}" if number % 4 == 1 else "",
                "in_at": in_at,
            }

            def register(fields=fields, holder=holder, by=desk if number % 3 else gate) -> None:
                holder["visitor"] = visitors_mail.visitor_register(acting_user=by, **fields)
                self.counts["visitors"] += 1

            self.t.at(in_at, register)
            if out_hm is not None:
                out_at = self.t.on(ago, *out_hm)
                self.t.at(
                    out_at,
                    lambda holder=holder, out_at=out_at: visitors_mail.visitor_leave(
                        visitor=holder["visitor"], acting_user=gate, at=out_at
                    ),
                )

    # --- mail -----------------------------------------------------------------------------------

    def mail(self, homes) -> None:
        desk = self.team["desk"]
        by_code = {unit.code: (unit, name) for unit, name, _m in homes}
        kinds = (MailKind.PARCEL, MailKind.EXPRESS, MailKind.REGISTERED, MailKind.PARCEL, MailKind.REMITTANCE)
        # (days ago, received, told, collected or None, collected by someone else, returned)
        plan: list[tuple] = []
        for ago in range(6, 0, -1):  # the week's mail: collected the same or the next day
            plan += [(ago, (9, 30), (9, 40), (ago - 1 if ago > 1 else 1, (18, 10)), False, None)]
            plan += [(ago, (14, 15), (14, 20), (ago, (17, 45)), ago % 3 == 0, None)]
        plan += [
            (12, (10, 0), (10, 10), None, False, (5, (10, 0))),  # never collected: back to the courier
            (5, (11, 0), (11, 5), None, False, None),  # told, still waiting
            (3, (15, 30), (15, 40), None, False, None),
            (1, (16, 0), (16, 5), None, False, None),
            (0, (9, 20), (9, 25), (0, (12, 30)), False, None),
            (0, (10, 5), (10, 10), (0, (16, 40)), True, None),
            (0, (11, 40), (11, 45), None, False, None),
            (0, (14, 50), None, None, False, None),  # just in: the recipient not told yet
        ]
        waiting_for_logins = [] if self.office else [OWNER_HOME, TENANT_HOME]
        for number, (ago, received, told, collected, other, returned) in enumerate(plan):
            code = None
            if ago == 0 and collected is None and waiting_for_logins:
                code = waiting_for_logins.pop(0)
            unit, recipient = by_code.get(code) or homes[(11 * number + 5) % len(homes)][:2]
            received_at = self.t.on(ago, *received)
            holder: dict = {}
            fields = {
                "project": self.project,
                "kind": kinds[number % len(kinds)],
                "unit": unit,
                "recipient": recipient,
                "sender": COURIERS[number % len(COURIERS)],
                "tracking_number": f"{self.rng.randint(10**11, 10**12 - 1)}",
                "pieces": 1 + (number % 7 == 3),
                "received_at": received_at,
            }

            def receive(fields=fields, holder=holder) -> None:
                holder["item"] = visitors_mail.mail_receive(acting_user=desk, **fields)
                self.counts["mail items"] += 1

            self.t.at(received_at, receive)
            if told is not None:
                told_at = self.t.on(ago, *told)
                how = "短信通知" if self.office else ("电话通知本人", "短信通知", "微信通知")[number % 3]
                self.t.at(
                    told_at,
                    lambda holder=holder, told_at=told_at, how=how: visitors_mail.mail_notify(
                        item=holder["item"], how=how, acting_user=desk, at=told_at
                    ),
                )
            if collected is not None:
                collected_at = self.t.on(collected[0], *collected[1])
                params: dict = {"collector_name": recipient, "collector_is_recipient": True}
                if other:
                    person = self.person()
                    params = {
                        "collector_name": person["name"],
                        "collector_is_recipient": False,
                        "collector_id_type": IdType.RESIDENT_ID,
                        "collector_id_number": person["id_number"],
                        "note": "家属代领，已核对身份证",
                    }
                self.t.at(
                    collected_at,
                    lambda holder=holder, params=params, at=collected_at: visitors_mail.mail_collect(
                        item=holder["item"], signed=True, acting_user=desk, at=at, **params
                    ),
                )
            if returned is not None:
                returned_at = self.t.on(returned[0], *returned[1])
                self.t.at(
                    returned_at,
                    lambda holder=holder, at=returned_at: visitors_mail.mail_return(
                        item=holder["item"],
                        reason="超过7天无人领取，多次电话未接通，退回快递公司",
                        acting_user=desk,
                        at=at,
                    ),
                )
        # mail for the management office: collected by the supervisor (or the desk itself)
        at = self.t.on(0, 10, 50)
        office_reader = self.team["supervisor"]

        letter: dict = {}

        def management() -> None:
            letter["item"] = visitors_mail.mail_receive(
                project=self.project,
                kind=MailKind.REGISTERED,
                for_management=True,
                sender="税务局（挂号信）",
                acting_user=desk,
                received_at=at,
            )
            self.counts["mail items"] += 1

        collected = self.t.on(0, 11, 30)
        self.t.at(at, management)
        self.t.at(
            collected,
            lambda: visitors_mail.mail_collect(
                item=letter["item"],
                collector_name=str(office_reader),
                collector_is_recipient=False,
                collector_id_type=IdType.OTHER,
                collector_id_number=f"工号{office_reader.pk:04d}",
                signed=True,
                acting_user=desk,
                at=collected,
            ),
        )

    def ordinary_mail(self, homes) -> None:
        butler = self.team["desk"]
        for ago in range(7, 0, -1):
            day = self.t.day(ago)
            units = [homes[(ago * 13 + i * 17) % len(homes)][0] for i in range(4)]
            count = self.rng.randint(18, 60)

            def log(day=day, units=units, count=count) -> None:
                visitors_mail.ordinary_mail_log(
                    project=self.project,
                    day=day,
                    count=count,
                    units=list(dict.fromkeys(units)),
                    note="平信、账单及广告宣传品，已投入信报箱",
                    acting_user=butler,
                )
                self.counts["ordinary mail logs"] += 1

            self.t.at(moment(day, 15, 30), log)

    def subscriptions(self, homes) -> None:
        desk = self.team["desk"]
        start = self.t.day(200).replace(day=1)
        for number in range(12):
            unit = homes[(number * 19 + 2) % len(homes)][0]
            kind, title = SUBSCRIPTIONS[number % len(SUBSCRIPTIONS)]
            ends = None if number % 4 else dt.date(self.t.today.year, 12, 31)

            def register(unit=unit, kind=kind, title=title, ends=ends, number=number) -> None:
                visitors_mail.subscription_register(
                    project=self.project,
                    unit=unit,
                    kind=kind,
                    title=title,
                    copies=1 + (number == 5),
                    starts_on=start,
                    ends_on=ends,
                    acting_user=desk,
                )
                self.counts["subscriptions"] += 1

            self.t.at(moment(start, 10, 0) + dt.timedelta(minutes=number), register)

    # --- storage --------------------------------------------------------------------------------

    def storage(self, homes) -> None:
        desk = self.team["desk"]
        (u1, n1, m1), (u2, n2, m2), (u3, n3, m3), (u4, n4, m4) = (
            homes[(k * 23 + 9) % len(homes)] for k in range(4)
        )
        friend = self.person()
        # (depositor, unit, mobile, category, item, qty, condition, left, expected pick-up, picked up)
        plan = [
            (n1, u1, m1, StorageCategory.DOCUMENTS, "牛皮纸文件袋（合同复印件）", 1, "封口完好", (4, 9, 10), (3, 18, 0), (3, 10, 20), n1),
            (n2, u2, m2, StorageCategory.LUGGAGE, "黑色行李箱", 1, "外观完好，已上锁", (5, 8, 30), (3, 18, 0), None, None),
            (n3, u3, m3, StorageCategory.CLOTHING, "干洗衣物一袋", 1, "包装完好", (1, 17, 40), (-1, 10, 0), None, None),
            (n4, u4, m4, StorageCategory.KEYS, "转交朋友的钥匙一串（装信封）", 1, "信封已封口签名", (0, 8, 50), (0, 20, 0), (0, 11, 20), friend["name"]),
            (n2, u2, m2, StorageCategory.PARCEL, "纸箱一个（约10公斤）", 1, "纸箱完好，胶带封口", (0, 9, 40), (-1, 12, 0), None, None),
        ]  # fmt: skip
        for number, (
            who,
            unit,
            mobile,
            category,
            what,
            qty,
            condition,
            left,
            due,
            picked,
            picker,
        ) in enumerate(plan):
            left_at = self.t.on(*left)
            due_at = moment(self.t.day(due[0]), due[1], due[2])
            holder: dict = {}

            def deposit(holder=holder, who=who, unit=unit, mobile=mobile, category=category, what=what,
                        qty=qty, condition=condition, left_at=left_at, due_at=due_at) -> None:  # fmt: skip
                holder["item"] = storage_lending.storage_deposit(
                    project=self.project,
                    depositor=who,
                    depositor_mobile=mobile,
                    unit=unit,
                    category=category,
                    description=what,
                    quantity=qty,
                    condition=condition,
                    expected_pickup_at=due_at,
                    acting_user=desk,
                    at=left_at,
                )
                self.counts["stored items"] += 1

            self.t.at(left_at, deposit)
            if picked is not None:
                picked_at = self.t.on(*picked)
                id_number = friend["id_number"] if picker != who else self.person()["id_number"]

                def pick_up(holder=holder, picker=picker, what=what, left_at=left_at, at=picked_at,
                            id_number=id_number) -> None:  # fmt: skip
                    storage_lending.storage_pickup(
                        item=holder["item"],
                        picker_name=picker,
                        stated_item=what[:4],
                        stated_deposited_on=timezone.localtime(left_at).date(),
                        id_type=IdType.RESIDENT_ID,
                        id_number=id_number,
                        condition_at_pickup="与寄存时一致",
                        condition_checked=True,
                        acting_user=desk,
                        at=at,
                    )

                self.t.at(picked_at, pick_up)
            if number == 1:  # the suitcase: overdue, the owner phoned
                contacted = self.t.on(2, 10, 15)
                self.t.at(
                    contacted,
                    lambda holder=holder, at=contacted: storage_lending.storage_contacted(
                        item=holder["item"],
                        note="电话联系业主，称出差延后，周末来取",
                        acting_user=desk,
                        at=at,
                    ),
                )
        # the evening check of every past day: what is on the shelf is what the register says
        for ago in range(6, 0, -1):
            at = moment(self.t.day(ago), 21, 30)

            def check(at=at) -> None:
                storage_lending.storage_check_record(
                    project=self.project,
                    items_found=stored_now(self.project.pk, at=at).count(),
                    acting_user=desk,
                    at=at,
                )
                self.counts["storage checks"] += 1

            self.t.at(at, check)

    # --- lending --------------------------------------------------------------------------------

    def lending(self, homes) -> None:
        desk, cashier = self.team["desk"], self.team["cashier"]
        items: dict[str, LendableItem] = {}
        registered = moment(self.t.day(120), 9, 0)

        def register() -> None:
            for code, name, price in LENDABLES:
                items[code] = storage_lending.lendable_item_register(
                    project=self.project,
                    code=code,
                    name=name,
                    original_price=Decimal(price),
                    condition="全新",
                    acting_user=desk,
                )
                self.counts["lendable items"] += 1

        self.t.at(registered, register)
        visitor = self.person()
        # (code, unit index or None, lent, due, returned, outcome, condition in)
        plan = [
            ("YS-01", 1, (8, 8, 20), (7, 18, 0), (7, 9, 10), ReturnOutcome.GOOD, "完好"),
            ("YS-05", None, (6, 17, 30), (5, 12, 0), (5, 11, 0), ReturnOutcome.LOST, ""),
            (
                "GJ-01",
                2,
                (3, 10, 0),
                (2, 18, 0),
                (2, 16, 30),
                ReturnOutcome.DAMAGED,
                "电钻无法启动，缺两把螺丝刀",
            ),
            ("TC-01", 3, (1, 10, 0), (1, 12, 0), None, None, ""),  # overdue since yesterday noon
            ("YS-04", 4, (0, 8, 10), (0, 20, 0), (0, 12, 40), ReturnOutcome.GOOD, "完好，已晾干"),
            ("YS-02", 5, (0, 9, 50), (-1, 18, 0), None, None, ""),
            ("YS-03", 6, (0, 16, 20), (-1, 18, 0), None, None, ""),
        ]
        for code, home, lent, due, back, outcome, condition_in in plan:
            unit, name, mobile = homes[(home * 29 + 1) % len(homes)] if home is not None else (None, "", "")
            if unit is None:
                name, mobile = f"访客{visitor['name']}", visitor["mobile"]
            lent_at = self.t.on(*lent)
            due_at = moment(self.t.day(due[0]), due[1], due[2])
            holder: dict = {}

            def lend(code=code, unit=unit, name=name, mobile=mobile, lent_at=lent_at, due_at=due_at,
                     holder=holder) -> None:  # fmt: skip
                holder["loan"] = storage_lending.loan_lend(
                    item=items[code],
                    borrower=name,
                    borrower_mobile=mobile,
                    unit=unit,
                    condition_out="完好" if code != "TC-01" else "完好，轮子灵活",
                    due_back_at=due_at,
                    acting_user=desk,
                    at=lent_at,
                )
                self.counts["loans"] += 1

            self.t.at(lent_at, lend)
            if back is None:
                continue
            back_at = self.t.on(*back)

            def give_back(holder=holder, outcome=outcome, condition_in=condition_in, at=back_at) -> None:
                holder["loan"] = storage_lending.loan_return(
                    loan=holder["loan"], outcome=outcome, condition_in=condition_in, acting_user=desk, at=at
                )
                if holder["loan"].charge_id or holder["loan"].walk_in_payment_id:
                    self.counts["lending compensations"] += 1

            def pay(holder=holder) -> None:
                """Charged to the unit: the borrower pays at the cashier's window."""
                loan = holder["loan"]
                charge = Charge.objects.filter(pk=loan.charge_id, allocated__lt=F("amount")).first()
                if charge is not None:
                    payment_create(
                        unit=loan.unit,
                        method="cash",
                        amount=charge.amount - charge.allocated,
                        idempotency_key=f"demo-frontdesk-loan:{loan.pk}",
                        acting_user=cashier,
                        charge_ids=[charge.pk],
                        payer=loan.borrower,
                        note=f"借用物品赔偿 {loan.item.code}",
                    )

            self.t.at(back_at, give_back)
            if outcome == ReturnOutcome.DAMAGED:
                self.t.at(self.t.after(back_at, 20), pay)
        replaced = self.t.on(4, 9, 30)
        self.t.at(
            replaced,
            lambda: storage_lending.item_replaced(
                item=items["YS-05"], acting_user=desk, condition="新购，全新"
            ),
        )
        retired = self.t.on(30, 9, 0)
        self.t.at(
            retired,
            lambda: storage_lending.item_retire(
                item=items["YS-06"], acting_user=desk, reason="伞骨折断，无法修复"
            ),
        )

    # --- the shift log --------------------------------------------------------------------------

    def shift_log(self, homes) -> None:
        desk, gate = self.team["desk"], self.team["gate"]
        (u1, n1, m1), (u2, n2, m2) = homes[4], homes[len(homes) // 2]
        entries = [
            # (written, kind, text, unit, from, contact, closed, outcome)
            ((2, 11, 0), ShiftEntryKind.MESSAGE, "业主来电：明天上午有冰箱送货，请门岗放行并通知业主", u1, n1, m1,
             (1, 10, 30), "送货已到，门岗放行，已电话告知业主"),
            ((1, 15, 20), ShiftEntryKind.OPEN_POINT, "2号楼电梯按钮失灵，已报工程部，跟进维修进度", None, "", "",
             None, ""),
            ((0, 9, 35), ShiftEntryKind.MESSAGE, "业主留言：周三有家具送货，请提前通知门岗", u2, n2, m2, None, ""),
            ((0, 11, 10), ShiftEntryKind.NOTE, "消防通道有电动车停放，已联系车主挪走", None, "", "",
             (0, 11, 50), "车主已挪走，通道畅通"),
        ]  # fmt: skip
        for written, kind, text, unit, who, contact, closed, outcome in entries:
            at = self.t.on(*written)
            holder: dict = {}

            def write(
                holder=holder, kind=kind, text=text, unit=unit, who=who, contact=contact, at=at
            ) -> None:
                holder["entry"] = shift_custody.shift_entry_write(
                    project=self.project,
                    kind=kind,
                    text=text,
                    unit=unit,
                    from_name=who,
                    contact=contact,
                    acting_user=desk,
                    at=at,
                )
                self.counts["shift log entries"] += 1

            self.t.at(at, write)
            if closed is not None:
                closed_at = self.t.on(*closed)
                self.t.at(
                    closed_at,
                    lambda holder=holder, outcome=outcome, at=closed_at: shift_custody.shift_entry_close(
                        entry=holder["entry"], outcome=outcome, acting_user=desk, at=at
                    ),
                )
        # day shift (the desk) → night shift (the gate) at 19:00, back at 07:30; the last hand-over
        # of today waits for the night shift
        handovers = []
        for ago in range(3, 0, -1):
            handovers.append((ago, (19, 0), "白班", desk, gate, "白班工作正常，未完事项见留言记录"))
            handovers.append((ago - 1, (7, 30), "夜班", gate, desk, "夜间巡查正常，无异常情况"))
        handovers.append(
            (
                0,
                (LAST_PLANNED[0], LAST_PLANNED[1] - 5),
                "白班",
                desk,
                None,
                "今日来访、邮件已登记，手推车未归还",
            )
        )
        for ago, hm, shift, by, taker, summary in handovers:
            at = self.t.on(ago, *hm)
            holder = {}

            def hand(holder=holder, shift=shift, by=by, summary=summary, at=at) -> None:
                holder["handover"] = shift_custody.shift_handover(
                    project=self.project, shift=shift, summary=summary, acting_user=by, at=at
                )
                self.counts["shift hand-overs"] += 1

            self.t.at(at, hand)
            if taker is not None:
                ack = self.t.after(at, 10)
                self.t.at(
                    ack,
                    lambda holder=holder, taker=taker, ack=ack: shift_custody.shift_acknowledge(
                        handover=holder["handover"], acting_user=taker, at=ack
                    ),
                )

    # --- release passes -------------------------------------------------------------------------

    def release_pass(
        self,
        *,
        created: dt.datetime,
        unit: Unit,
        kind: str,
        carrier_kind: str,
        carrier_name: str,
        items: list[dict],
        reason: str,
        consent: tuple | None = None,
        issued: dt.datetime | None = None,
        released: dt.datetime | None = None,
        cancelled: tuple | None = None,
        company: str = "",
    ) -> None:
        desk, gate = self.team["desk"], self.team["gate"]
        carrier = self.person()
        holder: dict = {}

        def create() -> None:
            holder["pass"] = passes.pass_create(
                unit=unit,
                kind=kind,
                carrier_kind=carrier_kind,
                carrier_name=carrier_name or carrier["name"],
                carrier_id_type=IdType.RESIDENT_ID,
                carrier_id_number=carrier["id_number"],
                carrier_mobile=carrier["mobile"],
                company=company,
                items=items,
                reason=reason,
                valid_on=timezone.localdate(created),
                acting_user=desk,
            )
            self.counts["release passes"] += 1

        self.t.at(created, create)
        if consent is not None:
            answer, name, phone, note = consent
            called = min(self.t.after(created, 5), issued or created + dt.timedelta(minutes=5))
            self.t.at(
                called,
                lambda: passes.pass_consent(
                    release_pass=holder["pass"],
                    phone=phone,
                    name=name,
                    answer=answer,
                    note=note,
                    called_at=called,
                    acting_user=desk,
                ),
            )
        if issued is not None:
            self.t.at(
                issued,
                lambda: passes.pass_approve(
                    release_pass=holder["pass"], carrier_signed=True, acting_user=desk
                ),
            )
        if released is not None:
            self.t.at(
                released,
                lambda: passes.pass_release(
                    release_pass=holder["pass"], items_checked=True, note="物品与放行条相符", acting_user=gate
                ),
            )
        if cancelled is not None:
            at, why = cancelled
            self.t.at(
                at, lambda: passes.pass_cancel(release_pass=holder["pass"], reason=why, acting_user=desk)
            )

    def passes_residential(self, homes) -> None:
        owned = [
            (link.unit, link.owner)
            for link in Ownership.objects.active()
            .filter(unit__project=self.project, unit__status=U.OWNER_OCCUPIED)
            .exclude(unit__code__in=[OWNER_HOME, TENANT_HOME])
            .select_related("unit", "owner")
            .order_by("unit__code", "id")
        ]
        (busy, busy_owner), (b, b_owner), (c, c_owner), (d, d_owner) = (
            owned[10],
            owned[30],
            owned[50],
            owned[70],
        )
        on = self.t.on
        agreed = (ConsentAnswer.AGREED, busy_owner.name, busy_owner.mobile or "13800000000", "同意搬出")
        # one unit carries goods out again and again: its third temporary pass in a week is flagged
        self.release_pass(
            created=on(6, 9, 0), unit=busy, kind=PassKind.TEMPORARY, carrier_kind=CarrierKind.NANNY,
            carrier_name="", items=[{"name": "旧衣物", "quantity": 2, "note": "编织袋"}],
            reason="捐赠旧衣物", consent=agreed, issued=on(6, 9, 15), released=on(6, 9, 40),
        )  # fmt: skip
        self.release_pass(
            created=on(4, 14, 0), unit=busy, kind=PassKind.TEMPORARY, carrier_kind=CarrierKind.WORKER,
            carrier_name="", items=[{"name": "旧空调室内机", "quantity": 1}, {"name": "铜管", "quantity": 1}],
            reason="更换空调，旧机拆走", consent=agreed, issued=on(4, 14, 20), released=on(4, 15, 5),
        )  # fmt: skip
        self.release_pass(
            created=on(3, 10, 0),
            unit=b,
            kind=PassKind.TEMPORARY,
            carrier_kind=CarrierKind.OWNER,
            carrier_name=b_owner.name,
            items=[{"name": "自行车", "quantity": 1}],
            reason="送修",
            issued=on(3, 10, 5),
        )  # fmt: skip  (issued, never used: expired that night)
        sweep = moment(self.t.day(2), 0, 5)
        self.t.at(sweep, lambda: self.counts.update({"expired release passes": passes.passes_expire_sweep()}))
        self.release_pass(
            created=on(2, 16, 0), unit=busy, kind=PassKind.TEMPORARY, carrier_kind=CarrierKind.FAMILY,
            carrier_name="", items=[{"name": "纸箱（书籍）", "quantity": 3}], reason="搬书到新办公室",
            consent=agreed, issued=on(2, 16, 10), released=on(2, 16, 30),
        )  # fmt: skip
        self.release_pass(
            created=on(2, 9, 30), unit=c, kind=PassKind.TEMPORARY, carrier_kind=CarrierKind.OWNER,
            carrier_name=c_owner.name, items=[{"name": "旧沙发", "quantity": 1}], reason="旧家具处理",
            issued=on(2, 9, 35), cancelled=(on(2, 11, 0), "业主改期，回收公司明天上门"),
        )  # fmt: skip
        # today: the tenant who left this morning moves out (occupancy demo: settled, owner agreed)
        leaving = (
            TenantExit.objects.filter(project=self.project, release_pass_allowed=True)
            .select_related("unit", "lease__tenant")
            .order_by("id")
            .first()
        )
        if (
            leaving is not None
            and leaving.moving_date == self.t.today
            and not settlement_outstanding(leaving.unit, self.t.today)
        ):
            owner = Ownership.objects.active().filter(unit=leaving.unit).select_related("owner").first()
            self.release_pass(
                created=on(0, 9, 0), unit=leaving.unit, kind=PassKind.MOVING_OUT, carrier_kind=CarrierKind.TENANT,
                carrier_name=leaving.lease.tenant.name,
                items=[{"name": "床垫", "quantity": 1}, {"name": "衣柜（拆装）", "quantity": 1},
                       {"name": "纸箱（衣物、杂物）", "quantity": 12}, {"name": "电脑及显示器", "quantity": 1}],
                reason="租户退租搬出", consent=(ConsentAnswer.AGREED, owner.owner.name if owner else "业主",
                                           (owner.owner.mobile if owner else "") or "13800000000", "租户退租，同意搬出"),
                issued=on(0, 9, 20), released=on(0, 10, 45),
            )  # fmt: skip
        self.release_pass(
            created=on(0, 13, 30),
            unit=c,
            kind=PassKind.TEMPORARY,
            carrier_kind=CarrierKind.OWNER,
            carrier_name=c_owner.name,
            items=[{"name": "旧沙发", "quantity": 1}],
            reason="旧家具处理",
            issued=on(0, 13, 35),
        )  # fmt: skip  (issued, valid today: the recycler has not come yet)
        self.release_pass(
            created=on(0, 15, 0),
            unit=d,
            kind=PassKind.TEMPORARY,
            carrier_kind=CarrierKind.WORKER,
            carrier_name="",
            items=[{"name": "拆下的旧橱柜", "quantity": 4}],
            reason="厨房改造",
            consent=(ConsentAnswer.UNREACHABLE, "", d_owner.mobile or "13800000000", "两次来电无人接听"),
        )  # fmt: skip  (being prepared: the owner could not be reached)

    def passes_office(self, homes) -> None:
        on = self.t.on
        companies = [(u, name) for u, name, _m in homes if u.status == U.OFFICE]
        unit, company = companies[3]
        self.release_pass(
            created=on(0, 10, 0), unit=unit, kind=PassKind.TEMPORARY, carrier_kind=CarrierKind.EMPLOYEE,
            carrier_name="", company=company, items=[{"name": "笔记本电脑", "quantity": 2},
                                                     {"name": "投影仪", "quantity": 1}],
            reason="外出参展", consent=(ConsentAnswer.AGREED, "行政主管", "028-86001234", "同意带出"),
            issued=on(0, 10, 15), released=on(0, 10, 40),
        )  # fmt: skip

    # --- running --------------------------------------------------------------------------------

    def build(self) -> None:
        homes = self.homes()
        self.visitors(homes)
        self.mail(homes)
        self.shift_log(homes)
        if self.office:
            self.passes_office(homes)
            return
        self.ordinary_mail(homes)
        self.subscriptions(homes)
        self.storage(homes)
        self.lending(homes)
        self.passes_residential(homes)


def load_frontdesk(projects: list[Project], *, staff: dict, today: dt.date | None = None) -> Counter:
    """A day at the desk of each project (see the module docstring); returns what was created.
    Skipped for a project that already has visitors, mail, stored items, lendable items or passes."""
    counts: Counter[str] = Counter()
    today = today or timezone.localdate()
    for seed, project in enumerate(projects, start=1313):
        if any(
            model.objects.filter(project=project).exists()
            for model in (Visitor, MailItem, StoredItem, LendableItem, ReleasePass)
        ):
            continue
        residential = project.code == "cuihu"
        team = {
            "residential": residential,
            "desk": staff["cs_assistant" if residential else "guomao_assistant"],
            "supervisor": staff["cs_supervisor" if residential else "project_manager"],
            "gate": staff["security" if residential else "security_lead"],
            "cashier": staff["cashier"],
        }
        desk = _Desk(project, team, today, seed)
        desk.build()
        desk.t.run()
        counts.update(desk.counts)
    return counts


def frontdesk_summary(project: Project) -> str:
    """One line of the demo's summary: what the desk holds and the passes by status."""
    now = timezone.now()
    visitors = Visitor.objects.filter(project=project)
    mail = MailItem.objects.filter(project=project)
    stored = StoredItem.objects.filter(project=project, status=StorageStatus.STORED)
    loans = Loan.objects.filter(item__project=project, returned_at__isnull=True)
    by_status = Counter(ReleasePass.objects.filter(project=project).values_list("status", flat=True))
    waiting = ShiftHandover.objects.filter(project=project, acknowledged_at__isnull=True).count()
    statuses = ", ".join(f"{PassStatus(s).label} {n}" for s, n in sorted(by_status.items()))
    return (
        f"front desk: visitors {visitors.count()} ({visitors.filter(out_at__isnull=True).count()} inside), "
        f"mail {mail.count()} ({mail.filter(status=MailStatus.WAITING).count()} waiting), "
        f"stored {stored.count()} ({stored.filter(expected_pickup_at__lt=now).count()} overdue), "
        f"loans out {loans.count()} ({loans.filter(due_back_at__lt=now).count()} overdue), "
        f"hand-overs waiting {waiting}; release passes {sum(by_status.values())}"
        + (f" ({statuses})" if statuses else "")
    )
