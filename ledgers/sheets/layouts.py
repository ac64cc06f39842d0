"""The official layout of the five ledgers (附件1–5 of 海办发〔2016〕9号).

Every attachment is described once here: title, columns (official ones first, then our optional
ones at the right end), which columns are required, and the header spellings we accept. The
template writer, the reader, the annotated workbook and the consolidated export all use it.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import models


class Attachment(models.IntegerChoices):
    VISITS = 1, "附件1 走访村民(居民)情况统计表"
    VISIT_PROBLEMS = 2, "附件2 村民(居民)反映的问题分类统计表(公共方面)"
    TARGETS = 3, "附件3 干部联系服务对象情况统计表"
    TARGET_PROBLEMS = 4, "附件4 干部联系服务对象反映的问题分类统计表(行业领域/公共方面)"
    HOTLINE = 5, "附件5 89000民生热线、网上民声交办问题统计表"


class Area(models.TextChoices):
    NONE = "", "未注明"
    URBAN = "urban", "城市"
    RURAL = "rural", "农村"


class Sphere(models.TextChoices):
    NONE = "", "未注明"
    SECTOR = "sector", "行业领域"
    PUBLIC = "public", "公共方面"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as printed in the official table / our template
    aliases: tuple = ()
    required: bool = False
    official: bool = True
    width: int = 16


@dataclass(frozen=True)
class Layout:
    attachment: int
    title: str
    columns: tuple
    note: str = ""
    has_problems: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def official_columns(self):
        return [c for c in self.columns if c.official]

    def column(self, key):
        return next(c for c in self.columns if c.key == key)


def normalise_header(text):
    """NFKC (full-width → half-width), no spaces or line breaks, brackets unified, no stars."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = re.sub(r"[\s\u3000*:]+", "", text)
    return text.replace("[", "(").replace("]", ")").replace("(", "(").replace(")", ")")


NAME_VILLAGER = Column(
    "name",
    "村(居)民姓名",
    ("村民姓名", "居民姓名", "村(居)民姓名", "姓名"),
    required=True,
    width=14,
)
ADDRESS_VILLAGER = Column(
    "address",
    "村(居)民住址",
    ("村民住址", "居民住址", "住址", "家庭住址"),
    required=True,
    width=28,
)
PHONE = Column(
    "phone", "联系电话", ("电话", "联系方式", "手机号", "手机号码", "电话号码"), width=16
)
CATEGORY = Column("category", "问题类型", ("问题分类", "类型"), required=True, width=12)
CONTENT = Column(
    "content", "问题内容", ("反映问题", "问题描述", "反映内容"), required=True, width=40
)
REMARKS = Column("remarks", "备注", (), width=16)
NAME_TARGET = Column(
    "name", "服务对象姓名", ("联系对象姓名", "服务对象", "姓名"), required=True, width=14
)
ADDRESS_TARGET = Column(
    "address",
    "工作单位(住址)",
    ("工作单位(住址)", "工作单位或住址", "工作单位", "住址"),
    required=True,
    width=28,
)
CADRE = Column(
    "cadre", "联系干部", ("联系干部姓名", "走访干部", "包联干部"), official=False, width=12
)
AREA = Column("area", "城市/农村", ("城市或农村", "城乡", "城市农村"), official=False, width=10)
SPHERE = Column(
    "sphere", "行业领域/公共方面", ("行业领域或公共方面", "问题领域"), official=False, width=16
)

# 附件1's optional columns for the policy's 四个一 and the visit date (is it 是/否, a date).
VISITED_ON = Column(
    "visited_on", "走访日期", ("走访时间", "入户日期", "入户时间"), official=False, width=12
)
FOUR_ONES = (
    Column(
        "card", "留联系卡", ("联系卡", "留下联系卡", "留下一张联系卡"), official=False, width=10
    ),
    Column(
        "survey",
        "填调查卷",
        ("调查卷", "填好调查卷", "填好一张调查卷", "调查问卷"),
        official=False,
        width=10,
    ),
    Column(
        "solved", "解决困难事", ("困难事", "解决一件困难事", "解决困难"), official=False, width=10
    ),
    Column(
        "leaflet",
        "发宣传纸",
        ("宣传纸", "发放宣传纸", "发放一张宣传纸", "宣传单"),
        official=False,
        width=10,
    ),
)
# column key -> LedgerRow field
FOUR_ONES_FIELDS = {
    "card": "four_card",
    "survey": "four_survey",
    "solved": "four_solved",
    "leaflet": "four_leaflet",
}

LAYOUTS = {
    1: Layout(
        1,
        "走访村民(居民)情况统计表",
        (ADDRESS_VILLAGER, NAME_VILLAGER, PHONE, REMARKS, CADRE, AREA, VISITED_ON, *FOUR_ONES),
    ),
    2: Layout(
        2,
        "村民(居民)反映的问题分类统计表(公共方面)",
        (NAME_VILLAGER, ADDRESS_VILLAGER, PHONE, CATEGORY, CONTENT, REMARKS, CADRE, AREA),
        has_problems=True,
    ),
    3: Layout(
        3,
        "干部联系服务对象情况统计表",
        (NAME_TARGET, ADDRESS_TARGET, PHONE, REMARKS, CADRE),
    ),
    4: Layout(
        4,
        "干部联系服务对象反映的问题分类统计表(行业领域/公共方面)",
        (NAME_TARGET, ADDRESS_TARGET, PHONE, CATEGORY, CONTENT, REMARKS, CADRE, SPHERE),
        has_problems=True,
    ),
    5: Layout(
        5,
        "89000民生热线、网上民声交办问题统计表",
        (
            Column("name", "反映人姓名", ("反映人", "来电人", "来电人姓名", "姓名"), width=14),
            PHONE,
            CONTENT,
            Column("handling", "办理情况", ("办理结果", "处理情况"), width=30),
            Column("responsible_unit", "责任单位", ("承办单位", "办理单位"), width=20),
            REMARKS,
        ),
        has_problems=True,
    ),
}
# Attachment 5 rows have no problem type column: content is the required cell there.
LAYOUTS[5] = Layout(
    5,
    LAYOUTS[5].title,
    tuple(
        Column(c.key, c.header, c.aliases, required=c.key in ("content",), width=c.width)
        for c in LAYOUTS[5].columns
    ),
    has_problems=False,
)

# Headers that tell the attachments apart (normalised). A sheet "looks like" attachment N when
# all its distinguishing headers are present.
SIGNATURES = {
    1: {"村(居)民住址", "村(居)民姓名"},
    2: {"村(居)民姓名", "问题类型", "问题内容"},
    3: {"服务对象姓名", "工作单位(住址)"},
    4: {"服务对象姓名", "问题类型", "问题内容"},
    5: {"反映人姓名", "办理情况", "责任单位"},
}


def header_lookup(layout):
    """normalised header text → column key, for one layout (exact names win over aliases)."""
    lookup = {}
    for column in layout.columns:
        for alias in column.aliases:
            lookup.setdefault(normalise_header(alias), column.key)
    for column in layout.columns:
        lookup[normalise_header(column.header)] = column.key
    return lookup


def _canonical_signature_headers(normalised):
    """Map alias spellings onto the official header names used in SIGNATURES."""
    mapped = set(normalised)
    for text in normalised:
        if text in ("村民姓名", "居民姓名"):
            mapped.add("村(居)民姓名")
        if text in ("村民住址", "居民住址"):
            mapped.add("村(居)民住址")
        if text in ("工作单位或住址",):
            mapped.add("工作单位(住址)")
    return mapped


def attachments_matching(normalised_headers):
    """Which attachments a row of normalised header cells looks like, best first."""
    headers = _canonical_signature_headers(normalised_headers)
    hits = [n for n, sig in SIGNATURES.items() if sig <= headers]
    # A problem table (2/4) also contains the names of 1/3: prefer the more specific signature.
    return sorted(hits, key=lambda n: -len(SIGNATURES[n]))


def due_date_default(attachment, year, half):
    """Official deadlines: att.5 6-1/12-1; att.3,4 6-5/12-5; att.1,2 6-10/12-10."""
    import datetime

    day = {1: 10, 2: 10, 3: 5, 4: 5, 5: 1}[int(attachment)]
    return datetime.date(year, 6 if half == 1 else 12, day)
