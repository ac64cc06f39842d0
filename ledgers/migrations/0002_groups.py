"""Create the portal's three roles with their base permissions."""

from django.db import migrations

from ledgers.roles import CLERK_GROUP, INSPECTOR_GROUP, OFFICE_GROUP, grant_permissions

OFFICE_PERMS = [
    "wagtailadmin.access_admin",
    "ledgers.add_unit",
    "ledgers.change_unit",
    "ledgers.delete_unit",
    "ledgers.view_unit",
    "ledgers.add_unitmembership",
    "ledgers.change_unitmembership",
    "ledgers.delete_unitmembership",
    "ledgers.view_unitmembership",
    "auth.add_user",
    "auth.change_user",
    "auth.view_user",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]
CLERK_PERMS = ["wagtailadmin.access_admin", "ledgers.view_unit", "ledgers.change_unit"]
INSPECTOR_PERMS = ["wagtailadmin.access_admin", "ledgers.view_unit"]


def create_groups(apps, schema_editor):
    grant_permissions(apps, OFFICE_GROUP, OFFICE_PERMS)
    grant_permissions(apps, CLERK_GROUP, CLERK_PERMS)
    grant_permissions(apps, INSPECTOR_GROUP, INSPECTOR_PERMS)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[OFFICE_GROUP, CLERK_GROUP, INSPECTOR_GROUP]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ledgers", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
