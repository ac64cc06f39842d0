"""通报 (bulletins): a numbered Word document (作风通〔YYYY〕N号) the office generates from the
portal's data, kept with the data it was made from.

State changes happen in :mod:`ledgers.bulletins.services`; these models hold data.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ledgers.uploads import private_storage


class Kind(models.TextChoices):
    """The four templates: which data a bulletin reports on."""

    LEDGERS = "ledgers", "台账报送情况"
    RECTIFICATION = "rectification", "逾期及预警整改问题"
    SPOTCHECK = "spotcheck", "抽查回访结果"
    INSPECTIONS = "inspections", "明察暗访发现问题"


NUMBER_PREFIX = "作风通"


def format_number(year, seq):
    """The 发文字号, e.g. 作风通〔2026〕3号."""
    return f"{NUMBER_PREFIX}〔{year}〕{seq}号"


def document_path(instance, filename):
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    return f"bulletins/{instance.year}/{instance.year}-{instance.seq:03d}-{stamp}.docx"


class BulletinCounter(models.Model):
    """The last bulletin number issued in a year. Its row is locked (SELECT … FOR UPDATE) inside
    the generating transaction, so numbers are issued in order with no gaps or duplicates even when
    two bulletins are generated at once; a failed generation rolls its number back too."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    last_number = models.PositiveIntegerField("已用最大序号", default=0)

    class Meta:
        verbose_name = "通报编号计数"
        verbose_name_plural = "通报编号计数"

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Bulletin(models.Model):
    """One generated 通报: its number, the texts as issued, the parameters the office chose, the
    data snapshot the table was built from and the Word document (private storage)."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField("通报类型", max_length=20, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年份", help_text="发文字号中的年份(生成时的年份)。")
    seq = models.PositiveIntegerField("序号", help_text="当年第几号,按生成顺序连续编号。")
    number = models.CharField("发文字号", max_length=40, unique=True)
    title = models.CharField("标题", max_length=200)
    addressees = models.CharField(
        "主送机关", max_length=200, help_text="如“各镇街区、市直各部门”。"
    )
    body = models.TextField("正文", help_text="表格前的正文,每行一段。")
    issuer = models.CharField("发文机关", max_length=100, help_text="落款,如“市作风办”。")
    issued_on = models.DateField("成文日期")
    parameters = models.JSONField(
        "参数", default=dict, blank=True, help_text="生成时选择的期次、轮次、日期等。"
    )
    snapshot = models.JSONField(
        "数据快照",
        default=dict,
        blank=True,
        help_text="生成时的数据(表头、各行、汇总),不再随原始数据变化。不含举报人身份。",
    )
    document = models.FileField(
        "Word 文档",
        storage=private_storage,
        upload_to=document_path,
        max_length=255,
        help_text="生成的 .docx,私有保存,仅作风办可下载。",
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="生成人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    generated_at = models.DateTimeField("生成时间", default=timezone.now)
    article = models.ForeignKey(
        "home.ArticlePage",
        verbose_name="专栏草稿",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="发布到作风建设专栏的脱敏稿(草稿,需经审核发布)。",
    )

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-year", "-seq"]
        constraints = [
            models.UniqueConstraint(fields=["year", "seq"], name="bulletins_year_seq_unique")
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def download_name(self):
        return f"{self.number}{self.title}.docx"
