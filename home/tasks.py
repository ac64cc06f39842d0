"""Background tasks of the public site."""

from django_tasks import task


@task()
def ping(sent_at):
    """A no-op task: checks that the worker runs and measures its wake-up delay (benchmarks)."""
    return sent_at
