"""One way to print a place: 镇街区, 村(社区), 小区 and the detailed address, each part once.

Cases keep the place twice on purpose: the structured parts (town, village, compound) drive
look-back and clustering, while ``address_detail`` keeps the address as the citizen typed it —
which usually already starts with the town and village. Printing both side by side gave
"方圆街道 东村 方圆街道 东村社区 3号楼"; ``format_place`` prints every piece once.
"""

import re

_SPACE = re.compile(r"\s+")


def _compact(text):
    return _SPACE.sub("", text or "")


def format_place(*parts, detail=""):
    """The place as one line: the parts in order, then the detail, each printed once.

    A piece is left out when its text (ignoring blanks) is contained in another, longer piece,
    or repeated later — the fuller piece says it already. A detail that spells out the whole
    address is printed alone, as typed (runs of blanks collapsed). Empty pieces are skipped;
    with nothing at all the result is "".
    """
    pieces = [_SPACE.sub(" ", p).strip() for p in (*parts, detail) if p and str(p).strip()]
    compact = [_compact(p) for p in pieces]
    kept = []
    for i, piece in enumerate(pieces):
        covered = any(
            j != i and compact[i] in compact[j] and (len(compact[j]) > len(compact[i]) or j > i)
            for j in range(len(pieces))
        )
        if not covered:
            kept.append(piece)
    return " ".join(kept)
