"""``python -m jixiao`` = the ``jixiao`` command (:mod:`jixiao.start`)."""

import sys

from jixiao.start import main

sys.exit(main())
