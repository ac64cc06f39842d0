"""Admin of 好差评: menu group, log action labels in Chinese."""

from wagtail import hooks
from wagtail.log_actions import LogFormatter

from ledgers.ratings.services import ACTION_LABELS
from ledgers.ratings.viewsets import RatingsGroup


@hooks.register("register_log_actions")
def register_rating_log_actions(actions):
    for action, label in ACTION_LABELS.items():

        class Formatter(LogFormatter):
            pass

        Formatter.label = label
        actions.register_action(f"ratings.{action}")(Formatter)


@hooks.register("register_admin_viewset")
def register_ratings():
    return RatingsGroup()
