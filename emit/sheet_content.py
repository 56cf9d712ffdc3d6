"""What each workbook sheet shows: the table's columns, with the context a reader needs beside the ids.

A 64-character ``doc_id`` or a ``form_id`` names nothing to an auditor, so every sheet row also carries
文件名 (the document's ``source_path``), 单位, 项目 and 年度, right after the table's id columns. On the
异常 sheet the rule and the severity are also shown in Chinese from the rule catalogue
(``schemas.rules``), next to the English ids, which keep their own columns.

Context comes from the ``forms`` and ``documents`` tables (one small map entry per form and per
document): a form's row gives its own 单位/项目/年度; a document-level row (文件, 报告, …) takes its
document's :func:`doc_traits` (first form's 单位, earliest 年度, a 项目 only when there is one), the
same the review index shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from jixiao.schemas import TABLES, Column
from jixiao.schemas.rules import rule_name_zh, severity_zh

# NOTE: the English names must not clash with any table's own column names (tests/test_xlsx_out.py)
CONTEXT_COLUMNS = (
    Column("file_name", "string", "文件名", description="the document's source_path"),
    Column("unit_name", "string", "单位", description="填报单位, else 预算部门 / 实施单位 / 主管部门"),
    Column("project_name", "string", "项目"),
    Column("form_year", "int", "年度"),
)
_ID_COLUMNS = ("doc_id", "form_id")
# the 异常 sheet: Chinese beside each English id (inserted right before the id's column)
_CHINESE_OF = {
    "anomalies": (
        ("rule", Column("rule_name", "string", "规则")),
        ("severity", Column("severity_name", "string", "严重程度")),
    )
}
_ID_TITLES = {("anomalies", "rule"): "规则编号", ("anomalies", "severity"): "严重程度代码"}
UNIT_FIELDS = ("fill_unit", "department", "implementing_unit", "competent_department")  # shown first to last
_TRANSLATE = {"rule_name": rule_name_zh, "severity_name": severity_zh}


@dataclass(frozen=True, slots=True)
class SheetSpec:
    """The columns of one table's sheet, in order (the table's own, the context, the Chinese names)."""

    table: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def sheet_spec(table: str) -> SheetSpec:
    """The sheet's columns: the table's leading ids, the context, then the rest (with Chinese names).

    >>> sheet_spec("funds").names[:6]
    ['form_id', 'file_name', 'unit_name', 'project_name', 'form_year', 'line']
    >>> [c.title for c in sheet_spec("anomalies").columns][6:10]
    ['规则', '规则编号', '严重程度', '严重程度代码']
    """
    spec = TABLES[table]
    cols = list(spec.columns)
    lead = 0
    while lead < len(cols) and cols[lead].name in _ID_COLUMNS:
        lead += 1
    if not lead:  # not a document's rows (the panel's units, projects, links): nothing to name
        return SheetSpec(table, tuple(cols))
    out = cols[:lead] + list(CONTEXT_COLUMNS)
    chinese = dict(_CHINESE_OF.get(table, ()))
    for col in cols[lead:]:
        if col.name in chinese:
            out.append(chinese[col.name])
        title = _ID_TITLES.get((table, col.name))
        out.append(Column(col.name, col.type, title, col.nullable, col.description) if title else col)
    return SheetSpec(table, tuple(out))


@dataclass(frozen=True, slots=True)
class DocTraits:
    """What a document is named and filtered by: its unit, year, project and the rules it broke."""

    unit: str | None = None
    year: int | None = None
    project: str | None = None  # only when all its forms name one project
    rules: tuple[str, ...] = ()


def doc_traits(forms: Iterable[Mapping[str, Any]], anomalies: Iterable[Mapping[str, Any]]) -> DocTraits:
    """The first form's unit, the earliest year, the one project, and every rule id (sorted).

    >>> form = {"fill_unit": "区委巡察办", "year": 2023, "project": "巡察专项经费"}
    >>> doc_traits([form], [{"rule": "score.total"}])
    DocTraits(unit='区委巡察办', year=2023, project='巡察专项经费', rules=('score.total',))
    """
    forms = list(forms)
    unit = next((u for u in map(form_unit, forms) if u), None)
    years = [f["year"] for f in forms if f.get("year") is not None]
    projects = {f["project"] for f in forms if f.get("project")}
    project = next(iter(projects)) if len(projects) == 1 else None
    rules = tuple(sorted({a["rule"] for a in anomalies}))
    return DocTraits(unit, min(years) if years else None, project, rules)


@dataclass(frozen=True, slots=True)
class _FormContext:
    doc_id: str | None
    unit: str | None
    project: str | None
    year: int | None


_NONE = _FormContext(None, None, None, None)


@dataclass
class SheetContext:
    """doc_id → file name and form_id / doc_id → 单位, 项目, 年度, filled from the tables' rows."""

    files: dict[str, str] = field(default_factory=dict)
    forms: dict[str, _FormContext] = field(default_factory=dict)
    docs: dict[str, _FormContext] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        forms: Iterable[Mapping[str, Sequence[Any]]],
        documents: Iterable[Mapping[str, Sequence[Any]]],
    ) -> SheetContext:
        """A context from pieces of the ``forms`` and ``documents`` tables (as columns)."""
        ctx = cls()
        for cols in documents:
            for doc_id, path in zip(cols["doc_id"], cols["source_path"], strict=True):
                ctx.files.setdefault(doc_id, path)  # the first copy's path, in table order
        by_doc: dict[str, list[dict[str, Any]]] = {}
        for cols in forms:
            for i, form_id in enumerate(cols["form_id"]):
                form = {f: cols[f][i] for f in ("doc_id", "project", "year", *UNIT_FIELDS)}
                ctx.forms[form_id] = _FormContext(
                    form["doc_id"], form_unit(form), form["project"], form["year"]
                )
                by_doc.setdefault(form["doc_id"], []).append(form)
        for doc_id, doc_forms in by_doc.items():
            traits = doc_traits(doc_forms, ())
            ctx.docs[doc_id] = _FormContext(doc_id, traits.unit, traits.project, traits.year)
        return ctx

    def sheet_columns(self, table: str, cols: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
        """One piece of a table's rows (as columns) → the same rows in its sheet's columns."""
        n = len(next(iter(cols.values()), []))
        out: dict[str, list[Any]] = {name: list(values) for name, values in cols.items()}
        if "form_id" not in cols and "doc_id" not in cols:
            return out
        form_ids = cols["form_id"] if "form_id" in cols else [None] * n
        doc_ids = cols["doc_id"] if "doc_id" in cols else [None] * n
        contexts = []
        for form_id, doc_id in zip(form_ids, doc_ids, strict=True):
            ctx = self.forms.get(form_id) if form_id is not None else None
            if ctx is None:
                ctx = self.docs.get(doc_id, _FormContext(doc_id, None, None, None)) if doc_id else _NONE
            contexts.append(ctx)
        out["file_name"] = [self.files.get(c.doc_id) if c.doc_id else None for c in contexts]
        out["unit_name"] = [c.unit for c in contexts]
        out["project_name"] = [c.project for c in contexts]
        out["form_year"] = [c.year for c in contexts]
        for source, col in _CHINESE_OF.get(table, ()):
            translate = _TRANSLATE[col.name]
            out[col.name] = [None if v is None else translate(v) for v in cols[source]]
        return out


def form_unit(form: Mapping[str, Any]) -> str | None:
    """A form's unit: 填报单位, else 预算部门 / 实施单位 / 主管部门 (the first one written).

    >>> form_unit({"fill_unit": None, "department": "区委巡察办"})
    '区委巡察办'
    """
    return next((form[f] for f in UNIT_FIELDS if form.get(f)), None)


# the sheet columns whose text repeats row after row (a document's name on each of its rows): written
# once into the shared-string table and referenced by number (t="s": a string, never a formula)
SHARED_TEXT_COLUMNS = frozenset({"file_name", "unit_name", "project_name", "rule_name", "severity_name"})


class SharedStrings:
    """``xl/sharedStrings.xml``: each distinct text once, cells refer to it by index."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self.refs = 0

    def cell(self, ref: str, text: str) -> str:
        """A cell referring to ``text`` (``ref`` "" for a cell that takes the next column)."""
        n = self._index.get(text)
        if n is None:
            n = self._index[text] = len(self._index)
        self.refs += 1
        at = f' r="{ref}"' if ref else ""
        return f'<c{at} t="s"><v>{n}</v></c>'

    def xml(self, escape: Callable[[str], str]) -> str:
        """The part's XML; ``escape`` makes text cell-safe (control characters, length, XML)."""
        items = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in self._index)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{self.refs}" uniqueCount="{len(self._index)}">{items}</sst>'
        )
