"""The 通报 menu item (office only, by model permission) and the Chinese labels of the bulletin
log actions."""

from wagtail import hooks

from ledgers.bulletins.services import ACTION_LABELS
from ledgers.bulletins.viewsets import BulletinViewSet
from ledgers.history import register_labelled_actions


def describe_action(action, data):
    """The note of a bulletin log entry in Chinese."""
    d = data or {}
    if action == "publish" and d.get("page"):
        return f"{d.get('number', '')} 专栏草稿页面 #{d['page']}"
    return d.get("number", "")


@hooks.register("register_log_actions")
def register_bulletin_log_actions(actions):
    register_labelled_actions(actions, "bulletins", ACTION_LABELS, describe_action)


@hooks.register("register_admin_viewset")
def register_bulletins():
    return BulletinViewSet("bulletins", url_prefix="bulletins")
