"""The `newsdesk` subcommands: each module has `register(subparsers)`."""

from tui.commands import entity_commands, library_commands, related_command

COMMAND_MODULES = [library_commands, entity_commands, related_command]
