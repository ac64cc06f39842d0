"""One 网站信息 row per existing site, so a page view only reads it (never creates it)."""

from django.db import migrations


def create_rows(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    PortalSettings = apps.get_model("home", "PortalSettings")
    for site in Site.objects.all():
        PortalSettings.objects.get_or_create(site=site)


class Migration(migrations.Migration):
    dependencies = [("home", "0003_portal_settings")]

    operations = [migrations.RunPython(create_rows, migrations.RunPython.noop)]
