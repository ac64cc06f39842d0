"""Admin home-screen warning for the office: the background worker is behind."""

from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component

from home.search_sync import WORKER_BACKLOG_AFTER, worker_backlog_now
from ledgers.roles import is_office


class WorkerBacklogPanel(Component):
    """Shown only when tasks (search indexing, imports, e-mails) wait longer than allowed."""

    name = "worker_backlog"
    order = 10

    def __init__(self, count, oldest):
        self.count, self.oldest = count, oldest

    def render_html(self, parent_context=None):
        minutes = int(WORKER_BACKLOG_AFTER.total_seconds() // 60)
        return format_html(
            '<section class="panel help-block help-warning" role="alert" aria-labelledby="worker-backlog-h">'
            '<h2 id="worker-backlog-h">后台任务积压：{} 项等待超过 {} 分钟</h2>'
            "<p>后台任务进程（db_worker）可能已停止：台账导入、通知邮件会延迟。"
            "新发布的页面已即时建立搜索索引，不受影响。请联系系统管理员检查 db_worker 进程。</p>"
            "</section>",
            self.count,
            minutes,
        )


@hooks.register("construct_homepage_panels")
def add_worker_backlog_panel(request, panels):
    if not is_office(request.user):
        return
    count, oldest = worker_backlog_now()
    if count:
        panels.insert(0, WorkerBacklogPanel(count, oldest))
