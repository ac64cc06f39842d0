"""Demo service points (idempotent: each keyed on its town and name).

方圆街道: its 便民服务中心 and 王家村's 代办点 take some of the demo approval items; 李家庄's
代办点 has no 代办员 yet, so the office finds it flagged "需关注". The public directory page
(便民服务点) is created under the home page."""

from ledgers.network.models import Community, CommunityKind
from ledgers.servicepoints.models import (
    Agent,
    ItemMode,
    PointItem,
    PointKind,
    ServicePoint,
    ServicePointIndexPage,
)

TOWN = "方圆街道"
VILLAGES = [("王家村", CommunityKind.VILLAGE), ("李家庄", CommunityKind.VILLAGE)]
# name, kind, village, address, hours, phone, agents (name, phone, public), items (name, mode)
POINTS = [
    (
        "方圆街道便民服务中心",
        PointKind.CENTRE,
        None,
        "方圆街道办事处一楼大厅",
        "工作日 8:30-12:00，13:30-17:30",
        "0535-3219001",
        [("赵服务", "0535-3219002", True)],
        [
            ("企业设立登记（核发营业执照）", ItemMode.ACCEPT),
            ("居民身份证换领", ItemMode.FORWARD),
            ("失业保险金申领", ItemMode.ACCEPT),
        ],
    ),
    (
        "王家村便民服务代办点",
        PointKind.AGENCY,
        "王家村",
        "王家村党群服务中心一楼",
        "工作日 9:00-11:30，14:00-17:00",
        "",
        [("王代办", "13905351234", True), ("刘代办", "13905355678", False)],
        [
            ("居民身份证换领", ItemMode.FORWARD),
            ("失业保险金申领", ItemMode.FORWARD),
        ],
    ),
    (
        "李家庄便民服务代办点",
        PointKind.AGENCY,
        "李家庄",
        "李家庄村委会办公室",
        "工作日 9:00-11:30",
        "",
        [],
        [("居民身份证换领", ItemMode.FORWARD)],
    ),
]


# another town's centre, so that 方圆街道's clerk has a point of another town to be refused
OTHER_TOWN_POINT = (
    "凤城街道",
    "凤城街道便民服务中心",
    "凤城街道便民服务大厅",
    "工作日 8:30-12:00，13:30-17:30",
    "0535-3218001",
    ("孙代办", "0535-3218002", True),
    ("失业保险金申领", ItemMode.ACCEPT),
)


def ensure_page():
    from home.models import HomePage

    page = ServicePointIndexPage.objects.first()
    if page is not None:
        return page
    home = HomePage.objects.live().first()
    if home is None:
        return None
    page = ServicePointIndexPage(
        title="便民服务点",
        slug="service-points",
        intro=(
            "<p>镇街区便民服务中心、村级便民服务代办点和代办员，让群众不出村、不出镇就能办事。"
            "“受理”的事项在服务点当场受理，“代办”的事项由代办员代为送窗口办理。</p>"
        ),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def load(stdout=None):
    from home.models import ApprovalItem
    from ledgers.models import Unit

    ensure_page()
    town = Unit.objects.filter(name=TOWN).first()
    if town is None:
        return
    villages = {}
    for order, (name, kind) in enumerate(VILLAGES):
        villages[name], _ = Community.objects.get_or_create(
            town=town, name=name, defaults={"kind": kind, "sort_order": order}
        )
    items = {item.name: item for item in ApprovalItem.objects.filter(page__live=True)}
    for order, (name, kind, village, address, hours, phone, agents, taken) in enumerate(POINTS):
        if ServicePoint.objects.filter(town=town, name=name).exists():
            continue
        point = ServicePoint.objects.create(
            town=town,
            name=name,
            kind=kind,
            village=villages.get(village),
            address=address,
            hours=hours,
            phone=phone,
            sort_order=order,
        )
        for n, (agent, agent_phone, public) in enumerate(agents):
            Agent.objects.create(
                point=point, name=agent, phone=agent_phone, public=public, sort_order=n
            )
        for n, (item_name, mode) in enumerate(taken):
            if item_name in items:
                PointItem.objects.create(
                    point=point, item=items[item_name], mode=mode, sort_order=n
                )
    town_name, name, address, hours, phone, agent, (item_name, mode) = OTHER_TOWN_POINT
    other = Unit.objects.filter(name=town_name).first()
    if other is not None and not ServicePoint.objects.filter(town=other, name=name).exists():
        point = ServicePoint.objects.create(
            town=other,
            name=name,
            kind=PointKind.CENTRE,
            address=address,
            hours=hours,
            phone=phone,
        )
        Agent.objects.create(point=point, name=agent[0], phone=agent[1], public=agent[2])
        if item_name in items:
            PointItem.objects.create(point=point, item=items[item_name], mode=mode)
    if stdout:
        stdout.write(f"便民服务点:共 {ServicePoint.objects.count()} 个。")
