"""Demo window ratings (idempotent: each demo rating is keyed on its unit and comment).

One 差评 with a phone for 市行政审批服务局 becomes a case (so the unit's clerk ``spj`` finds it
in the case queue and the office sees it needs a 回访); the rest spread over the levels."""

from django.utils import timezone

from home.models import ApprovalItem
from ledgers.models import Unit
from ledgers.ratings import services
from ledgers.ratings.models import Aspect, Rating
from ledgers.satisfaction import Satisfaction as S

A = Aspect
# unit name, index of the approval item (None: the window as a whole), level, aspects, comment,
# name, phone
DEMO = [
    (
        "海阳市行政审批服务局",
        0,
        S.VERY_SATISFIED,
        [A.EFFICIENCY],
        "半天就拿到了营业执照,很快。",
        "",
        "",
    ),
    (
        "海阳市行政审批服务局",
        0,
        S.SATISFIED,
        [A.GUIDE, A.ONE_TIME],
        "材料清单写得清楚,一次办成。",
        "",
        "",
    ),
    (
        "海阳市行政审批服务局",
        None,
        S.VERY_SATISFIED,
        [A.ATTITUDE],
        "窗口工作人员很耐心。",
        "刘女士",
        "",
    ),
    ("海阳市行政审批服务局", None, S.BASIC, [A.EFFICIENCY], "排队时间有点长。", "", ""),
    (
        "海阳市行政审批服务局",
        1,
        S.DISSATISFIED,
        [A.ONE_TIME, A.ATTITUDE],
        "第一次没告诉我要带章程原件,又跑了一趟。",
        "陈先生",
        "13905351122",
    ),
    (
        "海阳市行政审批服务局",
        None,
        S.VERY_DISSATISFIED,
        [A.ATTITUDE],
        "午休前半小时就不接件了。",
        "",
        "",
    ),
    ("海阳市公安局", None, S.SATISFIED, [A.EFFICIENCY], "身份证补办当场受理。", "", ""),
    ("海阳市公安局", 0, S.VERY_SATISFIED, [A.ATTITUDE, A.GUIDE], "民警讲解很细致。", "", ""),
    ("海阳市人力资源和社会保障局", None, S.SATISFIED, [], "", "", ""),
    ("海阳市人力资源和社会保障局", None, S.BASIC, [A.GUIDE], "网上指南和窗口说法不一致。", "", ""),
]


def load(stdout):
    units = {u.name: u for u in Unit.objects.filter(name__in={row[0] for row in DEMO})}
    made = 0
    for unit_name, item_index, level, aspects, comment, name, phone in DEMO:
        unit = units.get(unit_name)
        if unit is None:
            continue
        if Rating.objects.filter(unit=unit, comment=comment, level=level).exists():
            continue
        item = None
        if item_index is not None:
            items = list(ApprovalItem.objects.filter(page__unit=unit).order_by("sort_order", "pk"))
            item = items[item_index] if item_index < len(items) else None
        services.submit_rating(
            unit=unit,
            approval_item=item,
            on=timezone.localdate(),
            level=level,
            aspects=aspects,
            comment=comment,
            name=name,
            phone=phone,
        )
        made += 1
    stdout.write(f"好差评:新增演示评价 {made} 条(共 {Rating.objects.count()} 条)。")
