"""Give the office all ledger permissions and clerks what uploading their own ledgers needs."""

from django.db import migrations


def grant(apps, schema_editor):
    from ledgers.roles import CLERK_GROUP, INSPECTOR_GROUP, OFFICE_GROUP, grant_permissions

    models = ["period", "obligation", "ledgerupload", "ledgerrow"]
    grant_permissions(
        apps,
        OFFICE_GROUP,
        [f"sheets.{a}_{m}" for m in models for a in ("add", "change", "delete", "view")],
    )
    grant_permissions(
        apps,
        CLERK_GROUP,
        ["sheets.view_period", "sheets.view_ledgerupload",
         "sheets.view_ledgerrow"],
    )
    grant_permissions(apps, INSPECTOR_GROUP, ["sheets.view_period"])


class Migration(migrations.Migration):
    dependencies = [("sheets", "0001_initial"), ("ledgers", "0004_seed_problem_categories")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
