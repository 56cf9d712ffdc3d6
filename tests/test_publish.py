"""Publishing in one step and incremental runs that equal a fresh run of the same final set of files."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pytest
from jixiao.emit.publish import OWN_NAMES, OutputError
from sample_paths import LUKOU_DOCX, LUKOU_TXT, SAMPLES

from jixiao.batch import BatchOptions, BatchSummary, run_batch
from jixiao.worker import FAULTS_ENV

TEMPLATES = sorted((SAMPLES / "templates").glob("*.txt"))[:5]


def _run(inputs: Sequence[str], out: Path, **kw: object) -> BatchSummary:
    opts = BatchOptions(**{"jobs": 2, "progress": False, **kw})  # type: ignore[arg-type]
    return run_batch(list(inputs), out, opts)


def _tables(out: Path) -> dict[str, bytes]:
    """Every table file of an output, by name (csv and parquet)."""
    # the panel's dimension tables keep a previous output's ids on purpose (method "seed"): not compared
    from jixiao.schemas.tables import PANEL_DIMENSION_TABLES

    tables = [
        p
        for p in sorted(out.iterdir())
        if p.suffix in (".csv", ".parquet") and p.is_file() and p.stem not in PANEL_DIMENSION_TABLES
    ]
    return {p.name: p.read_bytes() for p in tables}


@pytest.fixture
def batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    src = tmp_path / "in"
    src.mkdir()
    for f in (LUKOU_TXT, *TEMPLATES):
        shutil.copy(f, src / f.name)
    return src


def test_a_file_given_again_with_new_bytes_replaces_its_old_rows(tmp_path: Path, batch: Path) -> None:
    _run(["in"], tmp_path / "inc")
    shutil.copy(LUKOU_DOCX, batch / TEMPLATES[0].name)  # same name, other bytes
    _run([f"in/{TEMPLATES[0].name}"], tmp_path / "inc", incremental=True)
    _run(["in"], tmp_path / "fresh")
    assert _tables(tmp_path / "inc") == _tables(tmp_path / "fresh")
    docs = pd.read_parquet(tmp_path / "inc" / "documents.parquet")
    assert len(docs) == 1 + len(TEMPLATES) and docs.source_path.is_unique


def test_a_file_that_now_reads_replaces_its_failed_row(
    tmp_path: Path, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(TEMPLATES[0], batch / "__crash__.txt")  # fails while faults are on, reads after
    monkeypatch.setenv(FAULTS_ENV, "1")
    first = _run(["in"], tmp_path / "inc")
    assert first.failed == 1
    monkeypatch.setenv(FAULTS_ENV, "0")
    again = _run(["in"], tmp_path / "inc", incremental=True)
    assert (again.read, again.failed) == (1, 0)
    _run(["in"], tmp_path / "fresh")
    assert _tables(tmp_path / "inc") == _tables(tmp_path / "fresh")
    assert set(pd.read_parquet(tmp_path / "inc" / "documents.parquet").status) <= {"ok", "partial"}


def test_files_not_given_are_kept_and_a_new_first_copy_is_read(tmp_path: Path, batch: Path) -> None:
    _run(["in"], tmp_path / "inc")
    shutil.copy(LUKOU_TXT, tmp_path / "a_first_copy.txt")  # sorts before in/…: now the first copy
    summary = _run(["a_first_copy.txt"], tmp_path / "inc", incremental=True)
    assert summary.read == 1
    _run(["in", "a_first_copy.txt"], tmp_path / "fresh")
    assert _tables(tmp_path / "inc") == _tables(tmp_path / "fresh")


def test_an_old_first_copy_replaced_hands_its_rows_to_the_next_copy(tmp_path: Path, batch: Path) -> None:
    shutil.copy(LUKOU_TXT, batch / "zz_copy.txt")
    _run(["in"], tmp_path / "inc")
    shutil.copy(LUKOU_DOCX, batch / LUKOU_TXT.name)  # the first copy now holds other bytes
    _run([f"in/{LUKOU_TXT.name}"], tmp_path / "inc", incremental=True)
    _run(["in"], tmp_path / "fresh")
    assert _tables(tmp_path / "inc") == _tables(tmp_path / "fresh")


def test_incremental_refuses_an_output_whose_manifest_and_tables_disagree(
    tmp_path: Path, batch: Path
) -> None:
    out = tmp_path / "out"
    _run(["in"], out)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    manifest["tables"]["forms"] += 7  # as if forms.parquet came from another run
    real = (out / "manifest.json").resolve()
    real.write_text(json.dumps(manifest), "utf-8")
    before = _tables(out)
    with pytest.raises(OutputError, match=r"manifest and tables disagree .*forms\.parquet holds"):
        _run(["in"], out, incremental=True)
    assert _tables(out) == before


def test_the_output_is_one_generation_behind_one_link(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "out"
    (out).mkdir()
    (out / "notes.txt").write_text("mine")
    _run(["in"], out, formats=("csv", "parquet", "xlsx", "review"))
    current = out / ".jixiao" / "current"
    assert current.is_symlink()
    published = {p.name for p in out.iterdir() if p.name in OWN_NAMES}
    assert published == {p.name for p in current.iterdir()}
    for name in published:  # every name shows the current generation: one rename swaps them all
        assert os.readlink(out / name) == f".jixiao/current/{name}"
    gens = [p.name for p in (out / ".jixiao").iterdir() if p.name.startswith("gen-")]
    assert gens == [os.readlink(current)]


def test_formats_not_written_this_time_are_not_left_behind(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    _run(["in"], out, formats=("csv", "parquet", "xlsx", "review"))
    assert (out / "jixiao.xlsx").exists() and (out / "review" / "index.html").exists()
    _run(["in"], out, formats=("csv",))
    names = {p.name for p in out.iterdir()}
    assert "jixiao.xlsx" not in names and "review" not in names and "documents.parquet" not in names
    assert (out / "documents.csv").exists() and (out / "notes.txt").read_text() == "mine"
    assert len([p for p in (out / ".jixiao").iterdir() if p.name.startswith("gen-")]) == 1


def test_a_folder_that_is_not_ours_at_one_of_our_names_stops_the_run_before_any_change(
    tmp_path: Path, batch: Path
) -> None:
    out = tmp_path / "out"
    _run(["in"], out, formats=("csv", "parquet"))
    before = _tables(out)
    (out / "residuals.csv").unlink()
    (out / "residuals.csv").mkdir()  # the user's folder at a name we write
    with pytest.raises(OutputError, match=r"residuals\.csv is a folder that jixiao did not write"):
        _run(["in"], out, formats=("csv", "parquet"))
    after = _tables(out)
    assert after == {k: v for k, v in before.items() if k != "residuals.csv"}
    assert not list((out / ".jixiao").glob("tmp-*"))


def test_a_failed_publish_leaves_the_previous_output(
    tmp_path: Path, batch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jixiao.emit.publish as publish

    out = tmp_path / "out"
    _run(["in"], out)
    before = _tables(out)
    real_replace = os.replace

    def no_swap(src: object, dst: object) -> None:
        if Path(str(dst)).name == "current":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(publish.os, "replace", no_swap)
    shutil.copy(LUKOU_DOCX, batch / "new.docx")
    with pytest.raises(OutputError, match="No space left"):
        _run(["in"], out)
    assert _tables(out) == before
    monkeypatch.setattr(publish.os, "replace", real_replace)
    _run(["in"], out)  # the next run finishes the job and tidies up
    assert len(pd.read_parquet(out / "documents.parquet")) == 1 + len(TEMPLATES) + 1


def test_an_output_of_an_older_version_is_adopted_without_loss(tmp_path: Path, batch: Path) -> None:
    """Real files in OUT (an older version's layout): they become the current generation first,
    then the new output replaces them; files of other formats go, the user's own stay."""
    out = tmp_path / "out"
    _run(["in"], out, formats=("csv", "parquet", "review"))
    old = tmp_path / "old"
    shutil.copytree(out, old, symlinks=False, ignore=shutil.ignore_patterns(".jixiao"))
    shutil.rmtree(out)
    old.rename(out)  # as an older version left it: real files and folders
    (out / "notes.txt").write_text("mine")
    assert not (out / "documents.csv").is_symlink() and (out / "review").is_dir()
    _run(["in"], out, formats=("csv",))
    _run(["in"], tmp_path / "fresh", formats=("csv",))
    assert _tables(out) == _tables(tmp_path / "fresh")
    assert not (out / "review").exists() and not (out / "documents.parquet").exists()
    assert (out / "notes.txt").read_text() == "mine" and (out / "documents.csv").is_symlink()


def test_a_stale_staging_folder_never_blocks_a_run_but_a_live_run_does(tmp_path: Path, batch: Path) -> None:
    """Staging folders of killed runs are removed whatever their pid now names (pid 1 is always
    alive); a run that holds the folder's lock stops another one with a message."""
    import fcntl

    out = tmp_path / "out"
    _run(["in"], out)
    stale = out / ".jixiao" / "tmp-1"
    stale.mkdir()
    (stale / "documents.csv").write_text("half")
    _run(["in"], out)
    assert not stale.exists()
    with open(out / ".jixiao" / "lock", "wb") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputError, match="another jixiao run is writing to"):
            _run(["in"], out)


def test_a_damaged_previous_table_is_refused_not_a_traceback(tmp_path: Path, batch: Path) -> None:
    out = tmp_path / "out"
    _run(["in"], out)
    forms = (out / "forms.parquet").resolve()
    data = forms.read_bytes()
    forms.unlink()  # its own file: the generation's links are not shared with anything else
    forms.write_bytes(data[: len(data) // 2])
    with pytest.raises(OutputError, match="run without --incremental"):
        _run(["in"], out, incremental=True)
    assert (out / "forms.parquet").read_bytes() == data[: len(data) // 2]  # left as it was


def _consistent(out: Path) -> int:
    """The output's documents count, after checking that its manifest and every table agree."""
    import pyarrow.parquet as pq

    counts = json.loads((out / "manifest.json").read_text("utf-8"))["tables"]
    for table, rows in counts.items():
        assert pq.read_metadata(out / f"{table}.parquet").num_rows == rows, table
    return int(counts["documents"])


def test_a_run_killed_while_it_publishes_leaves_the_old_or_the_new_output_never_a_mix(
    tmp_path: Path, batch: Path
) -> None:
    import signal
    import subprocess
    import sys
    import time

    from sample_paths import ROOT

    out = tmp_path / "out"
    _run(["in"], out)
    old = _consistent(out)
    for i in range(len(TEMPLATES)):  # new rows: copies of known bytes and a new Word file
        shutil.copy(LUKOU_DOCX if i % 2 else LUKOU_TXT, batch / f"new{i}.{'docx' if i % 2 else 'txt'}")
    cmd = [sys.executable, "-m", "jixiao", "extract", "in", "-o", str(out), "--incremental", "--quiet"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if list(out.glob(".jixiao/tmp-*/manifest.json")) or list(out.glob(".jixiao/gen-*/manifest.json")):
                break  # the staging folder is complete: the publish is about to happen (or just did)
            time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert _consistent(out) in {old, old + len(TEMPLATES)}
    _run(["in"], out, incremental=True)
    _run(["in"], tmp_path / "fresh")
    assert _tables(out) == _tables(tmp_path / "fresh")
