"""Figures glued together by OCR or copy-paste: ``56.4058.0057.131098.50%9.85``.

Such a run is split only where the form's own identities admit exactly one split
(执行率 = 执行数 / 全年预算数 at the written precision, 得分 = 分值 × 执行率, 得分 ≤ 分值 ≤ 100).
Otherwise it stays one raw text: the form reader keeps it, gives no value, and raises
``funds.glued_figures``. Readings are bounded by how forms write figures: one row's budgets share one
number of decimal places; 执行率 and 得分 have at most 2.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

from jixiao.extract.labels import clean_label
from jixiao.extract.slot_claims import close, identity_votes
from jixiao.extract.white_space import SPACE
from jixiao.schemas.labels import FUND_MONEY_KEYS

_PIECE = re.compile(r"[0-9.]+|%|分|[-—–―─/]|,")  # digit runs, the rate's % sign, a score's 分, placeholders
_GLUED = re.compile(
    rf"""[0-9]\.[0-9]+\.                 # two decimal points in one figure
    | [%分]{SPACE}*[0-9]               # a figure right after a percent sign or a score's 分
    | [0-9][-—–―─][0-9]                 # a placeholder between figures
    | [0-9][—–―─] | [—–―─][0-9]          # a figure and a dash placeholder run together
    | [0-9]\.[0-9]+{SPACE}+[0-9]      # several figures in one cell
    """,
    re.VERBOSE,
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


@lru_cache(maxsize=64)
def _plan(
    keys: tuple[str, ...],
) -> tuple[
    dict[int, tuple[bool, list[int]]],
    list[bool],
    list[int],
    list[Decimal | None],
    list[bool],
    list[bool],
    list[int],
    list[int],
]:
    """What ``_readings`` asks of each key, once per header: the identity checked when it is read (the
    rate's or the score's), whether it is money, its most decimal places and its ceiling, whether it is
    the rate or takes 分, and how many money and other figures are still to read from it."""
    pos = {k: n for n, k in enumerate(keys)}
    rate_group = [pos[k] for k in ("budget_full_year", "executed", "execution_rate") if k in pos]
    score_group = [pos[k] for k in ("weight", "execution_rate", "score") if k in pos]
    # Check an identity once, when its last figure is read (one check a place: the later group's).
    checks: dict[int, tuple[bool, list[int]]] = {}
    for is_rate_check, group in ((True, rate_group), (False, score_group)):
        if len(group) == 3:
            checks[max(group)] = (is_rate_check, group)
    money = [k in FUND_MONEY_KEYS for k in keys]
    money_from = [sum(money[k:]) for k in range(len(keys) + 1)]
    return (
        checks,
        money,
        [MAX_PLACES.get(k, 6) for k in keys],
        [_CEILING.get(k) for k in keys],
        [k == "execution_rate" for k in keys],
        [k in ("weight", "score") for k in keys],
        money_from,
        [len(keys) - k - money_from[k] for k in range(len(keys) + 1)],
    )


def _readings(pieces: list[str], keys: Sequence[str]) -> list[list[str]]:
    """Every way to cut the pieces into one figure per key (placeholders and % as written).

    Branches that cannot give a reading are cut as soon as they are read: a budget of another precision
    than the row's first, a 分值 above 100 or an 执行率 above 1000, an identity already broken.
    """
    out: list[list[str]] = []
    n_keys, n_pieces = len(keys), len(pieces)
    checks, money, places_cap, ceilings, is_rate, takes_points, money_from, other_from = _plan(tuple(keys))
    has_pct = "%" in pieces
    # What follows each piece: its % sign or a score's 分 (a sign ends the figure before it).
    sign_after = [
        pieces[n + 1] if n + 1 < n_pieces and pieces[n + 1] in ("%", "分") else "" for n in range(n_pieces)
    ]
    acc: list[str] = []
    figures: list[tuple[str, int] | None] = []  # acc's numerals (no sign) and their places
    # Every point must fall inside a figure, and a figure holds one at most: the figures still to read
    # must be able to hold the points still unread (integer budgets hold none).
    dots_from = [0] * (n_pieces + 1)
    for n in range(n_pieces - 1, -1, -1):
        dots_from[n] = dots_from[n + 1] + pieces[n].count(".")

    values: dict[str, Decimal] = {}  # each numeral's value, made once

    def value(numeral: str) -> Decimal:
        got = values.get(numeral)
        if got is None:
            got = values[numeral] = Decimal(numeral)
        return got

    def broken(check: tuple[bool, list[int]]) -> bool:
        """Whether the figures of one identity break it (see ``slot_claims.identity_votes``)."""
        rate_check, group = check
        if rate_check:
            full, executed, rate = (figures[n] for n in group)
            if not (rate and full and executed):
                return False
            base = value(full[0])
            return base != 0 and not close(value(executed[0]) / base * 100, value(rate[0]), rate[1])
        weight, rate, score = (figures[n] for n in group)
        if not (weight and score):
            return False
        w, s = value(weight[0]), value(score[0])
        if s > w:
            return True
        return rate is not None and s != w and not close(w * value(rate[0]) / 100, s, score[1])

    def walk(ki: int, pi: int, off: int, money_places: int | None) -> None:
        if len(out) > MAX_SOLUTIONS:
            return
        if pi < n_pieces:
            piece = pieces[pi]
            left = dots_from[pi + 1] + piece.count(".", off) if off else dots_from[pi]
            if left > other_from[ki] + (0 if money_places == 0 else money_from[ki]):
                return
        if ki == n_keys:
            if pi == n_pieces:
                out.append(list(acc))
            return
        if pi >= n_pieces:
            return
        first = piece[0]
        if first in ",%分":
            return  # a separator, % sign or 分 where a figure should start
        if not first.isdigit() and first != ".":
            acc.append(piece)  # a placeholder fills one slot
            figures.append(None)
            walk(ki + 1, pi + 1, 0, money_places)
            acc.pop()
            figures.pop()
            return
        is_money = money[ki]
        ends: Sequence[int]
        if is_money and money_places:  # the row's precision is known: one place the figure can end
            dot = piece.find(".", off)
            end = dot + 1 + money_places
            if dot <= off or end > len(piece) or "." in piece[dot + 1 : end]:
                return
            if piece[off] == "0" and dot != off + 1:
                return  # "0.xx", never "012.xx"
            if end < len(piece) and piece[end] == ".":
                return
            ends = (end,)
        else:
            ends = _numeral_ends(piece, off, places_cap[ki])
        rate_key = is_rate[ki]
        size = len(piece)
        if rate_key and has_pct:
            # The rate is the figure before the % sign: it ends where its piece does, or nowhere.
            ends = [size] if sign_after[pi] == "%" and size in ends else []
        ceiling = ceilings[ki]
        check = checks.get(ki)
        nk = ki + 1
        last_key = nk == n_keys
        for end in ends:
            numeral = piece[off:end]
            dot = numeral.find(".")
            places = len(numeral) - dot - 1 if dot >= 0 else 0
            if is_money and money_places is not None and places != money_places:
                continue  # one row's budgets are written to one precision
            if ceiling is not None and (dot if dot >= 0 else len(numeral)) > 2 and Decimal(numeral) > ceiling:
                continue  # (a figure of two digits or fewer before its point is under every ceiling)
            at_end = end == size
            sign = sign_after[pi] if at_end else ""
            if sign == "%":
                if not rate_key:
                    continue
            elif rate_key and has_pct:
                continue
            elif sign and not takes_points[ki]:
                continue  # "10分": 分 ends a 分值 or 得分, never a budget or a rate
            npi = pi + (2 if sign else 1) if at_end else pi
            if last_key and npi != n_pieces:
                continue  # the last figure ends the run, or the reading leaves text unread
            nmp = places if is_money else money_places
            # The points left must fit in the figures left (as checked on entering ``walk``).
            left = dots_from[npi] if at_end else dots_from[pi + 1] + piece.count(".", end)
            if left > other_from[nk] + (0 if nmp == 0 else money_from[nk]):
                continue
            acc.append(numeral + sign)
            figures.append((numeral, places))
            if check is None or not broken(check):  # else: broken, read no further
                if last_key:
                    if len(out) <= MAX_SOLUTIONS:
                        out.append(list(acc))
                else:
                    walk(nk, npi, 0 if at_end else end, nmp)
            acc.pop()
            figures.pop()

    walk(0, 0, 0, None)
    return out


def _figure(text: str) -> tuple[Decimal, int] | None:
    # The walk's figures are plain numerals (digits, one point, maybe %): no cleaning needed.
    if not text or not text[0].isdigit():
        return None
    body = text.removesuffix("%").removesuffix("分")
    return Decimal(body), (len(body) - body.index(".") - 1 if "." in body else 0)


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
