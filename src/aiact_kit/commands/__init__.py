"""Sub-commands of ``aiact-kit``; see :mod:`aiact_kit.commands.cli`."""
