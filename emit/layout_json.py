"""``extract.layout.Layout`` ↔ JSON, so review pages can be rebuilt later without the source files.

The JSON mirrors the dataclasses field by field (``"kind"`` tells paragraphs from tables); defaults are
left out to keep files small, and reading gives back an equal ``Layout`` (a round trip is identity).
A ``"format"`` stamp lets a later reader refuse files it does not understand instead of misreading them.
"""

from __future__ import annotations

import functools
import json
import os
from operator import attrgetter
from pathlib import Path
from typing import Any

from jixiao.extract.errors import JixiaoError
from jixiao.extract.layout import Block, Cell, Layout, Location, Paragraph, Row, Table

LAYOUT_FORMAT = "jixiao-layout/1"  # NOTE: bump when the layout model changes shape
_LOCATION_FIELDS = Location.__match_args__  # every field, so none is dropped on the way to disk
_location_values = attrgetter(*_LOCATION_FIELDS)
_NONE_BUT_LINE = (None,) * (len(_LOCATION_FIELDS) - 1)


class LayoutFileError(JixiaoError, ValueError):
    """A stored layout file is not one this version can read; rerun ``jixiao extract`` to rewrite it."""


# how json.dumps writes a string with ensure_ascii=False, and json.dumps as layout files are written
_string = json.encoder.encode_basestring
_dumps = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def _location_text(values: tuple[Any, ...]) -> str:
    """A location's JSON object (its fields that are set) from its field values."""
    if values[1:] == _NONE_BUT_LINE and type(values[0]) is int:  # only a line (the first field): text
        return f'{{"line":{values[0]:d}}}'
    parts = []
    for name, value in zip(_LOCATION_FIELDS, values, strict=True):
        if value is None:
            continue
        if type(value) is int:
            parts.append(f'"{name}":{value:d}')
        elif type(value) is str:
            parts.append(f'"{name}":{_string(value)}')
        else:  # a PDF cell's box: floats, as json writes them
            parts.append(f'"{name}":{_dumps(value)}')
    return "{" + ",".join(parts) + "}"


class _Writer:
    """One layout's JSON text, written as ``json.dumps`` writes the dicts that mirror the dataclasses
    (without making them: ~90,000 a MB of text). A location's text is made once per distinct location:
    a text row's cells, and the row itself, usually share their line."""

    def __init__(self) -> None:
        self._locs: dict[tuple[Any, ...], str] = {}

    def loc(self, loc: Location) -> str:
        values = _location_values(loc)
        found = self._locs.get(values)
        if found is None:
            found = self._locs[values] = _location_text(values)
        return found

    def cell(self, cell: Cell) -> str:
        out = f'{{"text":{_string(cell.text)},"loc":{self.loc(cell.location)}'
        if cell.grid_col:
            out += f',"grid_col":{cell.grid_col:d}'
        if cell.col_span != 1:
            out += f',"col_span":{cell.col_span:d}'
        if cell.row_span != 1:
            out += f',"row_span":{cell.row_span:d}'
        if cell.nested:
            out += ',"nested":[' + ",".join([self.table(t) for t in cell.nested]) + "]"
        return out + "}"

    def row(self, row: Row) -> str:
        cell = self.cell
        out = '{"cells":[' + ",".join([cell(c) for c in row.cells]) + '],"loc":' + self.loc(row.location)
        if row.grid_before:
            out += f',"grid_before":{row.grid_before:d}'
        if row.grid_after:
            out += f',"grid_after":{row.grid_after:d}'
        return out + "}"

    def table(self, table: Table) -> str:
        rows = ",".join([self.row(r) for r in table.rows])
        return f'{{"kind":"table","loc":{self.loc(table.location)},"rows":[{rows}]}}'

    def block(self, block: Block) -> str:
        if isinstance(block, Table):
            return self.table(block)
        out = f'{{"kind":"paragraph","text":{_string(block.text)},"loc":{self.loc(block.location)}'
        if block.style is not None:
            out += f',"style":{_string(block.style)}'
        return out + "}"


def _read_loc(data: dict[str, Any]) -> Location:
    found = {k: data[k] for k in _LOCATION_FIELDS if k in data}
    if "box" in found:  # JSON has lists; the model holds a tuple
        found["box"] = tuple(found["box"])
    return Location(**found)


def _read_cell(data: dict[str, Any]) -> Cell:
    return Cell(
        text=data["text"],
        location=_read_loc(data["loc"]),
        grid_col=data.get("grid_col", 0),
        col_span=data.get("col_span", 1),
        row_span=data.get("row_span", 1),
        nested=tuple(_read_table(t) for t in data.get("nested", ())),
    )


def _read_table(data: dict[str, Any]) -> Table:
    rows = tuple(
        Row(
            cells=tuple(_read_cell(c) for c in r["cells"]),
            location=_read_loc(r["loc"]),
            grid_before=r.get("grid_before", 0),
            grid_after=r.get("grid_after", 0),
        )
        for r in data["rows"]
    )
    return Table(rows=rows, location=_read_loc(data["loc"]))


def _read_block(data: dict[str, Any]) -> Block:
    if data["kind"] == "table":
        return _read_table(data)
    return Paragraph(text=data["text"], location=_read_loc(data["loc"]), style=data.get("style"))


def layout_from_json(data: dict[str, Any]) -> Layout:
    """The ``Layout`` that parsed :func:`layout_text` JSON describes; ``LayoutFileError`` if it is not one."""
    if not isinstance(data, dict) or data.get("format") != LAYOUT_FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise LayoutFileError(f"not a {LAYOUT_FORMAT} layout (found {found!r}); rerun jixiao extract")
    try:
        return Layout(
            blocks=tuple(_read_block(b) for b in data["blocks"]),
            source_format=data["source_format"],
            encoding=data.get("encoding"),
            notes=tuple(data.get("notes", ())),
        )
    except (KeyError, TypeError) as exc:
        raise LayoutFileError(
            f"damaged layout file ({type(exc).__name__}: {exc}); rerun jixiao extract"
        ) from exc


def layout_text(layout: Layout) -> str:
    """``layout`` as compact JSON text (deterministic: same layout, same text). The keys: ``format``,
    ``source_format``, ``encoding``, ``notes``, ``blocks``; a block, row or cell has its fields' names,
    ``loc`` for its location, and leaves out those at their defaults."""
    writer = _Writer()
    blocks = ",".join([writer.block(b) for b in layout.blocks])
    head = (
        f'{{"format":{_dumps(LAYOUT_FORMAT)},"source_format":{_dumps(layout.source_format)},'
        f'"encoding":{_dumps(layout.encoding)},"notes":{_dumps(list(layout.notes))}'
    )
    return f'{head},"blocks":[{blocks}]}}\n'


def write_layout(path: str | os.PathLike[str], layout: Layout) -> None:
    """``layout`` as UTF-8 JSON at ``path`` (:func:`layout_text`)."""
    Path(path).write_text(layout_text(layout), encoding="utf-8")


def read_layout(path: str | os.PathLike[str]) -> Layout:
    """The layout stored at ``path`` by :func:`write_layout`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise LayoutFileError(f"{path} is not a layout file ({exc}); rerun jixiao extract") from exc
    return layout_from_json(data)
