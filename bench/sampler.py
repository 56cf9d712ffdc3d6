"""Peak memory of a process tree, sampled cheaply enough not to slow what it measures.

The first sampler (psutil: the whole process table walked for children every 20 ms, full ``smaps``
of every process every 100 ms) took about a tenth of a core. With ``--jobs 1`` that came from the
idle second core; with ``--jobs 2`` it came out of the workers' time, so it lowered the very speed-up
the bench reports. This one reads ``/proc/PID/statm`` (RSS) every 50 ms, ``/proc/PID/smaps_rollup``
(PSS, summed by the kernel) every 250 ms, and looks for new descendants every 500 ms (workers are
started at the beginning and only replaced after a failure): well under 1% of a core. Where there is
no ``/proc`` it falls back to psutil's RSS.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from pathlib import Path

import psutil

TICK_S = 0.05
PSS_EVERY = 5  # ticks
TREE_EVERY = 10  # ticks
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


class TreeMemory:
    """``sample()`` every :data:`TICK_S`; ``peak_rss``/``peak_pss``: the highest sums seen (bytes).

    RSS counts pages shared between the parent, the fork server and the workers once per process, so
    its sum overstates the run's memory; PSS splits each shared page between its sharers.
    """

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.pids: list[int] = [pid]
        self.peak_rss = self.peak_pss = 0
        self._tick = 0
        self._proc = Path("/proc/self/smaps_rollup").exists()

    def sample(self) -> None:
        if self._tick % TREE_EVERY == 0:
            with contextlib.suppress(psutil.Error):
                self.pids = [self.root.pid, *(c.pid for c in self.root.children(recursive=True))]
        if self._proc:
            self.peak_rss = max(self.peak_rss, sum(_rss(p) for p in self.pids))
            if self._tick % PSS_EVERY == 0:
                self.peak_pss = max(self.peak_pss, sum(_pss(p) for p in self.pids))
        else:
            rss = 0
            for p in self.pids:
                with contextlib.suppress(psutil.Error):
                    rss += psutil.Process(p).memory_info().rss
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_pss = self.peak_rss
        self._tick += 1

    def watch(self, proc: subprocess.Popen[bytes]) -> None:
        """Sample until ``proc`` ends."""
        while proc.poll() is None:
            self.sample()
            time.sleep(TICK_S)
