"""Freed heap memory handed back to the system, so a long run's resident memory does not creep up."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import sys
from collections.abc import Callable


def release_free_memory() -> None:
    """Hand freed heap pages back to the OS (glibc ``malloc_trim``; a no-op elsewhere).

    Results arrive as pickles of every size; glibc keeps the pages they freed, and over a long run
    that showed as resident memory growing with the corpus though nothing was live. A trim takes
    about a millisecond.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number
LARGE_BLOCK = 1 << 20


@functools.cache
def map_large_blocks() -> None:
    """Blocks of :data:`LARGE_BLOCK` or more get pages of their own, returned when freed (glibc).

    glibc raises its mapping threshold each time a mapped block is freed, up to 32 MB, so a long text
    (a large document's section, its Arrow copy, its Parquet page) is later carved from the heap
    instead, and the heap keeps the high-water mark of several such blocks side by side: the
    parent's peak grew ~0.6 MB per 2 MB document of long text. A fixed threshold keeps it flat.
    """
    with contextlib.suppress(OSError, AttributeError):  # not glibc: its allocator is left as it is
        ctypes.CDLL("libc.so.6").mallopt(_M_MMAP_THRESHOLD, LARGE_BLOCK)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        # glibc's name first: find_library runs ldconfig (~15 ms at every start)
        libc = ctypes.CDLL("libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        pass
    try:
        from ctypes.util import find_library

        libc = ctypes.CDLL(find_library("c"))
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def peak_rss_mb() -> float | None:
    """This process's own peak resident memory in MiB (``ru_maxrss``; its children are not counted),
    or None where the platform does not say. The manifest records the parent's as
    ``parent_peak_rss_mb``: what shows that its memory stays flat in document size and count."""
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1 << 20 if sys.platform == "darwin" else 1 << 10), 1)  # bytes on macOS, else KiB
