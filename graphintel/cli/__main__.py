"""``python -m graphintel.cli``: the same as the ``graphintel`` command."""

import sys

from graphintel.cli import main

if __name__ == "__main__":
    sys.exit(main())
