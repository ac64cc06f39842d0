"""The office edits and publishes every page; the site's root page becomes a HomePage."""

from django.db import migrations

OFFICE_PAGE_PERMS = ["add_page", "change_page", "publish_page", "delete_page", "lock_page", "unlock_page"]


def grant(apps, schema_editor):
    from ledgers.roles import OFFICE_GROUP

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    office = Group.objects.get(name=OFFICE_GROUP)
    for codename in OFFICE_PAGE_PERMS:
        GroupPagePermission.objects.get_or_create(
            group=office,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("ledgers", "0002_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
