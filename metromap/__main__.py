"""`python -m metromap ...`: see metromap/cli.py."""

import sys

from metromap.cli import main

if __name__ == "__main__":
    sys.exit(main())
