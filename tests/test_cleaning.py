"""Cleaning of scraped articles: the five seed articles, the general rules, the BBC corpus."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from index.cleaning import clean_paragraphs, clean_text
from index.models import Block, ParsedArticle
from index.readers import read_file

SEEDS = Path(__file__).parents[1] / "seeds"
BBC = Path(__file__).parents[2] / "shared/corpora/bbc"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_DATE_PREFIX = re.compile(r"^date \d{4}-\d{2}-\d{2} ")


def normalize(text: str) -> str:
    """Whitespace and entities as a reader sees them, independent of the code under test."""
    return " ".join(html.unescape(text).translate(_INVISIBLE).split())


def squash(text: str) -> str:
    """Letters and digits only: compares text whatever spacing or dashes were repaired."""
    return "".join(char for char in text.casefold() if char.isalnum())


@dataclass(frozen=True)
class Seed:
    """What a careful reader expects from one seed article."""

    prefix: str
    title: str
    paragraphs: int
    subtitle: str | None = None
    date: str | None = None
    updated: str | None = None
    source: str | None = None
    contributors: list[str] = field(default_factory=list)
    subheadings: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


SEED_EXPECTATIONS = [
    Seed("000", title="", date="2025-06-02", paragraphs=12),  # title: see the test below
    Seed(
        prefix="001",
        title="Diplomatic Meetings Emerge Between Ukraine and Russia Following Intense "
        "Increase in Conflict Over the Weekend",
        subtitle="Diplomats from Russia and Ukraine in Istanbul on Monday could not agree on a "
        "truce, yet consented to exchange additional captives.",
        date="2025-06-02",
        updated="2025-06-02T15:36:00-05:00",
        source="NPR",
        contributors=["Hanna Palamarenko", "Georgi Bovt"],
        paragraphs=19,
        removed=[
            "Skip to content",
            "Diplomats from Russia and Ukraine, in a meeting held in Istanbul on Monday, "
            "didn't succeed in...",
            "June 2, 2025 Update – 3:36 PM CDT",
            "NPR producers Hanna Palamarenko and Georgi Bovt contributed to this report from Kyiv.",
            "Copyright 2025 NPR",
            "Read also:",
            "Latest",
        ],
    ),
    Seed(
        prefix="002",
        title="Trump-Putin Peace Talks Loom as Russia Launches Record Drone Strike on Ukraine",
        subtitle="Trump plans direct talks with Putin amid Russia’s record drone assault on "
        "Ukraine; Vatican offers to host ceasefire summit.",
        subheadings=["Ceasefire Prospects Amid Record Violence", "Diplomatic Engagements in Rome"],
        paragraphs=11,
    ),
    Seed(
        prefix="003",
        title="U.S. and Russia exchange views as peace negotiations hang in the balance",
        subheadings=[
            "Talks Highlight Urgency for a Peace Deal",
            "Russia Signals Openness—With Conditions",
            "Diplomatic Efforts Face Major Challenges",
        ],
        paragraphs=10,
        removed=["Others are reading now", "Also read"],
    ),
    Seed(
        prefix="004",
        title="Ukraine and Russia to Meet for 2nd Round of Talks as Attacks Escalate",
        subtitle="After more than three years of war, Moscow and Kyiv are engaged in direct and "
        "public discussions to end the fighting, but their positions remain far apart.",
        source="The New York Times",
        contributors=["Steven Erlanger"],
        subheadings=["Attacks Across Russia"],
        paragraphs=21,
        removed=[
            "Emergency workers in safety helmets walk near damaged houses.",
            "Emergency workers on Sunday at the scene of a Russian attack in Zaporizhzhia, "
            "Ukraine.Credit…Thomas Peter/Reuters",
            "The New York Times",
            "Four men, some wrapped in the Ukrainian flag, stand in front of a blue and yellow "
            "backdrop.",
            "Released Ukrainian prisoners at a reception point in the Chernihiv region of Ukraine "
            "last month. The swap was negotiated during the first round of direct talks between "
            "Ukraine and Russia.Credit…Brendan Hoffman for The New York Times",
            "Steven Erlanger contributed reporting.",
        ],
    ),
]


def seed_path(prefix: str) -> Path:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path


def seed_lines(prefix: str) -> list[str]:
    raw = seed_path(prefix).read_text(encoding="utf-8")
    return [line for line in (normalize(line) for line in raw.splitlines()) if line]


@pytest.fixture(scope="module")
def cleaned() -> dict[str, ParsedArticle]:
    return {
        seed.prefix: clean_text(seed_path(seed.prefix).read_text(encoding="utf-8"))
        for seed in SEED_EXPECTATIONS
    }


@pytest.mark.parametrize("seed", SEED_EXPECTATIONS, ids=lambda seed: seed.prefix)
class TestSeeds:
    def test_metadata(self, seed: Seed, cleaned: dict[str, ParsedArticle]) -> None:
        article = cleaned[seed.prefix]
        if seed.title:
            assert article.title == seed.title
        assert article.subtitle == seed.subtitle
        assert article.date == seed.date
        assert article.updated == seed.updated
        assert article.source == seed.source
        assert article.contributors == seed.contributors

    def test_blocks(self, seed: Seed, cleaned: dict[str, ParsedArticle]) -> None:
        blocks = cleaned[seed.prefix].blocks
        assert [b.text for b in blocks if b.kind == "subheading"] == seed.subheadings
        assert sum(b.kind == "paragraph" for b in blocks) == seed.paragraphs
        texts = [b.text for b in blocks]
        assert len(texts) == len(set(texts)), "a paragraph appears twice"

    def test_removed_lines_are_gone(self, seed: Seed, cleaned: dict[str, ParsedArticle]) -> None:
        article = cleaned[seed.prefix]
        texts = {block.text for block in article.blocks}
        for line in seed.removed:
            assert normalize(line) in seed_lines(seed.prefix), f"not in the seed: {line!r}"
            assert normalize(line) not in texts
        assert not any(article.title == text for text in texts), "title repeated in body"
        assert not any("Credit…" in text for text in texts)

    def test_nothing_real_dropped(self, seed: Seed, cleaned: dict[str, ParsedArticle]) -> None:
        article = cleaned[seed.prefix]
        kept = [squash(b.text) for b in article.blocks]
        kept += [squash(article.title), squash(article.subtitle or "")]
        removed = {normalize(line) for line in seed.removed}
        for line in seed_lines(seed.prefix):
            if line in removed or len(line.split()) < 8 or line[:3] in ("1. ", "2. "):
                continue
            wanted = squash(_DATE_PREFIX.sub("", line))
            assert any(wanted in text for text in kept), f"dropped: {line[:80]!r}"


def test_seed_000_title_is_derived_from_the_lead(cleaned: dict[str, ParsedArticle]) -> None:
    article = cleaned["000"]
    lead = article.blocks[0].text
    assert lead.startswith("US Secretary of State Marco Rubio has spoken")
    assert 20 <= len(article.title) <= 92
    assert not article.title.lower().startswith("date")
    assert lead.startswith(article.title.rstrip("…"))


def test_seed_001_trailing_link_list_and_glued_dateline(cleaned: dict[str, ParsedArticle]) -> None:
    texts = [block.text for block in cleaned["001"].blocks]
    assert not any(text.startswith(("The negotiations in Istanbul", "Amidst")) for text in texts)
    assert texts[-1].startswith("Bovt recalled")
    assert any(text.startswith("Istanbul – Moscow – Kyiv – Ukrainian and") for text in texts)
    assert not any("KyivUkrainian" in text for text in texts)


def test_seed_003_lead_stays_and_004_spacing_is_clean(cleaned: dict[str, ParsedArticle]) -> None:
    assert cleaned["003"].blocks[0].text.startswith("Efforts to end the war in Ukraine")
    assert not any("\u00a0" in b.text or "  " in b.text for b in cleaned["004"].blocks)


# --- General rules on made-up text: the rules must not depend on the seeds' words ----------

ARTICLE = """\
Skip to main content

Harbour Bridge Reopens After Two Years of Repairs

The Boston Globe

By Jane Doe

Published 14 March 2024

The harbour bridge reopened to traffic on Thursday after two years of repairs that cost
more than the city had planned, officials said at a ceremony.

Advertisement

What Comes Next

Engineers will keep monitoring the structure for six months, the transport department said
in a statement released after the ceremony.

Read more about the plan in the report the city published on Monday with all the figures.

Maria Lopez and Tom Smith contributed reporting from the waterfront.

© 2024 Globe Media. All rights reserved.

Related
  1. City budget plans cut road spending again next year
  2. Ferry service extended for summer months
"""


def test_metadata_and_boilerplate_lines_of_any_outlet() -> None:
    article = clean_text(ARTICLE)
    texts = [block.text for block in article.blocks]
    assert article.title == "Harbour Bridge Reopens After Two Years of Repairs"
    assert article.date == "2024-03-14"
    assert article.source == "Globe Media"  # the copyright holder wins over the masthead
    assert article.author == "Jane Doe"
    assert article.contributors == ["Maria Lopez", "Tom Smith"]
    assert texts == [
        "The harbour bridge reopened to traffic on Thursday after two years of repairs that "
        "cost more than the city had planned, officials said at a ceremony.",
        "What Comes Next",
        "Engineers will keep monitoring the structure for six months, the transport "
        "department said in a statement released after the ceremony.",
        "Read more about the plan in the report the city published on Monday with all the figures.",
    ]
    assert article.blocks[1].kind == "subheading"
    without_copyright = ARTICLE.replace("© 2024 Globe Media. All rights reserved.", "")
    assert clean_text(without_copyright).source == "The Boston Globe"  # the masthead


def test_a_list_ending_an_article_without_end_marker_is_kept() -> None:
    text = (
        "Budget Measures Announced\n\nThe minister listed the measures in the budget.\n\n"
        "- A freeze on fuel duty\n- More money for schools"
    )
    texts = [block.text for block in clean_text(text).blocks]
    assert texts[-2:] == ["- A freeze on fuel duty", "- More money for schools"]


def test_a_short_line_before_a_caption_stays_when_a_blank_line_parts_them() -> None:
    text = (
        "Storm Hits Coast\n\nThe storm arrived at night.\n\n"
        "Houses by the sea.Credit…Jo Bloggs/Reuters\n\nIt was the worst storm in years here."
    )
    texts = [block.text for block in clean_text(text).blocks]
    assert texts == ["The storm arrived at night.", "It was the worst storm in years here."]


def test_hard_wrapped_lines_join_and_repeats_go() -> None:
    paragraph = "Officials said the plan would be\nreviewed again next spring by the council."
    text = f"Council Plan Delayed\n\n{paragraph}\n\n{paragraph}\n\nMore text follows here."
    texts = [block.text for block in clean_text(text).blocks]
    assert texts == [paragraph.replace("\n", " "), "More text follows here."]


@pytest.mark.parametrize(
    "sentence",
    [
        "Copyright law is changing fast in Europe.",
        "Strong sales in China contributed.",
        "By Friday the roads had reopened.",
        "Related costs rose by a fifth, the company said.",
        "Latest figures show a rise in unemployment across the region.",
        "Share prices fell.",
        "The New York Times reported the deal first.",
    ],
)
def test_sentences_that_resemble_boilerplate_stay(sentence: str) -> None:
    text = f"Some Headline\n\nA first paragraph of the story.\n\n{sentence}\n\nThe end of it."
    article = clean_text(text)
    assert sentence in [block.text for block in article.blocks]
    assert article.source is None and article.contributors == [] and article.author is None


def test_line_above_a_caption_stays_in_single_newline_text() -> None:
    text = "Talks Resume\nRubio said talks would go on.\nA street.Credit…Jo Bloggs/Reuters\nMore."
    texts = [block.text for block in clean_text(text).blocks]
    assert texts == ["Rubio said talks would go on.", "More."]


def test_short_repeated_lines_are_not_deduplicated() -> None:
    text = "Match Report\n\nSubs: Smith, Jones.\n\nThe second half.\n\nSubs: Smith, Jones."
    texts = [block.text for block in clean_text(text).blocks]
    assert texts.count("Subs: Smith, Jones.") == 2


def test_fallback_title_and_entities() -> None:
    text = "The fund lost &#163;3m last year, its accounts show. Its managers were replaced."
    article = clean_text(text, fallback_title="Fund losses")
    assert article.title == "Fund losses"
    assert article.blocks[0].text.startswith("The fund lost £3m last year")


def test_markdown_syntax_is_stripped() -> None:
    text = (
        "# Rail Strike Called Off\n\nUnions *called off* the **strike** after talks, "
        "[the union](https://example.com) said.\n\nTrains run again from Monday.\n\n"
        "## What Was Agreed\n\n"
        "- Pay rises of _five_ percent over two years for all staff.\n"
    )
    article = clean_text(text, markdown=True)
    assert article.title == "Rail Strike Called Off"
    assert [(b.kind, b.text) for b in article.blocks] == [
        ("paragraph", "Unions called off the strike after talks, the union said."),
        ("paragraph", "Trains run again from Monday."),
        ("subheading", "What Was Agreed"),
        ("paragraph", "Pay rises of five percent over two years for all staff."),
    ]


def test_clean_paragraphs_with_a_known_title() -> None:
    article = clean_paragraphs(
        [
            "Mayor Resigns",
            "The mayor resigned on Friday, citing health reasons. She had served since 2019.",
            Block("subheading", "Reaction."),
            "Council members thanked her for her service to the town.",
        ],
        title="Mayor Resigns",
    )
    assert article.title == "Mayor Resigns"
    assert [block.kind for block in article.blocks] == ["paragraph", "subheading", "paragraph"]


@pytest.mark.parametrize(
    ("after_the_lead", "is_dek"),
    [
        ("Reactions From the Council", True),  # a subheading sets the sentence apart
        ("Street Scene.Credit…Ann Lee/AFP", True),  # so does a caption
        ("The council will meet again next week to discuss the budget in detail.", False),
    ],
)
def test_a_one_sentence_paragraph_under_the_headline_is_a_dek_only_when_set_apart(
    after_the_lead: str, is_dek: bool
) -> None:
    dek = "The city council approved a new budget on Tuesday after a long debate."
    text = f"Budget Approved\n\n{dek}\n\n{after_the_lead}\n\nThe vote was close, aides said."
    article = clean_text(text)
    assert article.subtitle == (dek if is_dek else None)
    assert (dek in [block.text for block in article.blocks]) is not is_dek


def test_no_dek_after_a_byline() -> None:
    text = (
        "Budget Approved\n\nBy Ann Lee\n\nThe council approved a new budget on Tuesday "
        "after a debate.\n\nWhat Happens Next\n\nThe vote was close, aides said."
    )
    article = clean_text(text)
    assert article.subtitle is None
    assert article.author == "Ann Lee"


# --- The BBC corpus: cleaning must keep every real paragraph --------------------------------


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def test_bbc_corpus_keeps_every_paragraph_and_title() -> None:
    if not BBC.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"BBC corpus missing in CI at {BBC}")
        pytest.skip(f"BBC corpus not found at {BBC} (../shared is not beside the repo)")
    files = sorted(BBC.glob("*/*.txt"))
    assert len(files) > 2000
    problems: list[str] = []
    for path in files:
        name = f"{path.parent.name}/{path.name}"
        lines = [normalize(line) for line in _decode(path).splitlines()]
        [article] = read_file(path)
        if article.title != lines[0]:
            problems.append(f"{name}: title {article.title!r} != {lines[0]!r}")
        body = [block.text for block in article.blocks]
        for line in lines[1:]:
            if len(line.split()) >= 8 and not any(line in text for text in body):
                problems.append(f"{name}: dropped {line[:70]!r}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:30])
