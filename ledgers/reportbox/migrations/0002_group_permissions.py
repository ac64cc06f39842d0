"""The office moderates reports (no delete: thrown-out items are hidden, never erased);
unit clerks see only the assigned-items view (a proxy without the reporter's identity)."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import CLERK_GROUP, OFFICE_GROUP, grant_permissions

    grant_permissions(
        apps,
        OFFICE_GROUP,
        [
            "reportbox.add_report",
            "reportbox.change_report",
            "reportbox.view_report",
            "reportbox.view_assignedreport",
        ],
    )
    grant_permissions(apps, CLERK_GROUP, ["reportbox.view_assignedreport"])


class Migration(migrations.Migration):
    dependencies = [
        ("reportbox", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
