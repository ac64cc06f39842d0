"""CPU used by an idle background worker, and its delay in picking up a new task.

Runs django-tasks-db's ``db_worker --interval 1`` (what ``make run`` used before, with the dev
settings: DEBUG on, so db_worker also runs Django's file-watching reloader; the baseline)
and the portal's ``task_worker`` (waits for a wake-up) one after the other, each idle for
``--seconds`` against the same fresh SQLite database, reading the CPU time of the
process and its children (utime + stime from /proc/<pid>/stat) before and after. Then it enqueues ``home.tasks.ping``
a few times and measures how long each takes to finish. Prints % of one core and the ratio.

    .venv/bin/python benchmarks/worker_idle.py --seconds 60
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TICKS = os.sysconf("SC_CLK_TCK")

ENQUEUE = """
import time
from django_tasks_db.models import DBTaskResult
from home.tasks import ping
delays = []
for _ in range({n}):
    result = ping.enqueue(time.time())
    start = time.time()
    while time.time() - start < 120:
        row = DBTaskResult.objects.get(id=result.id)
        if row.status == "SUCCESSFUL":
            delays.append(row.finished_at.timestamp() - start)
            break
        time.sleep(0.02)
    time.sleep(0.5)
print("DELAYS", " ".join(f"{{d:.3f}}" for d in delays))
"""


def tree(pid):
    """The process and all its descendants (db_worker under DEBUG runs in a reloader child)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            pids += tree(int(child))
    return pids


def cpu_seconds(pid):
    """CPU time (utime + stime) of the process tree; the same pids are read before and after."""
    total = 0
    for p in tree(pid):
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICKS


def measure(env, args, seconds, enqueue):
    proc = subprocess.Popen(
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def run_tasks(n):
        out = subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "shell"],
            input=ENQUEUE.format(n=n),
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return [float(d) for d in out.split("DELAYS", 1)[1].split()]

    try:
        run_tasks(1)  # the worker has started (imports, checks) and run a task: now it idles
        time.sleep(2)
        before, t0 = cpu_seconds(proc.pid), time.perf_counter()
        time.sleep(seconds)
        used, elapsed = cpu_seconds(proc.pid) - before, time.perf_counter() - t0
        delays = run_tasks(enqueue)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return 100 * used / elapsed, delays


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--enqueue", type=int, default=5)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="worker-idle-")
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
        PORTAL_WORKER_SOCKET=f"{tmp}/worker.sock",
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.pop("REDIS_URL", None)
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), "migrate", "--noinput", "-v0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    rows = []
    for label, command in (
        ("db_worker --interval 1", ["db_worker", "--interval", "1"]),
        ("task_worker", ["task_worker"]),
    ):
        percent, delays = measure(env, command, args.seconds, args.enqueue)
        rows.append((label, percent, delays))
        print(
            f"{label:<24} idle CPU {percent:6.2f}% of a core; task picked up in "
            f"{max(delays):.2f} s at most (mean {sum(delays) / len(delays):.2f} s)",
            flush=True,
        )
    base, new = rows[0][1], rows[1][1]
    print(
        f"\nidle CPU: task_worker {new:.2f}% vs db_worker --interval 1 {base:.2f}% "
        f"({base / new if new else float('inf'):.0f}× less)"
    )


if __name__ == "__main__":
    main()
