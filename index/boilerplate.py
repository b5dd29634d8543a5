"""Recognisers for the lines a scraper drags in around an article's text.

Each function looks at one whole line (already whitespace-normalised) and says whether it
is a promo/navigation line, a copyright notice, a publication masthead, a photo caption
credit, a byline or a contributor note, returning the metadata it carries. They are
deliberately strict about length so that a real paragraph never matches: every check
starts with a cheap word-count or first-character test before any regex runs.
"""

from __future__ import annotations

import re

# Navigation, promo and sharing lines, compared casefolded with edge punctuation stripped.
PROMO_PHRASES = frozenset(
    {
        "skip to content",
        "skip to main content",
        "skip to navigation",
        "jump to content",
        "advertisement",
        "advertisements",
        "sponsored",
        "sponsored content",
        "story continues below advertisement",
        "article continues below advertisement",
        "continue reading",
        "continue reading the main story",
        "scroll to continue",
        "scroll to continue with content",
        "read more",
        "read full article",
        "read the full article",
        "show more",
        "load more",
        "see more",
        "share",
        "share this",
        "share this article",
        "share this story",
        "share on facebook",
        "share on twitter",
        "share on x",
        "share via email",
        "copy link",
        "link copied",
        "print",
        "email",
        "comments",
        "view comments",
        "sign up",
        "sign in",
        "log in",
        "subscribe",
        "subscribe now",
        "newsletter",
        "sign up for our newsletter",
        "follow us",
        "listen to this article",
        "listen",
        "watch",
        "click here",
        "latest",
        "latest news",
        "latest stories",
        "top stories",
        "trending",
        "trending now",
        "breaking",
        "breaking news",
        "image",
        "video",
        "photo",
        "back to top",
        "others are reading now",
    }
)

# Promo headings that introduce a list of links: what follows them at the end of an
# article is link spam, not text.
RELATED_HEADINGS = frozenset(
    {
        "also read",
        "read also",
        "see also",
        "related",
        "related articles",
        "related stories",
        "related news",
        "related coverage",
        "related content",
        "more on this story",
        "more stories",
        "more from this section",
        "more news",
        "recommended",
        "recommended for you",
        "you may also like",
        "you might also like",
        "most read",
        "most popular",
        "most viewed",
        "what to read next",
        "read next",
        "up next",
    }
)

# Outlets whose name printed alone on a line is a masthead, not text.
KNOWN_OUTLETS = frozenset(
    {
        "Reuters",
        "Associated Press",
        "The Associated Press",
        "AP",
        "AFP",
        "Agence France-Presse",
        "Bloomberg",
        "Bloomberg News",
        "BBC",
        "BBC News",
        "CNN",
        "NPR",
        "PBS NewsHour",
        "Al Jazeera",
        "Politico",
        "Axios",
        "Financial Times",
        "The Economist",
        "The Atlantic",
        "The Hill",
        "Fox News",
        "CBS News",
        "NBC News",
        "ABC News",
        "Sky News",
        "Deutsche Welle",
        "DW",
        "Euronews",
        "France 24",
        "Kyiv Independent",
        "The Kyiv Independent",
        "Ukrainska Pravda",
        "Meduza",
        "Digi24",
    }
)

# "The <Name> Times/Post/..." printed alone is a masthead, whichever city it names.
_MASTHEAD = re.compile(
    r"^The(?: [A-Z][\w.'&-]*){1,3} (?:Times|Post|Journal|Herald|Tribune|Gazette|Chronicle|"
    r"Guardian|Telegraph|Independent|Observer|Standard|Mail|Express|Globe|Sun|Mirror|"
    r"Inquirer|Examiner|Courier|Dispatch|Register|Bulletin|Star-Ledger|News)$"
)
# A notice needs a year or the © sign: "Copyright law is changing" is a sentence.
_COPYRIGHT = re.compile(
    r"^(?:copyright\s*(?:©|\(c\))?\s*\d{4}|(?:copyright\s*)?(?:©|\(c\))(?:\s*\d{4})?)"
    r"(?:\s*[-–]\s*\d{4})?[\s,]*(?P<holder>.*?)[\s.,]*(?:all rights reserved\.?)?$",
    re.IGNORECASE,
)
# A caption credit closes its line: "...Ukraine.Credit…Thomas Peter/Reuters".
_CAPTION_CREDIT = re.compile(
    r"(?:\bCredit|\bPhoto(?:graph)?(?: credit)?|\bImage(?: credit| source)?|\bPicture)"
    r"\s*(?:…|\.\.\.|:)\s*\S[^.!?]{0,80}$"
    r"|\((?:AP |AFP |Reuters )?Photo(?:graph)?(?: by)?[^()]{0,80}\)$"
    r"|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s*/\s*(?:Getty Images|Reuters|AP|AFP|EPA|"
    r"Bloomberg|Shutterstock)\)?$"
)
# The object is required: "Strong sales in China contributed." is a sentence, not a credit.
_CONTRIBUTION = re.compile(
    r"^(?P<who>.+?)\s+(?:also\s+)?contributed\s+(?:additional\s+)?(?:reporting|research"
    r"|to\s+(?:this|the)\s+(?:report|article|story|reporting))(?:\s+(?:from|in)\s+[^.]+)?\.?$"
    r"|^(?:additional\s+)?reporting\s+by\s+(?P<who2>[^;.]+)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^By\s+(?P<who>[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|&|,))*)$")
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_PLACE_TAIL = re.compile(r"\s+(?:in|from|at)\s+.*$")
_NAME = re.compile(r"^[A-Z][\w.'’-]*(?: (?:[A-Z][\w.'’-]*|de|van|von|da|al|bin|la|le)){0,4}$")
_LIST_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[-•*–])\s+\S")

_CAPTION_MARKERS = ("Credit", "Photo", "Image", "Picture", "/")
_EDGE_PUNCTUATION = " :.!»›>|-–—•*#()[]"
_SENTENCE_MARKS = frozenset(".!?")


def word_count(line: str) -> int:
    """Words in a whitespace-normalised line."""
    return line.count(" ") + 1 if line else 0


def _promo_key(line: str) -> str:
    return line.strip(_EDGE_PUNCTUATION).casefold()


def is_promo(line: str) -> bool:
    """True for navigation, sharing and promo lines such as `Skip to content` or `Read also:`."""
    if word_count(line) > 6 or any(mark in line[:-1] for mark in _SENTENCE_MARKS):
        return False
    key = _promo_key(line)
    return key in PROMO_PHRASES or key in RELATED_HEADINGS


def is_related_heading(line: str) -> bool:
    """True for promo headings that introduce link lists (`Read also:`, `Related`...)."""
    return word_count(line) <= 6 and _promo_key(line) in RELATED_HEADINGS


def is_list_item(line: str) -> bool:
    """True for a numbered or bulleted list line."""
    return _LIST_ITEM.match(line) is not None


def copyright_holder(line: str) -> str | None:
    """The holder named by a copyright line (`Copyright 2025 NPR` → `NPR`), else None.

    An empty string means the line is a copyright notice that names no holder.
    """
    if word_count(line) > 15 or line[:1] not in "Cc©(":
        return None
    match = _COPYRIGHT.match(line)
    if match is None:
        return None
    holder = match["holder"].strip(" .,")
    return holder if word_count(holder) <= 6 else None


def masthead_name(line: str) -> str | None:
    """The publication name when the line is nothing but a masthead, else None."""
    if word_count(line) > 6 or line[-1:] in ".!?,;:":
        return None
    if line in KNOWN_OUTLETS or _MASTHEAD.match(line):
        return line
    return None


def is_caption_credit(line: str) -> bool:
    """True for a photo caption line that ends with its credit (`...Credit…Name/Agency`)."""
    if word_count(line) > 60:
        return False
    if not any(marker in line for marker in _CAPTION_MARKERS):
        return False
    return _CAPTION_CREDIT.search(line) is not None


def _names(who: str, *, min_words: int = 1) -> list[str]:
    names: list[str] = []
    for part in _NAME_SPLIT.split(who.strip(" .")):
        words = _PLACE_TAIL.sub("", part).split()
        # Drop a leading role such as "NPR producers" or "staff writer": names follow the
        # last lowercase word.
        lowercase_at = [i for i, word in enumerate(words) if word[:1].islower()]
        if lowercase_at:
            words = words[lowercase_at[-1] + 1 :]
        name = " ".join(words)
        if len(words) >= min_words and _NAME.match(name):
            names.append(name)
    return names


def contributor_names(line: str) -> list[str] | None:
    """Names in a contributor note (`Steven Erlanger contributed reporting.`), else None."""
    if word_count(line) > 30:
        return None
    lowered = line.lower()
    if "contributed" not in lowered and "reporting by" not in lowered:
        return None
    match = _CONTRIBUTION.match(line)
    if match is None:
        return None
    names = _names(match["who"] or match["who2"] or "")
    return names or None


def byline_names(line: str) -> list[str] | None:
    """Names in a byline line (`By Jane Doe and John Roe`), else None."""
    if word_count(line) > 10 or not line.startswith("By "):
        return None
    match = _BYLINE.match(line)
    if match is None:
        return None
    return _names(match["who"], min_words=2) or None
