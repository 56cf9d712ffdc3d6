"""Freed heap memory handed back to the system, so a long run's resident memory does not creep up."""

from __future__ import annotations

import ctypes
import functools
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
