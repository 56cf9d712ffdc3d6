"""Generate a benchmark corpus of N submissions from ``samples/`` (deterministic for a seed).

    python scripts/make_corpus.py --n 5000 --out bench/corpus --seed 7 [--kind mixed|txt|docx]

Each file is a sample with varied unit names and years, the basic/project split of the budget moved
(their sum, the total, unchanged — so totals still add up), sometimes a stray separator injected
into a money figure (the defect real archives have), text saved as UTF-8, GB18030 or UTF-16, and
``.docx`` twins edited in ``word/document.xml`` text nodes (zipfile only). Files land in nested
``<year>/<district>/<unit>/`` folders. Every text file ends with its own filing number (the template
samples have no unit name or budget figures to vary, so without it most of them would repeat), and
about 2% of the files are re-deliveries: exact copies of an earlier file under ``重报/``, as archives have.
"""

from __future__ import annotations

import argparse
import random
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
LUKOU_LONG = "中共株洲市渌口区委巡察工作领导小组办公室"
LUKOU_SHORT = "区委巡察办"
BASIC, PROJECT = "241.024804", "79.988524"  # 万元; they add up to the total 321.013328
DISTRICTS = ("渌口区", "芦淞区", "荷塘区", "石峰区", "天元区", "醴陵市", "攸县", "茶陵县", "炎陵县")
REDELIVERED = 0.02  # share of files that are byte-identical copies of an earlier one
OFFICES = ("财政局", "教育局", "司法局", "民政局", "审计局", "统计局", "档案馆", "机关事务中心", "信访局")
_WT = re.compile(r"(<w:t(?:\s[^>]*)?>)([^<]*)(</w:t>)")  # a Word text node: open tag, text, close tag


@dataclass(frozen=True, slots=True)
class Variant:
    year: int
    district: str
    office: str
    shift: int  # millionths of 万元 moved from basic to project expenditure
    stray: bool  # inject a stray thousands separator into the basic figure

    def edit(self, text: str) -> str:
        unit_long = f"中共株洲市{self.district}{self.office}"
        text = text.replace(LUKOU_LONG, unit_long).replace(LUKOU_SHORT, self.office)
        text = text.replace("2023", str(self.year))
        basic = _wan(_millionths(BASIC) - self.shift)
        project = _wan(_millionths(PROJECT) + self.shift)
        if self.stray:
            basic = basic[:1] + "," + basic[1:]
        return text.replace(BASIC, basic).replace(PROJECT, project)


def _millionths(wan: str) -> int:
    whole, frac = wan.split(".")
    return int(whole) * 1_000_000 + int(frac.ljust(6, "0"))


def _wan(millionths: int) -> str:
    return f"{millionths // 1_000_000}.{millionths % 1_000_000:06d}"


def _variant(rng: random.Random) -> Variant:
    return Variant(
        year=rng.randint(2019, 2024),
        district=rng.choice(DISTRICTS),
        office=rng.choice(OFFICES),
        shift=rng.randint(-50_000_000, 50_000_000),
        stray=rng.random() < 0.15,
    )


def _encode(text: str, rng: random.Random) -> bytes:
    roll = rng.random()
    if roll < 0.6:
        return text.encode("utf-8")
    if roll < 0.85:
        return text.encode("gb18030")
    return text.encode("utf-16")  # with BOM


def _edit_docx(data: bytes, variant: Variant) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            if info.filename == "word/document.xml":
                xml = body.decode("utf-8")
                xml = _WT.sub(lambda m: m.group(1) + variant.edit(m.group(2)) + m.group(3), xml)
                body = xml.encode("utf-8")
            zout.writestr(info, body)
    return out.getvalue()


def generate(n: int, out: Path, *, seed: int = 7, kind: str = "mixed") -> list[Path]:
    """Write ``n`` files under ``out``; returns their paths (sorted)."""
    rng = random.Random(seed)
    texts = [p for p in sorted(SAMPLES.glob("*.txt")) + sorted((SAMPLES / "templates").glob("*.txt"))]
    docx = sorted(SAMPLES.glob("*.docx"))
    base_text = {p: p.read_text("utf-8") for p in texts}
    base_docx = {p: p.read_bytes() for p in docx}
    written: list[Path] = []
    for i in range(n):
        if written and rng.random() < REDELIVERED:
            first = rng.choice(written)
            copy = out / "重报" / f"{i:05d}_{first.name}"
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(first.read_bytes())
            written.append(copy)
            continue
        variant = _variant(rng)
        use_docx = bool(docx) and (kind == "docx" or (kind == "mixed" and rng.random() < 0.25))
        folder = out / str(variant.year) / variant.district / variant.office
        folder.mkdir(parents=True, exist_ok=True)
        if use_docx:
            src = rng.choice(docx)
            data = _edit_docx(base_docx[src], variant)
        else:
            src = rng.choice(texts)
            stamp = f"\n归档编号：{variant.district}{variant.office}-{variant.year}-{i:05d}\n"
            data = _encode(variant.edit(base_text[src]) + stamp, rng)
        path = folder / f"{i:05d}_{src.name}"
        path.write_bytes(data)
        written.append(path)
    return sorted(written)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--kind", choices=("mixed", "txt", "docx"), default="mixed")
    args = parser.parse_args(argv)
    files = generate(args.n, args.out, seed=args.seed, kind=args.kind)
    print(f"{len(files)} files in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
