from django.apps import AppConfig


class RatingsConfig(AppConfig):
    """Window ratings (好差评) by the people the windows serve; bad ratings with a phone become cases."""

    name = "ledgers.ratings"
    label = "ratings"
    verbose_name = "好差评"

    def ready(self):
        from django.db.models.signals import post_delete

        from ledgers.ratings.models import Rating

        post_delete.connect(
            _purge_after_delete, sender=Rating, dispatch_uid="ratings_purge_deleted"
        )


def _purge_after_delete(sender, instance, **kwargs):
    """A rating removed by the office: the window's public summary changes too."""
    from ledgers.ratings.services import purge_guide_page

    purge_guide_page(instance.unit_id)
