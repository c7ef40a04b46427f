"""Errors that end a command before it lints anything.

In a module of its own so that the command line (cli.py) and the commands
(commands.py) both use it without importing each other.
"""

from __future__ import annotations


class UsageError(Exception):
    """A bad flag, an unknown rule, a broken configuration: exit code 2."""
