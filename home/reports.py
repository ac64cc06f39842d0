"""Admin report for the office: every approval item's time-limit compression, short ones first."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Case, DecimalField, ExpressionWrapper, F, Value, When
from django.urls import reverse
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from home.models import ApprovalItem
from ledgers.roles import is_office
from ledgers.rules import TIME_CUT_TARGET


def with_ratio(queryset):
    """Annotate the cut ratio in SQL so the report can filter and sort on it."""
    return queryset.annotate(
        cut_ratio=Case(
            When(original_days=0, then=Value(None)),
            default=ExpressionWrapper(
                (F("original_days") - F("current_days")) * Value(1.0) / F("original_days"),
                output_field=DecimalField(max_digits=6, decimal_places=4),
            ),
            output_field=DecimalField(max_digits=6, decimal_places=4),
        )
    )


class TimeCutFilterSet(WagtailFilterSet):
    shortfall = django_filters.BooleanFilter(
        label="仅显示压缩不足20%的事项", method="filter_shortfall"
    )
    unit = django_filters.CharFilter(
        label="单位", field_name="page__unit__name", lookup_expr="icontains"
    )

    class Meta:
        model = ApprovalItem
        fields = []

    def filter_shortfall(self, queryset, name, value):
        if value is None:
            return queryset
        target = float(TIME_CUT_TARGET)
        return (
            queryset.filter(cut_ratio__lt=target)
            if value
            else queryset.filter(cut_ratio__gte=target)
        )


class TimeCutReportView(ReportView):
    """审批时限压缩情况: original → current promised time limit per item, flags under 20%."""

    page_title = "审批时限压缩情况"
    header_icon = "time"
    index_url_name = "time_cut_report"
    index_results_url_name = "time_cut_report_results"
    filterset_class = TimeCutFilterSet
    export_filename = "审批时限压缩情况"
    list_export = [
        "unit_name",
        "name",
        "statutory_days",
        "original_days",
        "current_days",
        "compression_percent",
        "flag",
    ]
    export_headings = {
        "unit_name": "窗口单位",
        "name": "事项名称",
        "statutory_days": "法定时限(工作日)",
        "original_days": "原承诺时限(工作日)",
        "current_days": "现承诺时限(工作日)",
        "compression_percent": "压缩比例(%)",
        "flag": "是否达到20%",
    }
    columns = [
        Column("unit_name", label="窗口单位", accessor="unit_name"),
        Column("name", label="事项名称"),
        Column("original_days", label="原承诺时限"),
        Column("current_days", label="现承诺时限"),
        Column("compression_percent", label="压缩比例(%)"),
        Column("flag", label="是否达到20%"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not is_office(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return with_ratio(ApprovalItem.objects.select_related("page", "page__unit")).order_by(
            "cut_ratio", "page__unit__sort_order", "sort_order"
        )

    def decorate_paginated_queryset(self, object_list):
        for item in object_list:
            item.unit_name = str(item.page.unit)
            item.flag = "达到" if item.meets_time_cut else "未达到(需继续压缩)"
        return object_list

    def to_row_dict(self, item):
        item.unit_name = str(item.page.unit)
        item.flag = "达到" if item.meets_time_cut else "未达到"
        return super().to_row_dict(item)

    def get_index_url(self):
        return reverse(self.index_url_name)
