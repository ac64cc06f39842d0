"""The office draws the register and the 包联责任划分; unit clerks read the places of their ground,
keep the roster of the compounds they answer for and split their ground among their cadres (the
network's scopes narrow every permission to the unit's own ground). A roster import's result is
reached by whoever made it, through its own view; clerks hold no model permission on it, so its
log entries stay the office's. Nobody deletes a
responsibility: its history is the record."""

from django.db import migrations

MODELS = ("community", "compound", "household", "cadreassignment", "rosterimport")


def grant(apps, schema_editor):
    from ledgers.roles import CLERK_GROUP, OFFICE_GROUP, grant_permissions

    grant_permissions(
        apps,
        OFFICE_GROUP,
        [f"network.{a}_{m}" for m in MODELS for a in ("add", "change", "delete", "view")]
        + [f"network.{a}_responsibility" for a in ("add", "change", "view")]
        + ["network.view_visitmatch", "network.change_visitmatch"],
    )
    grant_permissions(
        apps,
        CLERK_GROUP,
        ["network.view_community", "network.view_compound", "network.view_responsibility"]
        + [f"network.{a}_household" for a in ("add", "change", "view")]
        + [f"network.{a}_cadreassignment" for a in ("add", "change", "delete", "view")]
        + ["network.view_visitmatch", "network.change_visitmatch"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
        ("ledgers", "0004_seed_problem_categories"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
