"""纪委 (and the office) read the reports forwarded to 纪委 (proxy ForwardedReport)."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import INSPECTOR_GROUP, OFFICE_GROUP, grant_permissions

    for group in (INSPECTOR_GROUP, OFFICE_GROUP):
        grant_permissions(apps, group, ["reportbox.view_forwardedreport"])


class Migration(migrations.Migration):
    dependencies = [
        ("reportbox", "0005_forward_to_inspectors"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
