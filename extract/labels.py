"""Label cleaning and matching against ``schemas.labels``.

Clerks break labels over lines (``年度预⏎算申请``), pad them (``全年  预算数``), use full-width forms and
colons, and vary wording by province; matching is exact on the cleaned text first, then fuzzy
(rapidfuzz) above a threshold, and the label that matched is kept for review.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex
from jixiao.schemas.labels import FUND_LINES
from rapidfuzz import fuzz, process

SPACE_LIKE = regex.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")  # line breaks and every kind of space
_TRAILING_PUNCT = regex.compile(r"[:：;；,，.。、]+$")  # label cells often end in a colon
_UNIT_SUFFIX = regex.compile(r"[(（]\s*(亿元|万元|千元|元|%|分)\s*[)）]")  # "（万元）" annotations
POINTS = regex.compile(r"[(（]\s*[0-9０-９]+(?:\.[0-9]+)?\s*分\s*[)）]")  # "(50分)" group weights
# A column reference and its formula after a header label, on the NFKC-cleaned text (where ④ became 4):
# "全年执行数4=1+2+3" (全年执行数④=①+②+③), "执行率6=5/4", "全年预算数A", "得分(C)".
_FORMULA_TAIL = regex.compile(
    r"""(?<=[\p{Han}])              # right after the label's last Chinese character
    (?:[0-9]{1,2}|[A-Z]|\([A-Z0-9]{1,2}\))   # the column's own reference: 4, A, (C)
    (?:=[0-9A-Z+\-*/×÷()%]+)?      # its formula, if written: =1+2+3, =B/A
    $""",
    regex.VERBOSE,
)

FUZZY_THRESHOLD = 88.0
MAX_LABEL_CHARS = 40  # a longer cleaned text is a sentence, never a label


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    import opencc  # loaded on first use: most runs never meet a traditional character

    return opencc.OpenCC("t2s").convert


@lru_cache(maxsize=1 << 16)
def to_simplified(text: str) -> str:
    """Traditional characters → simplified, for matching only (the raw text is kept as written).

    >>> to_simplified("年度資金總額")
    '年度资金总额'
    """
    if text.isascii():
        return text
    try:
        text.encode("gb2312")  # GB2312 holds the simplified forms only: text it encodes needs nothing
    except UnicodeEncodeError:
        return _t2s()(text)
    return text


@lru_cache(maxsize=1 << 16)  # every cell is cleaned by several readers: once per distinct text
def clean_label(text: str) -> str:
    """Canonical form of a label for comparison: NFKC, no spaces/breaks, no trailing colon.

    >>> clean_label("年度预\\n算申请\\n（万元）")
    '年度预算申请(万元)'
    >>> clean_label(" 全年  预算数 ")
    '全年预算数'
    >>> clean_label("其中：  一般公共预算：")
    '其中:一般公共预算'
    """
    if not text.isascii():  # NFKC and the simplified forms change nothing in ASCII (figures, mostly)
        text = to_simplified(unicodedata.normalize("NFKC", text))
    text = SPACE_LIKE.sub("", text)
    return _TRAILING_PUNCT.sub("", text)


@lru_cache(maxsize=1 << 16)  # asked of every cell by several readers: once per distinct label
def strip_annotations(label: str) -> str:
    """Drop unit, points and formula annotations from a cleaned label.

    >>> strip_annotations("年度预算申请(万元)")
    '年度预算申请'
    >>> strip_annotations(clean_label("全年执行数④=①+②+③")), strip_annotations(clean_label("执行率⑥=⑤/④"))
    ('全年执行数', '执行率')
    >>> strip_annotations("执行率(B/A)")
    '执行率(B/A)'
    """
    label = POINTS.sub("", _UNIT_SUFFIX.sub("", label))
    return _FORMULA_TAIL.sub("", label)


@dataclass(frozen=True, slots=True)
class LabelMatch:
    key: str  # canonical key from the vocabulary
    variant: str  # the vocabulary wording that matched
    score: float  # 100 for exact


def _index_for(vocab: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], list[str]]:
    # Asked for every cell: found by the vocabulary object first (held here, so its id stays its own),
    # by its contents only the first time.
    held = _BY_OBJECT.get(id(vocab))
    if held is None or held[0] is not vocab:
        held = _BY_OBJECT[id(vocab)] = (vocab, _index(tuple(vocab.items())))
    return held[1]


_BY_OBJECT: dict[int, tuple[dict[str, tuple[str, ...]], tuple[dict[str, str], list[str]]]] = {}


@lru_cache(maxsize=64)
def _index(vocab_items: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[dict[str, str], list[str]]:
    exact: dict[str, str] = {}
    for key, variants in vocab_items:
        for v in variants:
            exact.setdefault(clean_label(v), key)
    return exact, list(exact)


def exact_key(cleaned: str, vocab: dict[str, tuple[str, ...]]) -> str | None:
    """The key whose wording is exactly ``cleaned`` (already ``strip_annotations(clean_label(…))``).

    >>> from schemas.labels import FUND_LINES
    >>> exact_key("年度资金总额", FUND_LINES), exact_key("巡护里程", FUND_LINES)
    ('total', None)
    """
    return _index_for(vocab)[0].get(cleaned)


def match_label(
    text: str, vocab: dict[str, tuple[str, ...]], *, fuzzy: bool = True, threshold: float = FUZZY_THRESHOLD
) -> LabelMatch | None:
    """Match a cell's text to a vocabulary key, or None.

    >>> from jixiao.schemas.labels import FUND_COLUMNS
    >>> match_label("全年\\n执行数", FUND_COLUMNS).key
    'executed'
    >>> match_label("执行率(B/A)", FUND_COLUMNS).key
    'execution_rate'
    >>> match_label("巡察专项经费", FUND_COLUMNS) is None
    True
    """
    if text.isascii():
        # No wording of ``schemas.labels`` is near an ASCII text (a figure, a date), not even fuzzily:
        # ``tests/test_labels.py`` checks it. Most cells are figures; they need no lookup at all.
        return None
    # Every cell of every form is asked about several vocabularies: memoise on the cell text, one table
    # for each way of asking (vocabulary object, fuzzy, threshold: module-level constants that never change).
    memo = _MEMOS.get((id(vocab), fuzzy, threshold))
    if memo is None:
        memo = _MEMOS[(id(vocab), fuzzy, threshold)] = {}
        _VOCABS.append(vocab)  # keep it alive, so its id stays its own
    try:
        return memo[text]
    except KeyError:
        if len(memo) > _MEMO_MAX:
            memo.clear()
        found = memo[text] = _match_uncached(text, vocab, fuzzy=fuzzy, threshold=threshold)
        return found


_MEMOS: dict[tuple[int, bool, float], dict[str, LabelMatch | None]] = {}
_VOCABS: list[dict[str, tuple[str, ...]]] = []
_MEMO_MAX = 50_000


# A money line's number before its label, after a 其中: too (cleaned: NFKC has made ① a 1).
_LINE_NUMBER = regex.compile(
    r"""^(其中:)?
    (?: [0-9]{1,2}[.、]?(?=\p{Han})              # 1.财政拨款, 2、其他资金, 1本年财政拨款 (from ①)
      | \([0-9一二三四五六七八九十]{1,2}\)       # (1)当年财政拨款
      | [一二三四五六七八九十]{1,2}、             # 一、年度资金总额
    )""",
    regex.VERBOSE,
)


def unnumbered(cleaned: str) -> str:
    """A cleaned label without the number a form gives its money lines.

    >>> unnumbered("(1)当年财政拨款"), unnumbered("其中:1.财政拨款"), unnumbered("一级指标")
    ('当年财政拨款', '其中:财政拨款', '一级指标')
    """
    return _LINE_NUMBER.sub(lambda m: m.group(1) or "", cleaned, count=1)


def _match_uncached(
    text: str, vocab: dict[str, tuple[str, ...]], *, fuzzy: bool, threshold: float
) -> LabelMatch | None:
    cleaned = strip_annotations(clean_label(text))
    if not cleaned or len(cleaned) > MAX_LABEL_CHARS:
        return None
    exact, choices = _index_for(vocab)
    key = exact.get(cleaned)
    if key is None and vocab is FUND_LINES and cleaned[:1] in _NUMBER_STARTS:
        cleaned = unnumbered(cleaned)  # "1.财政拨款": the line's number is no part of its name
        key = exact.get(cleaned)
    if key is not None:
        return LabelMatch(key, cleaned, 100.0)
    if not fuzzy or len(cleaned) < 3:
        return None
    found = process.extractOne(cleaned, choices, scorer=fuzz.ratio, score_cutoff=threshold)
    if found is None:
        return None
    variant, score, _ = found
    if _negates(cleaned, variant):
        return None  # 非财政拨款 is not 财政拨款: a near spelling never bridges a negation
    return LabelMatch(exact[variant], variant, float(score))


_NUMBER_STARTS = frozenset("0123456789(一二三四五六七八九十其")
_NEGATIONS = "非不未无"


def _negates(text: str, variant: str) -> bool:
    """The text writes a negation (非/不/未/无) the vocabulary's wording lacks.

    >>> _negates("非财政拨款", "财政拨款"), _negates("其中:非财政资金", "其中:财政资金")
    (True, True)
    >>> _negates("非税收入", "非税收入")
    False
    """
    return any(text.count(ch) > variant.count(ch) for ch in _NEGATIONS)


def negated_label(text: str, vocab: dict[str, tuple[str, ...]]) -> LabelMatch | None:
    """The vocabulary label a cell negates (``非财政拨款`` → 财政拨款's key), or None: such a cell names a
    line of its own that the vocabulary has no key for.

    >>> from jixiao.schemas.labels import FUND_LINES
    >>> negated_label("非财政拨款", FUND_LINES).key, negated_label("财政拨款", FUND_LINES)
    ('current_year_appropriation', None)
    """
    cleaned = strip_annotations(clean_label(text))
    if not cleaned or len(cleaned) > MAX_LABEL_CHARS or not any(ch in cleaned for ch in _NEGATIONS):
        return None
    exact, choices = _index_for(vocab)
    if cleaned in exact:
        return None
    positive = "".join(ch for ch in cleaned if ch not in _NEGATIONS)
    found = process.extractOne(positive, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
    if found is None or not _negates(cleaned, found[0]):
        return None
    return LabelMatch(exact[found[0]], found[0], float(found[1]))
