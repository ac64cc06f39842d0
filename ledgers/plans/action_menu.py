"""The plan editor's action menu: 取消发布 kept away from 批准.

Wagtail sorts the snippet action menu by ``order``: 取消发布 (20) comes before the workflow
actions (100), so a reviewer saw 取消发布 directly above 批准 — one slip of the mouse unpublishes
a filed plan. We move it to the bottom of the menu, after the review actions and any other item;
Wagtail's unpublish view still asks for confirmation.
"""

from wagtail import hooks
from wagtail.snippets.action_menu import UnpublishMenuItem


def unpublish_last(menu_items):
    """Reorder ``menu_items`` in place so 取消发布 comes last (the default, first item stays)."""
    unpublish = [item for item in menu_items[1:] if isinstance(item, UnpublishMenuItem)]
    for item in unpublish:
        menu_items.remove(item)
    menu_items.extend(unpublish)
    return menu_items


@hooks.register("construct_snippet_action_menu")
def keep_unpublish_away_from_approve(menu_items, request, context):
    from ledgers.plans.models import Plan

    if context.get("model") is Plan:
        unpublish_last(menu_items)
