"""Give the office full rights on cases and calendar overrides; unit clerks may view cases (the
unit scope limits them to their own unit's)."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import CLERK_GROUP, OFFICE_GROUP, grant_permissions

    office = []
    for model in ("case", "calendaroverride", "casesource", "extensionrequest"):
        office += [f"cases.{a}_{model}" for a in ("add", "change", "delete", "view")]
    grant_permissions(apps, OFFICE_GROUP, office)
    grant_permissions(apps, CLERK_GROUP, ["cases.view_case"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
