from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from home.guides import ensure_guide_workflow, sync_guide_editors
from home.models import GuideIndexPage, ServiceGuidePage
from ledgers.models import UnitMembership


@receiver(post_save, sender=GuideIndexPage)
def guide_index_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        ensure_guide_workflow(instance)


@receiver(post_save, sender=ServiceGuidePage)
def guide_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.unit_id:
        sync_guide_editors(instance)


@receiver(post_save, sender=UnitMembership)
@receiver(post_delete, sender=UnitMembership)
def membership_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from django.contrib.auth.models import Group

    from home.guides import guide_group_name

    for guide in ServiceGuidePage.objects.filter(unit_id=instance.unit_id):
        sync_guide_editors(guide)
    # A user moved to another unit leaves the old unit's guide group.
    for group in Group.objects.filter(name__startswith="指南编辑:", user=instance.user_id):
        if group.name != guide_group_name(instance.unit):
            group.user_set.remove(instance.user_id)


@receiver(page_published)
def index_on_publish(sender, instance, **kwargs):
    """Published pages are searchable at once, whether or not the worker is running."""
    from home.search_sync import index_published_page

    index_published_page(instance)


@receiver(post_save, sender="wagtailcore.Site")
def site_settings_row(sender, instance, created, raw=False, **kwargs):
    """A new site gets its 网站信息 row at once, so public pages only ever read it."""
    if created and not raw:
        from home.site_settings import PortalSettings

        PortalSettings.objects.get_or_create(site=instance)
