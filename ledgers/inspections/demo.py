"""Demo content of the inspections (run by ``load_demo``, repeatable): the 曝光台 page, and one
unannounced visit to the approval bureau's hall with three findings — one handed over for
rectification, one 通报 and published on the 曝光台 (proposed by ``jiwei``, approved by
``jiwei2``), one still 待定 for the visitor to work."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from ledgers.inspections import services
from ledgers.inspections.models import (
    Decision,
    ExposurePage,
    Finding,
    Inspection,
    InspectionMode,
)

UNIT = "海阳市行政审批服务局"
WINDOW = "政务服务大厅 不动产登记窗口"
FINDINGS = [
    ("窗口服务", "上午9:40,3号窗口无人值守,桌面放置“暂停服务”牌,群众等候约20分钟,无人解释。"),
    ("窗口服务", "工作人员在窗口内使用手机浏览与工作无关的内容,群众询问时未及时回应。"),
    ("窗口服务", "一次性告知单未在窗口摆放,群众索取时答复“网上自己查”。"),
]


def ensure_page():
    from home.models import HomePage

    page = ExposurePage.objects.first()
    if page:
        return page
    home = HomePage.objects.live().first()
    if home is None:
        return None
    page = ExposurePage(
        title="曝光台",
        slug="exposure",
        show_in_menus=True,
        intro=(
            "<p>市纪委对各服务窗口开展明察暗访,及时发现问题、查处曝光。这里公布经审核的典型问题,"
            "已隐去当事群众的个人信息。</p>"
        ),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@transaction.atomic
def load(stdout=None):
    from ledgers.models import ProblemCategory, Unit

    ensure_page()
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["jiwei", "jiwei2"])
    }
    unit = Unit.objects.filter(name=UNIT).first()
    if unit is None or "jiwei" not in users or Inspection.objects.filter(unit=unit).exists():
        if stdout:
            stdout.write(
                f"明察暗访:共 {Inspection.objects.count()} 次(演示数据已存在或缺少单位、账号)。"
            )
        return
    inspector, second = users["jiwei"], users.get("jiwei2")
    today = timezone.localdate()
    now = timezone.now()
    inspection = Inspection.objects.create(
        inspected_on=today - datetime.timedelta(days=7),
        unit=unit,
        window=WINDOW,
        mode=InspectionMode.UNANNOUNCED,
        inspectors="李检查员、陈检查员",
        checked="在岗在位、服务态度、办事效率、一次性告知制度落实情况。",
        working_notes="群众来电反映该窗口上午经常无人,本次暗访核实;录像存档 2 段。",
        created_by=inspector,
    )
    findings = []
    for category_name, text in FINDINGS:
        category = ProblemCategory.objects.filter(name=category_name).first()
        category = category or ProblemCategory.objects.order_by("pk").first()
        findings.append(
            Finding.objects.create(inspection=inspection, category=category, description=text)
        )
    services.record_inspection(inspection, user=inspector)
    services.hand_over(findings[0], user=inspector, on=today, at=now, time_limit_days=10)
    services.decide(
        findings[1], user=inspector, at=now, decision=Decision.NOTIFY, note="在全市窗口单位通报。"
    )
    services.release(findings[1], user=inspector, at=now)
    publication = services.propose_publication(findings[1], user=inspector, at=now)
    if second is not None:
        services.approve_publication(publication, user=second, at=now)
    if stdout:
        stdout.write(
            "明察暗访:新增演示检查 1 次、问题 3 条(1 条交办整改,1 条通报并曝光,1 条待定)。"
        )
