"""Resolution of mentions into canonical entities, and the aliases.toml overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.entities.aliases import AliasFileError, AliasOverrides
from index.entities.resolve import Resolution, resolve
from index.errors import NewsdeskError
from index.models import Mention


def library(articles: dict[str, list[tuple[str, str]]]) -> dict[str, list[tuple[int, Mention]]]:
    """Articles as lists of (surface, type); each mention gets its own block."""
    result = {}
    for article_id, mentions in articles.items():
        result[article_id] = [
            (block, Mention(0, len(surface), surface, entity_type))  # type: ignore[arg-type]
            for block, (surface, entity_type) in enumerate(mentions)
        ]
    return result


def name_of(resolution: Resolution, article_id: str, block: int) -> str:
    entity = resolution.entity_for(article_id, block, 0)
    assert entity is not None
    return entity.name


def groups(resolution: Resolution) -> set[frozenset[str]]:
    return {frozenset(entity.aliases) for entity in resolution.entities}


def test_zelensky_spellings_are_one_person() -> None:
    resolution = resolve(
        library(
            {
                "a": [("Volodymyr Zelensky", "PERSON"), ("Zelensky", "PERSON")],
                "b": [("Zelenskyy", "PERSON")],
                "c": [("Volodymyr Zelenskyy", "PERSON"), ("Zelenskyy", "PERSON")],
                "d": [("Volodymyr Zelensky", "PERSON"), ("Zelensky", "PERSON")],
            }
        )
    )
    assert len(resolution.entities) == 1
    assert resolution.entities[0].name == "Volodymyr Zelensky"
    assert resolution.entities[0].article_ids == {"a", "b", "c", "d"}


def test_lavrov_transliterations_merge() -> None:
    resolution = resolve(
        library(
            {
                "a": [("Sergei Lavrov", "PERSON")],
                "b": [("Sergey Lavrov", "PERSON"), ("Lavrov", "PERSON")],
                "c": [("Sergey Lavrov", "PERSON")],
            }
        )
    )
    assert [e.name for e in resolution.entities] == ["Sergey Lavrov"]


def test_putin_with_and_without_initial() -> None:
    resolution = resolve(
        library(
            {
                "a": [("Vladimir V. Putin", "PERSON"), ("Putin", "PERSON")],
                "b": [("Vladimir Putin", "PERSON")],
                "c": [("Vladimir Putin", "PERSON")],
            }
        )
    )
    assert [e.name for e in resolution.entities] == ["Vladimir Putin"]


def test_trump_forms_merge() -> None:
    resolution = resolve(
        library(
            {"a": [("Trump", "PERSON")], "b": [("Donald Trump", "PERSON"), ("Trump", "PERSON")]}
        )
    )
    assert [e.name for e in resolution.entities] == ["Donald Trump"]


def test_united_states_forms_are_one_place() -> None:
    resolution = resolve(
        library({"a": [("U.S.", "PLACE"), ("US", "PLACE")], "b": [("United States", "PLACE")]})
    )
    assert [(e.name, e.type) for e in resolution.entities] == [("United States", "PLACE")]


@pytest.mark.parametrize(
    ("forms", "name"),
    [
        (["Kiev", "Kyiv"], "Kyiv"),
        (["UK", "Britain", "United Kingdom"], "United Kingdom"),
        (["UN", "United Nations"], "United Nations"),
        (["EU", "European Union"], "European Union"),
        (["NATO", "Nato"], "NATO"),
    ],
)
def test_builtin_variants(forms: list[str], name: str) -> None:
    entity_type = "PLACE" if name in {"Kyiv", "United Kingdom"} else "ORG"
    resolution = resolve(library({"a": [(form, entity_type) for form in forms]}))
    assert [e.name for e in resolution.entities] == [name]


def test_surname_prefers_the_full_name_in_the_same_article() -> None:
    resolution = resolve(
        library(
            {
                "a": [("John Smith", "PERSON"), ("Smith", "PERSON")],
                "b": [("Anna Smith", "PERSON"), ("Smith", "PERSON")],
            }
        )
    )
    assert name_of(resolution, "a", 1) == "John Smith"
    assert name_of(resolution, "b", 1) == "Anna Smith"


def test_ambiguous_surname_across_the_library_stays_apart() -> None:
    resolution = resolve(
        library(
            {
                "a": [("John Smith", "PERSON")],
                "b": [("Anna Smith", "PERSON")],
                "c": [("Smith", "PERSON")],
            }
        )
    )
    assert name_of(resolution, "c", 0) == "Smith"
    assert len(resolution.entities) == 3


def test_different_people_with_one_first_name_stay_apart() -> None:
    resolution = resolve(
        library({"a": [("Vladimir Putin", "PERSON"), ("Vladimir Medinsky", "PERSON")]})
    )
    assert len(resolution.entities) == 2


def test_an_initial_names_one_person_never_a_chain_of_them() -> None:
    """ "R Williams" matches Rhys, Robbie and Rowan Williams alike: it must not join them
    into one person. In an article that names one of them it is that one; alone, it is
    a person of its own (at 100,000 articles one entity held nine Williamses)."""
    resolution = resolve(
        library(
            {
                "a": [("Rhys Williams", "PERSON"), ("R Williams", "PERSON")],
                "b": [("Robbie Williams", "PERSON"), ("Williams", "PERSON")],
                "c": [("Rowan Williams", "PERSON")],
                "d": [("R Williams", "PERSON")],
                "e": [("Serena Williams", "PERSON"), ("S Williams", "PERSON")],
                "f": [("S Williams", "PERSON")],
            }
        )
    )
    assert name_of(resolution, "a", 1) == "Rhys Williams"
    assert name_of(resolution, "b", 1) == "Robbie Williams"
    assert name_of(resolution, "c", 0) == "Rowan Williams"
    assert name_of(resolution, "d", 0) == "R Williams"
    # One S... Williams in the library: the initial is hers everywhere.
    assert name_of(resolution, "e", 1) == name_of(resolution, "f", 0) == "Serena Williams"
    names = sorted(entity.name for entity in resolution.entities)
    assert names == [
        "R Williams",
        "Rhys Williams",
        "Robbie Williams",
        "Rowan Williams",
        "Serena Williams",
    ]


def test_a_lone_word_two_letters_from_a_surname_is_not_that_person() -> None:
    """With no first name to back it, a lone surname may differ by one letter
    ("Zelenskyy"), not two: "Christmas" was Louise Christian's 9,000 times."""
    resolution = resolve(
        library(
            {
                "a": [("Louise Christian", "PERSON"), ("Christmas", "PERSON")],
                "b": [("Christmas", "PERSON")],
                "c": [("Volodymyr Zelensky", "PERSON")],
                "d": [("Zelenskyy", "PERSON")],
            }
        )
    )
    assert name_of(resolution, "a", 1) == name_of(resolution, "b", 0) == "Christmas"
    assert name_of(resolution, "d", 0) == "Volodymyr Zelensky"


def test_possessive_and_roles() -> None:
    mentions = library({"a": [("Rubio’s", "PERSON"), ("Marco Rubio", "PERSON")]})
    resolution = resolve(mentions, None, {("a", 1, 0): "Secretary of State"})
    [entity] = resolution.entities
    assert entity.name == "Marco Rubio"
    assert entity.roles == ["Secretary of State"]
    assert "Rubio’s" not in entity.aliases


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "aliases.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_overrides_merge_rename_ignore_type(tmp_path: Path) -> None:
    overrides = AliasOverrides.load(
        write(
            tmp_path,
            """
            ignore = ["Monday"]
            [merge]
            "Volodymyr Zelensky" = ["Zelenskiy", "President Z"]
            [rename]
            "Kiev" = "Kyiv"
            [type]
            "Truth Social" = "ORG"
            """,
        )
    )
    resolution = resolve(
        library(
            {
                "a": [("Volodymyr Zelensky", "PERSON"), ("President Z", "PERSON")],
                "b": [("Zelenskiy", "PERSON"), ("Monday", "PERSON"), ("Kiev", "PLACE")],
                "c": [("Truth Social", "PERSON"), ("Kyiv", "PLACE")],
            }
        ),
        overrides,
    )
    assert name_of(resolution, "a", 1) == "Volodymyr Zelensky"
    assert name_of(resolution, "b", 0) == "Volodymyr Zelensky"
    assert resolution.entity_for("b", 1, 0) is None
    assert name_of(resolution, "b", 2) == "Kyiv"
    truth = resolution.entity_for("c", 0, 0)
    assert truth is not None and truth.type == "ORG"
    zelensky = resolution.entity_for("a", 0, 0)
    assert zelensky is not None and {"President Z", "Zelenskiy"} <= zelensky.aliases


def test_split_keeps_a_surface_apart_by_type(tmp_path: Path) -> None:
    overrides = AliasOverrides.load(write(tmp_path, '[split]\n"Jordan" = ["PERSON", "PLACE"]\n'))
    resolution = resolve(
        library(
            {
                "a": [("Michael Jordan", "PERSON"), ("Jordan", "PERSON")],
                "b": [("Jordan", "PLACE")],
            }
        ),
        overrides,
    )
    assert name_of(resolution, "a", 1) == "Jordan"
    assert resolution.entity_for("a", 1, 0) is not resolution.entity_for("b", 0, 0)
    assert resolution.entity_for("a", 1, 0) is not resolution.entity_for("a", 0, 0)


def test_split_accepts_a_plain_list(tmp_path: Path) -> None:
    overrides = AliasOverrides.load(write(tmp_path, 'split = ["Jordan"]\n'))
    assert "jordan" in overrides.split


@pytest.mark.parametrize(
    "text",
    [
        "[merge\n",
        "merge = 3\n",
        '[type]\n"X" = "ANIMAL"\n',
        '[merge]\n"A" = [1, 2]\n',
        "ignore = 5\n",
    ],
)
def test_bad_alias_file_gives_a_one_line_error(tmp_path: Path, text: str) -> None:
    with pytest.raises(AliasFileError) as raised:
        AliasOverrides.load(write(tmp_path, text))
    assert isinstance(raised.value, NewsdeskError)
    assert "\n" not in str(raised.value)
    assert "aliases.toml" in str(raised.value)


def test_missing_alias_file_means_no_overrides(tmp_path: Path) -> None:
    assert AliasOverrides.load(tmp_path / "absent.toml") == AliasOverrides()


def test_a_resolution_survives_pickling_between_processes() -> None:
    """Reader processes send resolutions to the storing process: every field of every
    entity arrives, and each mention still points at the same entity object."""
    import pickle

    from index.entities.resolve import CanonicalEntity

    lavrov = CanonicalEntity("Sergei Lavrov", "PERSON", {"Lavrov"}, ["foreign minister"], 3, {"a"})
    resolution = Resolution([lavrov], {("a", 0, 5): 0, ("a", 2, 9): 0})
    back = pickle.loads(pickle.dumps(resolution, protocol=pickle.HIGHEST_PROTOCOL))
    assert [vars(e) for e in back.entities] == [vars(lavrov)]
    assert back.entity_for("a", 0, 5) is back.entity_for("a", 2, 9) is back.entities[0]
    assert back.assignments == resolution.assignments


def test_a_party_s_nicknames_are_the_party() -> None:
    """ "Tory" and "the Tories" are the Conservative Party; a reader follows one party."""
    resolution = resolve(
        library(
            {
                "a": [("Tory", "ORG"), ("Conservative Party", "ORG")],
                "b": [("Tories", "ORG"), ("Labour", "ORG")],
                "c": [("Conservatives", "ORG"), ("Labour Party", "ORG")],
            }
        )
    )
    assert {name_of(resolution, "a", 0), name_of(resolution, "b", 0)} == {"Conservative Party"}
    assert name_of(resolution, "c", 0) == "Conservative Party"
    assert name_of(resolution, "b", 1) == name_of(resolution, "c", 1) == "Labour Party"
    assert len(resolution.entities) == 2


def test_an_organisation_named_by_its_last_word_joins_its_full_name_in_the_article() -> None:
    """ "United" after "Manchester United" is Manchester United there, and "United" after
    "Leeds United" is Leeds United; alone, or after both, it stays apart. The short form
    names neither entity nor becomes its alias (a later "United" must not join by it)."""
    resolution = resolve(
        library(
            {
                "a": [("Manchester United", "ORG"), ("United", "ORG"), ("United", "ORG")],
                "b": [("Leeds United", "ORG"), ("United", "ORG")],
                "c": [("United", "ORG")],
                "d": [("Manchester United", "ORG"), ("Leeds United", "ORG"), ("United", "ORG")],
            }
        )
    )
    assert [name_of(resolution, "a", block) for block in range(3)] == ["Manchester United"] * 3
    assert [name_of(resolution, "b", block) for block in range(2)] == ["Leeds United"] * 2
    assert name_of(resolution, "c", 0) == name_of(resolution, "d", 2) == "United"
    manchester = resolution.entity_for("a", 0, 0)
    assert manchester is not None and manchester.aliases == {"Manchester United"}
    assert manchester.mention_count == 4


def test_a_double_barrelled_surname_alone_is_the_person_named_in_full() -> None:
    """ "Mr Kilroy-Silk" was read as first name "Kilroy" and surname "Silk": the BBC library
    held a "Kilroy-Silk" of 81 mentions apart from "Robert Kilroy-Silk"."""
    resolution = resolve(
        library(
            {
                "a": [("Robert Kilroy-Silk", "PERSON"), ("Kilroy-Silk", "PERSON")],
                "b": [("Kilroy-Silk", "PERSON")],
                "c": [("Catherine Zeta-Jones", "PERSON"), ("Jean-Pierre Raffarin", "PERSON")],
                "d": [("Raffarin", "PERSON"), ("Zeta-Jones", "PERSON")],
            }
        )
    )
    assert name_of(resolution, "a", 1) == "Robert Kilroy-Silk"
    assert name_of(resolution, "b", 0) == "Robert Kilroy-Silk"
    assert name_of(resolution, "d", 0) == "Jean-Pierre Raffarin"
    assert name_of(resolution, "d", 1) == "Catherine Zeta-Jones"
