"""People's full names guessed to be organisations join the person the library knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.entities.catalog import find_entity
from index.entities.full_names import settle_full_names
from index.library import Library

RACE = (
    "The race was won by {name} on Sunday. Afterwards {surname} said the pace was slow, "
    "and {surname} thanked the crowd."
)
BRIEF = "The prize went to {name} in Dubai on Friday."


def _write(folder: Path, stem: str, text: str, count: int) -> None:
    for number in range(count):
        (folder / f"{stem}-{number}.txt").write_text(f"{stem} story {number}\n\n{text}\n")


def _types(library: Library, name: str) -> dict[str, int]:
    return {row.type: row.mention_count for row in find_entity(library.store.conn, name)}


@pytest.mark.parametrize("batch_by_batch", [False, True])
def test_a_full_name_guessed_an_organisation_joins_the_person(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_by_batch: bool
) -> None:
    """Named once in an article, "Zerihunet Gebremariam" (a first name no gazetteer knows)
    is guessed an organisation; articles that go on to say "Gebremariam" make him a person,
    and the guess joins him. "Real Qorvath" stays apart: "real" is an everyday word. The
    same after a full resolution and batch by batch, as a big library resolves."""
    if batch_by_batch:
        monkeypatch.setattr("index.entity_upkeep.FULL_RESOLVE_MAX_ARTICLES", 0)
        monkeypatch.setattr("index.ingest.BATCH_SIZE", 4)
    folder = tmp_path / "articles"
    folder.mkdir()
    runner = {"name": "Zerihunet Gebremariam", "surname": "Gebremariam"}
    _write(folder, "race", RACE.format(**runner), 3)
    _write(folder, "brief", BRIEF.format(**runner), 2)
    club = {"name": "Real Qorvath", "surname": "Qorvath"}
    _write(folder, "club-race", RACE.format(**club), 3)
    _write(folder, "club-brief", BRIEF.format(**club), 2)
    _write(folder, "everyday", "The real cost of the real plan was high, officials said.", 12)
    library = Library.open(tmp_path / "lib", import_seeds=False)
    try:
        library.add([folder])
        assert _types(library, "Zerihunet Gebremariam") == {"PERSON": 3 * 3 + 2}
        assert _types(library, "Real Qorvath") == {"PERSON": 3 * 3, "ORG": 2}
        assert settle_full_names(library.store.conn) == 0  # settled already
    finally:
        library.close()


def test_a_person_never_named_by_surname_alone_or_a_tie_leaves_both(tmp_path: Path) -> None:
    """A person named in full only (here after a title) says too little for the guesses of
    the same name; nor does a tie."""
    folder = tmp_path / "articles"
    folder.mkdir()
    _write(folder, "award", "The award went to coach Obrindo Vellaboy in Dubai. He wept.", 3)
    _write(folder, "brief", BRIEF.format(name="Obrindo Vellaboy"), 2)
    _write(folder, "race", RACE.format(name="Zerihunet Gebremariam", surname="Gebremariam"), 1)
    _write(folder, "result", BRIEF.format(name="Zerihunet Gebremariam"), 3)
    library = Library.open(tmp_path / "lib", import_seeds=False)
    try:
        library.add([folder])
        assert _types(library, "Obrindo Vellaboy") == {"PERSON": 3, "ORG": 2}
        assert _types(library, "Zerihunet Gebremariam") == {"PERSON": 3, "ORG": 3}
    finally:
        library.close()
