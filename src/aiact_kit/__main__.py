import sys

from aiact_kit.commands.cli import main

sys.exit(main())
