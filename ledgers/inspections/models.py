"""纪委 inspections (明察暗访) of service windows and units.

The city's 纪委 "加大对各服务窗口的明察暗访力度和频率,及时发现问题、查处曝光" (海办发〔2016〕9号).
An inspection records when, where and how 纪委 looked; each finding gets a decision — 交办整改
(a rectification case for the unit), 通报 or 移送 — and reaches the unit only once 纪委 releases
it. The inspectors' working notes stay with 纪委. Findings 纪委 chooses to make public go, redacted
and after a second inspector's approval, to the 曝光台 page.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.lean import LeanPageMixin
from ledgers.uploads import private_storage


class InspectionMode(models.TextChoices):
    OPEN = "open", "公开检查"
    UNANNOUNCED = "unannounced", "暗访"


class Decision(models.TextChoices):
    PENDING = "pending", "待定"
    RECTIFY = "rectify", "交办整改"
    NOTIFY = "notify", "通报"
    TRANSFER = "transfer", "移送"


class PublicationState(models.TextChoices):
    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Inspection(ClusterableModel):
    """One visit of 纪委 to a window or a unit: the record of what was checked and by whom."""

    id = models.BigAutoField(primary_key=True)
    inspected_on = models.DateField("检查日期", help_text="明察暗访的日期。")
    unit = models.ForeignKey(
        "ledgers.Unit",
        verbose_name="被检查单位",
        on_delete=models.PROTECT,
        related_name="inspections",
        help_text="窗口单位或其他单位;发现问题交办整改时即交给该单位。",
    )
    window = models.CharField(
        "窗口/科室",
        max_length=100,
        blank=True,
        help_text="具体的服务窗口、科室或办事大厅位置,如“不动产登记窗口3号”。",
    )
    mode = models.CharField(
        "方式", max_length=20, choices=InspectionMode.choices, default=InspectionMode.UNANNOUNCED
    )
    inspectors = models.CharField(
        "检查人员", max_length=200, help_text="参加检查的纪委工作人员;单位看不到。"
    )
    checked = models.TextField(
        "检查内容", help_text="检查了哪些方面:在岗在位、服务态度、办事效率、一次性告知等。"
    )
    working_notes = models.TextField(
        "工作记录",
        blank=True,
        help_text="检查人员的工作记录(线索、经过),仅纪委可见,不向被检查单位和作风办公开。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("录入时间", default=timezone.now, editable=False)

    panels = [
        FieldRowPanel([FieldPanel("inspected_on"), FieldPanel("mode")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("window")]),
        FieldPanel("inspectors"),
        FieldPanel("checked"),
        FieldPanel("working_notes"),
        InlinePanel("findings", heading="发现的问题", label="问题"),
    ]

    class Meta:
        verbose_name = "明察暗访"
        verbose_name_plural = "明察暗访"
        ordering = ["-inspected_on", "-pk"]

    def __str__(self):
        where = f"{self.unit}{(' ' + self.window) if self.window else ''}"
        return f"{self.inspected_on:%Y-%m-%d} {where}"


class Finding(models.Model):
    """A problem found on an inspection and what 纪委 decided to do about it."""

    id = models.BigAutoField(primary_key=True)
    inspection = ParentalKey(
        Inspection, verbose_name="明察暗访", on_delete=models.CASCADE, related_name="findings"
    )
    category = models.ForeignKey(
        "ledgers.ProblemCategory",
        verbose_name="问题类型",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="交办整改时即为整改问题的类型。",
    )
    description = models.TextField(
        "问题描述", help_text="发现的问题,如实记录;公开曝光时另行审核、隐去个人信息。"
    )
    decision = models.CharField(
        "处理决定", max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decision_note = models.TextField(
        "处理说明", blank=True, help_text="通报的范围、移送的机关或交办的要求。"
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True, editable=False)
    released_at = models.DateTimeField(
        "告知单位时间",
        null=True,
        blank=True,
        editable=False,
        help_text="纪委告知被检查单位后,单位才能看到这条问题。",
    )
    case = models.ForeignKey(
        "rectification.Case",
        verbose_name="整改问题",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    panels = [FieldPanel("category"), FieldPanel("description")]

    class Meta:
        verbose_name = "明察暗访发现的问题"
        verbose_name_plural = "明察暗访发现的问题"
        ordering = ["-inspection__inspected_on", "pk"]

    def __str__(self):
        return f"{self.inspection}:{self.description[:30]}"

    @property
    def is_released(self):
        return self.released_at is not None

    @property
    def released_label(self):
        return "是" if self.released_at else "否"

    @property
    def case_state_label(self):
        """The state of the rectification case handed over, for 纪委's lists ("" if none)."""
        return self.case.get_state_display() if self.case_id and self.case else ""


# Stored and download file extensions of the evidence kinds (the names never repeat the upload's).
FILE_EXTENSIONS = {"jpeg": "jpg", "png": "png", "pdf": "pdf"}


def evidence_path(instance, filename):
    """Random stored names: never what the inspector's phone called the photo."""
    from uuid import uuid4

    ext = FILE_EXTENSIONS.get(instance.kind, "bin")
    return f"inspections/{timezone.now():%Y/%m}/{uuid4().hex}.{ext}"


class FindingEvidence(models.Model):
    """A photo or file proving a finding: checked by content, images re-encoded (no EXIF/GPS),
    private storage, handed out only after the finding's permission check."""

    id = models.BigAutoField(primary_key=True)
    finding = models.ForeignKey(
        Finding, verbose_name="问题", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(
        "文件", storage=private_storage, upload_to=evidence_path, max_length=200
    )
    kind = models.CharField("类型", max_length=10)
    original_name = models.CharField("原文件名", max_length=200, blank=True)
    size = models.PositiveIntegerField("大小(字节)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "问题佐证材料"
        verbose_name_plural = "问题佐证材料"
        ordering = ["pk"]

    def __str__(self):
        return self.original_name or f"材料{self.pk}"


class Publication(models.Model):
    """A finding made public on the 曝光台: the text is redacted when proposed, may be edited by
    the proposer, and goes live only when another 纪委 member approves it (four eyes)."""

    id = models.BigAutoField(primary_key=True)
    finding = models.OneToOneField(
        Finding, verbose_name="问题", on_delete=models.CASCADE, related_name="publication"
    )
    title = models.CharField("曝光标题", max_length=100)
    text = models.TextField(
        "曝光内容", help_text="公开的文字:已自动隐去姓名、电话、身份证号,请再次核对。"
    )
    state = models.CharField(
        "状态", max_length=20, choices=PublicationState.choices, default=PublicationState.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提出人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField("提出时间", default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        verbose_name = "曝光"
        verbose_name_plural = "曝光"
        ordering = ["-proposed_at", "-pk"]

    def __str__(self):
        return self.title


class ExposurePage(LeanPageMixin, Page):
    """The public 曝光台: findings 纪委 chose to publish, redacted and approved. A page in the site
    tree so that editors can word its introduction; the list itself comes from Publication."""

    intro = RichTextField("说明", blank=True, help_text="页面顶部的说明:曝光的范围和依据。")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "曝光台"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["publications"] = (
            Publication.objects.filter(state=PublicationState.PUBLISHED)
            .select_related("finding__inspection__unit", "finding__category")
            .order_by("-published_at", "-pk")[:200]
        )
        return context
