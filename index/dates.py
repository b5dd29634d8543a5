"""Dates as scraped articles write them, turned into ISO 8601 strings.

Two jobs: recognise a line that is nothing but a dateline or an update stamp
(`June 2, 2025 Update – 3:36 PM CDT`), and normalise a date field from JSON or HTML
metadata (`2025-06-02T10:00:00Z`, `Mon, 02 Jun 2025 10:00:00 GMT`, `2 June 2025`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

# Offsets of the zone abbreviations news sites print; ambiguous ones (ET, PT) are left out
# on purpose: a stamp in those zones keeps a naive time rather than a wrong offset.
ZONE_OFFSETS_HOURS: dict[str, float] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "BST": 1,
    "CET": 1,
    "CEST": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
}

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_STAMP_WORD = r"(?P<kind>updated?|published|posted|last updated)"
_TIME = (
    r"(?:at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})\s*"
    r"(?P<ampm>[ap]\.?\s?m\.?)?\s*(?P<zone>[A-Z]{1,4}(?![a-z]))?"
)
_SEPARATOR = r"\s*[,|·•–—:-]?\s*"


def _dateline_pattern(date_part: str) -> re.Pattern[str]:
    return re.compile(
        rf"^(?:{_STAMP_WORD}(?:\s+on)?{_SEPARATOR})?{_WEEKDAY}{date_part}"
        rf"(?:{_SEPARATOR}(?:(?P<kind2>updated?|published|posted){_SEPARATOR})?{_TIME})?\.?$",
        re.IGNORECASE,
    )


_DATELINE_PATTERNS = (
    _dateline_pattern(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}"),
    _dateline_pattern(rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}"),
    _dateline_pattern(r"(?P<year>\d{4})-(?P<nmonth>\d{2})-(?P<day>\d{2})"),
)
_ISO_DATE_PREFIX = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_TEXT_DATES = (
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE),
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline line says: the article date and, for update stamps, when."""

    date: str  # YYYY-MM-DD
    updated: str | None  # ISO datetime (or date) of an "Update" stamp


def _iso_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(match: re.Match[str]) -> int | None:
    if match.groupdict().get("nmonth"):
        return int(match["nmonth"])
    return MONTHS.get(match["month"].lower())


def _stamp_time(match: re.Match[str], day_iso: str) -> str | None:
    if not match["hour"]:
        return None
    hour, minute = int(match["hour"]), int(match["minute"])
    ampm = (match["ampm"] or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    stamp = datetime.fromisoformat(day_iso).replace(hour=hour, minute=minute)
    offset = ZONE_OFFSETS_HOURS.get((match["zone"] or "").upper())
    if offset is not None:
        stamp = stamp.replace(tzinfo=timezone(timedelta(hours=offset)))
    return stamp.isoformat()


def parse_dateline(line: str) -> Dateline | None:
    """Read a line that is only a date or a date stamp; None if the line says anything else.

    `June 2, 2025 Update – 3:36 PM CDT` gives date 2025-06-02 and updated
    2025-06-02T15:36:00-05:00; `Published 2 June 2025` gives the date alone.
    """
    if len(line) > 80 or not any(ch.isdigit() for ch in line):
        return None
    for pattern in _DATELINE_PATTERNS:
        match = pattern.match(line.strip())
        if match is None:
            continue
        month = _month_number(match)
        day_iso = _iso_date(int(match["year"]), month, int(match["day"])) if month else None
        if day_iso is None:
            return None
        kinds = f"{match['kind'] or ''} {match['kind2'] or ''}".lower()
        if "update" not in kinds:
            return Dateline(day_iso, None)
        return Dateline(day_iso, _stamp_time(match, day_iso) or day_iso)
    return None


def normalize_date(value: object) -> str | None:
    """Turn a metadata date (ISO 8601, RFC 2822, `June 2, 2025`, `2 June 2025`) into YYYY-MM-DD.

    Numbers are Unix timestamps. Returns None for anything it cannot read rather than
    guessing.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if match := _ISO_DATE_PREFIX.match(text):
        return _iso_date(int(match[1]), int(match[2]), int(match[3]))
    for pattern in _TEXT_DATES:
        if (match := pattern.match(text)) and (month := MONTHS.get(match["month"].lower())):
            return _iso_date(int(match["year"]), month, int(match["day"]))
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
