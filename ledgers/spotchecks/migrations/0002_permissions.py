"""The office runs the spot checks: it adds, changes and views rounds (no delete: a drawn round is
an audit record). Clerks and 纪委 get no model permission: they read results through
hand-written views that show figures only."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import OFFICE_GROUP, grant_permissions

    grant_permissions(
        apps,
        OFFICE_GROUP,
        [f"spotchecks.{a}_round" for a in ("add", "change", "view")]
        + [f"spotchecks.{a}_call" for a in ("change", "view")],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("spotchecks", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
