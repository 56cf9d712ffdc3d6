"""``python -m jixiao`` = the ``jixiao`` command."""

import sys

try:
    from jixiao.cli import main
except KeyboardInterrupt:  # Ctrl-C while Python is still importing: no traceback for that either
    sys.stderr.write("jixiao: interrupted\n")
    sys.exit(130)

sys.exit(main())
