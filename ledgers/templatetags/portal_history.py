"""``{% object_history obj %}``: the object's readable history (see :mod:`ledgers.history`)."""

from django import template

from ledgers.history import history_entries

register = template.Library()


@register.inclusion_tag("ledgers/_history.html")
def object_history(instance, caption="处理记录", limit=50):
    return {"entries": history_entries(instance, limit=limit), "caption": caption}


@register.inclusion_tag("ledgers/_history.html")
def history_table(entries, caption="处理记录"):
    return {"entries": entries, "caption": caption}
