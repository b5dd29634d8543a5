"""The query language over the seeds, highlighting, did-you-mean and the search CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.entities.catalog import find_entity
from index.library import Library
from tui.cli import main


def _titles(library: Library, text: str, **kwargs: object) -> list[str]:
    results = library.search(text, **kwargs)  # type: ignore[arg-type]
    by_id = {s.id: s.title for s in library.summaries()}
    return [by_id[h.id] for h in results.hits]


def test_words_are_stemmed_and_titles_rank_higher(seed_library: Library) -> None:
    titles = _titles(seed_library, "exchange views")
    assert titles[0].startswith("U.S. and Russia exchange views")


def test_phrase_and_boolean_operators(seed_library: Library) -> None:
    vatican = _titles(seed_library, '"Holy See"')
    assert len(vatican) == 1 and "Trump-Putin" in vatican[0]
    assert len(_titles(seed_library, "Vatican OR Murmansk")) == 2
    both = set(_titles(seed_library, "drone"))
    without = set(_titles(seed_library, "drone -Istanbul"))
    assert without and without < both
    assert set(_titles(seed_library, "drone NOT Istanbul")) == without
    assert set(_titles(seed_library, "drone AND Vatican")) == set(_titles(seed_library, "Vatican"))


def test_field_queries(seed_library: Library) -> None:
    assert _titles(seed_library, "source:npr") == [
        "Diplomatic Meetings Emerge Between Ukraine and Russia Following Intense Increase in"
        " Conflict Over the Weekend"
    ]
    assert all("Round" in t or "round" in t for t in _titles(seed_library, "title:round"))
    assert len(_titles(seed_library, 'source:"new york times"')) == 1


def test_dates_and_ranges(seed_library: Library) -> None:
    dated = {s.id for s in seed_library.summaries() if s.date and s.date.startswith("2025-06")}
    assert dated, "the seeds carry June 2025 dates"
    found = {h.id for h in seed_library.search("date:2025-06").hits}
    assert found == dated
    ranged = {h.id for h in seed_library.search("date:[2025-05-01 to 2025-06-02]").hits}
    assert dated <= ranged
    assert seed_library.search("date:[2030-01-01 to 2030-12-31]").total == 0


def test_fuzzy_terms(seed_library: Library) -> None:
    assert seed_library.search("istambul").total == 0
    assert seed_library.search("istambul~").total == seed_library.search("istanbul").total > 0


@pytest.mark.parametrize(
    ("typed", "meant"), [("negotations", "negotiations"), ("Zelenskiy", "zelensky")]
)
def test_did_you_mean(seed_library: Library, typed: str, meant: str) -> None:
    suggestion = seed_library.search(typed).suggestion
    assert suggestion is not None and suggestion.casefold().startswith(meant)
    assert seed_library.search(suggestion).total > 0
    assert seed_library.search("negotiations").suggestion is None


@pytest.mark.parametrize(
    "malformed",
    [
        '"unbalanced quote',
        "(open bracket",
        "close)",
        "AND",
        "peace AND",
        "[2025 to",
        "a:b:c",
        "~~",
        "\x1b[31m",
    ],
)
def test_malformed_queries_never_raise(seed_library: Library, malformed: str) -> None:
    results = seed_library.search(malformed)
    assert results.total >= 0
    assert (
        seed_library.search('"unbalanced peace').total
        == seed_library.search("unbalanced peace").total
    )


def test_snippets_mark_the_hits(seed_library: Library) -> None:
    hit = seed_library.search("Lavrov").hits[0]
    marked = [text for text, is_hit in hit.snippet if is_hit]
    assert marked and all(text.casefold() == "lavrov" for text in marked)


def test_sort_by_date_puts_newest_first(seed_library: Library) -> None:
    dates = [
        seed_library.article(h.id).date for h in seed_library.search("Russia", sort="date").hits
    ]
    known = [d for d in dates if d]
    assert known == sorted(known, reverse=True)


def test_search_cli_json(seed_library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["--library", str(seed_library.folder), "search", "prisoner", "--json", "--limit", "3"]
    )
    rows = json.loads(capsys.readouterr().out)
    assert code == 0 and 1 <= len(rows) <= 3
    assert set(rows[0]) == {"id", "title", "source", "date", "score", "snippet", "path"}
    assert "prisoner" in rows[0]["snippet"].casefold()
    assert Path(rows[0]["path"]).exists()


def test_search_cli_table_shows_did_you_mean(
    seed_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--library", str(seed_library.folder), "search", "negotations"])
    assert "Did you mean: negotiations" in capsys.readouterr().out


def test_show_cli_prints_typed_blocks(
    seed_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    hit = seed_library.search('title:"Attacks Escalate"').hits[0]
    main(["--library", str(seed_library.folder), "show", hit.id[:8], "--json"])
    data = json.loads(capsys.readouterr().out)
    kinds = {b["text"]: b["type"] for b in data["blocks"]}
    assert kinds["Attacks Across Russia"] == "subheading"
    assert data["source"] == "The New York Times"


def test_entity_queries_mix_with_words_and_mark_the_mentions(seed_library: Library) -> None:
    only = {h.id for h in seed_library.search("person:lavrov").hits}
    assert len(only) == 3
    assert {h.id for h in seed_library.search('person:"Sergei Lavrov"').hits} == only
    with_word = seed_library.search("person:lavrov Vatican")
    assert len(with_word.hits) == 1 and with_word.hits[0].id in only
    marked = {t for h in seed_library.search("person:lavrov").hits for t, hit in h.snippet if hit}
    assert "Lavrov" in marked
    assert seed_library.search('entity:"Marco Rubio" date:2025-06').total == 1
    assert seed_library.search("place:kiev").total == seed_library.search("place:kyiv").total > 0
    assert seed_library.search("org:nato").total >= 2
    assert seed_library.search("person:nobodyatall").total == 0


def test_a_corrected_entity_type_finds_what_was_indexed_under_the_guess(
    seed_library: Library,
) -> None:
    """The seeds' "Axios" is guessed a person; typed ORG in aliases.toml, `org:axios` must
    find its article, although the index holds it under `person` (it found nothing)."""
    assert seed_library.search("person:axios").total == 1
    assert seed_library.search("org:axios").total == 0
    folder = seed_library.folder
    (folder / "aliases.toml").write_text('[type]\n"Axios" = "ORG"\n')
    seed_library.close()
    library = Library.open(folder, import_seeds=False)
    try:
        assert [e.type for e in find_entity(library.store.conn, "Axios")] == ["ORG"]
        assert library.search("org:axios").total == 1
        assert library.search("entity:axios").total == 1
    finally:
        library.close()


def test_entity_terms_keep_keys_another_type_holds_to_their_own_field(tmp_path: Path) -> None:
    """A key no entity of another type holds is looked for under every type; one that an
    entity of another type holds ("jordan" of the country) only under the asked type, unless
    that entity is a twentieth of the size (a misread "J. With Axios")."""
    library = Library.open(tmp_path / "lib", import_seeds=False)
    conn = library.store.conn
    conn.executescript(
        "INSERT INTO entities (id, name, type, mention_count) VALUES"
        " (1, 'Michael Jordan', 'PERSON', 100), (2, 'Jordan', 'PLACE', 50),"
        " (3, 'Axios', 'ORG', 100), (4, 'J. With Axios', 'PERSON', 4);"
        "INSERT INTO entity_aliases (entity_id, alias) VALUES"
        " (1, 'michael jordan'), (1, 'jordan'), (2, 'jordan'), (3, 'axios'), (4, 'axios');"
    )
    every = ["org", "other", "person", "place"]
    assert library.entity_terms("Michael Jordan", "PERSON") == sorted(
        [("person", "jordan")] + [(field, "michael jordan") for field in every]
    )
    assert library.entity_terms("Axios", "ORG") == [(field, "axios") for field in every]
    assert library.entity_terms("Jordan", "PLACE") == [("place", "jordan")]
    assert library.entity_terms("Nobody", "PERSON") == [("person", "nobody")]
    assert library.entity_terms("Jordan", None) == sorted(
        (field, key) for field in every for key in ("jordan", "michael jordan")
    )
    library.close()


def test_entity_terms_leave_a_key_to_a_bigger_entity_of_the_same_type(tmp_path: Path) -> None:
    """`person:"cherie blair"` found 10,673 articles at 100,000: every "Blair" of Tony
    Blair's. A key that another entity of the same type holds, at least a twentieth the
    size, is not searched; `person:blair` (both of them) still is."""
    library = Library.open(tmp_path / "lib", import_seeds=False)
    library.store.conn.executescript(
        "INSERT INTO entities (id, name, type, mention_count) VALUES"
        " (1, 'Tony Blair', 'PERSON', 1000), (2, 'Cherie Blair', 'PERSON', 30);"
        "INSERT INTO entity_aliases (entity_id, alias) VALUES"
        " (1, 'tony blair'), (1, 'blair'), (2, 'cherie blair'), (2, 'blair');"
    )
    every = ["org", "other", "person", "place"]
    assert library.entity_terms("Cherie Blair", "PERSON") == [
        (field, "cherie blair") for field in every
    ]
    assert library.entity_terms("Tony Blair", "PERSON") == sorted(
        (field, key) for field in every for key in ("blair", "tony blair")
    )
    assert {key for _field, key in library.entity_terms("Blair", "PERSON")} == {
        "blair",
        "cherie blair",
        "tony blair",
    }
    assert {key for _field, key in library.entity_terms("Cherie Blair", None)} == {"cherie blair"}
    library.close()
