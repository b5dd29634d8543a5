"""Splitting raw article text (plain or markdown) into normalised lines.

The cleaner works on lines rather than paragraphs because scrapers separate paragraphs
either with blank lines or with single newlines; the blank-line group each line came from
is kept, since a caption and its alt text share a group while real paragraphs do not.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# Zero-width characters scrapers leave inside words; NBSP and friends are handled by split().
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_TERMINAL = frozenset('.!?:;"”’)…')

_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[A-Za-z]{2,8});")
_ATX_HEADING = re.compile(r"^#{1,6}\s+(.*?)(?:\s+#+)?$")
_SETEXT_UNDERLINE = re.compile(r"^(?:=+|-+)$")
_RULE = re.compile(r"^(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^(?:```|~~~)")
_MD_LIST_MARKER = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+")
_BLOCKQUOTE = re.compile(r"^(?:>\s?)+")
_LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:\s+\S+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_STAR_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,3})(?=\S)([^*]+?)(?<=\S)\1(?![\w*])")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w_])(_{1,3})(?=\S)([^_]+?)(?<=\S)\1(?![\w_])")
_INLINE_CODE = re.compile(r"`([^`]+)`")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]{0,200}>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")


@dataclass(slots=True)
class SourceLine:
    """One non-empty line of an article's text, in reading order."""

    text: str
    group: int  # lines with the same group had no blank line between them
    heading: bool = False  # marked as a heading by the markup (`## Heading`)


def normalize_spaces(text: str) -> str:
    """Remove invisible characters, decode HTML entities (`&#163;` → `£`) left by scrapers,
    and collapse every run of whitespace (NBSP too) to one space."""
    if "&" in text:
        text = _ENTITY.sub(lambda entity: html.unescape(entity[0]), text)
    if not text.isascii():  # the invisible characters are not ASCII (and translate is slow)
        text = text.translate(_INVISIBLE)
    return " ".join(text.split())


def strip_inline_markdown(text: str, *, underscores: bool = False) -> str:
    """Drop inline markdown: images, link targets (the text stays), emphasis and code marks."""
    if "[" in text:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
    if "*" in text:
        text = _STAR_EMPHASIS.sub(r"\2", text)
    if underscores and "_" in text:
        text = _UNDERSCORE_EMPHASIS.sub(r"\2", text)
    return text


def _strip_markdown_line(line: str) -> str:
    line = _BLOCKQUOTE.sub("", line)
    line = _MD_LIST_MARKER.sub("", line)
    if "`" in line:
        line = _INLINE_CODE.sub(r"\1", line)
    if "<" in line:
        line = _HTML_TAG.sub("", line)
    line = strip_inline_markdown(line, underscores=True)
    if "\\" in line:
        line = _ESCAPE.sub(r"\1", line)
    return line


def _continues(previous: SourceLine, text: str) -> bool:
    """A hard-wrapped line: the previous one stops mid-sentence and this one goes on in
    lowercase. Capitalised lines stay apart, as headlines and deks are capitalised."""
    return not previous.heading and previous.text[-1] not in _TERMINAL and text[:1].islower()


def split_lines(raw: str, *, markdown: bool = False) -> list[SourceLine]:
    """Split raw text into normalised SourceLines.

    Plain text keeps list markers and only loses `# ` heading marks and paired `*emphasis*`
    (scraped text often carries both). With `markdown=True` list markers, quotes, rules,
    code fences, link definitions, underscore emphasis and inline HTML go too, and setext
    (`Title` over `=====`) headings are recognised.
    """
    lines: list[SourceLine] = []
    group = 0
    blank_before = True
    for raw_line in raw.splitlines():
        text = normalize_spaces(raw_line)
        if not text:
            if not blank_before:
                group += 1
            blank_before = True
            continue
        heading = False
        if markdown:
            if _FENCE.match(text) or _LINK_DEFINITION.match(text):
                continue
            if _SETEXT_UNDERLINE.match(text) and lines and not blank_before:
                lines[-1].heading = True
                continue
            if _RULE.match(text):
                group += 1
                blank_before = True
                continue
        if text[0] == "#" and (match := _ATX_HEADING.match(text)):
            text, heading = match[1], True
        text = _strip_markdown_line(text) if markdown else strip_inline_markdown(text)
        text = text.strip()
        if not text:
            continue
        previous = lines[-1] if lines and not blank_before else None
        if previous is not None and not heading and _continues(previous, text):
            previous.text = f"{previous.text} {text}"
        else:
            lines.append(SourceLine(text, group, heading))
        blank_before = False
    return lines
