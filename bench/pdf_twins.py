"""PDF and .doc twins of every template sample (and of the Word files of ``samples/realistic/`` and
``samples/paged/``): how many of the fields the .docx gives come out the same.

Each ``samples/templates/*.txt`` is rebuilt as a Word file (its layout's paragraphs and tables, one Word
cell a text cell, short rows padded with empty cells), which LibreOffice then saves as
PDF and as .doc (one ``soffice`` run for each); the PDF is also redrawn without a single ruling line
(``bench.pdf_redraw``), as many bureaus' exports come. Every twin is read by jixiao and its forms, fund
lines and indicators compared field by field with what the .docx gives: **same**, **missing** (null in the
twin), **wrong** (another value) and **invented** (a value where the .docx has none). Goal (issue 15): ≥ 95 %
same, 0 wrong.

Run: ``python -m bench pdf_twins`` (everything), or one part, e.g. ``python -m bench.pdf_twins --group paged
--kind "pdf without rulings" --only 'paged_mof*' --keep /tmp/twins --show`` (``--keep`` reuses conversions).
Skipped where LibreOffice is missing.
"""

from __future__ import annotations

import argparse
import fnmatch
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent / "samples" / "templates"
REALISTIC = ROOT.parent / "realistic"
PAGED = ROOT.parent / "paged"  # forms that go over page breaks (scripts/make_paged_samples.py)
KINDS = ("pdf", "doc", "pdf without rulings")
_KEYS: dict[str, list[str]] = {"forms": [], "funds": ["line"], "indicators": ["seq"]}
_SKIP_COLUMNS = {"location", "raw", "seq"}  # and every ``*_id``: ids are per file (doc, form, unit, project)


def _docx_from_text(text_path: Path, out: Path) -> Path:
    import docx
    from docx.shared import Pt
    from jixiao.extract.layout import Table
    from jixiao.extract.text_source import read_text_layout

    layout = read_text_layout(text_path.read_bytes())
    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = section.page_height, section.page_width  # landscape
    for block in layout.blocks:
        if not isinstance(block, Table):
            doc.add_paragraph(block.text)
            continue
        width = max(len(r.cells) for r in block.rows)
        table = doc.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row.cells):
                target = table.rows[r].cells[c]
                lines = cell.text.split("\n")
                target.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    target.add_paragraph(line)
                for p in target.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(9)
    # Word always ends a document with a paragraph; LibreOffice's .doc export drops a table without one.
    doc.add_paragraph("")
    path = out / f"{text_path.stem}.docx"
    doc.save(str(path))
    return path


def _convert(soffice: str, sources: list[Path], ext: str, out_dir: Path) -> None:
    profile = out_dir / "profile"
    args = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    args += ["--convert-to", ext, "--outdir", str(out_dir), *map(str, sources)]
    subprocess.run(args, capture_output=True, timeout=900, check=False)


def _fields(tables: dict[str, pd.DataFrame]) -> dict[tuple[Any, ...], Any]:
    """(table, form number, row key, column) → value, for every field of forms, fund lines, indicators."""
    out: dict[tuple[Any, ...], Any] = {}
    forms = {fid: n for n, fid in enumerate(tables["forms"]["form_id"])}
    for name, keys in _KEYS.items():
        frame = tables[name]
        for i, row in frame.iterrows():
            key = (name, forms.get(row["form_id"]), *(row[k] for k in keys)) if keys else (name, i)
            for col in frame.columns:
                if col not in _SKIP_COLUMNS and not col.endswith("_id") and col not in keys:
                    value = row[col]
                    out[(*key, col)] = None if pd.isna(value) else value
    return out


def _compare(
    reference: dict[tuple[Any, ...], Any], twin: dict[tuple[Any, ...], Any]
) -> tuple[Counter[str], list[str]]:
    """Counts of same / missing / wrong / invented fields, and a line for each that is not the same."""
    counts: Counter[str] = Counter()
    diffs: list[str] = []
    for key in sorted(reference.keys() | twin.keys(), key=repr):
        want, got = reference.get(key), twin.get(key)
        if want is None and got is None:
            continue
        verdict = (
            "invented"
            if want is None
            else "missing"
            if got is None
            else "same"
            if _same(want, got)
            else "wrong"
        )
        counts[verdict] += 1
        if verdict != "same":
            diffs.append(f"{verdict:8s} {key}: docx {want!r} twin {got!r}")
    return counts, diffs


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, str) and isinstance(got, str):  # a PDF shows no line breaks at wraps
        return "".join(want.split()) == "".join(got.split())
    return bool(want == got)


def _arguments() -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="bench pdf_twins", description="PDF and .doc twins vs their .docx")
    ap.add_argument(
        "--group", choices=("all", "first", "paged"), default="all", help="first: templates+realistic"
    )
    ap.add_argument(
        "--only", default="*", help="only the sources whose stem matches this glob (e.g. 'paged_mof*')"
    )
    ap.add_argument("--kind", choices=("all", *KINDS), default="all", help="only this kind of twin")
    keep = "convert into this folder and reuse what it already holds (empty it when samples change)"
    ap.add_argument("--keep", type=Path, help=keep)
    ap.add_argument("--show", action="store_true", help="print every wrong / invented / missing field")
    return ap.parse_args()


def main() -> dict[str, Counter[str]]:
    from jixiao.extract.office_convert import find_soffice

    import jixiao

    args = _arguments()
    soffice = find_soffice()
    if soffice is None:
        print("LibreOffice not installed: skipped (make system-deps)")
        return {}
    from bench.pdf_redraw import without_rulings

    kinds = KINDS if args.kind == "all" else (args.kind,)
    # (samples/templates and realistic, as before; samples/paged apart, so the first figure stays comparable)
    groups: dict[str, list[Path]] = {"templates and realistic": [], "paged (forms over page breaks)": []}
    totals = {(g, k): Counter[str]() for g in groups for k in kinds}
    misses: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        first, paged = groups.values()
        if args.group in ("all", "first"):
            first.extend(_docx_from_text(p, work) for p in sorted(ROOT.glob("*.txt")))
        folders = {"all": ((REALISTIC, first), (PAGED, paged)), "first": ((REALISTIC, first),)}
        for folder, group in folders.get(args.group, ((PAGED, paged),)):  # already Word files
            for path in sorted(folder.glob("*.docx")):
                group.append(work / f"{folder.name}_{path.name}")
                group[-1].write_bytes(path.read_bytes())
        for group in groups.values():
            group[:] = [p for p in group if fnmatch.fnmatch(p.stem, args.only)]
        sources = [*first, *paged]
        for ext in sorted({k.split()[0] for k in kinds}):
            todo = [p for p in sources if not (args.keep and (work / ext / f"{p.stem}.{ext}").is_file())]
            if todo:
                _convert(soffice, todo, ext, work / ext)
        for group, members in groups.items():
            for source in members:
                reference = _fields(jixiao.read_file(source))
                for kind in kinds:
                    got, diffs = _twin(work, source, kind, reference, without_rulings)
                    totals[(group, kind)].update(got)
                    if got["wrong"] or got["missing"] or got["invented"]:
                        misses.append(f"  {source.stem} ({kind}): {dict(got)}")
                        if args.show:
                            misses.extend(f"    {d}" for d in diffs)
    for group, members in groups.items():
        if not members:
            continue
        print(f"\n== PDF and .doc twins of {len(members)} samples ({group}) vs their .docx (fields) ==")
        for kind in kinds:
            c = totals[(group, kind)]
            given = c["same"] + c["missing"] + c["wrong"]
            share = 100 * c["same"] / given if given else 0.0
            print(
                f"{kind:<18} same {c['same']:5d} / {given:5d} ({share:5.1f} %)  missing {c['missing']:4d}  "
                f"wrong {c['wrong']:3d}  invented {c['invented']:3d}   (goal ≥ 95 %, 0 wrong)"
            )
    print("\n".join(misses) if misses else "  every twin gives every field")
    return {f"{g}: {k}": c for (g, k), c in totals.items()}


def _twin(
    work: Path, source: Path, kind: str, reference: dict[tuple[Any, ...], Any], without_rulings: Any
) -> tuple[Counter[str], list[str]]:
    """One twin of ``source`` compared with the .docx's fields (every field missing if it was not made)."""
    import jixiao

    ext = kind.split()[0]
    twin = work / ext / f"{source.stem}.{ext}"
    if not twin.is_file():
        return Counter(missing=sum(v is not None for v in reference.values())), ["(no twin made)"]
    if kind == "pdf without rulings":  # the same characters, every line gone
        return _compare(reference, _fields(jixiao.read(without_rulings(twin.read_bytes()))))
    return _compare(reference, _fields(jixiao.read_file(twin)))


if __name__ == "__main__":
    main()
