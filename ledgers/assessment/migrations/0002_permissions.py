"""The office keeps the schemes and reads the adjustments (made on a card, never edited or deleted
through the admin); 纪委 reads both. Units hold no model permission: their card is a view of its own
that lets them see their unit only (ledgers/assessment/access.py)."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import INSPECTOR_GROUP, OFFICE_GROUP, grant_permissions

    grant_permissions(
        apps,
        OFFICE_GROUP,
        ["assessment.add_scheme", "assessment.change_scheme", "assessment.view_scheme"]
        + ["assessment.view_adjustment", "assessment.view_freeze"],
    )
    grant_permissions(apps, INSPECTOR_GROUP, ["assessment.view_adjustment"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
