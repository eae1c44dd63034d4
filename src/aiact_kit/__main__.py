"""Run the kit as a module: ``python -m aiact_kit`` is the ``aiact-kit`` command line."""

import sys

from aiact_kit.commands.cli import main

sys.exit(main())
