"""The `newsdesk` subcommands: each module has `register(subparsers)`."""

from tui.commands import library_commands

COMMAND_MODULES = [library_commands]
