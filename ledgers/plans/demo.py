"""Demo plans in each state (idempotent): run through the real workflow so history, comments and
filing numbers look as they would in use. Called by the lead's ``load_demo`` command."""

import io
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Workflow

from ledgers.models import Unit
from ledgers.plans.models import Plan, PlanType

# unit, plan type, title, final state
DEMO_PLANS = [
    ("方圆街道", "干部联系服务对象实施意见", "方圆街道干部联系服务对象实施意见", "filed"),
    ("方圆街道", "改进作风具体方案", "方圆街道改进作风具体方案", "returned"),
    (
        "海阳市行政审批服务局",
        "优化窗口服务工作方案",
        "市行政审批服务局优化窗口服务工作方案",
        "pending",
    ),
    ("海阳市住房和城乡建设局", "改进作风具体方案", "市住建局改进作风具体方案", "draft"),
]
RETURN_COMMENT = "请补充每名干部联系服务对象的名单和联系频次,并明确责任科室。"


def demo_docx(title):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
            'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
            f"{title}</w:t></w:r></w:p></w:body></w:document>",
        )
    return ContentFile(buffer.getvalue(), name=f"{title}.docx")


def load(stdout=None):
    User = get_user_model()
    office = User.objects.filter(username="office").first()
    workflow = Workflow.objects.filter(name="实施方案审核备案").first()
    year = timezone.localdate().year
    created = 0
    for unit_name, type_name, title, final in DEMO_PLANS:
        unit = Unit.objects.filter(name=unit_name).first()
        plan_type = PlanType.objects.filter(name=type_name).first()
        if unit is None or plan_type is None:
            continue
        if Plan.objects.filter(unit=unit, plan_type=plan_type, year=year).exists():
            continue
        clerk = User.objects.filter(unit_membership__unit=unit).first()
        plan = Plan(
            unit=unit,
            plan_type=plan_type,
            year=year,
            title=title,
            summary="明确联系对象、联系方式和问题反馈办理流程。",
            contact_person="办公室 刘科长",
            contact_phone="0535-3200000",
            live=False,
        )
        plan.document.save(f"{title}.docx", demo_docx(title), save=False)
        plan.save()
        plan.save_revision(user=clerk, log_action=True)
        if final != "draft" and workflow is not None:
            workflow.start(plan, clerk)
            plan.refresh_from_db()
            task_state = plan.current_workflow_task_state.specific
            if final == "returned":
                task_state.task.specific.on_action(
                    task_state, office, "reject", comment=RETURN_COMMENT
                )
            elif final == "filed":
                task_state.task.specific.on_action(task_state, office, "approve")
        created += 1
    if stdout is not None:
        stdout.write(f"实施方案:新建演示方案 {created} 份。\n")
