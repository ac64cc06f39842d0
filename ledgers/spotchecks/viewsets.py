"""Admin of the spot checks: the rounds (office), the call queue (office) and the results (office,
纪委, units), grouped under 电话抽查."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from ledgers.menu_links import LinkViewSet
from ledgers.roles import is_inspector, is_office, unit_of
from ledgers.spotchecks import views
from ledgers.spotchecks.models import Round


class RoundIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(call_count=Count("calls"))


class RoundEditView(EditView):
    """The settings of a round are frozen once it is drawn (the redraw check relies on them)."""

    def dispatch(self, request, *args, **kwargs):
        round_ = Round.objects.filter(pk=kwargs.get("pk")).first()
        if (
            round_ is not None
            and round_.is_drawn
            and request.user.has_perm("spotchecks.change_round")
        ):
            messages.error(request, "本轮已经抽样,抽样规则和随机种子不能再修改。")
            return redirect("spot_rounds:work", round_.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("spot_rounds:work", args=[self.object.pk])


class RoundViewSet(ModelViewSet):
    """The office opens a round (half-year or year-end), draws it, works its calls, publishes."""

    model = Round
    icon = "mobile-alt"
    menu_label = "抽查轮次"
    index_view_class = RoundIndexView
    edit_view_class = RoundEditView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "__str__",
            label="抽查轮次",
            get_url=lambda obj: reverse("spot_rounds:work", args=[obj.pk]),
        ),
        Column("state", label="状态", accessor="get_state_display"),
        Column("call_count", label="抽取人数"),
        "drawn_at",
        "seed",
    ]
    list_filter = ["year", "season", "state"]
    list_export = ["year", "season", "state", "seed", "drawn_at", "published_at"]
    export_filename = "电话抽查轮次"
    form_fields = [
        "year",
        "season",
        "check_visits",
        "check_targets",
        "check_cases",
        "check_window",
        "size_mode",
        "per_unit",
        "share_percent",
        "minimum",
        "exclude_months",
        "seed",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/work/", views.round_detail, name="work"),
            path("<int:pk>/draw/", views.draw, name="draw"),
            path("<int:pk>/verify/", views.verify, name="verify"),
            path("<int:pk>/publish/", views.publish, name="publish"),
            path("<int:pk>/export/", views.calls_export, name="export"),
            path("<int:pk>/print/", views.print_sheets, name="print"),
            path("<int:pk>/results/", views.round_results, name="results"),
            path("published/", views.results_index, name="results_index"),
            path("queue/", views.queue, name="queue"),
            path("calls/<int:pk>/", views.call_sheet, name="call"),
            path("calls/<int:pk>/reveal/", views.reveal, name="reveal"),
            path("calls/<int:pk>/case/", views.raise_case, name="raise_case"),
        ]


class QueueLink(LinkViewSet):
    menu_label = "待拨电话"
    icon = "list-ul"
    url_name = "spot_rounds:queue"
    visible = staticmethod(is_office)


def _reads_results(user):
    return is_office(user) or is_inspector(user) or unit_of(user) is not None


class ResultsLink(LinkViewSet):
    menu_label = "抽查结果"
    icon = "table"
    url_name = "spot_rounds:results_index"
    visible = staticmethod(_reads_results)


class SpotCheckGroup(ViewSetGroup):
    menu_label = "电话抽查"
    menu_icon = "mobile-alt"
    menu_order = 310
    items = (
        RoundViewSet("spot_rounds", url_prefix="spotchecks/rounds"),
        QueueLink("spot_queue_link"),
        ResultsLink("spot_results_link"),
    )
