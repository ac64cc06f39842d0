"""The public satisfaction summary of a window, shown on its guide page (one query)."""

from django import template

from ledgers.ratings.figures import summary_for_unit

register = template.Library()


@register.inclusion_tag("ratings/_summary.html")
def window_rating_summary(unit_id):
    """Counts per level and 满意率 of one window. The guide page is cached for anonymous
    visitors; every saved rating purges it (``ledgers.ratings.services.purge_guide_page``)."""
    return {"figures": summary_for_unit(unit_id), "unit_id": unit_id}
