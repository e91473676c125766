"""Notices demo (通知/提示, seed 000 §15, spec 05): the notices of the last months in every state,
written through the notice services with the moment of each step.

Residential project: a holiday safety reminder that ran out in the autumn, retired itself, was
taken down and archived; a water stoppage that ended yesterday — retired by this night's job and
waiting on the take-down list; valid notices on the lobby display (fire safety, the lift
inspection); an outdoor event retired early (called off) and taken down; a notice approved that
starts tomorrow; one waiting for the project manager's approval, one sent back with the reason, one
still a draft; and a rectification notice delivered to one owner, signed for and archived.
Office tower: a valid notice, one waiting for approval, one draft.

The assistant drafts and posts, the project manager approves (never the drafter), the archivist
files the copy; the numbers follow the dates of approval. Runs on the front-desk demo's timeline
(`frontdesk.Timeline`); skipped for a project that already has notices.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from wuye.demo.frontdesk import Timeline
from wuye.estate.choices import OccupancyStatus as U
from wuye.estate.models import Ownership, Project
from wuye.notices import services
from wuye.notices.choices import NoticeKind, NoticeStatus
from wuye.notices.models import Notice
from wuye.notices.selectors import to_take_down


class _Notices:
    def __init__(self, timeline: Timeline, counts: Counter):
        self.t, self.counts = timeline, counts

    def notice(
        self,
        project: Project,
        team: dict,
        *,
        title: str,
        body: str,
        drafted: dt.datetime,
        starts: int,
        ends: int,
        places: tuple[str, ...] = ("大堂公告栏", "电梯厅公告栏"),
        submitted: dt.datetime | None = None,
        rejected: tuple | None = None,
        approved: dt.datetime | None = None,
        published: dt.datetime | None = None,
        retired: tuple | None = None,
        taken_down: dt.datetime | None = None,
        delivered: dt.datetime | None = None,
        archived: dt.datetime | None = None,
        **individual,
    ) -> None:
        """One notice's steps; `starts`/`ends` in days from today (negative: in the future)."""
        holder: dict = {}
        drafter = team["drafter"]

        def draft() -> None:
            holder["n"] = services.notice_create(
                project=project,
                title=title,
                body=body,
                starts_on=self.t.day(starts),
                ends_on=self.t.day(ends),
                posting_places=() if individual else places,
                acting_user=drafter,
                **individual,
            )
            self.counts["notices"] += 1

        self.t.at(drafted, draft)
        if submitted is not None:
            self.t.at(
                submitted,
                lambda: services.notice_submit(notice=holder["n"], proofread=True, acting_user=drafter),
            )
        if rejected is not None:
            at, reason = rejected
            self.t.at(
                at,
                lambda: services.notice_reject(
                    notice=holder["n"], reason=reason, acting_user=team["approver"]
                ),
            )
        if approved is not None:
            self.t.at(
                approved, lambda: services.notice_approve(notice=holder["n"], acting_user=team["approver"])
            )
        if published is not None:
            self.t.at(published, lambda: services.notice_publish(notice=holder["n"], acting_user=drafter))
        if retired is not None:
            at, reason = retired
            self.t.at(
                at, lambda: services.notice_retire(notice=holder["n"], reason=reason, acting_user=drafter)
            )
        if taken_down is not None:
            self.t.at(
                taken_down,
                lambda: services.notice_taken_down(notice=holder["n"], acting_user=drafter, at=taken_down),
            )
        if delivered is not None:
            self.t.at(
                delivered,
                lambda: services.notice_deliver(
                    notice=holder["n"],
                    signed_name=individual["recipient_name"],
                    signed=True,
                    note="业主本人签收",
                    acting_user=drafter,
                    at=delivered,
                ),
            )
        if archived is not None and team.get("archivist") is not None:
            self.t.at(
                archived,
                lambda: services.notice_archive(
                    notice=holder["n"], location=f"通知文件盒 {archived:%Y}-01", acting_user=team["archivist"]
                ),
            )

    def sweep(self, when: dt.datetime) -> None:
        """The nightly job: published notices past their end date retire themselves."""
        self.t.at(
            when, lambda: self.counts.update({"notices retired": services.notices_retire_sweep(now=when)})
        )

    def residential(self, project: Project, team: dict) -> None:
        on, day = self.t.on, self.t.day
        n = self.notice
        n(
            project, team, title="关于国庆节假期加强安全防范的温馨提示",
            body="国庆假期将至，请各位业主外出时关好门窗、关闭水电气总阀，贵重物品妥善保管；"
                 "如发现可疑人员请及时联系客户服务中心或门岗。",
            drafted=on(72, 9, 30), submitted=on(72, 10, 0), approved=on(71, 11, 0), published=on(70, 9, 0),
            starts=70, ends=60, places=("大堂公告栏", "小区出入口公告栏", "单元门口公告栏"),
            taken_down=on(59, 9, 30), archived=on(58, 15, 0),
        )  # fmt: skip
        self.sweep(on(59, 0, 5))  # that night's job: the holiday reminder ended the day before
        n(
            project, team, title="冬季防火安全提示",
            body="冬季天干物燥，请勿在楼道堆放杂物，不得占用消防通道；使用取暖设备时人离断电，"
                 "电动自行车请在指定区域停放充电，严禁入户充电。",
            drafted=on(12, 9, 0), submitted=on(12, 9, 40), approved=on(11, 10, 0), published=on(10, 9, 0),
            starts=10, ends=-20, places=("大堂公告栏", "电梯厅公告栏", "单元门口公告栏"),
        )  # fmt: skip
        n(
            project, team, title="关于小区业主迎冬游园活动的通知",
            body=f"客户服务中心定于{day(-3):%m月%d日}上午在中心花园举办迎冬游园活动，欢迎业主携家人参加。",
            drafted=on(9, 14, 0), submitted=on(9, 14, 30), approved=on(8, 9, 30), published=on(8, 10, 0),
            starts=8, ends=-3, places=("大堂公告栏", "小区出入口公告栏"),
            retired=(on(1, 16, 0), "天气预报当日有雨，活动取消"), taken_down=on(1, 16, 40),
        )  # fmt: skip
        n(
            project, team, title="关于二次供水设施清洗停水的通知",
            body=f"因二次供水水箱清洗消毒，{day(3):%m月%d日}至{day(1):%m月%d日}每日9:00至15:00"
                 "分楼栋临时停水，请业主提前储水，给您带来不便敬请谅解。",
            drafted=on(6, 10, 0), submitted=on(6, 10, 30), approved=on(5, 9, 0), published=on(4, 9, 0),
            starts=4, ends=1, places=("大堂公告栏", "电梯厅公告栏", "单元门口公告栏"),
        )  # fmt: skip
        n(
            project, team, title="电梯年度检验公告",
            body=f"{day(-2):%m月%d日}起，特种设备检验机构将对小区电梯进行年度检验，每部电梯停用约2小时，"
                 "检验期间请使用其他电梯，谢谢配合。",
            drafted=on(3, 9, 0), submitted=on(3, 9, 20), approved=on(2, 10, 30), published=on(2, 14, 0),
            starts=2, ends=-6, places=("大堂公告栏", "电梯厅公告栏"),
        )  # fmt: skip
        self.sweep(on(0, 0, 5))  # tonight's job: the water notice ended yesterday
        n(
            project, team, title="关于收取建筑垃圾清运费的通知",
            body="根据物业服务合同，装修业主应按规定缴纳建筑垃圾清运费，具体标准见客户服务中心公示。",
            drafted=on(2, 15, 0), submitted=on(2, 15, 30), starts=-5, ends=-35,
            rejected=(on(1, 10, 0), "收费依据需附价格主管部门备案文件，请补充后重新提交"),
        )  # fmt: skip
        n(
            project,
            team,
            title="关于12月公共区域地面清洗的通知",
            body=f"{day(-1):%m月%d日}至{day(-5):%m月%d日}将对各楼栋大堂及地下车库地面进行清洗，"
            "清洗期间地面湿滑，请注意安全。",
            drafted=on(1, 9, 0),
            submitted=on(1, 9, 30),
            approved=on(0, 9, 10),
            starts=-1,
            ends=-5,
            places=("大堂公告栏", "电梯厅公告栏"),
        )  # fmt: skip  (approved; posted tomorrow, when it starts)
        n(
            project,
            team,
            title="关于地下车库照明改造施工的通知",
            body="为改善地下车库照明，近期将分区更换节能灯具，施工期间部分车位临时封闭，请留意现场提示。",
            drafted=on(0, 10, 0),
            submitted=on(0, 11, 0),
            starts=-3,
            ends=-17,
        )  # fmt: skip  (waiting for the project manager)
        n(
            project,
            team,
            title="元旦假期客户服务安排",
            body="元旦假期期间客户服务中心照常值班，报修请拨打服务热线。",
            drafted=on(0, 15, 30),
            starts=-25,
            ends=-33,
        )  # fmt: skip  (a draft)
        owner = (
            Ownership.objects.active()
            .filter(unit__project=project, unit__status=U.OWNER_OCCUPIED)
            .select_related("unit", "owner")
            .order_by("unit__code", "id")[40:41]
            .first()
        )
        if owner is not None:
            n(
                project, team, title=f"关于{owner.unit.code}室阳台违规搭建的整改通知",
                body="经巡查发现，您所在房屋阳台存在违规搭建情况，违反《管理规约》相关规定，"
                     f"请于{day(-10):%m月%d日}前自行拆除恢复原状。如有疑问请联系客户服务中心。",
                drafted=on(5, 14, 0), submitted=on(5, 14, 20), approved=on(5, 16, 0), published=on(4, 10, 0),
                delivered=on(4, 15, 30), archived=on(3, 11, 0), starts=4, ends=-10,
                kind=NoticeKind.INDIVIDUAL, unit=owner.unit, recipient_name=owner.owner.name,
            )  # fmt: skip

    def office(self, project: Project, team: dict) -> None:
        on = self.t.on
        n = self.notice
        n(
            project, team, title="关于写字楼空调系统冬季切换的通知",
            body="写字楼中央空调系统已切换为冬季供暖模式，工作日供暖时间为8:00至18:00，"
                 "如需加时供暖请提前一个工作日向客户服务中心申请。",
            drafted=on(8, 10, 0), submitted=on(8, 10, 30), approved=on(7, 9, 0), published=on(7, 10, 0),
            starts=7, ends=-60,
        )  # fmt: skip
        n(
            project, team, title="关于开展年度消防疏散演练的通知",
            body="为提高消防安全意识，大厦定于下月组织消防疏散演练，届时请各单位配合组织员工有序疏散。",
            drafted=on(0, 9, 30), submitted=on(0, 10, 0), starts=-7, ends=-14,
        )  # fmt: skip
        n(
            project, team, title="关于大厦外立面清洗的通知",
            body="近期将对大厦外立面玻璃幕墙进行清洗，清洗期间请关闭临窗窗户。",
            drafted=on(0, 14, 0), starts=-10, ends=-20,
        )  # fmt: skip


def load_notices(projects: list[Project], *, staff: dict, today: dt.date | None = None) -> Counter:
    """The notices of each project (see the module docstring); returns what was created. Skipped
    for a project that already has notices."""
    counts: Counter[str] = Counter()
    timeline = Timeline(today or timezone.localdate())
    demo = _Notices(timeline, counts)
    for project in projects:
        if Notice.objects.filter(project=project).exists():
            continue
        if project.code == "cuihu":
            team = {
                "drafter": staff["cs_assistant"],
                "approver": staff["project_manager"],
                "archivist": staff.get("archivist"),
            }
            demo.residential(project, team)
        else:
            team = {"drafter": staff["guomao_assistant"], "approver": staff["project_manager"]}
            demo.office(project, team)
    timeline.run()
    return counts


def notices_summary(project: Project) -> str:
    """One line of the demo's summary: the project's notices by status, and what waits to be taken down."""
    notices = Notice.objects.filter(project=project)
    by_status = Counter(notices.values_list("status", flat=True))
    statuses = ", ".join(f"{NoticeStatus(s).label} {n}" for s, n in sorted(by_status.items()))
    return (
        f"notices {sum(by_status.values())}"
        + (f" ({statuses})" if statuses else "")
        + f"; to take down {to_take_down(notices).count()}"
    )
