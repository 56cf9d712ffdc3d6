"""Generate a panel archive: many units over several years, with the generator's truth (seeded).

    python scripts/make_panel_corpus.py --units 200 --years 5 --out bench/panel_corpus --seed 17

Each file is the real sample (``samples/lukou_xunchaban_2023.txt``) rewritten for one unit and one
year: the department form (附件1) under the unit's long name, its report (附件2), then one project
form (附件3) per project of the unit, in a shuffled order. The archive has what real ten-year archives
have: the long name written with or without ``中共``, with odd spaces, or with ``和`` dropped; the project
forms naming the unit by its abbreviation (``区委巡察办``), some files holding project forms only; project
names written a little differently in some years (``…专项经费``); some units renamed part-way (same
projects, new name);
budget-code prefixes (``430212…R…-``) on project names in some years only; and a few genuinely
different units with similar names (``区第一中学`` / ``区第二中学``, ``区财政局`` / ``区财政事务中心``)
and the same office in several districts (five districts' ``区委巡察办``, three counties' ``县财政局``).

Traps for names that state no region (:data:`NO_REGION_SHARE` of the files): the department form's
name is written without 株洲市 and the district (``中共区委巡察工作领导小组办公室``), and the file's
context is one of (``context`` in the truth):

- ``folder``: the file is in its district's folder (``2021/渌口区/…``): placed by the folder;
- ``competent``: the file is in an ``未分类`` folder under a serial number, but its project forms'
  主管部门 is the full name with the district: placed by that;
- ``none``: the file is under a serial number in ``未分类`` or in the city's folder (``株洲市/``, which
  also holds the county-level 醴陵市's papers): nothing says where it is from, so it must not be
  merged with any unit (it costs recall, never precision).

Beside the random ones, four fixed ``none`` traps (:data:`FIXED_TRAPS`) put the first three units (three
districts' ``区委巡察办``) region-less side by side: two in ``未分类`` in the first year, two under
``株洲市/`` in the second, so merging on the name alone shows as lost precision at any size.

``truth.json`` (written BEFORE any code reads the files) lists per file: year, the true unit key,
and the true project key of each project form in file order.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "lukou_xunchaban_2023.txt"
LUKOU_LONG = "中共株洲市渌口区委巡察工作领导小组办公室"
LUKOU_SHORT = "区委巡察办"
PROJECT = "巡察专项经费"
# (district, 6-digit code): the level character (区/县/市) is the district's last one
DISTRICTS = (
    ("渌口区", "430212"),
    ("芦淞区", "430203"),
    ("荷塘区", "430202"),
    ("石峰区", "430204"),
    ("天元区", "430211"),
    ("醴陵市", "430281"),
    ("攸县", "430223"),
    ("茶陵县", "430224"),
    ("炎陵县", "430225"),
)
# (long-form core, abbreviation core, party body?): {L} is the district's level character
OFFICES = (
    ("委巡察工作领导小组办公室", "委巡察办", True),
    ("委宣传部", "委宣传部", True),
    ("委组织部", "委组织部", True),
    ("委政法委员会", "委政法委", True),
    ("纪律检查委员会", "纪委", True),
    ("发展和改革局", "发改局", False),
    ("人力资源和社会保障局", "人社局", False),
    ("住房和城乡建设局", "住建局", False),
    ("卫生健康局", "卫健局", False),
    ("市场监督管理局", "市场监管局", False),
    ("应急管理局", "应急局", False),
    ("机关事务服务中心", "机关事务中心", False),
    ("财政局", "财政局", False),
    ("财政事务中心", "财政事务中心", False),  # similar to 财政局, a different unit
    ("教育局", "教育局", False),
    ("第一中学", "第一中学", False),
    ("第二中学", "第二中学", False),  # similar to 第一中学, a different unit
    ("人民医院", "人民医院", False),
    ("中医医院", "中医医院", False),
    ("审计局", "审计局", False),
    ("统计局", "统计局", False),
    ("司法局", "司法局", False),
    ("民政局", "民政局", False),
    ("水利局", "水利局", False),
    ("农业农村局", "农业农村局", False),
)
# a renamed unit becomes one of these (long core, abbreviation core): same projects, new name
RENAMED_TO = (
    ("文化旅游广电体育局", "文旅广体局"),
    ("数据资源管理局", "数据局"),
    ("林业事务中心", "林业中心"),
)
PROJECT_TOPICS = (
    "专项经费",
    "信息化建设经费",
    "业务培训经费",
    "宣传工作经费",
    "督查检查经费",
    "设备购置经费",
    "档案整理经费",
    "课题调研经费",
)
RENAME_SHARE = 0.05  # units renamed part-way through the years
VARIANT_SHARE = 0.05  # names written another way that year (和 dropped; 专项 added to a project)
NO_DEPARTMENT_SHARE = 0.03  # files with project forms only: the unit named by its abbreviation alone
CODE_SHARE = 0.4  # (unit, year) pairs whose project names carry a budget-code prefix
NO_REGION_SHARE = 0.03  # files whose names state no region (see the module docstring)
CONTEXTS = ("folder", "competent", "none")
FIXED_TRAPS = {(0, 0): "未分类", (1, 0): "未分类", (1, 1): "株洲市", (2, 1): "株洲市"}  # (unit, year index)


@dataclass(frozen=True, slots=True)
class Unit:
    key: str  # the truth: one per real unit
    district: str
    code: str
    long_core: str
    short_core: str
    party: bool
    projects: tuple[str, ...]
    renamed: tuple[int, str, str] | None  # (from year index, long core, short core)

    def names(self, year_index: int, *, region: bool = True) -> tuple[str, str]:
        """(long name, abbreviation) in that year; ``region=False``: the long name without its place."""
        long_core, short_core = self.long_core, self.short_core
        if self.renamed and year_index >= self.renamed[0]:
            long_core, short_core = self.renamed[1], self.renamed[2]
        level = self.district[-1]
        long = f"株洲市{self.district}{long_core}" if region else level + long_core
        if self.party:
            long = "中共" + long
        return long, level + short_core


def _units(n: int, rng: random.Random) -> list[Unit]:
    pairs = [(d, o) for o in OFFICES for d in DISTRICTS]
    rng.shuffle(pairs)
    # the 巡察 offices of three districts always, so a small archive has the example too
    first = [(d, OFFICES[0]) for d in DISTRICTS[:3]]
    pairs = first + [p for p in pairs if p not in first]
    units = []
    free = {(d, r) for d, _ in DISTRICTS for r in RENAMED_TO}  # a new name is used once per district
    for i, ((district, code), (long_core, short_core, party)) in enumerate(pairs[:n]):
        topics = rng.sample(PROJECT_TOPICS, rng.randint(2, 4))
        base = short_core.removeprefix("委")
        projects = tuple(f"{base}{t}" for t in topics)
        renamed = None
        options = sorted(r for d, r in free if d == district)
        if rng.random() < RENAME_SHARE and not party and options:
            long_to, short_to = rng.choice(options)
            free.discard((district, (long_to, short_to)))
            renamed = (rng.randint(1, 3), long_to, short_to)
        units.append(Unit(f"u{i:04d}", district, code, long_core, short_core, party, projects, renamed))
    if n > len(pairs):
        raise ValueError(f"at most {len(pairs)} units")
    return units


def _split(text: str) -> tuple[str, str, str]:
    """The sample as department part (附件1–2), project form (附件3) and project report (附件4)."""
    lines = text.split("\n")
    i3 = next(i for i, ln in enumerate(lines) if ln.strip() == "附件3")
    i4 = next(i for i, ln in enumerate(lines) if ln.strip() == "附件4")
    return "\n".join(lines[:i3]) + "\n", "\n".join(lines[i3:i4]) + "\n", "\n".join(lines[i4:])


def _spaced(name: str, rng: random.Random) -> str:
    """The name as typists write it: sometimes without 中共, with a full-width or stray space."""
    roll = rng.random()
    if roll < 0.15 and name.startswith("中共"):
        return name[2:]
    if roll < 0.3:
        return name + "\u3000"
    if roll < 0.4:
        return name[:3] + " " + name[3:]
    return name


def render(
    unit: Unit,
    year: int,
    index: int,
    parts: tuple[str, str, str],
    rng: random.Random,
    context: str | None = None,
) -> tuple[str, list[str], bool]:
    """One file's text (the ``index``-th year), the true project keys of its project forms in order, and
    whether it has a department form. ``context``: a no-region trap (see the module docstring)."""
    dept, project_form, report = parts
    long, short = unit.names(index, region=context is None)
    if context == "competent":  # 主管部门: the full name, with its place
        project_form = project_form.replace(
            f"主管部门\n\t{LUKOU_SHORT}", f"主管部门\n\t{unit.names(index)[0]}"
        )
    order = list(unit.projects)
    rng.shuffle(order)
    coded = rng.random() < CODE_SHARE
    if rng.random() < VARIANT_SHARE and "和" in long:
        long = long.replace("和", "", 1)  # 人力资源和社会保障局 / 人力资源社会保障局: both in use
    out = []
    # else only project forms were filed that year (a trap keeps its department form: its name is the trap)
    department = context is not None or rng.random() >= NO_DEPARTMENT_SHARE
    if department:
        out.append(dept.replace(LUKOU_LONG, _spaced(long, rng)).replace(LUKOU_SHORT, short))
    for k, project in enumerate(order):
        shown = project
        if rng.random() < VARIANT_SHARE:
            shown = project.replace("经费", "专项经费") if "专项" not in project else project + "(续)"
        if coded:
            shown = f"{unit.code}{year % 100:02d}R{k:06d}{unit.key[1:]}-{project}"
        form = project_form.replace(PROJECT, shown).replace(LUKOU_SHORT, short)
        # one attachment per form, as filed; blank lines end the form's table in a text export
        out.append(form.replace("附件3", f"附件{3 + k}", 1) + "\n\n")
    out.append(report.replace(PROJECT, order[0]).replace("附件4", f"附件{3 + len(order)}", 1))
    text = "".join(out).replace("2023", str(year))
    return text, [f"{unit.key}/{p}" for p in order], department


def generate(n_units: int, years: int, out: Path, *, seed: int = 17, first_year: int = 2019) -> Path:
    """Write the archive under ``out/<year>/`` and ``out/truth.json``; returns the truth path."""
    rng = random.Random(seed)
    parts = _split(SAMPLE.read_text(encoding="utf-8"))
    units = _units(n_units, rng)
    truth: dict[str, dict[str, object]] = {}
    texts: dict[str, str] = {}
    serial = 0
    for index, year in enumerate(range(first_year, first_year + years)):
        for unit in units:
            context = rng.choice(CONTEXTS) if rng.random() < NO_REGION_SHARE else None
            fixed = FIXED_TRAPS.get((int(unit.key[1:]), index)) if years > 1 else None
            context = "none" if fixed else context
            text, projects, department = render(unit, year, index, parts, rng, context)
            rel = f"{year}/{unit.district}/{unit.key}.txt"
            if context in ("competent", "none"):  # a serial number, in a folder that names no county
                serial += 1
                folder = fixed or ("株洲市" if context == "none" and rng.random() < 0.5 else "未分类")
                rel = f"{year}/{folder}/{serial:05d}.txt"
            truth[rel] = {
                "year": year,
                "unit": unit.key,
                "projects": projects,
                "names": unit.names(index, region=context is None),
                "department": department,
                "context": context,
            }
            texts[rel] = text
    out.mkdir(parents=True, exist_ok=True)
    truth_path = out / "truth.json"
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    for rel, text in texts.items():  # the truth is on disk before any file is
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return truth_path


@dataclass(frozen=True, slots=True)
class LinkScore:
    mentions: int
    precision: float  # pairs of forms given one id that truly are one unit (project)
    recall: float  # pairs of forms of one true unit (project) that were given one id
    predicted: int  # distinct ids
    true: int  # distinct true units (projects)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pair_score(predicted: list[str | None], truth: list[str]) -> LinkScore:
    """Pairwise precision and recall of ``predicted`` ids against ``truth`` keys (a null id is alone)."""
    pred = [p if p is not None else f"\0{i}" for i, p in enumerate(predicted)]
    joint = Counter(zip(pred, truth, strict=True))
    both = sum(_pairs(n) for n in joint.values())
    same_pred = sum(_pairs(n) for n in Counter(pred).values())
    same_true = sum(_pairs(n) for n in Counter(truth).values())
    return LinkScore(
        len(pred),
        both / same_pred if same_pred else 1.0,
        both / same_true if same_true else 1.0,
        len(set(pred)),
        len(set(truth)),
    )


def score_output(out_dir: Path, truth_path: Path, *, placeable_only: bool = False) -> dict[str, LinkScore]:
    """Unit and project linking of an output folder against the generator's truth; ``placeable_only``:
    over the forms of files that say where they are from (not the ``none`` traps)."""
    import pyarrow.parquet as pq

    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    docs = pq.read_table(out_dir / "documents.parquet", columns=["doc_id", "source_path", "duplicate_of"])
    path_of = {
        d: p
        for d, p, dup in zip(*(docs[c].to_pylist() for c in docs.column_names), strict=True)
        if dup is None
    }
    forms = pq.read_table(
        out_dir / "forms.parquet", columns=["form_id", "doc_id", "form_type", "unit_id", "project_id"]
    )
    rows = sorted(zip(*(forms[c].to_pylist() for c in forms.column_names), strict=True), key=_form_order)
    unit_pred: list[str | None] = []
    unit_true: list[str] = []
    proj_pred: list[str | None] = []
    proj_true: list[str] = []
    seen: Counter[str] = Counter()
    for _, doc_id, form_type, unit_id, project_id in rows:
        path = path_of[doc_id]
        entry = truth.get(path) or truth[path.partition("/")[2]]  # paths start at the archive's folder
        if placeable_only and entry.get("context") == "none":
            continue
        unit_pred.append(unit_id)
        unit_true.append(entry["unit"])
        if form_type == "project":
            proj_pred.append(project_id)
            proj_true.append(entry["projects"][seen[doc_id]])
            seen[doc_id] += 1
    return {"units": pair_score(unit_pred, unit_true), "projects": pair_score(proj_pred, proj_true)}


def _form_order(row: tuple[str, ...]) -> tuple[str, int]:
    doc, _, n = row[0].rpartition("-")
    return doc, int(n)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=200)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--first-year", type=int, default=2019)
    args = ap.parse_args(argv)
    path = generate(args.units, args.years, args.out, seed=args.seed, first_year=args.first_year)
    print(f"wrote {args.units * args.years} files and {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
