"""The citizens' one status page is the report box's: the old /cases/status redirect goes there."""

from django.db import migrations


def point_to_report_box(apps, schema_editor):
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    Redirect.objects.filter(old_path="/cases/status", site=None).update(
        redirect_link="/report/status/"
    )


def point_back(apps, schema_editor):
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    Redirect.objects.filter(old_path="/cases/status", site=None).update(
        redirect_link="/rectification/status/"
    )


class Migration(migrations.Migration):
    dependencies = [("rectification", "0004_one_case_owns_state")]
    operations = [migrations.RunPython(point_to_report_box, point_back)]
