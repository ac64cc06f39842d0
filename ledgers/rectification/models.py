"""The rectification ledger (问题整改台账): every problem the office gathers becomes one ``Case``
with a responsible unit, a working-day time limit, a result and an answer to the citizen.

State changes happen only in :mod:`ledgers.rectification.services`; these models hold data.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ledgers.phones import phone_digits
from ledgers.places import format_place
from ledgers.satisfaction import Satisfaction
from ledgers.uploads import private_storage


class CaseState(models.TextChoices):
    NEW = "new", "待交办"
    ASSIGNED = "assigned", "已交办待签收"
    RETURNED = "returned", "单位退回"
    IN_PROGRESS = "in_progress", "办理中"
    SUBMITTED = "submitted", "已报结果待审核"
    REOPENED = "reopened", "群众不满意·复核中"
    CLOSED = "closed", "已销号"
    MERGED = "merged", "已合并"


# States in which a case is still the unit's (or the office's) business.
OPEN_STATES = (
    CaseState.NEW,
    CaseState.ASSIGNED,
    CaseState.RETURNED,
    CaseState.IN_PROGRESS,
    CaseState.SUBMITTED,
    CaseState.REOPENED,
)
# States in which the deadline runs and the case can be overdue.
CLOCK_STATES = (CaseState.ASSIGNED, CaseState.IN_PROGRESS)


class SourceKind(models.TextChoices):
    REPORT_BOX = "report_box", "举报箱"
    VISIT_LEDGER = "visit_ledger", "走访台账(附件2)"
    SERVICE_LEDGER = "service_ledger", "服务对象台账(附件4)"
    HOTLINE = "hotline", "89000热线"
    ONLINE = "online", "网上民声"
    DIRECT = "direct", "作风办直接录入"
    SPOT_CHECK = "spot_check", "电话抽查"
    RATING = "rating", "好差评"
    INSPECTION = "inspection", "纪委明察暗访"


class AppealType(models.TextChoices):
    """诉求类型 of a hotline (89000) item, as the centre classifies calls."""

    CONSULT = "consult", "咨询"
    HELP = "help", "求助"
    SUGGEST = "suggest", "建议"
    COMPLAIN = "complain", "投诉"


class Outcome(models.TextChoices):
    SOLVED = "solved", "已解决"
    STAGED = "staged", "分期解决"
    EXPLAINED = "explained", "不符合政策·已解释"


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today):
        return self.filter(state__in=CLOCK_STATES, deadline__lt=today)

    def with_related(self):
        return self.select_related("category", "assigned_unit", "concerned_unit", "entered_by_unit")


class Case(models.Model):
    """One problem to be rectified, whatever its source: the office assigns it to a unit with a
    time limit, the unit handles it and reports, the office closes it out (销号) after checking
    the result and the answer to the citizen."""

    id = models.BigAutoField(primary_key=True)
    title = models.CharField(
        "问题摘要",
        max_length=120,
        help_text="一句话概括问题,用于列表;不要写反映人姓名和电话(承办单位可见)。",
    )
    category = models.ForeignKey(
        "ledgers.ProblemCategory",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="问题类型",
    )
    content = models.TextField("问题内容", help_text="群众反映的原话或整理后的问题描述。")
    town = models.CharField("镇街区", max_length=60, blank=True, db_index=True)
    village = models.CharField("村(社区)", max_length=60, blank=True, db_index=True)
    compound = models.CharField(
        "小区/自然村",
        max_length=80,
        blank=True,
        db_index=True,
        help_text="回头看与聚类的最小地点。",
    )
    address_detail = models.CharField(
        "详细地址", max_length=120, blank=True, help_text="门牌号等,仅作风办和承办单位可见,不公开。"
    )
    source = models.CharField(
        "来源", max_length=20, choices=SourceKind.choices, default=SourceKind.DIRECT
    )
    # Behind the confidentiality wall: the office sees these, units and the public see masks.
    reporter_name = models.CharField(
        "反映人姓名",
        max_length=40,
        blank=True,
        help_text="仅作风办可见,承办单位看到的是打码后的姓名。",
    )
    reporter_phone = models.CharField(
        "反映人电话", max_length=40, blank=True, help_text="仅作风办可见。"
    )
    reporter_anonymous = models.BooleanField("匿名反映", default=False)
    appeal_type = models.CharField(
        "诉求类型",
        max_length=20,
        choices=AppealType.choices,
        blank=True,
        help_text="89000热线录入的问题按咨询、求助、建议、投诉分类;其他来源可留空。",
    )
    needs_callback = models.BooleanField(
        "须回访",
        default=False,
        help_text="好差评差评、热线诉求等须先填写回访记录才能销号。",
    )
    entered_by_unit = models.ForeignKey(
        "ledgers.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entered_cases",
        verbose_name="录入单位",
        help_text="直接录入本台账的单位(89000民生服务中心录入的热线诉求);作风办录入的为空。"
        "录入单位可查看并回访自己录入的问题。",
    )
    answered_on_spot = models.BooleanField(
        "当场办结",
        default=False,
        help_text="热线咨询当场答复、无需交办的,录入即办结;不计入整改统计的办结率。",
    )
    show_identity_to_unit = models.BooleanField(
        "向承办单位显示反映人",
        default=False,
        help_text="默认不向承办单位透露反映人;作风办确有必要时勾选(会记录日志)。",
    )
    concerned_unit = models.ForeignKey(
        "ledgers.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_concerning",
        verbose_name="被反映单位",
        help_text="问题涉及的单位;不得交由被反映单位自查自办(回避规则)。",
    )
    state = models.CharField(
        "状态", max_length=20, choices=CaseState.choices, default=CaseState.NEW, db_index=True
    )
    received_on = models.DateField("受理日期", help_text="问题进入作风办的日期。")

    # Assignment (交办)
    assigned_unit = models.ForeignKey(
        "ledgers.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name="责任单位",
    )
    slip_number = models.CharField(
        "交办单编号",
        max_length=40,
        blank=True,
        help_text="每次交办生成新的编号,如 海作交〔2026〕第0001号。",
    )
    time_limit_days = models.PositiveSmallIntegerField(
        "办理时限(工作日)", null=True, blank=True, help_text="按国家法定节假日及调休计算的工作日。"
    )
    assigned_on = models.DateField("交办日期", null=True, blank=True)
    clock_start = models.DateField(
        "起算日期", null=True, blank=True, help_text="签收日;交办后1个工作日未签收则自动起算。"
    )
    deadline = models.DateField("办理期限", null=True, blank=True, db_index=True)
    signed_on = models.DateField("签收日期", null=True, blank=True)
    signed_automatically = models.BooleanField("逾期自动签收", default=False)
    flagged = models.BooleanField("挂牌督办", default=False, db_index=True)
    flag_reason = models.CharField("督办事由", max_length=200, blank=True)
    return_reason = models.TextField("退回理由", blank=True)

    # Handling (办理)
    responsible_section = models.CharField("责任科室", max_length=60, blank=True)
    responsible_person = models.CharField("责任人", max_length=40, blank=True)
    measures = models.TextField("整改措施", blank=True)
    outcome = models.CharField(
        "办理结果", max_length=20, choices=Outcome.choices, blank=True, db_index=True
    )
    outcome_detail = models.TextField(
        "结果说明", blank=True, help_text="已解决的情况;分期解决的计划;不符合政策的解释内容。"
    )
    staged_plan_until = models.DateField("分期解决完成日期", null=True, blank=True)
    result_submitted_on = models.DateField("报结日期", null=True, blank=True)

    # Close-out (销号)
    answer_to_citizen = models.TextField(
        "答复群众", blank=True, help_text="作风办审核后答复群众的内容;举报箱问题显示在公开查询页。"
    )
    closed_on = models.DateField("销号日期", null=True, blank=True, db_index=True)
    closed_on_time = models.BooleanField("按期办结", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("复核次数", default=0)
    dissatisfaction_reason = models.TextField("不满意理由", blank=True)
    publish_result = models.BooleanField(
        "公示整改结果",
        default=False,
        help_text="勾选后在“问题整改公示”中公开(已去除姓名、电话和门牌号)。",
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_cases",
        verbose_name="合并至",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "整改问题"
        verbose_name_plural = "整改问题"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["assigned_unit", "state"], name="case_unit_state"),
            models.Index(fields=["town", "village", "compound"], name="case_place"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["slip_number"], condition=~Q(slip_number=""), name="case_unique_slip"
            )
        ]

    def __str__(self):
        # Labels travel: log entries (history), choosers, breadcrumbs. Always redacted.
        return f"#{self.pk} {self.safe_title}"

    @property
    def safe_title(self):
        """The title as everyone outside the workbench's office view reads it: names, phone
        and ID numbers removed (``ledgers.redaction``)."""
        from ledgers.redaction import redact

        return redact(self.title, self.reporter_names())

    @property
    def place(self):
        """Town, village and compound, each once (``ledgers.places.format_place``)."""
        return format_place(self.town, self.village, self.compound)

    @property
    def full_place(self):
        """The place with the detailed address, each part printed once (workbench, 交办单)."""
        return format_place(self.town, self.village, self.compound, detail=self.address_detail)

    def reporter_known_to(self, user):
        """Whether ``user`` took the reporter's words first-hand: the office, and the clerks of the
        unit that entered the case (the 89000 centre answered the call and calls back)."""
        from ledgers.roles import is_office, unit_of

        if is_office(user):
            return True
        if self.entered_by_unit_id is None:
            return False
        unit = unit_of(user)
        return unit is not None and unit.pk == self.entered_by_unit_id

    def identity_visible_to(self, user):
        """Whether ``user`` may see the reporter's name and phone: the office and the unit that
        entered the call always; the handling unit only when the reporter agreed to be contacted
        directly (the report box's "同意承办单位直接联系我", or the consent the office or the 89000
        centre recorded for a hotline call)."""
        if self.reporter_known_to(user):
            return True
        if not self.show_identity_to_unit or self.reporter_anonymous:
            return False
        from ledgers.roles import unit_of

        unit = unit_of(user)
        return unit is not None and unit.pk == self.assigned_unit_id

    def reporter_for(self, user):
        """(name, phone) as ``user`` may see them: in full for the office and, with the
        reporter's consent, for the unit; otherwise nothing at all (not even a masked part)."""
        if self.reporter_anonymous:
            return ("匿名", "")
        if self.identity_visible_to(user):
            return (self.reporter_name, self.reporter_phone)
        return ("", "")

    def reporter_names(self):
        names = [self.reporter_name]
        if "sources" in getattr(self, "_prefetched_objects_cache", {}):
            names += [s.reporter_name for s in self.sources.all()]
        return [n for n in names if n]

    def text_for(self, user, text):
        """``text`` (content, title) as ``user`` may read it: outside the office, names, phone
        and ID numbers in it are removed (whistle-blower protection) — also when the reporter
        consented to be contacted (the consent covers the contact fields, not the text). The office
        and the unit that entered the call read what was said as it was said."""
        from ledgers.redaction import redact

        if self.reporter_known_to(user):
            return text
        return redact(text, self.reporter_names())

    def content_for(self, user):
        return self.text_for(user, self.content)

    def title_for(self, user):
        return self.text_for(user, self.title)

    def is_overdue(self, today):
        return self.state in CLOCK_STATES and self.deadline is not None and self.deadline < today


def resident_key(name, phone):
    """Who a reporter is, for counting residents: the phone's digits, else the name."""
    return (phone_digits(phone) or str(name or "").strip())[:60]


class CaseSource(models.Model):
    """Where a case came from: a report-box item (``report``), a ledger row (``ledger_row``), a
    hotline record typed in, a direct entry. One case may have several sources (duplicates merged
    into it); a report or a row feeds exactly one case (unique links, and the unique
    ``reference`` makes handing over idempotent)."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField("来源", max_length=20, choices=SourceKind.choices)
    reference = models.CharField(
        "来源标识",
        max_length=120,
        blank=True,
        help_text="如 reportbox.report:17;空表示直接录入。同一来源只能生成一个问题。",
    )
    report = models.ForeignKey(
        "reportbox.Report",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_sources",
        verbose_name="举报",
        help_text="来自举报箱时的原举报(举报人身份只在举报箱中,作风办可见)。",
    )
    ledger_row = models.ForeignKey(
        "sheets.LedgerRow",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_sources",
        verbose_name="台账行",
        help_text="来自走访/服务对象台账(公共方面)或附件5时的原台账行。",
    )
    receipt_code = models.CharField(
        "举报回执码", max_length=40, blank=True, db_index=True, help_text="举报箱问题的查询码。"
    )
    reporter_name = models.CharField("反映人姓名", max_length=40, blank=True)
    reporter_phone = models.CharField("反映人电话", max_length=40, blank=True)
    resident_key = models.CharField(
        "反映人标识",
        max_length=60,
        blank=True,
        db_index=True,
        help_text="电话号码的数字(无电话时为姓名),用于统计同一小区有几位居民反映。",
    )
    snapshot = models.JSONField("来源快照", default=dict, blank=True)
    handed_over_on = models.DateField("移交日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "问题来源"
        verbose_name_plural = "问题来源"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="casesource_unique_ref"
            ),
            # A report, a ledger row becomes exactly one case (merging moves the source along).
            models.UniqueConstraint(fields=["report"], name="casesource_one_per_report"),
            models.UniqueConstraint(fields=["ledger_row"], name="casesource_one_per_ledger_row"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.reference}".strip()

    def save(self, *args, **kwargs):
        self.resident_key = resident_key(self.reporter_name, self.reporter_phone)
        super().save(*args, **kwargs)


class NoteKind(models.TextChoices):
    MEASURE = "measure", "整改措施"
    PROGRESS = "progress", "进展情况"
    CALLBACK = "callback", "回访记录"


class CaseNote(models.Model):
    """A dated note on a case: the unit's work (measures taken, progress) or a 回访 (callback:
    what the citizen said and how satisfied they are)."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField("类别", max_length=20, choices=NoteKind.choices)
    text = models.TextField("内容")
    written_on = models.DateField("日期")
    satisfaction = models.CharField(
        "群众满意度",
        max_length=20,
        choices=Satisfaction.choices,
        blank=True,
        help_text="回访记录:群众对办理结果的评价(五级);其他记录留空。",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["written_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.written_on}"


class ExtensionState(models.TextChoices):
    PENDING = "pending", "待审批"
    GRANTED = "granted", "已同意"
    REFUSED = "refused", "不同意"


class ExtensionRequest(models.Model):
    """A unit asks for more working days; the office grants or refuses, the citizen is told."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField("延期工作日数")
    reason = models.TextField("延期理由")
    requested_on = models.DateField("申请日期")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(
        "审批状态", max_length=20, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    decision_note = models.TextField("审批意见", blank=True)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    new_deadline = models.DateField("延期后期限", null=True, blank=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["pk"]

    def __str__(self):
        return f"延期{self.days}个工作日({self.get_state_display()})"


def evidence_path(instance, filename):
    return f"rectification/{instance.case_id}/{filename}"


class CaseEvidence(models.Model):
    """A file (photo, document) the unit submits as proof of its result. Private storage only."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("佐证材料", upload_to=evidence_path, storage=private_storage)
    original_name = models.CharField("原文件名", max_length=200)
    kind = models.CharField("文件类型", max_length=10)
    uploaded_on = models.DateField("上传日期")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class ReminderKind(models.TextChoices):
    BEFORE = "before", "临期提醒"
    DUE = "due", "到期提醒"
    ESCALATION = "escalation", "挂牌督办逾期升级"


class CaseReminder(models.Model):
    """A reminder sent, so that the daily command never sends the same one twice."""

    id = models.BigAutoField(primary_key=True)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("类别", max_length=20, choices=ReminderKind.choices)
    deadline = models.DateField("针对的期限")
    sent_on = models.DateField("发送日期")

    class Meta:
        verbose_name = "催办提醒"
        verbose_name_plural = "催办提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "deadline"], name="casereminder_once_per_deadline"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.sent_on}"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假(不计工作日)"
    WORKDAY = "workday", "上班(调休工作日)"


class CalendarOverride(models.Model):
    """The office's correction to the packaged China calendar, e.g. next year's 调休 published by
    the State Council before the ``holidays`` package knows it, or a local day off."""

    id = models.BigAutoField(primary_key=True)
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类别", max_length=10, choices=DayKind.choices)
    note = models.CharField("说明", max_length=100, blank=True, help_text="如“2027年春节调休”。")

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class SlipCounter(models.Model):
    """Per-year running number of 交办单 (locked row while a slip number is issued)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "交办单编号"
        verbose_name_plural = "交办单编号"

    def __str__(self):
        return f"{self.year}: {self.last}"
