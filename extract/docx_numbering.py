"""Word's automatic list numbers (``w:numPr``), counted and written the way Word shows them.

A numbered paragraph names a list (``w:numId``) and a level (``w:ilvl``, 0-8), in its own ``w:pPr`` or
through its paragraph style (``w:pStyle`` → ``styles.xml``, following ``w:basedOn``; the default
paragraph style's ``w:numPr`` is not read: that would parse ``styles.xml`` for every file, and Word's
own dialogs never number Normal). ``word/numbering.xml`` maps the list to an abstract
definition (``w:num`` → ``w:abstractNum``, through ``w:numStyleLink`` if need be), possibly overriding
levels (``w:lvlOverride`` with ``w:startOverride`` and/or a whole ``w:lvl``). Each level says where it
starts (``w:start``), how its number is written (``w:numFmt``), the label around it (``w:lvlText``:
``%1、``, ``（%1）``, ``%1.%2`` — ``%N`` is level N's number in level N's format), whether the label
shows every number as a decimal (``w:isLgl``), when it restarts (``w:lvlRestart``) and what follows
the label (``w:suff``: a tab, a space or nothing).

Counting, in document order (body and table cells alike):

* lists that point at the same abstract definition share its counters; a list with a
  ``w:lvlOverride`` has counters of its own (the way Word restarts a list);
* a paragraph at level k takes level k's next value (its start the first time) and restarts every
  deeper level, unless that level's ``w:lvlRestart`` names a level above k (0: never restarts);
  a level not used yet shows its start minus one (Word's ``1.0.1`` under a missing heading);
* ``numId`` 0 means "not numbered", even when the paragraph's style numbers it.

The label is prepended to the paragraph's text; the tab after it becomes nothing and a space stays
(a text export shows ``一、预算单位基本情况``). Bullets add nothing. What cannot be shown is counted in
``counts`` and explained by ``notes()``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from jixiao.extract.docx_list_formats import LIST_FORMATS, format_list_number
from jixiao.extract.docx_xml import FALSE_VALUES, WORD_NAMESPACES
from lxml import etree

MAX_LEVELS = 9  # w:ilvl 0-8: Word's lists have nine levels, and %1-%9 name them
MAX_VALUE = 2**31 - 1  # w:start is an ST_DecimalNumber (32-bit); larger is malformed
MAX_LABEL_CHARS = 64  # a w:lvlText longer than this is not a list label (Word's dialog allows ~30)
MAX_LINKS = 8  # w:basedOn and w:numStyleLink chains followed at most this deep (they may loop)
MAX_NAMED = 5  # unknown format names quoted in a note

_PLACEHOLDER = re.compile(r"%([1-9])")  # %1 … %9: the number of level 1 … 9
_DECIMAL = re.compile(r"[ ]*[0-9]{1,12}[ ]*")  # an attribute value that is a plain decimal
_SUFFIX = {"tab": "", "space": " ", "nothing": ""}  # a tab is layout: a text export shows nothing


@dataclass(frozen=True, slots=True)
class Level:
    """One ``w:lvl``, read."""

    start: int = 0  # ECMA-376 17.9.25: an absent w:start means 0
    fmt: str = "decimal"
    text: str = ""  # w:lvlText; absent → no label
    restart: int | None = None  # w:lvlRestart: 1-based level whose use restarts this one; 0 never
    legal: bool = False  # w:isLgl
    suffix: str = ""  # what follows the label in text: "" for a tab or nothing, " " for a space
    style: str | None = None  # w:pStyle: the paragraph style this level belongs to


@dataclass(frozen=True, slots=True)
class _List:
    key: str  # whose counters it uses
    levels: tuple[Level | None, ...]  # MAX_LEVELS entries


class _Reader:
    """Element access for one part, in whichever WordprocessingML namespace it was written."""

    def __init__(self, root: etree._Element) -> None:
        tag = root.tag if isinstance(root.tag, str) else ""
        self.ns = tag[1 : tag.index("}")] if tag.startswith("{") else ""
        self.known = self.ns in WORD_NAMESPACES
        self.val = f"{{{self.ns}}}val"

    def tag(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"

    def child(self, el: etree._Element, local: str) -> etree._Element | None:
        return el.find(self.tag(local))

    def child_val(self, el: etree._Element | None, local: str) -> str | None:
        found = None if el is None else el.find(self.tag(local))
        return None if found is None else found.get(self.val)

    def attr(self, el: etree._Element, local: str) -> str | None:
        return el.get(f"{{{self.ns}}}{local}")


def _int(raw: str | None, high: int) -> int | None:
    """A decimal in 0..high, else None (``int`` alone would take "1_0" and Unicode digits)."""
    if raw is None or not _DECIMAL.fullmatch(raw):
        return None
    value = int(raw)
    return value if value <= high else None


def _key(raw: str | None) -> str | None:
    """numId/abstractNumId as a dict key: "07" and "7" name the same list."""
    value = _int(raw, MAX_VALUE)
    return None if value is None else str(value)


class ListNumbering:
    """The list counters of one document: call ``label`` for every paragraph, in document order."""

    def __init__(
        self, numbering: etree._Element | None, load_styles: Callable[[], etree._Element | None]
    ) -> None:
        self.counts: Counter[str] = Counter()
        self.unknown_formats: dict[str, None] = {}  # names in order first seen (an ordered set)
        self._abstracts: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        self._w = _Reader(numbering if numbering is not None else etree.Element("none"))
        if numbering is not None and self._w.known:
            for el in numbering:
                if el.tag == self._w.tag("abstractNum"):
                    self._abstracts.setdefault(_key(self._w.attr(el, "abstractNumId")) or "", el)
                elif el.tag == self._w.tag("num"):
                    self._nums.setdefault(_key(self._w.attr(el, "numId")) or "", el)
        self._load_styles = load_styles
        self._styles: _StyleNumbering | None = None
        self._lists: dict[str, _List | None] = {}
        self._counters: dict[str, list[int | None]] = {}

    def label(self, num_id: str | None, ilvl: str | None, style_id: str | None) -> str:
        """The label Word shows before this paragraph ("" for none); advances the counters."""
        if not self._nums:
            if num_id is not None and _key(num_id) != "0":
                self.counts["undefined"] += 1
            return ""  # without list definitions a style's numPr shows nothing: no need to read styles
        # Read styles.xml only for a paragraph that has a style: most paragraphs have none.
        style_num, style_ilvl = self._style_numbering().numbering(style_id) if style_id else (None, None)
        key = _key(num_id if num_id is not None else style_num)
        if key == "0" or (num_id is None and style_num is None):
            return ""
        found = self._list(key) if key is not None else None
        if found is None:
            self.counts["undefined"] += 1
            return ""
        level_raw = ilvl if ilvl is not None else style_ilvl
        if level_raw is None:  # a style that numbers without a level: the level linked to the style
            linked = (i for i, lv in enumerate(found.levels) if lv and style_id and lv.style == style_id)
            level: int | None = next(linked, 0)
        else:
            level = _int(level_raw, MAX_LEVELS - 1)
        if level is None:
            self.counts["bad_level"] += 1
            return ""
        return self._count(found, level)

    def notes(self) -> list[str]:
        """What could not be shown, one line each."""
        out = [template.format(n=self.counts[k]) for k, template in _NOTES.items() if self.counts[k]]
        if self.counts["unknown_format"]:
            names = list(self.unknown_formats)
            shown = ", ".join(names[:MAX_NAMED]) + (
                f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else ""
            )
            n = self.counts["unknown_format"]
            out.append(f"{n} list numbers in formats not rendered ({shown}) shown as decimal")
        return out

    # --- counting ---------------------------------------------------------------------------------

    def _count(self, found: _List, k: int) -> str:
        level = found.levels[k]
        if level is None:
            self.counts["undefined"] += 1
            return ""
        counters = self._counters.setdefault(found.key, [None] * MAX_LEVELS)
        prev = counters[k]
        counters[k] = level.start if prev is None else prev + 1
        for deeper in range(k + 1, MAX_LEVELS):
            d = found.levels[deeper]
            limit = deeper if d is None or d.restart is None else min(d.restart, deeper)
            if k < limit:
                counters[deeper] = None
        if level.fmt == "bullet":
            return ""
        if len(level.text) > MAX_LABEL_CHARS:
            self.counts["long_label"] += 1
            return ""
        text = _PLACEHOLDER.sub(
            lambda m: self._number(found, counters, int(m[1]) - 1, level.legal), level.text
        )
        return text + level.suffix if text else ""

    def _number(self, found: _List, counters: list[int | None], j: int, legal: bool) -> str:
        level = found.levels[j] or Level()
        value = counters[j]
        if value is None:
            value = max(level.start - 1, 0)  # a level not used yet: Word shows start - 1 (1.0.1)
        fmt = "decimal" if legal and level.fmt not in ("none", "bullet") else level.fmt
        shown = format_list_number(value, fmt)
        if shown is None:
            if fmt in LIST_FORMATS:
                self.counts["too_long"] += 1
            else:
                self.counts["unknown_format"] += 1
                self.unknown_formats.setdefault(fmt[:40])
            shown = str(value)
        return shown

    # --- definitions ------------------------------------------------------------------------------

    def _style_numbering(self) -> _StyleNumbering:
        if self._styles is None:
            self._styles = _StyleNumbering(self._load_styles())
        return self._styles

    def _list(self, num_id: str) -> _List | None:
        if num_id in self._lists:
            return self._lists[num_id]
        self._lists[num_id] = found = self._resolve(num_id)
        return found

    def _resolve(self, num_id: str) -> _List | None:
        w = self._w
        num = self._nums.get(num_id)
        if num is None:
            return None
        abstract_id = _key(w.child_val(num, "abstractNumId"))
        abstract = None
        for _ in range(MAX_LINKS):  # w:numStyleLink → numbering style → its list's abstract
            abstract = self._abstracts.get(abstract_id or "")
            link = None if abstract is None else w.child_val(abstract, "numStyleLink")
            if link is None:
                break
            linked = self._nums.get(_key(self._style_numbering().numbering(link)[0]) or "")
            abstract_id = None if linked is None else _key(w.child_val(linked, "abstractNumId"))
        if abstract is None:
            return None
        levels: list[Level | None] = [None] * MAX_LEVELS
        for lvl in abstract.iterfind(w.tag("lvl")):
            i = _int(w.attr(lvl, "ilvl"), MAX_LEVELS - 1)
            if i is not None and levels[i] is None:
                levels[i] = self._level(lvl)
        overrides = list(num.iterfind(w.tag("lvlOverride")))
        for override in overrides:
            i = _int(w.attr(override, "ilvl"), MAX_LEVELS - 1)
            if i is None:
                continue
            lvl = w.child(override, "lvl")
            if lvl is not None:
                levels[i] = self._level(lvl)
            start = w.child_val(override, "startOverride")
            if start is not None:
                levels[i] = replace(levels[i] or Level(), start=self._value(start, 0) or 0)
        key = f"num {num_id}" if overrides else f"abstract {abstract_id}"
        return _List(key, tuple(levels))

    def _level(self, lvl: etree._Element) -> Level:
        w = self._w
        fmts = [el.get(w.val) or "decimal" for el in lvl.iter(w.tag("numFmt"))]
        # Word 2010 puts a custom format in mc:Choice and a plain one in mc:Fallback: take the plain one.
        fmt = next((f for f in fmts if f != "custom"), fmts[0] if fmts else "decimal")
        legal = w.child(lvl, "isLgl")
        restart = w.child_val(lvl, "lvlRestart")
        return Level(
            start=self._value(w.child_val(lvl, "start"), 0) or 0,
            fmt=fmt,
            text=w.child_val(lvl, "lvlText") or "",
            restart=None if restart is None else self._value(restart, None),
            legal=legal is not None and (legal.get(w.val) or "1").lower() not in FALSE_VALUES,
            suffix=_SUFFIX.get(w.child_val(lvl, "suff") or "tab", ""),
            style=w.child_val(lvl, "pStyle"),
        )

    def _value(self, raw: str | None, default: int | None) -> int | None:
        value = _int(raw, MAX_VALUE)
        if value is None and raw is not None:
            self.counts["bad_value"] += 1
        return value if value is not None else default


class _StyleNumbering:
    """The ``w:numPr`` each paragraph (or numbering) style carries, following ``w:basedOn``."""

    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[str, tuple[str | None, str | None, str | None]] = {}  # numId, ilvl, basedOn
        self._done: dict[str, tuple[str | None, str | None]] = {}
        if root is None:
            return
        w = _Reader(root)
        if not w.known:
            return
        for style in root.iterfind(w.tag("style")):
            kind = w.attr(style, "type") or "paragraph"
            sid = w.attr(style, "styleId")
            if kind not in ("paragraph", "numbering") or not sid or sid in self._raw:
                continue
            ppr = w.child(style, "pPr")
            numpr = None if ppr is None else w.child(ppr, "numPr")
            num_id = w.child_val(numpr, "numId")
            ilvl = w.child_val(numpr, "ilvl")
            self._raw[sid] = (num_id, ilvl, w.child_val(style, "basedOn"))

    def numbering(self, style_id: str | None, depth: int = 0) -> tuple[str | None, str | None]:
        """(numId, ilvl) a style gives its paragraphs, each None when it gives none."""
        sid = style_id
        if sid is None or sid not in self._raw or depth > MAX_LINKS:
            return None, None
        if sid in self._done:
            return self._done[sid]
        num_id, ilvl, based_on = self._raw[sid]
        if based_on and (num_id is None or ilvl is None):
            base_num, base_ilvl = self.numbering(based_on, depth + 1) if based_on != sid else (None, None)
            num_id = num_id if num_id is not None else base_num
            ilvl = ilvl if ilvl is not None else base_ilvl
        self._done[sid] = (num_id, ilvl)
        return num_id, ilvl


_NOTES = {
    "undefined": "{n} paragraphs use list numbering that word/numbering.xml does not define; no number shown",
    "bad_level": "{n} numbered paragraphs name a list level outside 0-8; no number shown",
    "long_label": f"{{n}} list labels (w:lvlText) over {MAX_LABEL_CHARS} characters not shown",
    "too_long": "{n} list numbers too large for their letter/roman/Chinese format shown as decimal",
    "bad_value": "{n} malformed list start/restart values read as their default",
}
