"""纪委 reads the rectification cases that came from its inspections (the case scope limits it
to those, read-only)."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import INSPECTOR_GROUP, grant_permissions

    grant_permissions(apps, INSPECTOR_GROUP, ["rectification.view_case"])


class Migration(migrations.Migration):
    dependencies = [
        ("rectification", "0007_hotline_entries"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
