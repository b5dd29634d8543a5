"""Plain data types shared by every part of the data layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "subheading"]
EntityType = Literal["PERSON", "PLACE", "ORG", "OTHER"]


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of an article's body: a paragraph or a subheading, in reading order."""

    kind: BlockKind
    text: str

    def __reduce__(self) -> tuple[type[Block], tuple[str, str]]:
        """Pickle as a constructor call: a frozen slots dataclass is otherwise restored
        field by field in Python, slow for the many sent back by ingest worker processes."""
        return Block, (self.kind, self.text)


@dataclass(slots=True)
class ParsedArticle:
    """An article as read and cleaned from a file, before it is stored.

    `key` identifies the article inside its file (empty for one-article files, the
    position or url for JSON Lines); with the file path it gives the stable id.
    """

    title: str
    blocks: list[Block]
    subtitle: str | None = None
    date: str | None = None  # ISO 8601 date or datetime
    updated: str | None = None  # ISO 8601 datetime of an "Update" stamp
    source: str | None = None
    url: str | None = None
    author: str | None = None
    contributors: list[str] = field(default_factory=list)
    key: str = ""


@dataclass(slots=True)
class Article:
    """A stored article: what the store returns."""

    id: str
    title: str
    blocks: list[Block]
    subtitle: str | None
    date: str | None
    updated: str | None
    source: str | None
    url: str | None
    author: str | None
    contributors: list[str]
    path: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text naming an entity: offsets are Python string indices in the block text."""

    start: int
    end: int
    text: str
    type: EntityType
    entity: str = ""  # the canonical name once resolved

    def __reduce__(self) -> tuple[type[Mention], tuple[int, int, str, str, str]]:
        """Pickle as a constructor call (see `Block.__reduce__`)."""
        return Mention, (self.start, self.end, self.text, self.type, self.entity)
