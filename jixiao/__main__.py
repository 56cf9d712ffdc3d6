"""``python -m jixiao`` = the ``jixiao`` command."""

import os
import sys

try:
    from jixiao.cli import EXIT_INTERRUPTED, EXIT_TERMINATED, main
except KeyboardInterrupt:  # Ctrl-C while Python is still importing: no traceback for that either
    sys.stderr.write("jixiao: interrupted\n")
    sys.exit(130)

code = main()
if code in (EXIT_INTERRUPTED, EXIT_TERMINATED):
    # A Ctrl-C that lands while exec'd source runs (dataclasses make their methods so) is flagged by
    # CPython as unhandled even when caught, and under `-m` it then re-sends SIGINT at exit (exit -2,
    # not 130). Our clean-up is done: leave with the code we mean.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
