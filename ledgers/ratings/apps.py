from django.apps import AppConfig


class RatingsConfig(AppConfig):
    """Window ratings (好差评) by the people the windows serve; bad ratings with a phone become cases."""

    name = "ledgers.ratings"
    label = "ratings"
    verbose_name = "好差评"
