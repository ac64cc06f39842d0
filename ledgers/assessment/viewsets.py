"""Admin of the year-end assessment, grouped under 年终考核: the schemes (office), the results
and cards (office, 纪委, units — each their own), the adjustments (office)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.assessment import access, views
from ledgers.assessment.forms import SchemeForm
from ledgers.assessment.models import Adjustment, Scheme
from ledgers.menu_links import LinkViewSet
from ledgers.roles import is_office


class SchemeEditView(EditView):
    """A frozen year's scheme is locked: the office is sent to the results instead."""

    def dispatch(self, request, *args, **kwargs):
        scheme = Scheme.objects.filter(pk=kwargs.get("pk")).first()
        if scheme is not None and scheme.locked and is_office(request.user):
            messages.error(request, "本年度考核结果已冻结,方案已锁定;更正请在考核卡上加减分。")
            return redirect("assessment_schemes:results", scheme.year)
        return super().dispatch(request, *args, **kwargs)


class SchemeViewSet(ModelViewSet):
    """The office's assessment schemes, one per year."""

    model = Scheme
    icon = "tasks"
    menu_label = "考核方案"
    edit_view_class = SchemeEditView
    inspect_view_enabled = False
    copy_view_enabled = False  # next year's scheme is made from this one by 新建
    list_display = [
        TitleColumn(
            "__str__",
            label="考核方案",
            get_url=lambda obj: reverse("assessment_schemes:edit", args=[obj.pk]),
        ),
        "year",
        "version",
        Column("locked", label="已冻结", accessor="locked"),
        "published_at",
    ]
    list_filter = ["locked"]
    list_export = ["year", "title", "version", "locked", "published_at"]
    export_filename = "考核方案"
    edit_handler = ObjectList(
        [
            MultiFieldPanel([FieldPanel("year"), FieldPanel("title"), FieldPanel("notes")], "方案"),
            InlinePanel(
                "indicators",
                heading="考核指标(分值合计须为 100)",
                label="指标",
                panels=[
                    FieldRowPanel([FieldPanel("code"), FieldPanel("label"), FieldPanel("weight")]),
                    FieldRowPanel(
                        [
                            FieldPanel("rule"),
                            FieldPanel("full_at"),
                            FieldPanel("zero_at"),
                            FieldPanel("per_occurrence"),
                            FieldPanel("floor"),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("no_data"),
                            FieldPanel("for_towns"),
                            FieldPanel("for_departments"),
                            FieldPanel("for_windows_only"),
                        ]
                    ),
                ],
            ),
        ],
        base_form_class=SchemeForm,
    )

    def get_urlpatterns(self):
        patterns = [p for p in super().get_urlpatterns() if getattr(p, "name", "") != "add"]
        return patterns + [
            path("new/", views.new_scheme, name="add"),
            path("overview/", views.index, name="overview"),
            path("mine/", views.my_card, name="mine"),
            path("<int:pk>/year/", views.scheme_year, name="year"),
            path("<int:year>/results/", views.results, name="results"),
            path("<int:year>/units/<int:unit_id>/", views.card, name="card"),
            path(
                "<int:year>/units/<int:unit_id>/evidence/<str:code>/",
                views.evidence,
                name="evidence",
            ),
            path("<int:year>/adjust/", views.adjust, name="adjust"),
            path("<int:year>/freeze/", views.freeze, name="freeze"),
            path("<int:year>/publish/", views.publish, name="publish"),
        ]


class AdjustmentViewSet(ModelViewSet):
    """Every 加分/扣分 the office made, with who and why (made from a unit's card, never edited)."""

    model = Adjustment
    icon = "plus"
    menu_label = "加减分记录"
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["year", "unit", "points", "reason", "created_by", "created_at", "after_freeze"]
    list_filter = ["year", "unit", "after_freeze"]
    list_export = ["year", "unit", "points", "reason", "created_by", "created_at", "after_freeze"]
    export_filename = "考核加减分"
    form_fields = ["year", "unit", "points", "reason"]

    def get_urlpatterns(self):
        # Adjustments are made on a card (logged there) and never edited or deleted.
        keep = {"index", "index_results", "inspect", "history"}
        return [p for p in super().get_urlpatterns() if getattr(p, "name", "") in keep]


class ResultsLink(LinkViewSet):
    menu_label = "考核结果"
    icon = "table"
    url_name = "assessment_schemes:overview"
    visible = staticmethod(access.reads_everything)


class MyCardLink(LinkViewSet):
    menu_label = "本单位考核"
    icon = "user"
    url_name = "assessment_schemes:mine"
    visible = staticmethod(
        lambda user: access.may_open_assessment(user) and not access.reads_everything(user)
    )


class AssessmentGroup(ViewSetGroup):
    menu_label = "年终考核"
    menu_icon = "tasks"
    menu_order = 330
    items = (
        SchemeViewSet("assessment_schemes", url_prefix="assessment"),
        ResultsLink("assessment_results_link"),
        MyCardLink("assessment_mine_link"),
        AdjustmentViewSet("assessment_adjustments", url_prefix="assessment/adjustments"),
    )
