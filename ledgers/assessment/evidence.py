"""Where an evidence item of a card leads: the object's own admin page, for whoever may open it.

The linked views apply their own unit scope, so a link never widens access; a unit is only given
links to pages units can open (its plans, ledger uploads, cases, ratings and released findings),
the office every link.
"""

from django.urls import NoReverseMatch, reverse

from ledgers.assessment.access import reads_everything

URLS = {
    "plan": ("wagtailsnippets_plans_plan:inspect", True),
    "upload": ("sheet_uploads:inspect", True),
    "obligation": ("sheet_obligations:edit", False),
    "case": ("rectification_admin:detail", True),
    "call": ("spot_rounds:call", False),
    "rating": ("ratings_admin:inspect", True),
    "page": ("wagtailadmin_pages:edit", False),
    "finding": ("inspection_findings:detail", True),
}


def evidence_url(item, user):
    """The admin URL of an evidence item for ``user``, or "" (shown as text; a missing plan has
    no record to open)."""
    name, for_units = URLS.get(item.get("kind"), (None, False))
    if name is None or not (for_units or reads_everything(user)):
        return ""
    try:
        return reverse(name, args=[item["pk"]])
    except NoReverseMatch:
        return ""


def with_urls(items, user):
    return [{**item, "url": evidence_url(item, user)} for item in items]
