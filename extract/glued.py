"""Figures glued together by OCR or copy-paste: ``56.4058.0057.131098.50%9.85``.

Such a run is split only where the form's own identities admit exactly one split
(执行率 = 执行数 / 全年预算数 at the written precision, 得分 = 分值 × 执行率, 得分 ≤ 分值 ≤ 100).
Otherwise it stays one raw text: the form reader keeps it, gives no value, and raises
``funds.glued_figures``. Readings are bounded by how forms write figures: one row's budgets share one
number of decimal places; 执行率 and 得分 have at most 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

import regex
from jixiao.extract.labels import clean_label
from jixiao.extract.slot_claims import close, identity_votes
from jixiao.schemas.labels import FUND_MONEY_KEYS

_PIECE = regex.compile(
    r"[0-9.]+|%|分|[-—–―─/]|,"
)  # digit runs, the rate's % sign, a score's 分, placeholders
_GLUED = regex.compile(
    r"""[0-9]\.[0-9]+\.                 # two decimal points in one figure
    | [%分]\s*[0-9]                      # a figure right after a percent sign or a score's 分
    | [0-9][-—–―─][0-9]                 # a placeholder between figures
    | [0-9][—–―─] | [—–―─][0-9]          # a figure and a dash placeholder run together
    | [0-9]\.[0-9]+\s+[0-9]             # several figures in one cell
    """,
    regex.VERBOSE,
)
MAX_SOLUTIONS = 256  # more readings than this are no evidence for any of them
MAX_PLACES = {"execution_rate": 2, "score": 2, "weight": 1}  # money: up to 6 (万元 to the 元 and 分)
_CEILING = {"weight": Decimal(100), "execution_rate": Decimal(1000)}  # no form writes more


def is_glued(text: str) -> bool:
    """Several figures in one cell.

    >>> is_glued("56.4058.0057.131098.50%9.85"), is_glued("3,21.0,13328"), is_glued("98.50%")
    (True, False, False)
    """
    return bool(_GLUED.search(clean_label(text) if "\n" in text else text))


def _readings(pieces: list[str], keys: Sequence[str]) -> list[list[str]]:
    """Every way to cut the pieces into one figure per key (placeholders and % as written).

    Branches that cannot give a reading are cut as soon as they are read: a budget of another precision
    than the row's first, a 分值 above 100 or an 执行率 above 1000, an identity already broken.
    """
    out: list[list[str]] = []
    pos = {k: n for n, k in enumerate(keys)}
    rate_group = [pos[k] for k in ("budget_full_year", "executed", "execution_rate") if k in pos]
    score_group = [pos[k] for k in ("weight", "execution_rate", "score") if k in pos]
    # Check an identity once, when its last figure is read.
    checks = {max(g): g for g in (rate_group, score_group) if len(g) == 3}
    money = [k in FUND_MONEY_KEYS for k in keys]
    places_cap = [MAX_PLACES.get(k, 6) for k in keys]
    ceilings = [_CEILING.get(k) for k in keys]
    has_pct = "%" in pieces
    acc: list[str] = []
    # Every point must fall inside a figure, and a figure holds one at most: the figures still to read
    # must be able to hold the points still unread (integer budgets hold none).
    dots_from = [0] * (len(pieces) + 1)
    for n in range(len(pieces) - 1, -1, -1):
        dots_from[n] = dots_from[n + 1] + pieces[n].count(".")
    money_from = [sum(money[k:]) for k in range(len(keys) + 1)]
    other_from = [len(keys) - k - money_from[k] for k in range(len(keys) + 1)]
    n_keys, n_pieces = len(keys), len(pieces)

    def walk(ki: int, pi: int, off: int, money_places: int | None) -> None:
        if len(out) > MAX_SOLUTIONS:
            return
        left = dots_from[pi + 1] + pieces[pi].count(".", off) if pi < n_pieces else 0
        if left > other_from[ki] + (0 if money_places == 0 else money_from[ki]):
            return
        if ki == n_keys:
            if pi == n_pieces:
                out.append(list(acc))
            return
        if pi >= n_pieces:
            return
        piece = pieces[pi]
        if piece in (",", "%", "分"):
            return  # a separator, % sign or 分 where a figure should start
        if not piece[0].isdigit() and piece[0] != ".":
            acc.append(piece)  # a placeholder fills one slot
            walk(ki + 1, pi + 1, 0, money_places)
            acc.pop()
            return
        key = keys[ki]
        is_rate = key == "execution_rate"
        ends: Sequence[int]
        if money[ki] and money_places:  # the row's precision is known: one place the figure can end
            ends = _money_end(piece, off, money_places)
        else:
            ends = _numeral_ends(piece, off, places_cap[ki])
        for end in ends:
            numeral = piece[off:end]
            dot = numeral.find(".")
            places = len(numeral) - dot - 1 if dot >= 0 else 0
            if money[ki] and money_places is not None and places != money_places:
                continue  # one row's budgets are written to one precision
            ceiling = ceilings[ki]
            if ceiling is not None and (dot if dot >= 0 else len(numeral)) > 2 and Decimal(numeral) > ceiling:
                continue  # (a figure of two digits or fewer before its point is under every ceiling)
            at_end = end == len(piece)
            pct = at_end and pi + 1 < n_pieces and pieces[pi + 1] == "%"
            if is_rate and has_pct and not pct:
                continue
            if pct and not is_rate:
                continue
            points = at_end and pi + 1 < len(pieces) and pieces[pi + 1] == "分"
            if points and key not in ("weight", "score"):
                continue  # "10分": 分 ends a 分值 or 得分, never a budget or a rate
            sign = "%" if pct else "分" if points else ""
            acc.append(numeral + sign)
            if ki not in checks or not _broken(keys, acc, checks[ki]):  # else: broken, read no further
                nxt_pi, nxt_off = (pi + (2 if sign else 1), 0) if at_end else (pi, end)
                walk(ki + 1, nxt_pi, nxt_off, places if money[ki] else money_places)
            acc.pop()

    walk(0, 0, 0, None)
    return out


def _figure(text: str) -> tuple[Decimal, int] | None:
    # The walk's figures are plain numerals (digits, one point, maybe %): no cleaning needed.
    if not text or not text[0].isdigit():
        return None
    body = text.removesuffix("%").removesuffix("分")
    return Decimal(body), (len(body) - body.index(".") - 1 if "." in body else 0)


def _broken(keys: Sequence[str], acc: list[str], group: list[int]) -> bool:
    """Whether the figures of one identity break it (see ``slot_claims.identity_votes``)."""
    got = {keys[n]: f for n in group if (f := _figure(acc[n])) is not None}
    rate, full, executed = got.get("execution_rate"), got.get("budget_full_year"), got.get("executed")
    if (
        rate
        and full
        and executed
        and full[0] != 0
        and not close(executed[0] / full[0] * 100, rate[0], rate[1])
    ):
        return True
    weight, score = got.get("weight"), got.get("score")
    if weight and score and score[0] > weight[0]:
        return True
    return bool(
        rate
        and weight
        and score
        and score[0] != weight[0]
        and not close(weight[0] * rate[0] / 100, score[0], score[1])
    )


def _money_end(piece: str, off: int, places: int) -> tuple[int, ...]:
    """Where a figure of ``places`` decimals (≥ 1) starting at ``off`` ends, as ``_numeral_ends`` allows."""
    dot = piece.find(".", off)
    end = dot + 1 + places
    if dot <= off or end > len(piece) or "." in piece[dot + 1 : end]:
        return ()
    if piece[off] == "0" and dot != off + 1:
        return ()  # "0.xx", never "012.xx"
    return () if end < len(piece) and piece[end] == "." else (end,)


def _numeral_ends(piece: str, off: int, max_places: int) -> list[int]:
    """Where a numeral starting at ``off`` may end: no leading zeros, one point, ≤ ``max_places`` places."""
    if off >= len(piece) or piece[off] == ".":
        return []
    dot = piece.find(".", off)
    int_end = dot if dot >= 0 else len(piece)
    if piece[off] == "0":
        int_end = off + 1  # "0" or "0.xx", never "012"
    # A numeral never ends right before a point: the next figure cannot start with one.
    ends = list(range(off + 1, int_end if int_end == dot else int_end + 1))
    if dot >= 0 and dot == int_end:
        nxt = piece.find(".", dot + 1)
        stop = min(nxt - 1 if nxt >= 0 else len(piece), dot + 1 + max_places)
        ends += range(dot + 2, stop + 1)
    return ends


@lru_cache(maxsize=4096)
def split_glued(text: str, keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """One figure per key when the identities admit exactly one split, else None.

    >>> keys = ("budget_initial", "budget_full_year", "executed", "weight", "execution_rate", "score")
    >>> split_glued("56.4058.0057.131098.50%9.85", keys)
    ('56.40', '58.00', '57.13', '10', '98.50%', '9.85')
    >>> split_glued("100100100", keys[:3]) is None  # no identity among three budgets: many splits
    True
    >>> split_glued("0.000.000.00———", keys)  # zeros however cut
    ('0.00', '0.00', '0.00', '—', '—', '—')
    """
    pieces = _PIECE.findall(clean_label(text))
    if "".join(pieces) != clean_label(text):
        return None  # something else than figures is in the run
    readings = _readings(pieces, keys)
    if len(readings) > MAX_SOLUTIONS:
        return None  # too many readings: none of them is evidence
    fits: list[tuple[list[str], int]] = []  # each reading that fits, with the identities it confirms
    for reading in readings:
        values = dict(zip(keys, reading, strict=True))
        votes = identity_votes(values)
        if votes is None:  # 分值 ≤ 100 and 执行率 ≤ 1000 were kept by _readings' ceilings
            continue
        fits.append((reading, votes))
    if len(fits) != 1:
        return None
    reading, checked = fits[0]
    needs_identity = sum(p[0].isdigit() for p in reading) > 1
    # A run of zeros ("0.000.000.00", "000") is zeros however it is cut: no identity needed.
    zeros = all(f is None or f[0] == 0 for f in map(_figure, reading))
    return tuple(reading) if (checked or zeros or not needs_identity) else None


__all__ = ["is_glued", "split_glued"]
