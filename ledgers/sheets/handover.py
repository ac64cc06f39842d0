"""Which ledger rows the office hands on to the rectification ledger — one definition, used by
the ledgers' hand-over page and by the rectification app's queue and hand-over service.

附件2 is the 公共方面 table by definition (a row is kept back only if marked 行业领域); 附件4 keeps
two ledgers and only its 公共方面 rows go to the office (行业领域 is fixed by the unit itself);
附件5 rows (hotline, 网上民声) are all handed over, whatever the sphere column says — it is usually
empty there. A row without problem content has nothing to hand over.

The sheets app never imports the rectification app: that app registers a :class:`RowCaseLink`
here (``register``) so that this page can show which rows became a case and post the hand-over.
"""

from django.db.models import Q, Value

from ledgers.sheets.layouts import Attachment, Sphere


def hands_over(attachment, sphere, problem_content):
    """Whether a ledger row goes to the office's rectification ledger."""
    if not (problem_content or "").strip():
        return False
    if attachment == Attachment.VISIT_PROBLEMS:
        return sphere != Sphere.SECTOR
    if attachment == Attachment.TARGET_PROBLEMS:
        return sphere == Sphere.PUBLIC
    return attachment == Attachment.HOTLINE


def handover_q():
    """The same rule as :func:`hands_over`, as a filter on LedgerRow."""
    return ~Q(problem_content="") & (
        (Q(upload__attachment=Attachment.VISIT_PROBLEMS) & ~Q(sphere=Sphere.SECTOR))
        | Q(upload__attachment=Attachment.TARGET_PROBLEMS, sphere=Sphere.PUBLIC)
        | Q(upload__attachment=Attachment.HOTLINE)
    )


class RowCaseLink:
    """What the ledgers' pages know about the case a row became (nothing without the app)."""

    def annotations(self):
        """``case_pk``: the case a row became, in the listing's own query."""
        return {"case_pk": Value(None)}

    def not_handed_over_q(self):
        return Q()

    def hand_over_url(self, row_pk):
        return ""

    def case_url(self, case_pk):
        return ""


_link = RowCaseLink()


def register(link):
    global _link
    _link = link


def link():
    return _link
