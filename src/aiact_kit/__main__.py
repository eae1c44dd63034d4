import sys

from aiact_kit.cli import main

sys.exit(main())
