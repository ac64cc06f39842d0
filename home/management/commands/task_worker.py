"""Run background tasks; idle, wait for a wake-up instead of polling (see home/worker.py)."""

import signal

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from home import worker as wake


class Command(BaseCommand):
    help = "运行后台任务(搜索索引、导入、邮件等):有新任务时立即执行,空闲时等待唤醒,几乎不占 CPU。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="没有唤醒信号时多久检查一次队列(秒,默认 PORTAL_WORKER_INTERVAL=30)。",
        )
        parser.add_argument(
            "--queue-name", default="default", help="要处理的队列,逗号分隔;'*' 表示全部。"
        )
        parser.add_argument("--batch", action="store_true", help="处理完现有任务后退出。")

    def handle(self, *args, **options):
        interval = options["interval"] if options["interval"] is not None else wake.interval()
        queues = [q.strip() for q in options["queue_name"].split(",") if q.strip()]
        worker_id = get_random_string(32)
        state = {"stop": False, "worker": None}

        def shutdown(signum, frame):
            state["stop"] = True
            if state["worker"] is not None:
                state["worker"].running = False  # finish the current task, then stop
            else:
                raise SystemExit(0)

        def run_queue():
            state["worker"] = Worker(
                queue_names=queues,
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            )
            try:
                state["worker"].run()
            finally:
                state["worker"] = None

        if options["batch"]:
            run_queue()
            return
        channel = wake.WakeChannel()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, shutdown)
        if options["verbosity"]:
            self.stdout.write(
                f"后台任务执行器已启动:唤醒通道 {channel.description},轮询间隔 {interval:g} 秒。"
            )
        try:
            while not state["stop"]:
                run_queue()
                if not state["stop"]:
                    channel.wait(interval)
        finally:
            channel.close()
