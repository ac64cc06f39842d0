from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from home.reports import TimeCutReportView
from ledgers.roles import is_office


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office(request.user)


@hooks.register("register_admin_urls")
def register_time_cut_report_urls():
    return [
        path("reports/time-cut/", TimeCutReportView.as_view(), name="time_cut_report"),
        path(
            "reports/time-cut/results/",
            TimeCutReportView.as_view(results_only=True),
            name="time_cut_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_time_cut_report_menu_item():
    return OfficeMenuItem(
        "审批时限压缩情况", reverse("time_cut_report"), icon_name="time", order=700
    )


# The office's warning when the background worker falls behind (registers its own hook).
import home.admin_panels  # noqa: E402, F401
