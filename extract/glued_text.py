"""A form whose cells were glued together with no delimiter at all (a document site's text preview).

Sites that share .docx/.pdf files publish the text of their preview with every cell run into the next:
``项目名称渔业补贴主管部门区农业局…预算数(A)执行数(B)执行率(B/A)年度财政资金总额1.561.56120…``. No
space, bar or line break marks a cell; the forms' vocabulary does. The region is cut before and after
each vocabulary word (a parenthesised note right after it — ``(A)``, ``(万元)``, ``(20分*执行率)`` — and a
colon stay with it), and a run of figures right after a label is its own cell (``extract.glued`` splits it
by the form's identities, or keeps it raw).

Only the header and the money block are cut. From the indicator table on (一级指标, 二级指标, 三级指标) each
line stays one text: there a target, an actual, a 分值 and a 得分 run together (``补贴渔船数6620``) with
nothing to tell one from the next, and a figure read from them could be wrong.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise

from jixiao.extract.cell_kinds import Token
from jixiao.extract.column_cells import Cut, cell_location
from jixiao.schemas.labels import (
    FUND_COLUMNS,
    FUND_CORNERS,
    FUND_LINES,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    SCORE_TOTAL_LABELS,
    TOTAL_ROW_LABELS,
)

# Width-preserving folding, so that a match's offsets are the raw text's: full-width brackets and colon.
_FOLD = str.maketrans("（）：", "():")
_NOTE = r"(?:\([^()]{1,12}\))?:?"  # "(A)", "(B/A)", "(万元)", "(20分*执行率)", then maybe a colon
_NOTE_TAIL = re.compile(r"(?:\([^()]{1,12}\))?:?$")
_FIGURES = re.compile(r"[0-9][0-9.,%]*")  # a run of figures (several, when glued)
# A form's title with the words before it (its unit, its year): one cell, whatever vocabulary it holds.
_TITLE = re.compile(r"[^:()\s_A-Za-z]{0,30}?(?:自评表|绩效目标表|评价表|申报表)")  # not a code before it
# Where the indicator table starts: from here on nothing is cut.
_INDICATORS = re.compile(r"[一二三]级指标|绩效指标|指标名称")
# Header words the contract has no field for, cut off so that they do not run into a field's value.
_HEADER_WORDS = (
    *("填报日期", "项目类别", "项目属性", "项目类型", "联系电话", "项目负责人", "财政处室", "部门联系人"),
    *("报表编号", "项目基本情况", "项目年度目标完成情况", "项目实施内容及过程概述"),  # 四川 2023
    *("中央主管部门", "地方主管部门", "资金使用单位"),  # 转移支付区域绩效目标自评表
)
_ATTACHED = re.compile(r"^(附[件表][0-9]{1,2}(?:-[0-9]{1,2})?)(?=(?:19|20)[0-9]{2}年)")
_PUNCT_ONLY = re.compile(r"^[，、；：,;:。！？!?]+$")  # a sentence's marks only (a dash or / is a cell)
_SENTENCES = re.compile(r"[^。；]*[。；]|[^。；]+")  # a text's sentences, each with its end
_CHUNK_MARK = re.compile(r"([1-9][0-9]?)、")  # a document site's preview numbers its chunks 1、 2、 3、
MIN_GLUED_RUN = 60  # a run this long with no space in it is cells glued together, not one cell


@lru_cache(maxsize=1)
def _words() -> re.Pattern[str]:
    """The vocabulary as one alternation, longest first (``年度财政资金总额`` before ``资金总额``)."""
    words: set[str] = set()
    for vocab in (FUND_COLUMNS, FUND_LINES, GOAL_LABELS, HEADER_FIELDS):
        for variants in vocab.values():
            words.update(w.translate(_FOLD) for w in variants)
    # 分值执行率得分 is three columns; 重庆's one column writes its unit: 执行率得分(分)
    words.discard("执行率得分")
    words.add("执行率得分(分)")
    words.update(FUND_CORNERS)
    words.update((*TOTAL_ROW_LABELS, *SCORE_TOTAL_LABELS, "执行率", "分值", "得分"))
    words.update(_HEADER_WORDS)
    words.update(w for w in INDICATOR_COLUMNS["level1"] + INDICATOR_COLUMNS["level2"])
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alternation}){_NOTE}")


@lru_cache(maxsize=1)
def _money_rows() -> frozenset[str]:
    """The words a row of figures follows: the fund lines and the totals."""
    rows = {w.translate(_FOLD) for variants in FUND_LINES.values() for w in variants}
    return frozenset(rows | {*TOTAL_ROW_LABELS, *SCORE_TOTAL_LABELS})


def _takes_figures(word: str) -> bool:
    """Whether figures glued after this word are its row's (年度资金总额56.40…, 总分100 97.9)."""
    return _NOTE_TAIL.sub("", word) in _money_rows()


@lru_cache(maxsize=1)
def _fields() -> dict[str, str]:
    return {w.translate(_FOLD): key for key, variants in HEADER_FIELDS.items() for w in variants}


def is_glued_region(lines: Sequence[str]) -> bool:
    """Whether most of a region's text sits in long runs with no white space at all, the form's labels
    among them (a form flattened with spaces, whose goal texts may be long, is not glued; nor is a report).

    >>> is_glued_region(["项目名称渔业补贴主管部门区农业局项目实施单位农业科预算执行情况(万元)"
    ...                  "预算数(A)执行数(B)执行率(B/A)年度财政资金总额1.561.56100%20"])
    True
    >>> is_glued_region(["项目名称 渔业补贴 主管部门 区农业局", "年度资金总额 1.56 1.56 100% 20"])
    False
    """
    total = glued = words = touching = 0
    for line in lines:
        for run in line.split():
            total += len(run)
            if len(run) >= MIN_GLUED_RUN:
                glued += len(run)
                found = list(_words().finditer(run))
                words += len(found)
                touching += sum(b.start() == a.end() for a, b in pairwise(found))
    # A report's paragraphs are long runs too: a glued form's hold its labels, one in 200 characters at
    # least (2 to 7 in 100 in the previews seen), and some run into the next (年初预算数全年预算数); a
    # report names a label now and then, in a sentence.
    return total > 0 and glued >= 0.6 * total and words >= max(3, glued // 200) and touching >= 2


def _cut(text: str) -> Iterable[str]:
    """A glued text's cells: titles whole, the vocabulary words (with their notes), the figures after a
    word, and the texts between; the indicator table on, one cell."""
    folded = text.translate(_FOLD)
    stop = _INDICATORS.search(folded)
    end = stop.start() if stop else len(text)
    titles = [(m.start(), m.end(), False) for m in _TITLE.finditer(folded, 0, end)]
    starts = [a for a, _, _ in titles]

    def in_title(m: re.Match[str]) -> bool:  # 项目支出 in a title stays in it (titles never overlap)
        k = bisect_left(starts, m.end()) - 1
        return k >= 0 and titles[k][1] > m.start()

    words = [(m.start(), m.end(), True) for m in _words().finditer(folded, 0, end) if not in_title(m)]
    at = 0
    field = False  # the last cell was a header field's label (主管部门): a value is due
    for start, stop_at, is_word in sorted(titles + words):
        if start < at:
            continue
        pending = _SENTENCES.findall(text[at:start].strip())  # a goal's texts part at their ends
        if pending and (
            (pending[-1][-1] in ".," and _FIGURES.fullmatch(pending[-1])) or _PUNCT_ONLY.match(pending[-1])
        ):
            # Figures or a number running into the word after them (…109.81.预算执行率=…, 2.项目实施内容…):
            # where the last figure ends cannot be told, so they stay one text with the word; a mark
            # alone (，) too, which no cell is.
            yield from pending[:-1]
            yield pending[-1] + text[start:stop_at]
            at, field = stop_at, False
            continue
        if pending:
            yield from pending
        elif field:
            yield ""  # 主管部门财政处室: the field was left blank, the next word is no value of it
        field = is_word and _fields().get(folded[start:stop_at].rstrip(":")) is not None
        if is_word:
            yield text[start:stop_at]
        else:
            yield from _attachment_off(text[start:stop_at])
        at = stop_at
        figures = _FIGURES.match(folded, at) if is_word and _takes_figures(folded[start:stop_at]) else None
        if figures and figures.group()[-1] not in ".,":
            yield text[at : figures.end()]
            at = figures.end()
    yield from _SENTENCES.findall(text[at:end].strip())
    if stop:  # the indicator table's first word (a header the goals end at), then its rest as one text
        yield text[stop.start() : stop.end()]
        if text[stop.end() :].strip():
            yield text[stop.end() :].strip()


def _attachment_off(title: str) -> Iterable[str]:
    """A title with its attachment number glued on: ``附件22021年度…`` is 附件2 and a 2021 title (the year
    has four figures); any other run of figures after 附件 stays with the title."""
    m = _ATTACHED.match(title)
    if m:
        yield m.group(1)
        title = title[m.end(1) :]
    yield title


def _chunks(lines: Sequence[str]) -> tuple[list[tuple[str, int, int]], list[tuple[str, int]]]:
    """The region's texts as ``(text, first line, last line)``, each preview chunk joined to the text it
    continues, and the chunk marks taken off (``2、`` opening the second chunk, mid-figure as often as not:
    ``…完成10`` / ``2、0%100%…``). Marks count up from the first line's: another number is content."""
    texts: list[tuple[str, int, int]] = []
    marks: list[tuple[str, int]] = []
    expected = None
    for k, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        m = _CHUNK_MARK.match(text)
        if m and (expected is None or int(m.group(1)) == expected):
            expected = int(m.group(1)) + 1
            marks.append((m.group(), k))
            text = text[m.end() :]
            if texts and expected > 2:
                joined, start, _ = texts[-1]
                texts[-1] = (joined + text, start, k)
                continue
        texts.append((text, k, k))
    return texts, marks


def widen_glued(lines: Sequence[str], start: int, end: int, floor: int) -> tuple[int, int]:
    """A glued region grown over the preview chunks it cuts through: the chunk before (``2、`` opens the
    region's first line, ``1、`` the line above) back to ``floor``, and the chunks after it."""
    number = _chunk_number(lines[start]) if start < len(lines) else None
    while number is not None and start > floor and _chunk_number(lines[start - 1]) == number - 1:
        start, number = start - 1, number - 1
    number = _chunk_number(lines[end - 1]) if end > 0 else None
    while number is not None and end < len(lines) and _chunk_number(lines[end]) == number + 1:
        end, number = end + 1, number + 1
    return start, end


def _chunk_number(line: str) -> int | None:
    m = _CHUNK_MARK.match(line.strip())
    return int(m.group(1)) if m else None


def tokens_glued(lines: Sequence[str], first: int) -> Cut:
    """Cells of a glued region; its preview chunk marks last (no cell of the form)."""
    out: list[Token] = []
    texts, marks = _chunks(lines)
    for text, start, end in texts:
        loc = cell_location(first + start, first + end)
        out += [Token(cell, loc) for cell in _cut(text)]
    out += [Token(mark, cell_location(first + k, first + k)) for mark, k in marks]
    return out, 0


__all__ = ["is_glued_region", "tokens_glued", "widen_glued"]
