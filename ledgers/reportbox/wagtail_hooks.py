"""Admin for the report box: the office's moderation queue and the units' view of what was
assigned to them (identity left out), grouped under one menu."""

from django.urls import include, path
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from ledgers.reportbox.viewsets import ReportBoxGroup


@hooks.register("register_admin_viewset")
def register_reportbox():
    return ReportBoxGroup()


# --- log actions: every moderation step shows in the item's history -------------------------


def _register(actions, action, label, build):
    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            return build(log_entry.data or {})

    Formatter.label = label
    actions.register_action(action)(Formatter)


@hooks.register("register_log_actions")
def register_reportbox_log_actions(actions):
    def note(data):
        return f"(备注:{data['note']})" if data.get("note") else ""

    _register(actions, "reportbox.submit", "网上提交", lambda d: "通过网上举报箱提交")
    _register(
        actions, "reportbox.paper_entry", "录入纸质举报", lambda d: "录入市民服务大厅举报箱来件"
    )
    _register(actions, "reportbox.accept", "受理", lambda d: "受理" + note(d))
    _register(
        actions,
        "reportbox.duplicate",
        "标记重复",
        lambda d: f"标记为与 {d.get('original', '')} 重复{note(d)}",
    )
    _register(
        actions,
        "reportbox.out_of_scope",
        "不予受理",
        lambda d: f"不予受理,理由:{d.get('reason', '')}{note(d)}",
    )
    _register(actions, "reportbox.spam", "屏蔽", lambda d: "屏蔽为无效举报" + note(d))
    _register(
        actions,
        "reportbox.classify",
        "归类",
        lambda d: "归类:{} → {}{}".format(
            " / ".join(filter(None, (d.get("before") or {}).values())),
            " / ".join(filter(None, (d.get("after") or {}).values())),
            note(d),
        ),
    )
    _register(
        actions,
        "reportbox.assign",
        "交办",
        lambda d: "交办给 {},{}时限 {}{}{}{}".format(
            d.get("unit", ""),
            f"交办单 {d['slip_number']}," if d.get("slip_number") else "",
            f"{d['time_limit_days']}个工作日,截止 " if d.get("time_limit_days") else "",
            d.get("deadline", ""),
            f";特批交由被反映单位办理,理由:{d['override_reason']}"
            if d.get("override_reason")
            else "",
            note(d),
        ),
    )
    _register(
        actions,
        "reportbox.conflict_override",
        "回避特批",
        lambda d: f"特批交由被反映单位 {d.get('unit', '')} 办理,理由:{d.get('reason', '')}",
    )
    _register(actions, "reportbox.forward", "移送纪委", lambda d: "移送市纪委")
    _register(
        actions,
        "reportbox.reply",
        "答复",
        lambda d: "答复举报人并办结" if d.get("close") else "答复举报人",
    )


@hooks.register("register_admin_urls")
def register_attachment_urls():
    """The checked download of report attachments (namespace ``reportbox``)."""
    from ledgers.reportbox import urls

    return [path("reportbox/", include((urls.urlpatterns, "reportbox"), namespace="reportbox"))]
