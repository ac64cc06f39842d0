"""The public pages of this module used to live under /cases/, which belongs to the 典型事例 page
tree. Old links keep working through Wagtail redirects: the redirect middleware answers only when
no page serves the path, so an editor's 典型事例 page at the same address always wins."""

from django.db import migrations

MOVED = {
    "/cases/results": "/rectification/results/",
    "/cases/status": "/rectification/status/",
}


def add_redirects(apps, schema_editor):
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    for old_path, new_url in MOVED.items():
        Redirect.objects.get_or_create(
            old_path=old_path,
            site=None,
            defaults={"redirect_link": new_url, "is_permanent": True},
        )


def remove_redirects(apps, schema_editor):
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    Redirect.objects.filter(old_path__in=list(MOVED), site=None).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rectification", "0002_permissions"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]
    operations = [migrations.RunPython(add_redirects, remove_redirects)]
