"""The office reads and removes ratings and edits 好差评设置; unit clerks read ratings (the unit
scope limits them to their own unit's, without name and phone). 纪委 gets nothing here."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import CLERK_GROUP, OFFICE_GROUP, grant_permissions

    grant_permissions(
        apps,
        OFFICE_GROUP,
        [
            "ratings.view_rating",
            "ratings.delete_rating",
            "ratings.change_ratingsettings",
            "ratings.view_ratingsettings",
        ],
    )
    grant_permissions(apps, CLERK_GROUP, ["ratings.view_rating"])


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
