"""Money sub-lines with fewer cells than the header has columns (a blank merged over 分值/执行率/得分):
samples/merged_sub_rows/ in every shape, each against its hand-written truth. A line is read where the
block's sums leave one placement; where they leave several, or the row's own 执行率 says otherwise, its
figures stay unplaced (null, with ``funds.unplaced_figures``), never guessed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jixiao.extract.cell_kinds import Token
from jixiao.extract.fund_short_lines import ShortLine, _solve
from jixiao.extract.layout import Location
from jixiao.extract.records import RawAnomaly, RawFundLine, RawText
from jixiao.extract.slot_claims import assign_fund
from sample_paths import assert_reproducible

from bench.templates import check_sample
from jixiao.pipeline import process_bytes

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "merged_sub_rows"
TRUTHS = sorted(SAMPLES.glob("*.truth.json"))


def _truth(path: Path) -> dict[str, Any]:
    truth: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return truth


@pytest.mark.parametrize("truth_path", TRUTHS, ids=lambda p: p.name.removesuffix(".truth.json"))
def test_sample_gives_its_truth(truth_path: Path) -> None:
    """Every field exact, except the ones the shape cannot settle: those null, and said so (and the ones
    it may not settle: null or exact, never another value)."""
    truth = _truth(truth_path)
    sample = SAMPLES / truth["sample"]
    unsettled = {(f"form 1 {where}", name) for where, name in truth["must_be_null"]}
    may = {(f"form 1 {where}", name) for where, name in truth["may_be_null"]}
    checks = check_sample(sample, truth)
    wrong = [
        (c.where, c.field, c.expected, c.got)
        for c in checks
        if not c.exact
        and (c.where, c.field) not in unsettled
        and not (c.got is None and (c.where, c.field) in may)
    ]
    guessed = [
        (c.where, c.field, c.got) for c in checks if (c.where, c.field) in unsettled and c.got is not None
    ]
    assert (wrong, guessed) == ([], [])
    rules = {a.rule for a in process_bytes(sample.read_bytes(), sample.name).anomalies}
    if unsettled or not may:
        assert ("funds.unplaced_figures" in rules) == bool(unsettled)


def test_every_case_in_every_shape() -> None:
    """Twelve cases (six read by the sums, six that must stay unplaced somewhere), each in thirteen shapes."""
    shapes: dict[str, set[str]] = {}
    for path in TRUTHS:
        quirk = _truth(path)["quirk"]
        shape = quirk.rsplit("; shape ", 1)[1]
        shapes.setdefault(path.name.removesuffix(f"_{shape}.truth.json"), set()).add(shape)
    assert len(shapes) == 12 and all(len(s) == 13 for s in shapes.values())
    unplaced = {p.name for p in TRUTHS if _truth(p)["must_be_null"]}
    assert len(unplaced) >= 25


def test_samples_are_reproducible(tmp_path: Path) -> None:
    assert_reproducible("make_merged_sub_row_samples", SAMPLES, tmp_path)


def test_a_line_placed_by_the_sums_says_so_and_leaves_no_residual() -> None:
    """The 河北 page's shape: 当年财政拨款's 43.2 43.2 37.24 read under 年初/全年/执行 with an info note
    naming the columns; the figures' cell is no residual, and no other line changes."""
    sample = SAMPLES / "hebei_one_part_paragraphs.txt"
    result = process_bytes(sample.read_bytes(), sample.name)
    notes = [(a.rule, a.severity) for a in result.anomalies if a.rule.startswith("funds.")]
    assert notes == [("funds.placed_by_sums", "info")]
    (note,) = [a for a in result.anomalies if a.rule == "funds.placed_by_sums"]
    assert "年初预算数、全年预算数、全年执行数" in note.message and note.observed == "43.2 43.2 37.24"
    placed = [v for v in result.values if v.row_key == "current_year_appropriation" and v.raw]
    assert sorted((v.field, v.raw, v.status) for v in placed) == [
        ("budget_full_year_yuan", "43.2", "ok"),
        ("budget_initial_yuan", "43.2", "ok"),
        ("executed_yuan", "37.24", "ok"),
    ]
    assert not [r for r in result.residuals if "37.24" in r.text]


def test_a_line_left_unplaced_keeps_its_figures_as_residual_text() -> None:
    sample = SAMPLES / "sums_do_not_hold_paragraphs.txt"
    result = process_bytes(sample.read_bytes(), sample.name)
    assert [a.rule for a in result.anomalies if a.rule.startswith("funds.")] == ["funds.unplaced_figures"]
    assert [r.text for r in result.residuals if "36" in r.text] == ["40 40 36"]


KEYS = ("budget_initial", "budget_full_year", "executed", "weight", "execution_rate", "score")
_AT = Location(line=1)


def _line(key: str, *texts: str) -> RawFundLine:
    """A placed line (texts under the six columns in order; '' blank) or, with no texts, an unplaced one."""
    return RawFundLine(
        key, RawText(key, _AT), {k: RawText(t, _AT) for k, t in zip(KEYS, texts, strict=False)}, "万元"
    )


def _held(key: str, *figures: str) -> ShortLine:
    note = RawAnomaly("funds.unplaced_figures", "", RawText(" ".join(figures), _AT))
    return ShortLine(key, RawText(key, _AT), KEYS, tuple(RawText(f, _AT) for f in figures), (), note)


SUMS = [
    # one part with figures, the others blank: it equals the total, column by column
    (
        [_line("total", "43.2", "43.2", "37.24", "10", "86%", "9"), _line("prior_year_carryover", *[""] * 6)],
        [_held("current_year_appropriation", "43.2", "43.2", "37.24")],
        {0: (0, 1, 2)},
    ),
    # the parts do not add up under any placement: nothing
    (
        [_line("total", "50", "50", "45", "10", "90%", "9")],
        [_held("current_year_appropriation", "40", "40", "36")],
        {},
    ),
    # the total's 年初 blank: 10 may be 分值 or 得分, the sums hold either way
    (
        [_line("total", "", "43.2", "37.24", "10", "86%", "9")],
        [_held("current_year_appropriation", "43.2", "37.24", "10")],
        {},
    ),
    # the sums would take 100 as 年初; the row itself reads 100 100 100 as 全年/执行/执行率: no placement
    (
        [_line("total", "100", "100", "100", "10", "100%", "10")],
        [_held("current_year_appropriation", "100", "100", "100")],
        {},
    ),
    # a total unscored and short, its part alike: the third figure may be 分值 on both rows
    (
        [],
        [
            _held("total", "43.2", "43.2", "37.24"),
            _held("current_year_appropriation", "43.2", "43.2", "37.24"),
        ],
        {},
    ),
    # two parts, both short, adding up: both placed; a line of zeros beside them adds nothing anywhere
    (
        [_line("total", "120", "125.5", "118.3", "10", "94.26%", "9.43")],
        [
            _held("current_year_appropriation", "100", "100", "95.1"),
            _held("prior_year_carryover", "20", "25.5", "23.2"),
            _held("other_funds", "0", "0", "0"),
        ],
        {0: (0, 1, 2), 1: (0, 1, 2)},
    ),
    # a part whose figures were not placed (glued) leaves its columns' sums unknown
    (
        [_line("total", "43.2", "43.2", "37.24", "10", "86%", "9"), _line("prior_year_carryover")],
        [_held("current_year_appropriation", "43.2", "43.2", "37.24")],
        {},
    ),
    # sub-lines all blank as written and no held part: the sums say nothing about a short total
    (
        [_line("current_year_appropriation", *[""] * 6)],
        [_held("total", "43.2", "43.2", "37.24")],
        {},
    ),
]


@pytest.mark.parametrize(("read", "held", "placed"), SUMS)
def test_the_sums_place_a_short_line_only_where_they_leave_one_placement(
    read: list[RawFundLine], held: list[ShortLine], placed: dict[int, tuple[int, ...]]
) -> None:
    funds = [*read, *(_line(h.line) for h in held)]
    assert _solve(funds, held) == placed


GAPS = [
    # the rows write a blank after their label: dropped, the rest read in order
    (("", "", "100", "100", "", "100", ""), True, [None, "100", "100", None, "100", None]),
    # not known whether they do: a leading blank is no column for sure, and the row's identities tie
    (("", "", "100", "100", "", "100", ""), None, None),
    # not known, but the row's own 执行率 settles it
    (("", "", "58.00", "57.13", "", "98.50%", ""), None, [None, "58.00", "57.13", None, "98.50%", None]),
    # a row starting with a figure is read in order whatever
    (("43.2", "43.2", "37.24", "10", "86%", "9"), None, ["43.2", "43.2", "37.24", "10", "86%", "9"]),
]


@pytest.mark.parametrize(("cells", "gap", "expected"), GAPS)
def test_a_leading_blank_under_a_header_with_a_gap(
    cells: tuple[str, ...], gap: bool | None, expected: list[str | None] | None
) -> None:
    got = assign_fund([Token(t, _AT) for t in cells], KEYS, gap=gap)
    assert (None if got is None else [t.text if t else None for t in got]) == expected


def test_a_piece_that_is_no_figure_keeps_the_line_unplaced() -> None:
    """A stray ``%`` among a sub-line's figures is no figure of any column: nothing is placed by the sums."""
    text = (SAMPLES / "hebei_one_part_paragraphs.txt").read_text(encoding="utf-8")
    line = "其中:当年财政拨款\n\n43.2\n\n43.2\n\n37.24\n\n"
    assert text.count(line) == 1
    result = process_bytes(text.replace(line, line + "%\n\n").encode("utf-8"), "form.txt")
    (part,) = [f for f in result.funds if f.line == "current_year_appropriation"]
    assert (part.budget_initial_yuan, part.budget_full_year_yuan, part.executed_yuan) == (None, None, None)
    assert "funds.unplaced_figures" in {a.rule for a in result.anomalies}
