"""The online report box (举报箱).

The policy puts a report box in the citizens' service hall and has the office collect what
citizens report and pass it on to the responsible unit. Online, the box is the public's direct
line to the office: anyone may drop a complaint or tip, anonymously or by name, and later look up
its progress with a receipt code and a query password. The reporter's identity is seen by the
office only; a unit that is assigned an item sees the problem, never who reported it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from home.lean import LeanPageMixin
from ledgers.uploads import private_storage


class Source(models.TextChoices):
    ONLINE = "online", "网上举报箱"
    HALL_BOX = "hall_box", "市民服务大厅举报箱"


class Status(models.TextChoices):
    NEW = "new", "待处理"
    ACCEPTED = "accepted", "已受理"
    ASSIGNED = "assigned", "已交办"
    REPLIED = "replied", "已答复"
    CLOSED = "closed", "已办结"
    DUPLICATE = "duplicate", "重复件"
    OUT_OF_SCOPE = "out_of_scope", "不予受理"
    SPAM = "spam", "无效(已屏蔽)"


# States in which a report still waits for the office or a unit.
OPEN_STATUSES = (Status.NEW, Status.ACCEPTED, Status.ASSIGNED)


class ReportQuerySet(models.QuerySet):
    def untriaged(self):
        return self.filter(status=Status.NEW)

    def overdue(self, today):
        """Handed-over items whose case is past its *current* deadline on ``today`` (given,
        never computed here); the case owns the deadline (:mod:`ledgers.reportbox.handover`)."""
        from ledgers.reportbox.handover import link

        return self.filter(link().overdue_q(today))

    def handed_over(self):
        """Items that became a rectification case."""
        from ledgers.reportbox.handover import link

        return self.filter(link().has_case_q())

    def visible(self):
        return self.exclude(status=Status.SPAM)


class Report(models.Model):
    """One submission to the report box, online or entered by the office from the paper box.

    Holds what the public sent (category, unit concerned, place, content, attachments), who sent
    it (office-only: name, phone, client address — the address only as long as abuse control needs
    it), how the office triaged it (status, internal notes; after hand-over the case owns unit,
    deadline and progress: :mod:`ledgers.reportbox.handover`) and what the
    reporter may see (the public reply). The receipt code and the hashed query password let the
    reporter look up the status without an account.
    """

    id = models.BigAutoField(primary_key=True)
    receipt_code = models.CharField(
        "回执码",
        max_length=32,
        unique=True,
        editable=False,
        help_text="随机生成、不可猜测的查询编号,提交后告知举报人。",
    )
    secret_hash = models.CharField(
        "查询密码(散列)",
        max_length=256,
        editable=False,
        help_text="查询密码只保存其散列值,任何人都无法从中读出密码。",
    )
    source = models.CharField(
        "来源",
        max_length=20,
        choices=Source.choices,
        default=Source.ONLINE,
        help_text="网上举报箱,或作风办录入的市民服务大厅纸质举报箱来件。",
    )
    category = models.ForeignKey(
        "ledgers.ProblemCategory",
        verbose_name="问题类型",
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="举报人选择的类型;作风办可重新归类。",
    )
    concerned_unit = models.ForeignKey(
        "ledgers.Unit",
        verbose_name="被反映单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports_concerning",
        help_text="举报涉及的单位(可不填)。举报不得交由被反映单位办理,除非作风办说明理由后特批。",
    )
    place = models.CharField(
        "发生地点", max_length=200, help_text="镇街区、村或社区,可写到具体位置。"
    )
    content = models.TextField("举报内容", help_text="10–2000 字。")
    is_anonymous = models.BooleanField(
        "匿名", default=True, help_text="匿名举报不留姓名和电话,只能凭回执码查询。"
    )
    reporter_name = models.CharField(
        "举报人姓名",
        max_length=50,
        blank=True,
        help_text="仅作风办可见;举报人同意承办单位直接联系时,承办单位也可看到。",
    )
    reporter_phone = models.CharField(
        "联系电话",
        max_length=30,
        blank=True,
        help_text="仅作风办可见;举报人同意承办单位直接联系时,承办单位也可看到。",
    )
    contact_consent = models.BooleanField(
        "同意承办单位直接联系我",
        default=False,
        help_text="举报人在表单上勾选后,承办单位可以看到其姓名和电话(每次查看都记录);"
        "不勾选则承办单位看不到任何身份信息,交办单也从不载明。",
    )
    client_ip = models.GenericIPAddressField(
        "提交地址",
        null=True,
        blank=True,
        editable=False,
        help_text="仅用于防范恶意提交,超过保存期限后自动清除;仅作风办可见。",
    )
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name="重复于",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
        help_text="与之反映同一问题的另一件举报。",
    )
    out_of_scope_reason = models.TextField(
        "不予受理理由", blank=True, help_text="会在查询页上告知举报人。"
    )
    assigned_at = models.DateTimeField(
        "移交时间",
        null=True,
        blank=True,
        editable=False,
        help_text="移交整改问题台账的时间;此后责任单位、期限和进展以整改问题为准。",
    )
    office_notes = models.TextField(
        "内部备注", blank=True, help_text="作风办内部备注,永不对外显示,也不给责任单位看。"
    )
    public_reply = models.TextField(
        "对外答复", blank=True, help_text="举报人凭回执码可以看到的答复。"
    )
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    forwarded_at = models.DateTimeField(
        "移送纪委时间",
        null=True,
        blank=True,
        editable=False,
        help_text="作风办把涉及违纪线索的举报移送市纪委的时间;移送后纪委可查看全文和举报人信息。",
    )
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="移送人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    forward_reason = models.TextField(
        "移送理由", blank=True, editable=False, help_text="仅作风办和纪委可见。"
    )
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField("状态更新时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "举报"
        verbose_name_plural = "举报"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=True)
                | ~models.Q(reporter_name="")
                | ~models.Q(reporter_phone=""),
                name="reportbox_named_has_identity",
            )
        ]

    def __str__(self):
        return f"{self.receipt_code} · {self.category}"

    @property
    def formatted_code(self):
        from ledgers.reportbox.services import format_code

        return format_code(self.receipt_code)

    @property
    def unit_content(self):
        """The report text as it may leave the office: names, phones, ID numbers removed."""
        from ledgers.redaction import redact

        return redact(self.content, [self.reporter_name])

    @property
    def unit_place(self):
        """The place as the handling unit sees it (reporter-written, so redacted too)."""
        from ledgers.redaction import redact

        return redact(self.place, [self.reporter_name])

    def set_status(self, status, when=None):
        self.status = status
        self.status_changed_at = when or timezone.now()


def attachment_path(instance, filename):
    """Random file names: the stored name never repeats what the reporter called the file."""
    from uuid import uuid4

    ext = {"jpeg": "jpg", "png": "png", "pdf": "pdf"}.get(instance.kind, "bin")
    return f"reportbox/{timezone.now():%Y/%m}/{uuid4().hex}.{ext}"


class AttachmentKind(models.TextChoices):
    JPEG = "jpeg", "JPEG 图片"
    PNG = "png", "PNG 图片"
    PDF = "pdf", "PDF"


class ReportAttachment(models.Model):
    """A file sent with a report: recognised by content, images re-encoded without EXIF/GPS,
    kept in private storage and served only after a permission check."""

    id = models.BigAutoField(primary_key=True)
    report = models.ForeignKey(
        Report, verbose_name="举报", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        "文件", storage=private_storage, upload_to=attachment_path, max_length=200
    )
    kind = models.CharField("类型", max_length=10, choices=AttachmentKind.choices)
    original_name = models.CharField(
        "原文件名", max_length=200, blank=True, help_text="仅作风办可见(文件名可能含个人信息)。"
    )
    size = models.PositiveIntegerField("大小(字节)", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    created_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "举报附件"
        verbose_name_plural = "举报附件"
        ordering = ["pk"]

    def __str__(self):
        return self.neutral_name

    @property
    def neutral_name(self):
        """The name shown outside the office: 附件1.jpg."""
        ext = {"jpeg": "jpg", "png": "png", "pdf": "pdf"}.get(self.kind, "bin")
        return f"附件{self.pk}.{ext}"


class AssignedReport(Report):
    """The same reports as seen by the unit they are assigned to: a proxy with its own
    permissions, so that a unit's clerks never reach the office's moderation screens (and the
    reporter's identity there)."""

    class Meta:
        proxy = True
        verbose_name = "交办举报"
        verbose_name_plural = "交办举报"


class ForwardedReport(Report):
    """The reports the office forwarded to 纪委 (移送纪委), as 纪委 reads them — identity
    included. A proxy with its own permission: units never reach it."""

    class Meta:
        proxy = True
        verbose_name = "移送纪委的举报"
        verbose_name_plural = "移送纪委的举报"


class ReportBoxPage(LeanPageMixin, RoutablePageMixin, Page):
    """The public report box at /report/: the form at the page's root, the status lookup at
    ``status/``. A page in the site tree so that editors can change its introduction and privacy
    notice without a deployment."""

    intro = RichTextField(
        "说明", blank=True, help_text="表单上方的说明:受理范围、办理方式、咨询电话。"
    )
    privacy_notice = RichTextField(
        "隐私说明",
        blank=True,
        help_text="举报人提交前须同意的隐私说明:哪些信息仅作风办可见、地址保存多久。",
    )
    status_intro = RichTextField("查询页说明", blank=True)

    # A form with CSRF and captcha, a receipt and a status lookup: never from the page cache.
    page_cache_enabled = False

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        FieldPanel("status_intro"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "网上举报箱"

    @path("")
    def report_form(self, request):
        from ledgers.reportbox import public_views

        return public_views.report_form(self, request)

    @path("receipt/")
    def receipt(self, request):
        from ledgers.reportbox import public_views

        return public_views.receipt(self, request)

    @path("status/")
    def status_lookup(self, request):
        from ledgers.reportbox import public_views

        return public_views.status_lookup(self, request)
