"""The packaged desktop application's entry: no console window on Windows."""

import sys

from charter_builder.cli import window_main

if __name__ == "__main__":
    sys.exit(window_main())
