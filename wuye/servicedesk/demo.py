"""Service-desk demo data: the seed 002 service menu (the tickets and visits of the demo are in
`wuye.demo.servicedesk` and `wuye.demo.desk`).

Called by `load_demo`; does nothing for a project that already has a menu.
The seed's price column is garbled in places (the scrape lost the table layout); items whose
price the spec states (A/C install ¥350, lamp/door-bell ¥10–50 labour, sewer main ¥120, …) carry
those prices, the rest follow the seed's order as well as it can be read.
"""

from __future__ import annotations

from decimal import Decimal

from wuye.servicedesk.models import ServiceMenuItem

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
        ServiceMenuItem(
            project=project,
            group=g,
            name=n,
            pricing=p,
            price_min=lo,
            price_max=hi,
            unit_label=per,
            labour_only=labour,
            price_text=text,
            sort_order=i,
        )
        for i, (g, n, p, lo, hi, per, labour, text) in enumerate(SERVICE_MENU)
    ]
    ServiceMenuItem.objects.bulk_create(items)
    return len(items)
