"""Highlight the words a user searched for in a short excerpt (HTML-escaped, <mark>)."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from home import segment


def excerpt(text, words, width=120):
    """An excerpt of ``text`` around the first match, every match wrapped in <mark>."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text:
        return ""
    norm = segment.normalise(text)
    words = sorted({w for w in words if w}, key=len, reverse=True)
    first = min((i for i in (norm.find(w) for w in words) if i >= 0), default=0)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    chunk, norm_chunk = text[start:end], norm[start:end]
    if not words:
        out = escape(chunk)
    else:
        pattern = re.compile("|".join(re.escape(w) for w in words))
        pieces, pos = [], 0
        for match in pattern.finditer(norm_chunk):
            pieces.append(escape(chunk[pos : match.start()]))
            pieces.append(f"<mark>{escape(chunk[match.start() : match.end()])}</mark>")
            pos = match.end()
        pieces.append(escape(chunk[pos:]))
        out = "".join(pieces)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + out + suffix)  # noqa: S308 - every piece is escaped above
