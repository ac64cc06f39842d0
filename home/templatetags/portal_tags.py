"""Public-site template helpers: telephone links and the page description."""

import re

from django import template
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.text import Truncator

from ledgers.phones import phone_digits

register = template.Library()

DESCRIPTION_LENGTH = 120


@register.filter
def tel_link(number):
    """A phone number as a ``tel:`` link a phone can dial (the number shown as typed)."""
    text = str(number or "").strip()
    digits = phone_digits(text)
    if len(digits) < 7:
        return conditional_escape(text)
    return format_html('<a href="tel:{}">{}</a>', digits, text)


def page_description(page, fallback=""):
    """The page's meta description: its search description, else its intro or summary with the
    markup removed, blanks collapsed and cut to 120 characters, else ``fallback``."""
    if page is not None:
        for field in ("search_description", "intro", "summary"):
            value = getattr(page, field, "")
            text = re.sub(r"\s+", " ", strip_tags(str(value or ""))).strip()
            if text:
                return Truncator(text).chars(DESCRIPTION_LENGTH)
    return fallback


@register.simple_tag
def meta_description(page, fallback=""):
    return page_description(page, fallback)
