"""Readable history for any object with a Wagtail log: what was done (action), by whom
(actor), when (Asia/Shanghai), and the note — in Chinese, newest first.

Who may see an object's history is decided by the views that call :func:`history_entries`
(scoping lives with the permission layer); this module only makes the entries readable. The
template ``ledgers/_history.html`` renders them; ``{% object_history obj %}`` (``portal_history``
tags) does both.
"""

from dataclasses import dataclass

from wagtail.log_actions import registry

SYSTEM_ACTOR = "系统"


@dataclass(frozen=True)
class HistoryEntry:
    action: str  # the action's Chinese label, e.g. 交办
    actor: str  # the user's full name or login, or 系统
    timestamp: object  # aware datetime; templates print it with ``|when``
    note: str  # what the entry says beyond the action (unit, reason, deadline …), or ""
    action_code: str = ""  # the logged action, e.g. rectification.assign


def actor_name(log_entry):
    """The user's full name, else the login; 系统 for entries written without a user."""
    if not log_entry.user_id:
        return SYSTEM_ACTOR
    user = log_entry.user
    if user is None:
        return f"已删除的用户({log_entry.user_id})"
    return (user.get_full_name() or "").strip() or user.get_username()


def entry_note(log_entry, label):
    """The entry's message and comment, leaving out what merely repeats the action label."""
    parts = []
    formatter = registry.get_formatter(log_entry)
    if formatter is not None:
        message = str(formatter.format_message(log_entry) or "").strip()
        if message and message != label and not message.endswith(f":{label}"):
            parts.append(message)
        comment = str(formatter.format_comment(log_entry) or "").strip()
        if comment:
            parts.append(comment)
    return ";".join(parts)


def readable(log_entry):
    label = (
        str(registry.get_action_label(log_entry.action))
        if registry.action_exists(log_entry.action)
        else log_entry.action
    )
    return HistoryEntry(
        action=label,
        actor=actor_name(log_entry),
        timestamp=log_entry.timestamp,
        note=entry_note(log_entry, label),
        action_code=log_entry.action,
    )


def history_entries(instance, limit=50):
    """The object's log entries, newest first, as :class:`HistoryEntry` (two queries)."""
    entries = (
        registry.get_logs_for_instance(instance)
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )
    return [readable(entry) for entry in entries]


def register_labelled_actions(actions, prefix, labels, describe):
    """Register the log actions ``{prefix}.{action}`` of a module with their Chinese ``labels``
    (``{action: label}``); an entry's message is ``describe(action, data)`` or, when that says
    nothing, the label. For a module's ``register_log_actions`` hook."""
    from wagtail.log_actions import LogFormatter

    for action, label in labels.items():

        class Formatter(LogFormatter):
            def format_message(self, log_entry, _action=action, _label=label):
                return describe(_action, log_entry.data) or _label

        Formatter.label = label
        actions.register_action(f"{prefix}.{action}")(Formatter)
