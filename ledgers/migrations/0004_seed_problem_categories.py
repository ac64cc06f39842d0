"""Seed the problem types named by the policy (the office may add more)."""

from django.db import migrations

# (name, area) — area from 二、(一) 2: urban list, rural list; both where named in both.
SEED = [
    ("城建", "urban"),
    ("环保", "urban"),
    ("物业", "urban"),
    ("治安", "both"),
    ("教育", "both"),
    ("医疗", "both"),
    ("文体活动", "urban"),
    ("文化生活", "rural"),
    ("居住环境", "rural"),
    ("干部作风", "both"),
    ("窗口服务", "both"),
]


def seed(apps, schema_editor):
    ProblemCategory = apps.get_model("ledgers", "ProblemCategory")
    for order, (name, area) in enumerate(SEED):
        ProblemCategory.objects.get_or_create(name=name, defaults={"area": area, "sort_order": order})


def grant(apps, schema_editor):
    from ledgers.roles import CLERK_GROUP, INSPECTOR_GROUP, OFFICE_GROUP, grant_permissions

    grant_permissions(
        apps,
        OFFICE_GROUP,
        [f"ledgers.{a}_problemcategory" for a in ("add", "change", "delete", "view")],
    )
    grant_permissions(apps, CLERK_GROUP, ["ledgers.view_problemcategory"])
    grant_permissions(apps, INSPECTOR_GROUP, ["ledgers.view_problemcategory"])


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0003_problem_category")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
