"""The run's plan — one entry a documents row, in output order — held so that memory stays flat.

The plan must be complete before anything is written (the output is sorted by content hash), so
it holds every input's paths: about 1 KB a file. Up to :data:`SPILL_ENTRIES` entries it stays in
memory; a larger one goes to two temporary files — the tasks, read back as the workers need them,
and the light entries, read back as the writer goes — and the run's memory no longer grows with
the number of files (for 100,000 files that is ~100 MB less). Both are read once, in order.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, cast

from jixiao.emit.prepared import iter_pickled
from jixiao.worker import Task

SPILL_ENTRIES = 10_000
SPILL_ENV = "JIXIAO_SPILL_ENTRIES"  # hidden knob (tests): overrides SPILL_ENTRIES


@dataclass(frozen=True, slots=True)
class Entry:
    """One documents row of the plan: a file to read (``task``), a previous output's read document
    kept as it was (``kept``), or a copy of the document before it (neither)."""

    doc_id: str
    source_path: str
    task: Task | None
    kept: bool = False


def _spill_limit() -> int:
    return int(os.environ.get(SPILL_ENV, SPILL_ENTRIES))


class Plan:
    """``tasks()`` for the workers and ``entries()`` for the writer, each iterated once, in order.

    Entries from ``entries()`` carry ``task=None`` when spilled (the writer needs only to know
    whether there was one: ``has_task``).
    """

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.count = len(entries)
        self.task_count = sum(e.task is not None for e in entries)
        self._memory: deque[Entry] | None = None
        self._tasks: list[Task] = []
        self._files: list[IO[bytes]] = []
        if self.count <= _spill_limit():
            self._memory = deque(entries)
            self._tasks = [e.task for e in entries if e.task is not None]
            return
        # nameless temporary files: nothing is left behind, whatever ends the run
        self._files = [self._write(e.task for e in entries if e.task is not None)]
        self._files.append(
            self._write((e.doc_id, e.source_path, e.task is not None, e.kept) for e in entries)
        )

    @staticmethod
    def _write(records: Iterator[object]) -> IO[bytes]:
        fh = tempfile.TemporaryFile(prefix="jixiao-plan-")  # noqa: SIM115  (closed in close())
        try:
            pickler = pickle.Pickler(fh, protocol=pickle.HIGHEST_PROTOCOL)
            for record in records:
                pickler.dump(record)
                pickler.clear_memo()  # else the pickler holds every record it wrote
            fh.seek(0)
        except BaseException:
            fh.close()
            raise
        return fh

    def tasks(self) -> Iterable[Task]:
        if self._memory is not None:
            tasks, self._tasks = self._tasks, []  # the caller holds them from now
            return tasks
        return iter_pickled(self._files[0])

    def entries(self) -> Iterator[tuple[Entry, bool]]:
        """(entry, has_task) in order; an in-memory entry is let go as it is handed out."""
        if self._memory is not None:
            while self._memory:
                entry = self._memory.popleft()
                yield entry, entry.task is not None
            return
        for record in iter_pickled(self._files[1]):
            doc_id, source_path, has_task, kept = cast(tuple[str, str, bool, bool], record)
            yield Entry(doc_id, source_path, None, kept), has_task

    def __enter__(self) -> Plan:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        for fh in self._files:
            fh.close()
        self._files = []
