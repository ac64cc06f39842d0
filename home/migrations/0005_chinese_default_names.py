"""Chinese names for the rows Wagtail's own migrations create in English: the root page and
root collection ("Root"), the default groups ("Editors", "Moderators") and the default workflow
and its task ("Moderators approval"). Rows already renamed by the office are left alone."""

from django.db import migrations

RENAMES = [
    ("wagtailcore", "Page", {"depth": 1, "title": "Root"}, {"title": "根目录", "draft_title": "根目录"}),
    ("wagtailcore", "Collection", {"depth": 1, "name": "Root"}, {"name": "全部"}),
    ("auth", "Group", {"name": "Editors"}, {"name": "网站编辑"}),
    ("auth", "Group", {"name": "Moderators"}, {"name": "网站审核员"}),
    ("wagtailcore", "Workflow", {"name": "Moderators approval"}, {"name": "页面审核发布"}),
    ("wagtailcore", "Task", {"name": "Moderators approval"}, {"name": "网站审核员审核"}),
]


def rename(apps, schema_editor):
    for app_label, model_name, match, values in RENAMES:
        model = apps.get_model(app_label, model_name)
        clash = {k: v for k, v in values.items() if k == "name"}
        if clash and model.objects.filter(**clash).exists():
            continue
        model.objects.filter(**match).update(**values)


def restore(apps, schema_editor):
    for app_label, model_name, match, values in RENAMES:
        model = apps.get_model(app_label, model_name)
        model.objects.filter(**values).update(**{k: v for k, v in match.items() if k != "depth"} | (
            {"draft_title": match["title"]} if "draft_title" in values else {}
        ))


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_portal_settings_rows"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, restore)]
