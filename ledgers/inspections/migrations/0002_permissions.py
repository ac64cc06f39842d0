"""纪委 records inspections and acts on findings; the office reads both; unit clerks read findings
(the unit scope lets them see only their own unit's released ones). Nobody deletes: an
inspection is a record."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import CLERK_GROUP, INSPECTOR_GROUP, OFFICE_GROUP, grant_permissions

    grant_permissions(
        apps,
        INSPECTOR_GROUP,
        [f"inspections.{a}_inspection" for a in ("add", "change", "view")]
        + [f"inspections.{a}_finding" for a in ("change", "view")]
        + ["inspections.view_publication", "inspections.view_findingevidence"],
    )
    grant_permissions(
        apps, OFFICE_GROUP, ["inspections.view_inspection", "inspections.view_finding"]
    )
    grant_permissions(apps, CLERK_GROUP, ["inspections.view_finding"])


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
