"""Public page types of the portal.

The policy (保障措施(二)) asks for a dedicated work-style column that tracks the four main tasks,
typical cases and advanced practices; task 4 asks every window unit for a service handbook with
one-time notification (一次性告知) and approval time limits cut by a further 20%.
"""

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home import lean, segment
from ledgers.rules import TIME_CUT_TARGET, meets_time_cut_target, time_cut_ratio

PAGE_SIZE = 10


class Task(models.TextChoices):
    """The four main tasks (二、主要任务) of the policy."""

    VILLAGES = "villages", "包村联户"
    SERVICE_TARGETS = "targets", "联系服务对象"
    RECTIFICATION = "rectification", "问题整改"
    WINDOWS = "windows", "窗口服务"


class CaseKind(models.TextChoices):
    TYPICAL = "typical", "典型事例"
    PRACTICE = "practice", "先进做法"


def paginate(request, queryset, per_page=PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def filtered_children(index, model, request, param, choices):
    """An index page's live ``model`` pages, newest first, filtered by the ``param`` choice in
    the query string (ignored unless it is one of ``choices``) and paginated."""
    pages = (
        lean.public(model.objects.live(), request)
        .descendant_of(index)
        .select_related("unit")
        .order_by("-date", "-pk")
    )
    value = request.GET.get(param)
    if value in choices.values:
        pages = pages.filter(**{param: value})
    else:
        value = ""
    return value, paginate(request, pages)


class SegmentedSearchMixin:
    """Indexes ``search_segments()``: the page's text with Han runs split into bigrams."""

    def search_source_text(self):
        return [self.title, getattr(self, "search_description", "")]

    def search_segments(self):
        return segment.index_text(*[strip_tags(str(t)) for t in self.search_source_text() if t])


SEGMENT_FIELDS = [index.SearchField("search_segments")]


class HomePage(lean.LeanPageMixin, SegmentedSearchMixin, Page):
    """The portal's front page: latest column articles and cases, entries to guides and the box."""

    cache_snippet_models = ("ledgers.Unit",)  # shows unit names (home.pagecache)

    intro = RichTextField("导语", blank=True, help_text="首页顶部的简短说明。")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = Page.search_fields + SEGMENT_FIELDS
    api_fields = [APIField("intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ColumnIndexPage",
        "home.CaseIndexPage",
        "home.GuideIndexPage",
        "home.StandardPage",
        "reportbox.ReportBoxPage",
        "inspections.ExposurePage",
        "servicepoints.ServicePointIndexPage",
    ]

    class Meta:
        verbose_name = "首页"

    def search_source_text(self):
        return [self.title, self.intro]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_articles"] = (
            lean.public(ArticlePage.objects.live(), request)
            .select_related("unit")
            .order_by("-date")[:6]
        )
        context["latest_cases"] = (
            lean.public(CasePage.objects.live(), request)
            .select_related("unit")
            .order_by("-date")[:4]
        )
        context["guide_index"] = lean.first_section(request, GuideIndexPage)
        context["column_index"] = lean.first_section(request, ColumnIndexPage)
        context["case_index"] = lean.first_section(request, CaseIndexPage)
        context["tasks"] = Task.choices
        context["service_links"] = self.service_links(request)
        return context

    def service_links(self, request=None):
        """Entries to the report box, its status lookup and the public rectification results."""
        from django.urls import reverse

        from ledgers.reportbox.models import ReportBoxPage

        links = []
        box = lean.first_section(request, ReportBoxPage)
        if box is not None:
            links.append(
                {"url": box.url, "title": "网上举报箱", "note": "反映干部作风问题，可匿名"}
            )
            links.append(
                {
                    "url": box.url + ReportBoxPage.get_resolver().reverse("status_lookup"),
                    "title": "办理进度查询",
                    "note": "凭受理编号和查询密码查看答复",
                }
            )
        from ledgers.servicepoints.models import ServicePointIndexPage

        directory = lean.first_section(request, ServicePointIndexPage)
        if directory is not None:
            links.append(
                {
                    "url": directory.url,
                    "title": "便民服务点",
                    "note": "镇便民服务中心、村代办点和代办员",
                }
            )
        links.append(
            {
                "url": reverse("rectification:results"),
                "title": "问题整改公示",
                "note": "已办结问题的整改结果",
            }
        )
        return links


class StandardPage(lean.LeanPageMixin, SegmentedSearchMixin, Page):
    """A plain page (about the column, contact, privacy notice)."""

    body = RichTextField("正文", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")] + SEGMENT_FIELDS
    api_fields = [APIField("body")]
    subpage_types = []

    class Meta:
        verbose_name = "普通页面"

    def search_source_text(self):
        return [self.title, self.body]


class ColumnIndexPage(lean.LeanPageMixin, SegmentedSearchMixin, Page):
    """作风建设专栏: the list of column articles, filterable by task."""

    cache_snippet_models = ("ledgers.Unit",)  # shows unit names (home.pagecache)

    intro = RichTextField("栏目介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = Page.search_fields + SEGMENT_FIELDS
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ArticlePage"]

    class Meta:
        verbose_name = "作风建设专栏"

    def search_source_text(self):
        return [self.title, self.intro]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        task, context["articles"] = filtered_children(self, ArticlePage, request, "task", Task)
        context["current_task"] = task
        context["tasks"] = Task.choices
        return context


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "home.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ArticlePage(lean.LeanPageMixin, SegmentedSearchMixin, Page):
    """A column article tracking one of the four main tasks."""

    cache_snippet_models = ("ledgers.Unit",)  # shows unit names (home.pagecache)

    task = models.CharField(
        "主要任务", max_length=20, choices=Task.choices, help_text="本文跟踪的主要任务。"
    )
    date = models.DateField("发布日期", default=timezone.localdate)
    unit = models.ForeignKey(
        "ledgers.Unit",
        verbose_name="相关单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="可选:文章涉及的单位。",
    )
    intro = models.TextField("摘要", blank=True, max_length=500)
    body = RichTextField("正文")
    tags = ClusterTaggableManager("标签", through=ArticleTag, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("task"), FieldPanel("date"), FieldPanel("unit")]),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = (
        Page.search_fields
        + [index.SearchField("intro"), index.SearchField("body"), index.FilterField("task")]
        + SEGMENT_FIELDS
    )
    api_fields = [
        APIField("task"),
        APIField("task_label"),
        APIField("date"),
        APIField("unit_name"),
        APIField("intro"),
        APIField("body"),
        APIField("tags"),
    ]
    parent_page_types = ["home.ColumnIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "专栏文章"

    @property
    def task_label(self):
        return self.get_task_display()

    @property
    def unit_name(self):
        return str(self.unit) if self.unit_id else ""

    def search_source_text(self):
        return [self.title, self.intro, self.body, " ".join(t.name for t in self.tags.all())]


class CaseIndexPage(lean.LeanPageMixin, SegmentedSearchMixin, Page):
    """典型事例·先进做法: list of cases, filterable by kind and task."""

    cache_snippet_models = ("ledgers.Unit",)  # shows unit names (home.pagecache)

    intro = RichTextField("栏目介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = Page.search_fields + SEGMENT_FIELDS
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.CasePage"]

    class Meta:
        verbose_name = "典型事例·先进做法"

    def search_source_text(self):
        return [self.title, self.intro]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        kind, context["cases"] = filtered_children(self, CasePage, request, "kind", CaseKind)
        context["current_kind"] = kind
        context["kinds"] = CaseKind.choices
        return context


class CasePage(lean.LeanPageMixin, SegmentedSearchMixin, Page):
    """A typical case (典型事例) or an advanced practice (先进做法) of a unit."""

    cache_snippet_models = ("ledgers.Unit",)  # shows unit names (home.pagecache)

    kind = models.CharField("类别", max_length=20, choices=CaseKind.choices)
    task = models.CharField("主要任务", max_length=20, choices=Task.choices)
    unit = models.ForeignKey(
        "ledgers.Unit",
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateField("日期", default=timezone.localdate)
    summary = models.TextField("摘要", blank=True, max_length=500)
    body = RichTextField("正文")

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("task")]),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("date")]),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = (
        Page.search_fields
        + [index.SearchField("summary"), index.SearchField("body"), index.FilterField("kind")]
        + SEGMENT_FIELDS
    )
    api_fields = [
        APIField("kind"),
        APIField("kind_label"),
        APIField("task"),
        APIField("task_label"),
        APIField("unit_name"),
        APIField("date"),
        APIField("summary"),
        APIField("body"),
    ]
    parent_page_types = ["home.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "典型事例/先进做法"

    @property
    def kind_label(self):
        return self.get_kind_display()

    @property
    def task_label(self):
        return self.get_task_display()

    @property
    def unit_name(self):
        return str(self.unit) if self.unit_id else ""

    def search_source_text(self):
        return [self.title, self.summary, self.body]


class GuideIndexPage(lean.LeanPageMixin, SegmentedSearchMixin, Page):
    """窗口服务指南: one guide page per window unit below it. Edits by window units below this
    page go through the office's review workflow."""

    cache_snippet_models = ("ledgers.Unit",)  # shows unit names (home.pagecache)

    intro = RichTextField("栏目介绍", blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = Page.search_fields + SEGMENT_FIELDS
    api_fields = [APIField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.ServiceGuidePage"]

    class Meta:
        verbose_name = "窗口服务指南"

    def search_source_text(self):
        return [self.title, self.intro]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["guides"] = (
            lean.public(ServiceGuidePage.objects.live(), request)
            .child_of(self)
            .select_related("unit")
            .prefetch_related("approval_items")
            .order_by("unit__sort_order", "title")
        )
        return context


class ServiceGuidePage(lean.LeanPageMixin, SegmentedSearchMixin, RoutablePageMixin, Page):
    """A window unit's service handbook: its approval items, each with a one-time notice. An
    item's page and notice list the service points that take the item ("在哪里办")."""

    # unit names, and the service points on the item pages (home.pagecache)
    cache_snippet_models = (
        "ledgers.Unit",
        "network.Community",
        "servicepoints.ServicePoint",
        "servicepoints.Agent",
        "servicepoints.PointItem",
    )

    unit = models.OneToOneField(
        "ledgers.Unit",
        verbose_name="窗口单位",
        on_delete=models.PROTECT,
        related_name="service_guide",
        limit_choices_to={"is_window": True},
        help_text="本指南所属的窗口单位;该单位的填报员可以修改本页,经作风办审核后发布。",
    )
    intro = RichTextField("服务简介", blank=True)
    address = models.CharField("服务地址", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    supervision_phone = models.CharField("监督电话", max_length=40, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("unit"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("office_hours"),
                FieldRowPanel([FieldPanel("phone"), FieldPanel("supervision_phone")]),
            ],
            heading="服务信息(事项未单独填写时使用)",
        ),
        InlinePanel("approval_items", heading="审批服务事项", label="事项"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")] + SEGMENT_FIELDS
    api_fields = [
        APIField("unit_name"),
        APIField("intro"),
        APIField("address"),
        APIField("office_hours"),
        APIField("phone"),
        APIField("supervision_phone"),
        APIField("approval_items"),
    ]
    parent_page_types = ["home.GuideIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "窗口服务指南页"

    @property
    def unit_name(self):
        return str(self.unit)

    def search_source_text(self):
        return [self.title, self.intro, str(self.unit)]

    def clean(self):
        super().clean()
        if self.unit_id and not self.unit.is_window:
            raise ValidationError({"unit": "只有窗口单位才能有服务指南。"})

    def get_item(self, item_id):
        item = get_object_or_404(ApprovalItem.objects.filter(page=self), pk=item_id)
        item.page = self  # the item's page is this one: no query to load it again
        return item

    def item_context(self, request, item):
        """The item, and where to get it done: the active service points that take it, grouped
        by town (only the town chosen with ``?town=`` when it has one)."""
        from ledgers.servicepoints.models import ServicePointIndexPage
        from ledgers.servicepoints.public import parse_id, points_for_item

        groups, towns, chosen = points_for_item(item, parse_id(request.GET.get("town")))
        directory = lean.first_section(request, ServicePointIndexPage)
        return {
            "item": item,
            "point_groups": groups,
            "point_towns": towns,
            "chosen_town": chosen,
            "directory_url": directory.url if directory is not None else "",
        }

    @path("items/<int:item_id>/")
    def item_detail(self, request, item_id):
        item = self.get_item(item_id)
        return self.render(
            request,
            context_overrides=self.item_context(request, item),
            template="home/approval_item.html",
        )

    @path("items/<int:item_id>/notice/")
    def item_notice(self, request, item_id):
        item = self.get_item(item_id)
        return self.render(
            request,
            context_overrides=self.item_context(request, item),
            template="home/approval_item_notice.html",
        )


class MaterialBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="材料名称")
    form = blocks.ChoiceBlock(
        label="原件/复印件",
        choices=[("原件", "原件"), ("复印件", "复印件"), ("原件及复印件", "原件及复印件")],
        default="原件",
    )
    copies = blocks.IntegerBlock(label="份数", min_value=1, default=1)
    source = blocks.CharBlock(
        label="来源", required=False, help_text="如“申请人自备”“公安机关出具”。"
    )

    class Meta:
        icon = "doc-full"
        label = "申请材料"


class ApprovalItem(index.Indexed, Orderable):
    """One approval/service item of a window unit, with its promised time limits.

    The policy asks every item's promised time limit to be cut by a further 20%; the
    compression is computed here (rule in ``ledgers.rules``) and items that fall short are
    flagged in the admin report and on the page.
    """

    page = ParentalKey(ServiceGuidePage, on_delete=models.CASCADE, related_name="approval_items")
    name = models.CharField("事项名称", max_length=200)
    legal_basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("受理条件", blank=True)
    materials = StreamField(
        [("material", MaterialBlock())], verbose_name="申请材料", blank=True, use_json_field=True
    )
    procedure = models.TextField("办理流程", blank=True, help_text="每行一个步骤。")
    fee = models.CharField("收费标准", max_length=200, blank=True, default="不收费")
    statutory_days = models.PositiveIntegerField("法定时限(工作日)", null=True, blank=True)
    original_days = models.PositiveIntegerField(
        "原承诺时限(工作日)", help_text="压缩前的承诺办结时限。"
    )
    current_days = models.PositiveIntegerField(
        "现承诺时限(工作日)", help_text="压缩后的承诺办结时限;应比原时限再压缩20%以上。"
    )
    location = models.CharField("办理地点", max_length=200, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=40, blank=True)
    supervision_phone = models.CharField("监督电话", max_length=40, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("legal_basis"),
        FieldPanel("conditions"),
        FieldPanel("materials"),
        FieldPanel("procedure"),
        FieldPanel("fee"),
        FieldRowPanel(
            [FieldPanel("statutory_days"), FieldPanel("original_days"), FieldPanel("current_days")]
        ),
        FieldPanel("location"),
        FieldRowPanel([FieldPanel("office_hours"), FieldPanel("phone")]),
        FieldPanel("supervision_phone"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("search_segments"),
        index.FilterField("page_id"),
    ]
    api_fields = [
        APIField("name"),
        APIField("legal_basis"),
        APIField("conditions"),
        APIField("materials"),
        APIField("procedure"),
        APIField("fee"),
        APIField("statutory_days"),
        APIField("original_days"),
        APIField("current_days"),
        APIField("compression_percent"),
        APIField("meets_time_cut"),
        APIField("location"),
        APIField("office_hours"),
        APIField("phone"),
        APIField("supervision_phone"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "审批服务事项"
        verbose_name_plural = "审批服务事项"

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (
            self.original_days is not None
            and self.current_days is not None
            and self.current_days > self.original_days
        ):
            raise ValidationError({"current_days": "现承诺时限不能长于原承诺时限。"})

    @property
    def compression_ratio(self):
        return time_cut_ratio(self.original_days, self.current_days)

    @property
    def compression_percent(self):
        ratio = self.compression_ratio
        return None if ratio is None else float(round(ratio * 100, 1))

    @property
    def meets_time_cut(self):
        return meets_time_cut_target(self.original_days, self.current_days)

    @property
    def target_percent(self):
        return int(TIME_CUT_TARGET * 100)

    @cached_property
    def procedure_steps(self):
        return [line.strip() for line in (self.procedure or "").splitlines() if line.strip()]

    def get_url(self, request=None):
        return self.page.get_url(request) + self.page.reverse_subpage("item_detail", args=[self.pk])

    def notice_url(self, request=None):
        return self.page.get_url(request) + self.page.reverse_subpage("item_notice", args=[self.pk])

    def search_segments(self):
        materials = " ".join(b.value["name"] for b in self.materials) if self.materials else ""
        return segment.index_text(self.name, self.conditions, self.legal_basis, materials)


# The site settings live in their own module; importing them here registers the model.
from home.site_settings import PortalSettings  # noqa: E402, F401
