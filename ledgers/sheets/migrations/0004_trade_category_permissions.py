"""The office sees and merges every unit's 行业领域 problem types; clerks see their own."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import CLERK_GROUP, OFFICE_GROUP, grant_permissions

    grant_permissions(
        apps,
        OFFICE_GROUP,
        [f"sheets.{a}_unittradecategory" for a in ("add", "change", "delete", "view")],
    )
    grant_permissions(apps, CLERK_GROUP, ["sheets.view_unittradecategory"])


class Migration(migrations.Migration):
    dependencies = [("sheets", "0003_findings_trade_types")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
