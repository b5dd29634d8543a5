"""Small adds resolve only the changed articles against the stored entities."""

from __future__ import annotations

from pathlib import Path

from index.entities.catalog import find_entity
from index.library import Library


def _entity(library: Library, name: str) -> tuple[str, int, int]:
    row = find_entity(library.store.conn, name)[0]
    return row.name, row.mention_count, row.article_count


def test_a_small_add_joins_existing_entities_and_matches_a_full_rebuild(
    seed_library: Library, tmp_path: Path
) -> None:
    before = _entity(seed_library, "Lavrov")
    note = tmp_path / "note.txt"
    note.write_text(
        "Berlin talks\n\nForeign Minister Sergey Lavrov met Olaf Scholz in Berlin on Friday."
        " Lavrov said the talks were useful. Scholz disagreed.\n"
    )
    rebuilt: list[bool] = []
    original = seed_library.rebuild_entities
    seed_library.rebuild_entities = lambda: rebuilt.append(True) or original()  # type: ignore[method-assign]
    assert seed_library.add([note]).added == 1
    assert rebuilt == [], "one new article in six must not re-resolve the whole library"
    incremental = {n: _entity(seed_library, n) for n in ("Lavrov", "Olaf Scholz", "Berlin")}
    assert incremental["Lavrov"] == (before[0], before[1] + 2, before[2] + 1)
    assert incremental["Olaf Scholz"][1:] == (2, 1)
    original()
    assert {n: _entity(seed_library, n) for n in incremental} == incremental


def test_an_update_recounts_the_entities_it_no_longer_mentions(
    seed_library: Library, tmp_path: Path
) -> None:
    before = _entity(seed_library, "Lavrov")
    note = tmp_path / "note.txt"
    note.write_text("Berlin talks\n\nSergey Lavrov met Olaf Scholz in Berlin on Friday.\n")
    seed_library.add([note])
    assert _entity(seed_library, "Lavrov")[2] == before[2] + 1
    note.write_text("Berlin talks\n\nOlaf Scholz stayed in Berlin on Friday.\n")
    assert seed_library.add([note]).updated == 1
    assert _entity(seed_library, "Lavrov") == before
