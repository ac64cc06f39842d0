"""Demo content of the report box (idempotent): the /report/ page and a few reports in
different states. Called by the lead's ``load_demo`` command."""

from django.utils import timezone

from ledgers.models import ProblemCategory, Unit

DEMO_REPORTS = [
    # marker place, category, concerned unit, content, named, state
    (
        "方圆街道 东村社区",
        "物业",
        None,
        "小区物业长期不清理楼道杂物，多次向物业反映无人处理，存在消防隐患，请有关部门督促整改。",
        False,
        "new",
    ),
    (
        "市民服务大厅 三楼",
        "窗口服务",
        "海阳市行政审批服务局",
        "办理营业执照变更时，窗口工作人员要求提供清单以外的材料，来回跑了三趟，希望一次性告知。",
        True,
        "assigned",
    ),
    (
        "凤城街道 海滨路",
        "城建",
        "凤城街道",
        "海滨路人行道破损多处，晚上没有路灯，老人孩子经过很不安全，希望尽快修复。",
        False,
        "replied",
    ),
    (
        "市民服务大厅 二楼",
        "干部作风",
        "海阳市行政审批服务局",
        "窗口一名工作人员暗示送两条烟才能加快审批，不送就说材料不全，请组织查处。",
        True,
        "forwarded",
    ),
]
MARKER = "【演示】"
# Never the unit complained about (conflict-of-interest rule).
ASSIGN_TO = {"窗口服务": "中共海阳市直属机关工作委员会", "城建": "海阳市住房和城乡建设局"}


def ensure_page():
    from home.models import HomePage
    from ledgers.reportbox.models import ReportBoxPage

    page = ReportBoxPage.objects.first()
    if page:
        return page, False
    home = HomePage.objects.live().first()
    if home is None:
        return None, False
    page = ReportBoxPage(
        title="网上举报箱",
        slug="report",
        show_in_menus=True,
        intro=(
            "<p>反映干部作风、窗口服务和城建、环保、物业、治安、教育、医疗等方面的问题，"
            "可以匿名，也可以实名。作风办收到后分类交有关单位办理，办理结果在这里答复。</p>"
        ),
        privacy_notice=(
            "<p>您的姓名、电话和提交地址只有作风办能看到；承办单位只看到问题本身，"
            "看不到举报人的姓名和电话，除非您勾选“同意承办单位直接联系我”。"
            "举报内容中的姓名、电话和身份证号交给承办单位前会被隐去。提交地址仅用于防范恶意提交，30 天后自动清除。"
            "图片中的拍摄地点等信息会被自动清除。</p>"
        ),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _office_user():
    """The demo office login (ledgers/demo.py), if it was loaded first."""
    from django.contrib.auth import get_user_model

    from ledgers.roles import is_office

    user = get_user_model().objects.filter(username="office").first()
    return user if user is not None and is_office(user) else None


def load(stdout=None):
    from ledgers.reportbox import services
    from ledgers.reportbox.handover import link
    from ledgers.reportbox.models import Report

    page, created = ensure_page()
    if stdout and created:
        stdout.write("举报箱页面 /report/ 已创建。")
    if Report.objects.filter(content__startswith=MARKER).exists():
        return
    today = timezone.localdate()
    office = _office_user()
    for place, category, unit_name, content, named, state in DEMO_REPORTS:
        concerned = Unit.objects.filter(name=unit_name).first() if unit_name else None
        receipt = services.submit_report(
            data={
                "category": ProblemCategory.objects.get(name=category),
                "concerned_unit": concerned,
                "place": place,
                "content": MARKER + content,
                "is_anonymous": not named,
                "reporter_name": "王先生" if named else "",
                "reporter_phone": "13805351234" if named else "",
            },
            client_ip="203.0.113.10",
        )
        report = receipt.report
        if state in ("assigned", "replied"):
            unit = Unit.objects.get(name=ASSIGN_TO[category])
            if office is not None:
                # The same path as the office's 交办 action: a case with a numbered slip, which
                # owns unit and deadline from then on.
                link().hand_over_and_assign(
                    report, unit=unit, time_limit_days=15, user=office, on=today
                )
        if state == "forwarded" and office is not None:
            services.forward_to_inspectors(
                report,
                user=office,
                at=timezone.now(),
                reason="反映窗口工作人员索要财物,属违纪线索,移送市纪委。",
            )
        if state == "replied":
            services.set_public_reply(
                report, "经住建局现场核实，已安排维修破损路面并增设路灯，预计两周内完工。"
            )
        if stdout:
            stdout.write(f"演示举报 {receipt.formatted_code} / 查询密码 {receipt.secret}")
