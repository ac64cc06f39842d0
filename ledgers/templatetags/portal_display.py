"""Template filters for dates, times and raw values (see :mod:`ledgers.display`).

``{{ value|when }}`` 2026-12-17 (19:25) · ``{{ value|when:"prose" }}`` 2026年12月17日 ·
``{{ value|when:"date" }}`` · ``{{ value|when:"prose-date" }}`` · ``{{ value|when:"time" }}`` ·
``{{ value|shown }}`` 是/否/—.
"""

from django import template

from ledgers.display import format_value, format_when

register = template.Library()


@register.filter(expects_localtime=False)
def when(value, style="table"):
    return format_when(value, style)


@register.filter
def shown(value):
    return format_value(value)
