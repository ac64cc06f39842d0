"""Chinese text segmentation for search.

Wagtail's database search backends (SQLite FTS5 and PostgreSQL tsvector) keep an unbroken run of
Han characters as one token, so "服务" is not found inside "窗口服务指南". We index every text with
its Han runs expanded to overlapping two-character chunks (bigrams) and turn the query into the
same chunks, searched with operator "and". Bigrams need no dictionary, never miss a word the
dictionary does not know (place names, unit names, item names), and behave the same on both
databases; the cost is a larger index, which for a portal of this size is small.
"""

import re
import unicodedata

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN_RE = re.compile(rf"[{HAN}]+|[0-9A-Za-z]+")
_HAN_RUN_RE = re.compile(rf"^[{HAN}]+$")


def normalise(text):
    """Full-width to half-width (NFKC) and lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def bigrams(run):
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text):
    """Search tokens of ``text``: each Han run as bigrams, each Latin/digit word as itself."""
    out = []
    for token in _TOKEN_RE.findall(normalise(text)):
        if _HAN_RUN_RE.match(token):
            out.extend(bigrams(token))
        else:
            out.append(token)
    return out


def index_text(*parts):
    """Text to index: the segmented tokens of every part, space-separated."""
    return " ".join(tok for part in parts if part for tok in tokens(str(part)))


def query_text(query):
    """The query as the same tokens (deduplicated, in order)."""
    seen = dict.fromkeys(tokens(query))
    return " ".join(seen)


def query_words(query):
    """The words the user typed (for highlighting): whitespace-separated, normalised."""
    return [w for w in normalise(query).split() if w]
