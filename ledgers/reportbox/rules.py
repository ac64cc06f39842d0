"""Report box rules, one named function each (tests in tests/ledgers/reportbox/test_rules.py)."""

from ledgers.reportbox.models import Status

CONTENT_MIN = 10
CONTENT_MAX = 2000
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
ATTACHMENT_KINDS = ("jpeg", "png", "pdf")
# Pixels per image, checked from the header before anything is decoded. A JPEG is decoded at a
# reduced scale (a 50 MP phone photo costs ~60 MB); a PNG cannot be, so its limit is lower
# (16 MP ≈ 4096×4096 costs ~60 MB). Override with settings.PORTAL_MAX_IMAGE_PIXELS (a dict).
MAX_IMAGE_PIXELS = {"jpeg": 50_000_000, "png": 16_000_000}
# Stored images are scaled down to this long edge (a JPEG is decoded at a reduced scale).
MAX_IMAGE_EDGE = 4096
# The whole request body of /report/: the attachments plus room for the text fields.
MAX_REQUEST_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 512 * 1024

S = Status

# The office's triage actions: action -> (statuses it may start from, status it leads to, or None
# for "unchanged"). Once an item is handed over (交办) its case owns it: nothing here applies any
# more (re-routing, deadlines and the answer are the case workbench's).
TRANSITIONS = {
    "accept": ({S.NEW}, S.ACCEPTED),
    "duplicate": ({S.NEW, S.ACCEPTED}, S.DUPLICATE),
    "out_of_scope": ({S.NEW, S.ACCEPTED}, S.OUT_OF_SCOPE),
    "spam": ({S.NEW, S.ACCEPTED}, S.SPAM),
    "classify": ({S.NEW, S.ACCEPTED}, None),
    "assign": ({S.NEW, S.ACCEPTED}, S.ASSIGNED),
    "reply": ({S.NEW, S.ACCEPTED, S.DUPLICATE, S.OUT_OF_SCOPE, S.REPLIED}, None),
}

ACTION_LABELS = {
    "accept": "受理",
    "duplicate": "标记重复",
    "out_of_scope": "标记不予受理",
    "spam": "屏蔽",
    "classify": "归类",
    "assign": "交办",
    "reply": "答复",
}


def content_length_error(text):
    """A message in Chinese when the content is outside 10–2000 characters, else None."""
    length = len((text or "").strip())
    if length < CONTENT_MIN:
        return f"举报内容至少 {CONTENT_MIN} 个字(现在 {length} 个字),请把问题写清楚。"
    if length > CONTENT_MAX:
        return f"举报内容最多 {CONTENT_MAX} 个字(现在 {length} 个字),请精简,或分几次提交。"
    return None


def triage_refusal(status, action, case=None):
    """Why the office may not apply ``action`` to an item in ``status`` (whose case, if it was
    handed over, is ``case``): a Chinese message saying what to do instead, or None if allowed."""
    if case is not None:
        label = case.slip_number or f"#{case.pk}"
        return (
            f"本件已移交整改问题 {label}(当前状态:{case.state_label}),"
            f"不能再在举报箱{ACTION_LABELS[action]}。改派、延期和答复请到整改问题工作台办理。"
        )
    allowed_from, _to = TRANSITIONS[action]
    if status not in allowed_from:
        return (
            f"本件状态为“{Status(status).label}”,不能{ACTION_LABELS[action]}。"
            f"可以{ACTION_LABELS[action]}的状态:{'、'.join(Status(s).label for s in sorted(allowed_from))}。"
        )
    return None


def is_overdue(case, today):
    """A handed-over item is overdue when its case runs its clock past the case's *current*
    deadline (moved by signing, extensions and send-backs) on ``today``."""
    return case is not None and case.is_overdue(today)


def allowed_actions(status, case=None):
    """The triage actions an item in ``status`` (handed over to ``case``, if any) allows, in
    menu order: the views offer only these; :func:`triage_refusal` refuses the rest."""
    return [name for name in TRANSITIONS if triage_refusal(status, name, case) is None]


def forward_refusal(status, forwarded_at):
    """Why the office may not forward (移送纪委) an item: a Chinese message, or None. Any item
    may be forwarded once — handed over or not, since a unit's rectification and 纪委's
    discipline run side by side — except one blocked as spam."""
    if forwarded_at is not None:
        return f"本件已于 {forwarded_at:%Y年%m月%d日} 移送纪委,不能重复移送。"
    if status == Status.SPAM:
        return "本件已屏蔽为无效举报,不能移送纪委。"
    return None
