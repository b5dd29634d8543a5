"""Small text helpers shared across the data layer."""

from __future__ import annotations

import re
from datetime import datetime

# C0 and C1 control characters except tab and newline, plus DEL: never let them reach a terminal.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def strip_controls(text: str) -> str:
    """Remove ANSI escape sequences and control characters (tab and newline stay)."""
    if not text:
        return text
    return _CONTROLS.sub("", _ANSI.sub("", text))


def parse_iso_date(value: str | None) -> datetime | None:
    """A datetime from an ISO 8601 date or datetime string, or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None)
