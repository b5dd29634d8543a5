"""Turning scraped article text into a clean ParsedArticle.

The cleaner reads the text line by line (see `index.textlines`), takes the metadata that
scrapers leave as lines of their own (a `date 2025-06-02` prefix, datelines and update
stamps, copyright notices, mastheads, bylines, contributor notes) out of the body, drops
navigation/promo lines, photo captions, repeated headlines and decks and trailing link
lists, then finds the title, the dek (subtitle) and the subheadings. Every rule looks at the
shape of a line, never at a particular article's words, and stays strict enough that a
real paragraph is never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from index import boilerplate
from index.dates import parse_dateline
from index.models import Block, ParsedArticle
from index.textlines import SourceLine, split_lines

# What a line is to the cleaner; every role but "text" keeps it out of the body. Structural
# lines (caption, masthead, dateline...) tell a dek from a lead paragraph; promo lines don't.
Role = Literal[
    "text", "promo", "related", "end", "structure", "duplicate", "teaser", "title", "subtitle"
]

_DATE_PREFIX = re.compile(
    r"^date\s*[:=-]?\s*(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?\s*", re.IGNORECASE
)
# "Istanbul – Moscow – KyivUkrainian and ...": place names run into the first word.
_GLUED_DATELINE = re.compile(
    r"^((?:[A-Z][\w'’.]+(?: [A-Z][\w'’.]+)? ([–—-]) )+[A-Z][a-z'’]{2,})([A-Z][a-z]{2,}\b)"
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]?\s+[\"“‘(]?[A-Z]")
_SENTENCE_END = frozenset('.!?"”’')
_HEADING_END = frozenset('.!:;,…"”’')
_ELLIPSES = ("...", "…")
TITLE_MAX_WORDS = 30
DERIVED_TITLE_MAX_CHARS = 90
SUBHEADING_MAX_WORDS = 12
DEK_MIN_WORDS = 8
DEK_MAX_WORDS = 45
DEDUP_MIN_WORDS = 6


@dataclass(slots=True)
class _Line:
    text: str
    group: int
    heading: bool
    role: Role = "text"


@dataclass(slots=True)
class _Metadata:
    date: str | None = None
    updated: str | None = None
    source: str | None = None
    author: str | None = None
    contributors: list[str] = field(default_factory=list)

    def add_contributors(self, names: list[str]) -> None:
        self.contributors.extend(name for name in names if name not in self.contributors)


def clean_text(raw: str, *, fallback_title: str = "", markdown: bool = False) -> ParsedArticle:
    """Clean a plain-text (or, with `markdown=True`, markdown) scraped article.

    The title is the first line when it looks like a headline; otherwise `fallback_title`,
    otherwise one derived from the lead sentence. The result may have no blocks when
    nothing but boilerplate was found: callers decide whether that is an error.
    """
    return clean_lines(split_lines(raw, markdown=markdown), fallback_title=fallback_title)


def clean_paragraphs(paragraphs: Sequence[str | Block], *, title: str = "") -> ParsedArticle:
    """Clean a body that arrives already split, e.g. from HTML extraction or a JSON field.

    Strings are typed by shape; Blocks keep their kind (a subheading the markup declared).
    `title`, when known from metadata, is used as is and its repeats are dropped.
    """
    lines = [
        SourceLine(item.text, index, item.kind == "subheading")
        if isinstance(item, Block)
        else SourceLine(item, index)
        for index, item in enumerate(paragraphs)
    ]
    return clean_lines(lines, title=title)


def clean_lines(
    source_lines: Sequence[SourceLine],
    *,
    title: str = "",
    fallback_title: str = "",
    find_dek: bool = True,
) -> ParsedArticle:
    """Clean split lines into a ParsedArticle (the core that the two functions above share).

    `title` is a known title (from metadata); without it the title comes from the text,
    then `fallback_title`, then the lead. `find_dek=False` keeps the first paragraph in the
    body whatever its shape, for sources whose markup says where the dek is (HTML).
    """
    lines = [_Line(line.text, line.group, line.heading) for line in source_lines if line.text]
    metadata = _Metadata()
    _take_date_prefix(lines, metadata)
    _classify_lines(lines, metadata)
    found_title = _take_title(lines, title)
    _drop_repeats(lines, title or found_title)
    _trim_trailing_links(lines)
    kinds = _block_kinds(lines)
    subtitle = _take_dek(lines, kinds) if find_dek else None
    blocks = [
        Block(kinds[index], line.text) for index, line in enumerate(lines) if line.role == "text"
    ]
    _unglue_dateline(blocks)
    final_title = title or found_title or fallback_title.strip() or _title_from_lead(blocks)
    return ParsedArticle(
        title=final_title,
        blocks=blocks,
        subtitle=subtitle,
        date=metadata.date,
        updated=metadata.updated,
        source=metadata.source,
        author=metadata.author,
        contributors=metadata.contributors,
    )


def _take_date_prefix(lines: list[_Line], metadata: _Metadata) -> None:
    """`date 2025-06-02 US Secretary...`: the prefix is metadata, the rest is the lead."""
    if (
        lines
        and lines[0].text[:4].lower() == "date"
        and (match := _DATE_PREFIX.match(lines[0].text))
    ):
        metadata.date = match[1]
        lines[0].text = lines[0].text[match.end() :]
        if not lines[0].text:
            lines[0].role = "structure"


def _classify_lines(lines: list[_Line], metadata: _Metadata) -> None:
    """Move metadata lines out of the body and mark promo and caption lines."""
    for index, line in enumerate(lines):
        if line.role != "text":
            continue
        text = line.text
        if not any(char.isalnum() for char in text):  # "***", "|", "<<<>>>": markup debris
            line.role = "promo"
        elif boilerplate.is_promo(text):
            line.role = "related" if boilerplate.is_related_heading(text) else "promo"
        elif (holder := boilerplate.copyright_holder(text)) is not None:
            line.role = "end"
            if holder:
                metadata.source = holder
        elif (masthead := boilerplate.masthead_name(text)) is not None:
            line.role = "structure"
            metadata.source = metadata.source or masthead
        elif (dateline := parse_dateline(text)) is not None:
            line.role = "structure"
            metadata.date = metadata.date or dateline.date
            metadata.updated = metadata.updated or dateline.updated
        elif (names := boilerplate.contributor_names(text)) is not None:
            line.role = "end"
            metadata.add_contributors(names)
        elif (names := boilerplate.byline_names(text)) is not None:
            line.role = "structure"
            metadata.author = metadata.author or ", ".join(names)
        elif boilerplate.is_caption_credit(text):
            line.role = "structure"
            _drop_alt_text(lines, index)


def _drop_alt_text(lines: list[_Line], caption_index: int) -> None:
    """A short line paired with a caption (the two alone between blank lines) is its alt
    text. In text that separates paragraphs by single newlines the line above a caption may
    be a real paragraph, so it is left alone there."""
    if caption_index == 0:
        return
    above, caption = lines[caption_index - 1], lines[caption_index]
    group = caption.group
    alone = (caption_index < 2 or lines[caption_index - 2].group != group) and (
        caption_index + 1 == len(lines) or lines[caption_index + 1].group != group
    )
    if (
        alone
        and above.role == "text"
        and above.group == group
        and not above.heading
        and boilerplate.word_count(above.text) <= 30
        and not _SENTENCE_BREAK.search(above.text)
    ):
        above.role = "structure"


def _looks_like_title(line: _Line) -> bool:
    if line.heading:
        return True
    words = boilerplate.word_count(line.text)
    if words > TITLE_MAX_WORDS or boilerplate.is_list_item(line.text):
        return False
    # A headline has no final period (nor one inside closing quotes); a short line ending
    # in one may still be a headline.
    text = line.text.rstrip("\"”’'")
    return not text.endswith(".") or text.endswith(_ELLIPSES) or words <= 12


def _take_title(lines: list[_Line], known_title: str) -> str:
    """Find the headline in the text (unless the title is known) and take it out of the body."""
    first = next((line for line in lines if line.role == "text"), None)
    if first is None:
        return ""
    if known_title:
        if _same_text(first.text, known_title):
            first.role = "title"
        return ""
    if not _looks_like_title(first):
        return ""
    first.role = "title"
    return first.text


def _same_text(left: str, right: str) -> bool:
    return left.casefold().strip(" .") == right.casefold().strip(" .")


def _drop_repeats(lines: list[_Line], title: str) -> None:
    """Drop repeated headlines and paragraphs, and truncated teasers (`...`) of other text."""
    title_key = title.casefold().strip(" .")
    seen: set[str] = set()
    texts = [line.text for line in lines if line.role == "text"]
    for line in lines:
        if line.role != "text":
            continue
        key = line.text.casefold().strip(" .")
        if title_key and key == title_key:
            line.role = "title"
            continue
        if key in seen and boilerplate.word_count(line.text) >= DEDUP_MIN_WORDS:
            line.role = "duplicate"
            continue
        seen.add(key)
        if line.text.endswith(_ELLIPSES):
            stem = line.text.rstrip(".… ")
            if len(stem) >= 20 and any(
                other != line.text and other.startswith(stem) for other in texts
            ):
                line.role = "teaser"


def _is_headline_like(text: str) -> bool:
    return text[-1] not in _HEADING_END and text[-1] != "?"


def _trim_trailing_links(lines: list[_Line]) -> None:
    """Drop a trailing list of links: list items and headline-like lines at the very end
    that follow a copyright/contributor line or sit under a `Read also`-style heading."""
    run: list[_Line] = []
    under_related_heading = False
    for line in reversed(lines):
        if line.role == "related":
            under_related_heading = True
        elif line.role == "end":
            break
        elif line.role == "text":
            if not (boilerplate.is_list_item(line.text) or _is_headline_like(line.text)):
                break
            run.append(line)
    else:
        # Reached the top: the whole text is link-like, which is no reason to drop it.
        return
    if run and (under_related_heading or line.role == "end"):
        for junk in run:
            junk.role = "promo"


def _block_kinds(lines: list[_Line]) -> list[Literal["paragraph", "subheading"]]:
    """Type each line: a short, capitalised line without a final period that is followed
    by a paragraph is a subheading; so is anything the markup declared a heading."""
    body = [index for index, line in enumerate(lines) if line.role == "text"]
    kinds: list[Literal["paragraph", "subheading"]] = ["paragraph"] * len(lines)
    for position, index in enumerate(body):
        line = lines[index]
        if line.heading:
            kinds[index] = "subheading"
            continue
        if position + 1 >= len(body) or not _could_be_subheading(line.text):
            continue
        following = lines[body[position + 1]]
        if not following.heading and not _could_be_subheading(following.text):
            kinds[index] = "subheading"
    return kinds


def _could_be_subheading(text: str) -> bool:
    return (
        text[0].isupper()
        and text[-1] not in _HEADING_END
        and boilerplate.word_count(text) <= SUBHEADING_MAX_WORDS
        and len(text) <= 120
        and not boilerplate.is_list_item(text)
    )


def _take_dek(lines: list[_Line], kinds: list[str]) -> str | None:
    """The paragraph right under a headline found in the text is a dek (subtitle) when it
    is one sentence of 8 to 45 words set apart from the body: by a caption, masthead,
    dateline, teaser or repeated headline right after it, or by a subheading. A paragraph
    that comes after a byline or dateline is the lead, not a dek."""
    skipped = ("promo", "related")
    body = [index for index, line in enumerate(lines) if line.role == "text"]
    if len(body) < 2:
        return None
    first = body[0]
    before = next((i for i in range(first - 1, -1, -1) if lines[i].role not in skipped), None)
    after = next((i for i in range(first + 1, len(lines)) if lines[i].role not in skipped), None)
    candidate = lines[first]
    if (
        before is None
        or after is None
        or lines[before].role != "title"
        or kinds[first] != "paragraph"
        or not DEK_MIN_WORDS <= boilerplate.word_count(candidate.text) <= DEK_MAX_WORDS
        or candidate.text[-1] not in _SENTENCE_END
        or _SENTENCE_BREAK.search(candidate.text)
    ):
        return None
    set_apart = lines[after].role in ("structure", "teaser", "title") or (
        lines[after].role == "text" and kinds[after] == "subheading"
    )
    if not set_apart:
        return None
    candidate.role = "subtitle"
    return candidate.text


def _unglue_dateline(blocks: list[Block]) -> None:
    """Split a leading run of place names (`Istanbul – Moscow – KyivUkrainian ...`) from the
    word the scraper glued onto it."""
    for index, block in enumerate(blocks):
        head = block.text[:80]
        if block.kind != "paragraph" or not (" – " in head or " — " in head or " - " in head):
            continue
        if match := _GLUED_DATELINE.match(block.text):
            text = f"{match[1]} {match[2]} {match[3]}{block.text[match.end() :]}"
            blocks[index] = Block("paragraph", text)


def _title_from_lead(blocks: list[Block]) -> str:
    """A title for an article without a headline: its first sentence, shortened at a word
    boundary when long."""
    lead = next((block.text for block in blocks if block.kind == "paragraph"), "")
    if not lead:
        return ""
    match = _SENTENCE_BREAK.search(lead)
    sentence = lead[: match.start() + 1] if match else lead
    sentence = sentence.rstrip(".")
    if len(sentence) <= DERIVED_TITLE_MAX_CHARS:
        return sentence
    clause = sentence.split(", ", 1)[0]
    if 40 <= len(clause) <= DERIVED_TITLE_MAX_CHARS:
        return clause
    cut = sentence[: DERIVED_TITLE_MAX_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:–—- ")
    return f"{cut}…"
