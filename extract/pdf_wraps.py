"""A cell of a PDF page drawn without ruling lines, as its lines are read, and whether the next line's
piece goes on with it: the content's rules (``extract.pdf_words`` builds the rows with them).

A piece under a cell goes on with it when the content says so: the line above was full (the piece's
first word did not fit in the room left: a wrap), a label's halves (``年初`` / ``预算数``) or the
beginning of one cut over more lines (``偏差原`` / ``因分析`` / ``及改进`` / ``措施``, ``转移支付`` /
``（项目）`` / ``名称``), an annotation's brackets (``满意度指标`` / ``（10`` / ``分）``), a figure cut at
its separator, a label written downwards one character a line (``绩`` / ``效`` / ``指`` / ``标``). It
cannot when a blank line lies between, when a figure stands under a whole label, or a label of its own
starts a row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import regex
from jixiao.extract.cell_kinds import LABEL_KINDS, Token, classify
from jixiao.extract.labels import clean_label
from jixiao.extract.layout import Location
from jixiao.extract.pdf_columns import PageLine
from jixiao.extract.pdf_pitch import Pitch
from jixiao.extract.pdf_text import Line, join_next, join_wrapped, wrapped
from jixiao.schemas.labels import (
    FUND_COLUMNS,
    FUND_CORNERS,
    FUND_LINES,
    GOAL_LABELS,
    HEADER_FIELDS,
    INDICATOR_COLUMNS,
    INDICATOR_CORNERS,
    LEVEL1_LABELS,
    LEVEL2_LABELS,
)

OWN_LINE = LABEL_KINDS | {"attachment"}  # a cell of these kinds starts a row, wherever it stands

_CELL_LABELS = LABEL_KINDS - {"title", "corner"}  # labels a cell's two halves may make
_NUMERIC = regex.compile(r"^[0-9.,，．%％]+$")  # a figure or a piece of one
_SEPARATORS = ",.，．"
_CLOSING = regex.compile(r"^[%％)）]")  # closes the text above: 99.99 / %, （万 / 元）
_BRACKETED = regex.compile(r"^[(（].*[)）]$")
_OPENING = regex.compile(r"^[(（][^)）]*$")  # a bracket opened, its closing on a line below
_UNCLOSED = regex.compile(r"[(（][^)）]*$")  # a text whose last bracket is still open
_CLOSES = regex.compile(r"^[^(（)）]{0,4}[)）]$")  # the rest of an annotation: 元）, 分）
_ANNOTATED = frozenset(("corner", "level1", "level2", "fund_line", "fund_col", "ind_col", "unit"))
_LABEL_CHARS = 16  # the longest label (偏差原因分析及改进措施, 年度预算申请（万元）) and some
_FIELD = regex.compile(r"^[^:：]{1,12}[:：]")  # a line that opens with a label and its colon
_VALUE_LIKE = regex.compile(  # a figure, maybe with its comparison, or a placeholder for none
    r"^[≥≤≧≦>＞<＜=＝约]*[0-9]|^[-—–―─_/\\~…·]+$|^无$"
)
_LABEL_WORDS = (  # the vocabularies whose labels a cell may cut over lines
    FUND_COLUMNS,
    FUND_LINES,
    FUND_CORNERS,
    INDICATOR_COLUMNS,
    INDICATOR_CORNERS,
    GOAL_LABELS,
    HEADER_FIELDS,
    LEVEL1_LABELS,
    LEVEL2_LABELS,
)
_LABEL_TAIL = regex.compile(r"^\p{Han}{1,6}(?:[(（][^)）]{0,4}[)）]?)?$")  # 系数（%）: more of a label
_LONE_HAN = regex.compile(r"^\p{Han}$")
LINE_GAP = 1.2  # line heights: a wider blank between two lines is a gap between rows, never a wrap


@dataclass(slots=True)
class DraftCell:
    """A cell as its lines are read: its pieces, the room its text may run in, its text so far."""

    parts: list[tuple[PageLine, Line]]
    room: tuple[float, float]
    text: str
    lo: float = field(init=False)
    hi: float = field(init=False)

    def __post_init__(self) -> None:
        line = self.parts[0][1]
        self.lo, self.hi = line.x0, line.x1

    def add(self, where: PageLine, piece: Line, room: tuple[float, float]) -> None:
        last = self.parts[-1][1]
        if _CLOSING.match(piece.text) or (_NUMERIC.match(last.text) and _NUMERIC.match(piece.text)):
            self.text = join_wrapped(self.text, piece.text)  # a figure's rest: 99. / 99 / %
        else:
            self.text = join_next(self.text, last, piece, *self.room)
        self.parts.append((where, piece))
        self.room = (min(self.room[0], room[0]), min(self.room[1], room[1]))
        self.lo, self.hi = min(self.lo, piece.x0), max(self.hi, piece.x1)

    def token(self, row: int) -> Token:
        first_line, _ = self.parts[0]
        on_page = [(ln, p) for ln, p in self.parts if ln.page == first_line.page]
        last = on_page[-1][0].number
        box = (
            round(min(p.x0 for _, p in on_page), 1),
            round(min(p.top for _, p in on_page), 1),
            round(max(p.x1 for _, p in on_page), 1),
            round(max(p.bottom for _, p in on_page), 1),
        )
        loc = Location(
            page=first_line.page,
            line=first_line.number,
            line_end=last if last != first_line.number else None,
            box=box,
        )
        return Token(self.text, loc, row)


def _full(last: Line, following: Line, room: tuple[float, float]) -> bool:
    """Whether ``last`` ended because ``following``'s first word did not fit after it (a wrap)."""
    return wrapped(last, following, *room)


def _number_full(cell: DraftCell, following: Line) -> bool:
    """A number is cut where its next character no longer fits: its line as wide as the cell's widest
    line (below its first), or for its first line as its room."""
    last = cell.parts[-1][1]
    lines = [p.x1 - p.x0 for _, p in cell.parts]
    widest = max(lines) if len(lines) > 1 else cell.room[1] - cell.room[0]
    return following.widths[0] > widest - (last.x1 - last.x0) - 0.5


def _stacked(cell: DraftCell, piece: Line) -> bool:
    """Whether ``piece`` is the next letter of a label written downwards: lone characters, one a line,
    left edges aligned, spelling a label or its beginning (绩 / 效 / 指 / 标; never 篇 above 次, two
    rows' units)."""
    letters = [p.text for _, p in cell.parts]
    return (
        bool(_LONE_HAN.match(piece.text))
        and all(_LONE_HAN.match(t) for t in letters)
        and abs(piece.x0 - cell.parts[-1][1].x0) < 1.0
        and (_label_begun(word := "".join(letters) + piece.text) or classify(word) in LABEL_KINDS)
    )


def _one_label(above: str, below: str) -> bool:
    """Whether two pieces make one label of the form (short: a label, not a sentence that opens with one)."""
    joined = above + below
    return len("".join(joined.split())) <= _LABEL_CHARS and classify(joined) in _CELL_LABELS


@cache
def _label_heads() -> frozenset[str]:
    """Every proper beginning (two characters or more) of a label's wording: ``偏差原因分析及改进``."""
    words = [w for vocab in _LABEL_WORDS for w in (vocab if isinstance(vocab, tuple) else _wordings(vocab))]
    return frozenset(w[:n] for w in map(clean_label, words) for n in range(2, len(w)))


def _wordings(vocab: dict[str, tuple[str, ...]]) -> list[str]:
    return [w for wordings in vocab.values() for w in wordings]


@cache
def _level_heads() -> frozenset[str]:
    """Every beginning (two characters or more) of a 一级/二级 label's wording."""
    vocabs = (LEVEL1_LABELS, LEVEL2_LABELS)
    words = [w for v in vocabs for w in (v if isinstance(v, tuple) else _wordings(v))]
    words = list(map(clean_label, words))
    return frozenset(w[:n] for w in words for n in range(2, len(w) + 1))


def level_label(text: str) -> bool:
    """A 一级/二级 label, or its beginning as its lines are read (``满意度指``, ``满意度指标（10``)."""
    if classify(text) in ("level1", "level2"):
        return True
    head = _UNCLOSED.sub("", text)  # an annotation still open: （10 of （10分）
    return classify(head) in ("level1", "level2") or clean_label(head) in _level_heads()


def _label_begun(text: str) -> bool:
    """Whether ``text`` begins a label cut over lines (``偏差原因分析`` / ``及改进`` / ``措施``)."""
    return clean_label(text) in _label_heads()


def verdict(cell: DraftCell, where: PageLine, piece: Line, pitch: Pitch | None = None) -> int:
    """Whether ``piece`` goes on with ``cell`` above it: 1 it does, -1 it cannot, 0 nothing tells."""
    above_line, last = cell.parts[-1]
    if above_line.page == where.page and piece.top - last.bottom > LINE_GAP * (last.bottom - last.top):
        return -1  # a blank line between: rows apart
    if pitch is not None and above_line.page == where.page and (said := pitch.goes_on(last, piece)):
        return said  # a pitch below: the cell's next line; off it: a row border between
    text, kind = piece.text, classify(cell.text)
    if _stacked(cell, piece):
        return 1  # 绩 / 效 / 指 / 标: a label written downwards, one character a line
    if _CLOSING.match(text):
        return 1  # 99.99 / %, （万 / 元）
    if _OPENING.match(text) and kind in _ANNOTATED:
        return 1  # 满意度指标 / （10 / 分）: an annotation cut inside its brackets
    if _BRACKETED.match(
        text
    ):  # 项目资金 / （万元）, 效益指标 / （30分）; a title's （2023年度） stands alone
        if kind in ("title", "attachment", "header"):
            return -1
        if kind in _ANNOTATED or _one_label(cell.text, text) or _label_begun(cell.text + text):
            return 1  # 转移支付 / （项目） / 名称: the beginning of a label
        return 0
    if _NUMERIC.match(last.text) and _NUMERIC.match(text):
        if last.text[-1] in _SEPARATORS or text[0] in _SEPARATORS:
            return 1  # a figure cut at its separator: 3,21.0 / ,1332
        if last.text.endswith(("%", "％")):
            return -1  # a rate is whole
        return 1 if _number_full(cell, piece) else -1
    alone = classify(text)
    figure = bool(_VALUE_LIKE.match(text))
    if kind in LABEL_KINDS and figure:
        return -1  # a figure under a whole label (分值 / 10) is the next row's
    if kind not in LABEL_KINDS and not figure and _one_label(cell.text, text):
        return 1  # 年初 / 预算数, 服务对象满意 / 度指标: the halves of one label
    if not figure and _label_begun(cell.text) and _label_begun(cell.text + text):
        return 1  # 未完成 / 原因分 / 析及改 / 进措施: a label over more lines than two
    if alone == "corner" and kind not in LABEL_KINDS and _full(last, piece, cell.room):
        return 1  # 部门预算执行 / 情况（万元）: a wrapped label's rest (a unit makes any short text a corner)
    if alone in OWN_LINE or kind in ("title", "attachment"):
        return -1  # a label, title or 附件 heading of its own starts a row
    if kind in LABEL_KINDS:  # a whole label above: only more of the label goes on with it
        if _one_label(cell.text, text) or _label_begun(cell.text + text):
            return 1
        # 得分 / 系数（%）: a label the vocabulary does not know, wrapped (the line above was full); the
        # rest of the line decides.
        return 0 if _LABEL_TAIL.match(text) and _full(last, piece, cell.room) else -1
    if last.text.endswith(("：", ":")) and _FIELD.match(text):
        return 0  # 按收入性质分： above 其中：一般公共预算：…: a label of its own, then the next field
    if _full(last, piece, cell.room):
        return 1  # the line above was full: the text wrapped
    if _VALUE_LIKE.match(last.text) and _VALUE_LIKE.match(text):
        return -1  # one cell holds one value: ≥48座 above 48座 are two
    return 0


def label_goes_on(cell: DraftCell, where: PageLine, piece: Line, pitch: Pitch | None = None) -> bool:
    """The content alone says ``piece`` is more of ``cell``: a label's other half or its annotation
    (or, where rows step off the line pitch, its standing a pitch below the cell's last line)."""
    same_page = cell.parts[-1][0].page == where.page
    if pitch is not None and same_page and (said := pitch.goes_on(cell.parts[-1][1], piece)):
        return said > 0
    kind = classify(cell.text)
    if _BRACKETED.match(piece.text) or _OPENING.match(piece.text):
        return kind in _ANNOTATED
    if _CLOSES.match(piece.text) and _UNCLOSED.search(cell.text):
        return True  # （万 / 元）: the annotation's bracket closes
    if len(cell.parts) >= 2 and _stacked(cell, piece):
        return True  # 绩 / 效 / 指 beside the header, 标 beside the first row
    return kind not in LABEL_KINDS and _one_label(cell.text, piece.text)


def next_line(cell: DraftCell, line: PageLine, piece: Line, *, page_top: bool = False) -> bool:
    """Whether ``piece`` sits on the line right below the cell's last (no blank line between), or
    (``page_top``: its line the first of its page) the cell's last line ends the page before."""
    where, last = cell.parts[-1]
    if page_top and where.page + 1 == line.page:
        return True
    close = piece.top - last.bottom <= LINE_GAP * (last.bottom - last.top)
    return where.page == line.page and close and piece.top > last.top


__all__ = ["LINE_GAP", "OWN_LINE", "DraftCell", "label_goes_on", "level_label", "next_line", "verdict"]
