"""Service-desk demo data: the seed 002 service menu and a fortnight of tickets in every state.

Called by `load_demo`; does nothing for a project that already has a menu / tickets.
The seed's price column is garbled in places (the scrape lost the table layout); items whose
price the spec states (A/C install ¥350, lamp/door-bell ¥10–50 labour, sewer main ¥120, …) carry
those prices, the rest follow the seed's order as well as it can be read.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from wuye.servicedesk import services
from wuye.servicedesk.models import ServiceMenuItem, Ticket

D = Decimal
FREE, FIXED, RANGE, NEG, PCT = "free", "fixed", "range", "negotiable", "percent"

# (group, name, pricing, min, max, per, labour_only, published text)
SERVICE_MENU = [
    ("hotline", "维修预约", FREE, None, None, "", False, "免费"),
    ("hotline", "有偿服务查询", FREE, None, None, "", False, "免费"),
    ("hotline", "其它便民服务查询", FREE, None, None, "", False, "免费"),
    ("hotline", "火车站到站查询", FREE, None, None, "", False, "免费"),
    ("hotline", "飞机航班查询", FREE, None, None, "", False, "免费"),
    ("routine", "代购火车票、船票、飞机票", FREE, None, None, "", False, "免费"),
    ("routine", "代订送报刊杂志", FREE, None, None, "", False, "免费"),
    ("routine", "送、取干洗衣服", FREE, None, None, "", False, "免费"),
    ("routine", "代寄、代领邮件", FREE, None, None, "", False, "免费"),
    ("routine", "代预订酒店客房", FREE, None, None, "", False, "免费"),
    ("routine", "代调试电视节目", FREE, None, None, "", False, "免费"),
    ("routine", "代联系出租车", FREE, None, None, "", False, "免费"),
    ("routine", "代联系旅游团", FREE, None, None, "", False, "免费"),
    ("routine", "医疗保健健康义诊", FREE, None, None, "", False, "免费"),
    ("routine", "代预订会所娱乐场地", FREE, None, None, "", False, "免费"),
    ("routine", "传真", RANGE, D("2"), D("5"), "份", False, "市内2元/份，长途5元/份"),
    ("routine", "复印", RANGE, D("0.5"), D("1.0"), "张", False, "A4 0.5元/张，B4 1.0元/张"),
    ("routine", "中、英文打字", FIXED, D("30"), None, "100字", False, "30元/100字"),
    ("repair", "安装空调", FIXED, D("350"), None, "台", False, "350元/台"),
    ("repair", "空调加雪种", FIXED, D("150"), None, "台", False, "1匹150元/台"),
    ("repair", "空调修理", NEG, None, None, "", False, "面议"),
    ("repair", "家具维修", NEG, None, None, "", False, "面议"),
    ("repair", "家电维修", NEG, None, None, "", False, "面议"),
    ("repair", "安装玻璃", FIXED, D("100"), None, "件", True, "100元/件（人工）"),
    ("repair", "安装排风扇", FIXED, D("100"), None, "次", True, "100元/次（人工）"),
    ("repair", "安装抽油烟机", RANGE, D("30"), D("80"), "次", True, "30—80元/次（人工）"),
    ("repair", "安装灯具、门铃", RANGE, D("10"), D("50"), "次", True, "10—50元/次（人工）"),
    ("repair", "室内线路检查更换", NEG, None, None, "", False, "面议"),
    ("repair", "更换上下水管", NEG, None, None, "", False, "面议"),
    ("repair", "安装家用电器", NEG, None, None, "", False, "面议"),
    ("repair", "安装电热水器", FIXED, D("100"), None, "台", True, "100元/台（人工）"),
    ("repair", "安装燃气热水器", FIXED, D("50"), None, "台", True, "50元/台（人工）"),
    ("repair", "修理、更换开关、插座", FIXED, D("10"), None, "次", True, "10元/次（人工）"),
    ("repair", "修理、更换水阀", RANGE, D("10"), D("50"), "次", True, "10—50元/次（人工）"),
    ("repair", "修理、更换各类软管", FIXED, D("20"), None, "次", True, "20元/次（人工）"),
    ("repair", "修理、更换洗手盆下水管", FIXED, D("30"), None, "次", True, "30元/次（人工）"),
    ("repair", "修理铝合金窗", NEG, None, None, "", False, "面议"),
    ("repair", "修理、更换木门", FIXED, D("50"), None, "次", True, "50元/次（人工）"),
    ("repair", "修理、更换水龙头", FIXED, D("10"), None, "次", True, "10元/次（人工）"),
    ("repair", "修理马桶配件", FIXED, D("20"), None, "次", True, "20元/次（人工）"),
    ("repair", "疏通下水道（主管）", FIXED, D("120"), None, "次", True, "120元/次（人工）"),
    ("repair", "疏通下水道（支管）", FIXED, D("80"), None, "次", True, "80元/次（人工）"),
    ("repair", "疏通马桶", FIXED, D("50"), None, "次", True, "50元/次（人工）"),
    ("cleaning", "室内清洁（第一次）", FIXED, D("5"), None, "m²", False, "5元/m²"),
    ("cleaning", "室内保洁（包月）", NEG, None, None, "", False, "面议"),
    ("cleaning", "地毯清洁", FIXED, D("10"), None, "m²", False, "10元/m²"),
    ("cleaning", "地毯洗尘", FIXED, D("5"), None, "m²", False, "5元/m²"),
    ("cleaning", "抽油烟机清洁", FIXED, D("80"), None, "台", False, "80元/台"),
    ("cleaning", "排气扇清洁", FIXED, D("30"), None, "台", False, "30元/台"),
    ("cleaning", "空调机隔尘网清洁", FIXED, D("10"), None, "台", False, "10元/台"),
    ("laundry", "水洗衬衣、裤子", RANGE, D("10"), D("15"), "件", False, "10—15元/件"),
    ("laundry", "水洗床单", FIXED, D("15"), None, "件", False, "15元/件"),
    ("laundry", "水洗恤衫", FIXED, D("6"), None, "件", False, "6元/件"),
    ("laundry", "水洗布外套", FIXED, D("8"), None, "件", False, "8元/件"),
    ("laundry", "水洗西裤", FIXED, D("7"), None, "件", False, "7元/件"),
    ("laundry", "水洗牛仔裤", FIXED, D("7"), None, "件", False, "7元/件"),
    ("laundry", "水洗夹棉外套", FIXED, D("10"), None, "件", False, "10元/件"),
    ("laundry", "水洗运动外套", FIXED, D("8"), None, "件", False, "8元/件"),
    ("laundry", "水洗连衣裙", FIXED, D("10"), None, "件", False, "10元/件"),
    ("laundry", "水洗床罩", FIXED, D("15"), None, "件", False, "15元/件"),
    ("laundry", "水洗枕套", FIXED, D("2"), None, "件", False, "2元/件"),
    ("laundry", "水洗被套", FIXED, D("8"), None, "件", False, "8元/件"),
    ("laundry", "水洗毛巾被", FIXED, D("8"), None, "件", False, "8元/件"),
    ("catering", "电话工作餐订送", FREE, None, None, "", False, "免费"),
    ("catering", "健康食谱", FREE, None, None, "", False, "免费"),
    ("agency", "受业主委托出租房屋", FIXED, D("50"), None, "月", False, "50元/月"),
    ("agency", "受业主委托出售房屋", PCT, D("1.5"), None, "%", False, "售市价的1.5%（双方各0.75%）"),
    ("moving", "搬家", NEG, None, None, "", False, "面议"),
    ("moving", "清运装修垃圾", FIXED, D("130"), None, "车", False, "130元/车"),
    ("moving", "搬运大件物品", NEG, None, None, "", False, "小件免费，大件面议"),
    ("pest", "灭白蚁", FIXED, D("100"), None, "次", False, "100元/次"),
]


def load_service_menu(project) -> int:
    if ServiceMenuItem.objects.filter(project=project).exists():
        return 0
    items = [
        ServiceMenuItem(project=project, group=g, name=n, pricing=p, price_min=lo, price_max=hi, unit_label=per,
                        labour_only=labour, price_text=text, sort_order=i)
        for i, (g, n, p, lo, hi, per, labour, text) in enumerate(SERVICE_MENU)
    ]
    ServiceMenuItem.objects.bulk_create(items)
    return len(items)


REQUESTS = [
    ("repair_in_unit", "厨房水龙头漏水，需要上门维修", False),
    ("repair_in_unit", "卫生间下水道堵塞", False),
    ("repair_in_unit", "卫生间爆管，水漫到客厅", True),
    ("repair_public", "2单元电梯按钮失灵", False),
    ("repair_public", "地下车库B区照明灯不亮", False),
    ("complaint", "楼上装修噪音太大，中午也在施工", False),
    ("complaint", "小区垃圾清运不及时，有异味", False),
    ("suggestion", "建议在1号楼门口增加快递柜", False),
    ("help", "老人忘带钥匙，请协助联系家属", False),
    ("consultation", "物业费可以按季度缴纳吗？", False),
    ("security", "地库有陌生人徘徊", False),
    ("cleaning", "3号楼楼道有装修垃圾未清理", False),
]


def load_demo_tickets(project, *, assistant, engineer, supervisor, seed: int = 7) -> int:
    """About 40 tickets over the last two weeks, moved through the real services with event times."""
    if Ticket.objects.filter(project=project).exists():
        return 0
    rng = random.Random(seed)
    units = list(project.units.filter(status__in=["owner_occupied", "rented", "office"]).order_by("pk")[:60])
    areas = list(project.public_areas.order_by("pk"))
    now = timezone.now()
    created = 0
    for i in range(40):
        category, content, urgent = REQUESTS[i % len(REQUESTS)]
        start = now - dt.timedelta(days=14 - i * 0.33, hours=rng.randint(0, 3))
        unit = rng.choice(units) if units else None
        fields = {"content": content, "urgent": urgent, "contact_phone": f"139{rng.randint(10000000, 99999999)}",
                  "contact_name": rng.choice(["王先生", "李女士", "张先生", "刘女士"])}
        if category in ("repair_public", "security", "cleaning") and areas:
            fields["public_area"] = rng.choice(areas)
        else:
            fields["unit"] = unit
        if category == "consultation":
            fields["answer"] = "可以，按季度缴纳请到客服中心办理。"
        ticket = services.ticket_create(project=project, category=category, acting_user=assistant, at=start, **fields)
        created += 1
        progress = rng.random() if i < 36 else 0.05  # the last few stay fresh in the queues
        if ticket.status == "closed" or progress < 0.15:
            continue
        step = dt.timedelta(minutes=rng.choice([4, 7, 9, 14, 25]))
        department = ticket.department or "customer_service"
        handler = engineer if department == "engineering" else assistant
        if department not in ("engineering", "customer_service"):
            handler = None
        if category == "complaint":
            services.complaint_classify(ticket=ticket, validity="valid", severity=rng.choice(["minor", "important"]),
                                        acting_user=supervisor)
        if handler is None:
            services.ticket_start(ticket=ticket, acting_user=assistant, at=start + step)
        else:
            services.ticket_dispatch(ticket=ticket, department=department, acting_user=assistant, at=start + step)
            if progress < 0.3:
                continue
            services.ticket_accept(ticket=ticket, acting_user=handler, at=start + 2 * step)
            services.ticket_start(ticket=ticket, acting_user=handler, at=start + 3 * step)
            handler_done = handler
        if progress < 0.45:
            continue
        handler_done = handler or assistant
        services.ticket_complete(ticket=ticket, acting_user=handler_done, result="已处理完毕", labour_hours="1",
                                 at=start + 6 * step)
        ticket.refresh_from_db()
        if progress < 0.6 or not ticket.needs_return_visit:
            if not ticket.needs_return_visit and progress >= 0.6:
                services.ticket_close(ticket=ticket, acting_user=assistant, at=start + 7 * step)
            continue
        satisfaction = rng.choice(["very_satisfied", "satisfied", "satisfied", "neutral", "dissatisfied"])
        services.ticket_return_visit(ticket=ticket, acting_user=assistant, solved=True, satisfaction=satisfaction,
                                     at=start + dt.timedelta(hours=20))
        ticket.refresh_from_db()
        if ticket.status == "return_visited" and progress > 0.75:
            services.ticket_close(ticket=ticket, acting_user=assistant, at=start + dt.timedelta(hours=21))
    return created
