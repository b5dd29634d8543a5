"""Single words guessed to be people are settled with what the whole library says."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.entities.catalog import find_entity
from index.entities.lone_words import MIN_ARTICLES, settle_lone_words
from index.library import Library

COMPANY = "Shares in Zorblax rose on Monday. Zorblax said profits grew. Zorblax added more."


def _write_articles(folder: Path, stem: str, text: str, count: int) -> None:
    for number in range(count):
        (folder / f"{stem}-{number}.txt").write_text(f"{stem} story {number}\n\n{text}\n")


def _articles_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    return folder


def _library_of(tmp_path: Path, folder: Path) -> Library:
    """A new library with the articles of `folder` added."""
    library = Library.open(tmp_path / "lib", import_seeds=False)
    library.add([folder])
    return library


def _resolve_batch_by_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resolve entities as a big library does: batch by batch, four files a batch."""
    monkeypatch.setattr("index.entity_upkeep.FULL_RESOLVE_MAX_ARTICLES", 0)
    monkeypatch.setattr("index.ingest.BATCH_SIZE", 4)


def _types(library: Library, name: str) -> dict[str, tuple[int, int]]:
    return {
        row.type: (row.mention_count, row.article_count)
        for row in find_entity(library.store.conn, name)
    }


@pytest.mark.parametrize("batch_by_batch", [False, True])
def test_a_word_the_library_never_names_as_a_person_is_an_organisation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_by_batch: bool
) -> None:
    """ "Zorblax said" reads like "Blair said"; across a dozen articles that never give
    Zorblax a first name or a title it is an organisation, and the "in Zorblax" the
    articles also have (guessed a place) joins it. The same after a full resolution and
    batch by batch, as a big library resolves."""
    if batch_by_batch:
        _resolve_batch_by_batch(monkeypatch)
    folder = _articles_folder(tmp_path)
    _write_articles(folder, "company", COMPANY, MIN_ARTICLES + 2)
    coach = "Coach Grubbins praised the team. Grubbins said they were tired. Grubbins left."
    _write_articles(folder, "coach", coach, MIN_ARTICLES + 2)
    rare = COMPANY.replace("Zorblax", "Quuxcorp")
    _write_articles(folder, "rare", rare, MIN_ARTICLES - 1)
    (folder / "full.txt").write_text("Full\n\nTony Smithers spoke. Smithers said little.\n")
    library = Library.open(tmp_path / "lib", import_seeds=False)
    assert library.add([folder]).added == 3 * MIN_ARTICLES + 4

    articles = MIN_ARTICLES + 2
    assert _types(library, "Zorblax") == {"ORG": (3 * articles, articles)}
    assert library.search("org:zorblax").total == articles
    assert library.search("person:zorblax").total == articles  # as found in the text
    # A title before the name says person; too few articles say nothing yet.
    assert _types(library, "Grubbins") == {"PERSON": (3 * articles, articles)}
    few = MIN_ARTICLES - 1
    assert _types(library, "Quuxcorp") == {"PERSON": (2 * few, few), "PLACE": (few, few)}
    assert set(_types(library, "Tony Smithers")) == {"PERSON"}
    # Settled once, nothing is left to settle.
    assert settle_lone_words(library.store.conn) == 0
    # One more article, resolved against the stored entities: it joins the organisation.
    _write_articles(folder, "later", COMPANY, 1)
    rebuilt: list[bool] = []
    monkeypatch.setattr(library, "rebuild_entities", lambda: rebuilt.append(True))
    assert library.add([folder]).added == 1 and not rebuilt
    assert _types(library, "Zorblax") == {"ORG": (3 * (articles + 1), articles + 1)}
    library.close()


def test_one_article_that_says_what_a_word_is_settles_it_for_the_library(tmp_path: Path) -> None:
    """ "Zelbrook said" in a few articles reads like a person; one article that calls it an
    "aircraft maker" makes the library's Zelbrook one organisation, well below the article
    count a word needs on its own."""
    folder = _articles_folder(tmp_path)
    said = "Orders rose, Zelbrook said. Deliveries will resume, Zelbrook added."
    _write_articles(folder, "said", said, 3)
    (folder / "maker.txt").write_text(
        "Maker\n\nThe aircraft maker Zelbrook won an order. Zelbrook was pleased.\n"
    )
    library = Library.open(tmp_path / "lib", import_seeds=False)
    assert library.add([folder]).added == 4
    assert _types(library, "Zelbrook") == {"ORG": (8, 4)}
    library.close()


def test_a_singer_known_by_one_name_stays_a_person(tmp_path: Path) -> None:
    """A role only a person has ("singer") keeps a one-word name a person in any number of
    articles, as a title does."""
    folder = _articles_folder(tmp_path)
    text = "Fans cheered as the singer Vellichor arrived. Later, Vellichor said thanks."
    _write_articles(folder, "singer", text, MIN_ARTICLES + 12)
    library = _library_of(tmp_path, folder)
    articles = MIN_ARTICLES + 12
    assert _types(library, "Vellichor") == {"PERSON": (2 * articles, articles)}
    library.close()


@pytest.mark.parametrize("batch_by_batch", [False, True])
def test_a_hyphenated_word_is_one_word_not_a_first_name_and_surname(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_by_batch: bool
) -> None:
    """ "Vel-Mart said" is settled as any single word is, where it used to pass for a first
    name and a surname. A hyphenated surname that people are named in full with stays a
    person's, alone where it could be either of two of them."""
    if batch_by_batch:
        _resolve_batch_by_batch(monkeypatch)
    folder = _articles_folder(tmp_path)
    _write_articles(folder, "company", COMPANY.replace("Zorblax", "Vel-Mart"), MIN_ARTICLES + 2)
    for first in ("Ada", "Ben"):
        actor = f"{first} Quill-Jones spoke. Later Quill-Jones said the film was good."
        _write_articles(folder, first, actor, 2)
    alone = "The film was long, Quill-Jones said. Critics agreed with Quill-Jones."
    _write_articles(folder, "alone", alone, MIN_ARTICLES + 2)
    library = _library_of(tmp_path, folder)
    articles = MIN_ARTICLES + 2
    assert _types(library, "Vel-Mart") == {"ORG": (3 * articles, articles)}
    assert set(_types(library, "Quill-Jones")) == {"PERSON"}
    library.close()


def test_aliases_toml_types_win_over_the_library(tmp_path: Path) -> None:
    folder = _articles_folder(tmp_path)
    _write_articles(folder, "company", COMPANY, MIN_ARTICLES + 2)
    library = Library.open(tmp_path / "lib", import_seeds=False)
    (library.folder / "aliases.toml").write_text('[type]\n"Zorblax" = "PERSON"\n')
    library.add([folder])
    assert set(_types(library, "Zorblax")) == {"PERSON"}
    library.close()


def _store_entities(library: Library, rows: list[tuple[int, str, str, dict[str, int]]]) -> None:
    """Entities (id, name, type, {surface: mentions}), each mention in an article of its own;
    an entity's aliases are its surfaces."""
    conn = library.store.conn
    for entity_id, name, entity_type, surfaces in rows:
        total = sum(surfaces.values())
        conn.execute(
            "INSERT INTO entities (id, name, type, mention_count, article_count)"
            " VALUES (?, ?, ?, ?, ?)",
            (entity_id, name, entity_type, total, total),
        )
        for surface, count in surfaces.items():
            conn.execute(
                "INSERT INTO entity_aliases (entity_id, alias) VALUES (?, ?)",
                (entity_id, surface.lower()),
            )
            for number in range(count):
                article = f"{entity_id}-{surface}-{number}"
                conn.execute(
                    "INSERT INTO articles (id, title, path, content_hash) VALUES (?, 't', 'p', ?)",
                    (article, article),
                )
                conn.execute(
                    "INSERT INTO mentions (article_id, block, start, end, surface, type,"
                    " entity_id) VALUES (?, 0, 0, ?, ?, ?, ?)",
                    (article, len(surface), surface, entity_type, entity_id),
                )


def test_a_lone_person_joins_the_organisation_of_its_word(tmp_path: Path) -> None:
    """Below the article threshold a lone "person" still joins an organisation of the same
    word (its mentions move, the counts follow), and so does an unknown "place"; a place
    the gazetteer knows stays apart."""
    library = Library.open(tmp_path / "lib", import_seeds=False)
    _store_entities(
        library,
        [
            (1, "Gazprom", "ORG", {"Gazprom": 2}),
            (2, "Gazprom", "PERSON", {"Gazprom": 2}),
            (3, "Gazprom", "PLACE", {"Gazprom": 1}),
            (4, "Leeds", "PERSON", {"Leeds": 1}),
            (5, "Leeds", "ORG", {"Leeds": 1}),
            (6, "Leeds", "PLACE", {"Leeds": 1}),
        ],
    )
    conn = library.store.conn
    assert settle_lone_words(conn) == 3
    assert _types(library, "Gazprom") == {"ORG": (5, 5)}
    owners = conn.execute("SELECT DISTINCT entity_id FROM mentions WHERE surface = 'Gazprom'")
    assert [tuple(row) for row in owners] == [(1,)]
    assert _types(library, "Leeds") == {"ORG": (2, 2), "PLACE": (1, 1)}
    library.close()


def test_a_first_name_stays_a_person_when_people_named_in_full_carry_it(tmp_path: Path) -> None:
    """ "Brian" alone is one of the Brians named in full; "Mercedes", 60 times alone, once as
    Mercedes Ruehl's first name and once in a misread "London Mercedes" that a person of
    1,000 mentions holds, is not a person: what counts is how often the full name is written."""
    library = Library.open(tmp_path / "lib", import_seeds=False)
    _store_entities(
        library,
        [
            (1, "Brian", "PERSON", {"Brian": 30}),
            (2, "Brian Cox", "PERSON", {"Brian Cox": 10}),
            (3, "Mercedes", "PERSON", {"Mercedes": 60}),
            (4, "Mercedes Ruehl", "PERSON", {"Mercedes Ruehl": 1}),
            (5, "Tony Smith", "PERSON", {"Tony Smith": 1000, "London Mercedes": 1}),
        ],
    )
    assert settle_lone_words(library.store.conn) == 1
    assert _types(library, "Brian") == {"PERSON": (30, 30)}
    assert _types(library, "Mercedes") == {"ORG": (60, 60)}
    library.close()


def test_a_few_more_mentions_join_the_organisation_despite_a_misread_namesake(
    tmp_path: Path,
) -> None:
    """A later add's 3 "Sony" mentions are weighed with the organisation they would join,
    not against a misread "Mac Sony" alone (2 mentions would keep 3 a person's)."""
    library = Library.open(tmp_path / "lib", import_seeds=False)
    _store_entities(
        library,
        [
            (1, "Sony", "ORG", {"Sony": 100}),
            (2, "Sony", "PERSON", {"Sony": 3}),
            (3, "Mac Sony", "PERSON", {"Mac Sony": 2}),
        ],
    )
    assert settle_lone_words(library.store.conn) == 1
    assert _types(library, "Sony") == {"ORG": (103, 103)}
    library.close()
