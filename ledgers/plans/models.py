"""Implementation plans (实施意见/方案) that units file with the office for review and filing.

The policy (海办发〔2016〕9号) asks every town and department for an implementation plan on cadres'
contact with service targets, every window unit for a window-service optimisation plan, and every
unit for a tailored work-style improvement plan, each by 4月30日. The office reviews them
(审核备案) and returns those that fall short. Review runs through a Wagtail workflow on the
:class:`Plan` snippet; approval publishes it and issues a filing number (作风备〔YYYY〕N号).
"""

import calendar
import datetime
import os
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)

from ledgers.models import Unit, UnitKind
from ledgers.uploads import private_storage, validate_upload

PLAN_FILE_KINDS = ("docx", "ole", "wps", "pdf")
PLAN_MAX_BYTES = 20 * 1024 * 1024
FILING_PREFIX = "作风备"


def format_filing_number(year, seq):
    """作风备〔2026〕12号 — the office's filing number format."""
    return f"{FILING_PREFIX}〔{year}〕{seq}号"


def validate_plan_file(value):
    """Field validator: a newly uploaded plan document or attachment must be DOCX, DOC, WPS or
    PDF by content and at most 20 MB. Files already stored are not read again."""
    if value is None or getattr(value, "_committed", True):
        return
    validate_upload(value.file, PLAN_FILE_KINDS, PLAN_MAX_BYTES)


def plan_upload_to(instance, filename):
    """Every upload gets its own directory, so a new version never overwrites an old file that
    an earlier revision still points to."""
    base = os.path.basename(filename) or "plan"
    return f"plans/{timezone.now():%Y}/{uuid.uuid4().hex}/{base}"


class AppliesTo(models.TextChoices):
    ALL = "all", "全部单位"
    TOWNS_AND_DEPARTMENTS = "towns_departments", "镇街区和市直部门"
    TOWNS = "towns", "镇街区"
    DEPARTMENTS = "departments", "市直部门"
    WINDOWS = "windows", "窗口单位"
    CHOSEN = "chosen", "指定单位"


class PlanType(models.Model):
    """A kind of plan the office asks for, which units must file it, and by when each year.

    Seeded with the policy's three plans; the office adds further types (the policy's tasks
    change from year to year) without a code change."""

    name = models.CharField("方案类型", max_length=80, unique=True)
    description = models.TextField(
        "说明", blank=True, help_text="政策依据和内容要求,显示给填报单位。"
    )
    applies_to = models.CharField(
        "报送范围",
        max_length=20,
        choices=AppliesTo.choices,
        default=AppliesTo.ALL,
        help_text="哪些单位须报送此类方案;选“指定单位”时在下方勾选单位。",
    )
    units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="+",
        verbose_name="指定单位",
        help_text="仅在报送范围为“指定单位”时使用。",
    )
    deadline_month = models.PositiveSmallIntegerField(
        "截止月",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="每年报送截止日期的月份,默认 4 月。",
    )
    deadline_day = models.PositiveSmallIntegerField(
        "截止日",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="每年报送截止日期的日,默认 30 日。",
    )
    is_active = models.BooleanField(
        "启用", default=True, help_text="停用后不再要求报送,已报送的方案保留。"
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "方案类型"
        verbose_name_plural = "方案类型"
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.name

    def clean(self):
        # 2月29日 is allowed (2024 is a leap year): in other years the deadline is 2月28日.
        if (
            self.deadline_month
            and self.deadline_day
            and self.deadline_day > calendar.monthrange(2024, self.deadline_month)[1]
        ):
            raise ValidationError(
                {"deadline_day": f"{self.deadline_month} 月没有 {self.deadline_day} 日。"}
            )

    def deadline_for(self, year):
        """The deadline date in ``year`` (clamped to the month's last day)."""
        last = calendar.monthrange(year, self.deadline_month)[1]
        return datetime.date(year, self.deadline_month, min(self.deadline_day, last))

    @property
    def deadline_label(self):
        return f"{self.deadline_month}月{self.deadline_day}日"

    def obligated_units(self):
        """Active units that must file this type of plan."""
        units = Unit.objects.active()
        if self.applies_to == AppliesTo.TOWNS:
            return units.filter(kind=UnitKind.TOWN)
        if self.applies_to == AppliesTo.DEPARTMENTS:
            return units.filter(kind=UnitKind.DEPARTMENT)
        if self.applies_to == AppliesTo.TOWNS_AND_DEPARTMENTS:
            return units.filter(kind__in=[UnitKind.TOWN, UnitKind.DEPARTMENT])
        if self.applies_to == AppliesTo.WINDOWS:
            return units.filter(is_window=True)
        if self.applies_to == AppliesTo.CHOSEN:
            return units.filter(pk__in=self.units.values("pk"))
        return units

    def applies_to_unit(self, unit):
        return self.obligated_units().filter(pk=unit.pk).exists()


def plan_types_for_unit(unit):
    """Active plan types that ``unit`` must file."""
    return [t for t in PlanType.objects.filter(is_active=True) if t.applies_to_unit(unit)]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "待审核"
    RETURNED = "returned", "退回修改"
    FILED = "filed", "已备案"


def current_year():
    return timezone.localdate().year


class Plan(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """One unit's plan of one type for one year, reviewed through the office's workflow.

    Every save makes a revision (files included, by path), so a returned plan keeps each earlier
    version, its files and the reviewers' comments. Review state and filing data are kept by the
    signal handlers in :mod:`ledgers.plans.signals`, never by the edit form.
    """

    id = models.BigAutoField(primary_key=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name="报送单位",
        help_text="单位填报员只能为本单位报送;作风办可代为选择。",
    )
    year = models.PositiveSmallIntegerField(
        "年度",
        default=current_year,
        validators=[MinValueValidator(2016), MaxValueValidator(2100)],
        help_text="方案所属工作年度。",
    )
    plan_type = models.ForeignKey(
        PlanType,
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name="方案类型",
        help_text="只列出本单位须报送的类型。",
    )
    title = models.CharField("标题", max_length=200, help_text="方案文件的正式标题。")
    summary = models.TextField("内容摘要", blank=True, help_text="主要措施,便于审核和检索。")
    document = models.FileField(
        "方案文件",
        storage=private_storage,
        upload_to=plan_upload_to,
        max_length=255,
        validators=[validate_plan_file],
        help_text="Word(.docx/.doc)、WPS 或 PDF,不超过 20 MB;按文件内容识别类型。",
    )
    contact_person = models.CharField("联系人", max_length=40)
    contact_phone = models.CharField("联系电话", max_length=40)

    status = models.CharField(
        "审核状态",
        max_length=20,
        choices=PlanStatus.choices,
        default=PlanStatus.DRAFT,
        editable=False,
        help_text="由审核流程自动维护。",
    )
    first_submitted_at = models.DateTimeField("首次提交时间", null=True, blank=True, editable=False)
    last_submitted_at = models.DateTimeField("最近提交时间", null=True, blank=True, editable=False)
    filed_at = models.DateTimeField("备案时间", null=True, blank=True, editable=False)
    filing_year = models.PositiveSmallIntegerField(
        "备案年份", null=True, blank=True, editable=False
    )
    filing_seq = models.PositiveIntegerField("备案序号", null=True, blank=True, editable=False)
    filing_number = models.CharField(
        "备案号", max_length=40, null=True, blank=True, unique=True, editable=False
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="plan")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="plan",
        for_concrete_model=False,
    )

    # Fields maintained by the workflow signal handlers: a revision (a snapshot of the form)
    # must never overwrite them when it is published or restored.
    WORKFLOW_FIELDS = (
        "status",
        "first_submitted_at",
        "last_submitted_at",
        "filed_at",
        "filing_year",
        "filing_seq",
        "filing_number",
        "created_at",
    )

    class Meta:
        verbose_name = "实施方案"
        verbose_name_plural = "实施方案"
        ordering = ["-year", "plan_type__sort_order", "unit__sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "plan_type"], name="plans_one_plan_per_unit_year_type"
            ),
            models.UniqueConstraint(
                fields=["filing_year", "filing_seq"], name="plans_unique_filing_seq"
            ),
        ]
        permissions = [("view_filing_board", "查看备案进度")]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.WORKFLOW_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def deadline(self):
        return self.plan_type.deadline_for(self.year)

    @property
    def document_name(self):
        return os.path.basename(self.document.name) if self.document else ""


class PlanAttachment(Orderable):
    """An optional supporting file of a plan (e.g. a roster or a schedule). Stored privately,
    included in every revision of the plan."""

    id = models.BigAutoField(primary_key=True)
    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField("附件名称", max_length=120, blank=True)
    file = models.FileField(
        "附件文件",
        storage=private_storage,
        upload_to=plan_upload_to,
        max_length=255,
        validators=[validate_plan_file],
        help_text="Word、WPS 或 PDF,不超过 20 MB。",
    )

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self):
        return self.title or os.path.basename(self.file.name)

    @property
    def file_name(self):
        return os.path.basename(self.file.name) if self.file else ""


class FilingCounter(models.Model):
    """The last filing number issued in a year. Its row is locked (SELECT … FOR UPDATE) inside
    the approving transaction, so numbers are issued in order with no gaps or duplicates even
    when two approvals land at once; a rolled-back approval rolls its number back too."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    last_number = models.PositiveIntegerField("已用最大序号", default=0)

    class Meta:
        verbose_name = "备案号计数"
        verbose_name_plural = "备案号计数"

    def __str__(self):
        return f"{self.year}: {self.last_number}"


def issue_filing_number(plan_pk, when):
    """Give plan ``plan_pk`` the next filing number of ``when``'s year (local time), once.

    Idempotent: a plan that already has a number keeps it (a filed plan that is revised and
    approved again is not renumbered). Runs inside the caller's transaction when there is one.
    """
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan_pk)
        if plan.filing_number:
            return plan
        year = timezone.localdate(when).year
        FilingCounter.objects.get_or_create(year=year)
        counter = FilingCounter.objects.select_for_update().get(year=year)
        counter.last_number += 1
        counter.save(update_fields=["last_number"])
        plan.filing_year = year
        plan.filing_seq = counter.last_number
        plan.filing_number = format_filing_number(year, counter.last_number)
        plan.filed_at = when
        Plan.objects.filter(pk=plan.pk).update(
            filing_year=plan.filing_year,
            filing_seq=plan.filing_seq,
            filing_number=plan.filing_number,
            filed_at=when,
        )
        return plan


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "截止前提醒"
    LATE_DIGEST = "late_digest", "逾期汇总"


class ReminderLog(models.Model):
    """One reminder e-mail sent by ``send_plan_reminders``; its unique key makes the command
    idempotent (a unit is reminded once per obligation, the office digest once a day)."""

    id = models.BigAutoField(primary_key=True)
    key = models.CharField("去重键", max_length=120, unique=True)
    kind = models.CharField("类型", max_length=20, choices=ReminderKind.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="单位",
    )
    plan_type = models.ForeignKey(
        PlanType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="方案类型",
    )
    year = models.PositiveSmallIntegerField("年度")
    sent_on = models.DateField("发送日期")
    recipients = models.TextField("收件人")
    subject = models.CharField("主题", max_length=200)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        ordering = ["-sent_on", "-pk"]

    def __str__(self):
        return self.subject


def reminder_days_default():
    return settings.PLAN_REMINDER_DAYS
