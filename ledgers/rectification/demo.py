"""Demo cases in every state, and three calls the 89000 centre entered itself (idempotent: keyed
on a demo reference per case).

The town's view (issue 14): the 海滨花园 cases lie in 方圆街道 and are handled by 住建局, so the
``fangyuan`` login reads them (state, answer) without acting; the visit-ledger one is linked to a
row of 方圆街道's own 附件2 when the sheets demo loaded it, so it is also under the list's
范围 "本单位台账反映"."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ledgers.models import ProblemCategory, Unit
from ledgers.rectification import services
from ledgers.rectification.models import AppealType, CaseSource, Outcome, SourceKind

# A 1x1 PNG photo as evidence.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db40000000049454e44ae426082"
)

# reference, title, category, town, village, compound, content, reporter, phone, source, target
DEMO = [
    (
        "demo:1",
        "海滨花园路灯不亮",
        "物业",
        "方圆街道",
        "海滨社区",
        "海滨花园",
        "海滨花园3号楼前两盏路灯坏了两个月,晚上出行不便。",
        "王小明",
        "13805351234",
        SourceKind.HOTLINE,
        "closed",
    ),
    (
        "demo:2",
        "海滨花园电梯经常停运",
        "物业",
        "方圆街道",
        "海滨社区",
        "海滨花园",
        "5号楼电梯每周停运两三次,老人上下楼困难。",
        "李秀英",
        "13905352222",
        SourceKind.VISIT_LEDGER,
        "in_progress",
    ),
    (
        "demo:3",
        "海滨花园电梯故障",
        "物业",
        "方圆街道",
        "海滨社区",
        "海滨花园",
        "7号楼电梯困人,物业维修不及时。",
        "张建国",
        "13705353333",
        SourceKind.SERVICE_LEDGER,
        "assigned",
    ),
    (
        "demo:4",
        "海滨花园电梯维保不到位",
        "物业",
        "方圆街道",
        "海滨社区",
        "海滨花园",
        "电梯维保记录不公开,维保走过场。",
        "赵红",
        "13605354444",
        SourceKind.ONLINE,
        "new",
    ),
    (
        "demo:5",
        "审批窗口办事要跑多次",
        "干部作风",
        "",
        "",
        "",
        "办理营业执照变更跑了三次,每次被告知缺不同材料。",
        "孙强",
        "13505355555",
        SourceKind.DIRECT,
        "submitted",
    ),
    (
        "demo:6",
        "凤城社区垃圾清运不及时",
        "居住环境",
        "凤城街道",
        "凤城社区",
        "阳光小区",
        "小区垃圾桶满溢,三天没人清运。",
        "周敏",
        "13405356666",
        SourceKind.HOTLINE,
        "overdue",
    ),
]


# Entered by the 89000 centre's clerk ("hotline"): reference, appeal type, title, category, town,
# village, compound, content, caller, phone, consent, target.
HOTLINE_DEMO = [
    (
        "demo:hotline:1",
        AppealType.COMPLAIN,
        "东村街道工地夜间施工噪音",
        "居住环境",
        "东村街道",
        "东村社区",
        "东村花园",
        "东村花园北侧工地每晚施工到凌晨,噪音很大,多次找施工方没人管。",
        "刘先生",
        "13605357777",
        False,
        "submitted",
    ),
    (
        "demo:hotline:2",
        AppealType.HELP,
        "老旧小区楼道灯损坏求助",
        "物业",
        "凤城街道",
        "凤城社区",
        "幸福小区",
        "幸福小区2号楼楼道灯全坏了,老人晚上上下楼看不见,请帮忙协调维修。",
        "陈阿姨",
        "13705358888",
        True,
        "new",
    ),
    (
        "demo:hotline:3",
        AppealType.CONSULT,
        "咨询公租房申请条件",
        "城建",
        "",
        "",
        "",
        "来电咨询公租房申请需要哪些条件和材料。",
        "吴女士",
        "13805359999",
        False,
        "on_spot",
    ),
]


def load_hotline(today, office, clerks, zjj):
    """The centre's own entries: a 投诉 whose result waits for the 回访, a 求助 waiting to be
    assigned, a 咨询 answered in the call."""
    User = get_user_model()
    clerk = User.objects.filter(username="hotline").first()
    if clerk is None:
        return 0
    made = 0
    on = today - datetime.timedelta(days=20)
    for (
        ref,
        appeal,
        title,
        cat,
        town,
        village,
        compound,
        content,
        name,
        phone,
        consent,
        target,
    ) in HOTLINE_DEMO:
        if CaseSource.objects.filter(reference=ref).exists():
            continue
        on_spot = target == "on_spot"
        case = services.enter_hotline_item(
            user=clerk,
            on=on,
            reference=ref,
            appeal_type=appeal,
            title=title,
            category=ProblemCategory.objects.get(name=cat),
            content=content,
            town=town,
            village=village,
            compound=compound,
            reporter_name=name,
            reporter_phone=phone,
            contact_consent=consent,
            answered_on_spot=on_spot,
            answer="已告知:本市户籍、家庭人均收入和住房面积符合标准的,可持身份证、户口簿和收入"
            "证明到市住建局住房保障窗口申请。"
            if on_spot
            else "",
        )
        made += 1
        if target != "submitted":
            continue
        services.assign(case, zjj, 15, user=office, on=on)
        services.sign(case, user=clerks["zjj"], on=on)
        services.submit_result(
            case,
            user=clerks["zjj"],
            on=on + datetime.timedelta(days=6),
            outcome=Outcome.SOLVED,
            detail="已约谈施工单位,夜间22时后停止施工,城管每晚巡查。",
            files=[SimpleUploadedFile("整改通知.png", PNG)],
        )
    return made


def _link_town_ledger_row(case):
    """Link a visit-ledger demo case to an unlinked public 附件2 row of its town, if the sheets
    demo made one (so the town raised it in its own ledger)."""
    from ledgers.sheets.models import LedgerRow

    row = (
        LedgerRow.objects.filter(
            upload__unit__name=case.town,
            upload__attachment=2,
            sphere="public",
            case_sources__isnull=True,
        )
        .exclude(problem_content="")
        .order_by("pk")
        .first()
    )
    if row is not None:
        CaseSource.objects.filter(case=case).update(ledger_row=row)


def load(stdout=None):
    office = get_user_model().objects.get(username="office")
    clerks = {u.username: u for u in get_user_model().objects.filter(username__in=["zjj", "spj"])}
    zjj = Unit.objects.get(name="海阳市住房和城乡建设局")
    spj = Unit.objects.get(name="海阳市行政审批服务局")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=40)
    made = 0
    for ref, title, cat, town, village, compound, content, name, phone, source, target in DEMO:
        if CaseSource.objects.filter(reference=ref).exists():
            continue
        category = ProblemCategory.objects.get(name=cat)
        case = services.create_case(
            user=office,
            on=start,
            source=source,
            reference=ref,
            title=title,
            category=category,
            content=content,
            town=town,
            village=village,
            compound=compound,
            reporter_name=name,
            reporter_phone=phone,
        )
        made += 1
        if source == SourceKind.VISIT_LEDGER:
            _link_town_ledger_row(case)
        if target == "new":
            continue
        unit, clerk = (spj, clerks["spj"]) if cat == "干部作风" else (zjj, clerks["zjj"])
        days = 3 if target == "overdue" else 15
        services.assign(case, unit, days, user=office, on=start, flag=target == "overdue")
        if target == "assigned":
            continue
        services.sign(case, user=clerk, on=start)
        if target in ("in_progress", "overdue"):
            services.record_handling(
                case, user=clerk, section="物业管理科", person="孙科长", measures="约谈物业公司"
            )
            continue
        services.submit_result(
            case,
            user=clerk,
            on=start + datetime.timedelta(days=7),
            outcome=Outcome.SOLVED,
            detail="已督促整改完毕。",
            files=[SimpleUploadedFile("现场照片.png", PNG)],
        )
        if target == "closed":
            services.close(
                case,
                user=office,
                on=start + datetime.timedelta(days=9),
                answer="经市住建局督促,物业已更换路灯灯具,现已恢复照明。",
                publish=True,
            )
    made += load_hotline(today, office, clerks, zjj)
    if stdout:
        stdout.write(f"问题整改:新增演示问题 {made} 件\n")
