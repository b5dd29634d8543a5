"""Text helpers of the reader's layout: control characters out (offsets kept), word wrapping."""

from __future__ import annotations

import difflib

from rich._wrap import divide_line
from rich.text import Text

from index.text import strip_controls


def clean_with_offsets(text: str) -> tuple[str, list[int]]:
    """The text without control characters, and where each old offset lands in it."""
    cleaned = strip_controls(text)
    if cleaned == text:
        return text, []
    mapping = [0] * (len(text) + 1)
    matcher = difflib.SequenceMatcher(None, text, cleaned, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size + 1):
            if a + k <= len(text):
                mapping[a + k] = b + k
    for i in range(1, len(mapping)):  # removed characters map to where the next kept one is
        mapping[i] = max(mapping[i], mapping[i - 1])
    return cleaned, mapping


def wrap_text(text: Text, width: int) -> list[tuple[int, Text]]:
    """Wrap a Text to `width` cells; each line comes with the offset it starts at."""
    out: list[tuple[int, Text]] = []
    base = 0
    for line in text.split("\n", allow_blank=True):
        offsets = divide_line(line.plain, max(width, 1), fold=True)
        for start, piece in zip([0, *offsets], line.divide(offsets), strict=False):
            piece.rstrip()
            out.append((base + start, piece))
        base += len(line.plain) + 1
    return out or [(0, Text())]
