"""The office generates and reads bulletins (add, view); nobody changes or deletes an issued
bulletin. Clerks and 纪委 get no permission at all."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import OFFICE_GROUP, grant_permissions

    grant_permissions(apps, OFFICE_GROUP, ["bulletins.add_bulletin", "bulletins.view_bulletin"])


class Migration(migrations.Migration):
    dependencies = [
        ("bulletins", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
