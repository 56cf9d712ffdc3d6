"""The cycle collector held back while one document is read (its objects are short-lived, and many).

Reading a 1 MB text builds hundreds of thousands of small objects (cells, tokens, rows, values) that
all live until the document's rows are made. With the default thresholds the collector runs over them
(and over every module's objects) thousands of times, which cost 15–20% of the whole read while finding
almost nothing. Inside :func:`collector_paused` the objects that existed before are frozen (never
scanned) and young collections wait for :data:`YOUNG_THRESHOLD` new objects instead of 700; memory is
still freed by reference counting as usual, and cycles are still collected, only less often. On the way
out everything is as before. Nested and concurrent uses (Dask runs files in threads) share one pause: the
first in saves the settings, the last out restores them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 50_000  # new objects between young collections (the default is 700)

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, ...] = ()
_froze = False  # whether the pause froze the heap (not when the caller had frozen it already)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the body with fewer, cheaper cycle collections; the collector's settings restored after.

    >>> before = gc.get_threshold()
    >>> with collector_paused():
    ...     gc.get_threshold()[0] >= YOUNG_THRESHOLD
    True
    >>> gc.get_threshold() == before, gc.get_freeze_count()
    (True, 0)
    """
    global _depth, _saved, _froze
    with _lock:
        if _depth == 0:
            _saved = gc.get_threshold()
            # What existed before (modules, vocabularies, caches) is not scanned again; a heap the
            # program froze itself is left to it (unfreezing it after would undo the program's freeze).
            _froze = gc.get_freeze_count() == 0
            if _froze:
                gc.freeze()
            if _saved[0]:  # 0: the program switched collection off; it stays off
                gc.set_threshold(max(_saved[0], YOUNG_THRESHOLD), *_saved[1:])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.set_threshold(*_saved)
                if _froze:
                    gc.unfreeze()


__all__ = ["YOUNG_THRESHOLD", "collector_paused"]
