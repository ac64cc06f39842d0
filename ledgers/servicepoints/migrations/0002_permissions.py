"""The office and the clerks keep the service points (the app's policy lets only towns among the
clerks act, and each only on its own town's points: ledgers/servicepoints/access.py)."""

from django.db import migrations

PERMS = [f"servicepoints.{a}_servicepoint" for a in ("add", "change", "delete", "view")]


def grant(apps, schema_editor):
    from ledgers.roles import CLERK_GROUP, OFFICE_GROUP, grant_permissions

    grant_permissions(apps, OFFICE_GROUP, PERMS)
    grant_permissions(apps, CLERK_GROUP, PERMS)


class Migration(migrations.Migration):
    dependencies = [
        ("servicepoints", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
