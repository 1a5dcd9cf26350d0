"""The packaged program's entry: the command line, the window, or a worker child."""

import sys

from charter_builder.cli import main

if __name__ == "__main__":
    sys.exit(main())
