"""Names typed by the words around them: "the" before a name, a role word before a country,
a title or first name before a hyphenated surname, nationality nouns before a name."""

from __future__ import annotations

from index.entities import annotate_blocks, extract_mentions


def spans(text: str) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in extract_mentions(text)}


def test_a_role_word_before_a_country_makes_no_person() -> None:
    """ "the first official New Zealand tour" made New Zealand a person, and the article's
    other mentions followed it (BBC sport/371)."""
    blocks = [
        "The first official New Zealand tour to Europe came in 1905.",
        "The tourists from New Zealand won all but one of their games in Britain.",
    ]
    found = {(m.text, m.type) for block in annotate_blocks(blocks) for m in block}
    assert ("New Zealand", "PLACE") in found
    assert ("New Zealand", "PERSON") not in found


def test_a_hyphenated_surname_after_a_title_or_first_name_stays_whole() -> None:
    """ "Kilroy" alone was a person of 61 mentions in the BBC library, cut out of
    "Mr Kilroy-Silk" in articles that also wrote "Kilroy" alone."""
    blocks = [
        "Kilroy quits UKIP",
        "Euro MP Robert Kilroy-Silk has left the party. Mr Kilroy-Silk said he was glad.",
        "Later, Kilroy-Silk told reporters he would stand in Erewash.",
    ]
    found = [m.text for block in annotate_blocks(blocks) for m in block]
    assert "Robert Kilroy-Silk" in found
    assert found.count("Kilroy-Silk") == 2
    assert "Silk" not in found and "Robert Kilroy" not in found


def test_names_joined_by_a_hyphen_are_still_split() -> None:
    found = {m.text for m in extract_mentions("Trump met Putin. The Trump-Putin summit ended.")}
    assert {"Trump", "Putin"} <= found
    assert "Trump-Putin" not in found


def test_a_short_town_name_does_not_split_a_hyphenated_name() -> None:
    """A town called Man exists; "Spider-Man" is no place joined to another."""
    found = spans("Sony said Spider-Man 2 would come with the console.")
    assert ("Man", "PLACE") not in found
    assert any(text == "Spider-Man" for text, _ in found)


def test_a_lone_name_after_the_is_an_organisation() -> None:
    found = spans("He challenged the Treasury to open up its books, the report said.")
    assert ("Treasury", "ORG") in found
    # ...unless it goes on to what belongs to a person.
    found = spans("Jobs were cut under pressure from the Trump administration.")
    assert ("Trump", "PERSON") in found


def test_nationality_nouns_are_not_names() -> None:
    """ "Welshman Jimmy Watkins" was one organisation; "the Dutchman" another."""
    found = spans("Welshman Jimmy Watkins beat the Dutchman in the final, with Swedes watching.")
    assert ("Jimmy Watkins", "PERSON") in found
    assert not {text for text, _ in found} & {"Dutchman", "Welshman", "Swedes"}


def test_olympic_is_the_olympics() -> None:
    """ "Olympic champion" named a place (there are towns called Olympic)."""
    mentions = extract_mentions("Double Olympic champion Kelly Holmes will race in Glasgow.")
    olympic = [m for m in mentions if m.text == "Olympic"]
    assert [(m.type, m.entity) for m in olympic] == [("OTHER", "Olympics")]


def test_new_year_and_the_governing_bodies_of_sport() -> None:
    """ "New Year" was an organisation of 39 mentions in the BBC library, Uefa a person."""
    found = spans("Uefa will meet Fifa after the New Year, the clubs said.")
    assert found == {("Uefa", "ORG"), ("Fifa", "ORG"), ("New Year", "OTHER")}


def test_organisations_named_for_what_they_do() -> None:
    """The run stopped at "for": the BBC library held a "Department" of 42 mentions and a
    "National Statistics" of 26."""
    found = spans(
        "The Office for National Statistics and the Institute for Fiscal Studies disagreed, "
        "and so did the Department for Education."
    )
    assert found == {
        ("Office for National Statistics", "ORG"),
        ("Institute for Fiscal Studies", "ORG"),
        ("Department for Education", "ORG"),
    }


def test_faiths_name_nothing_alone_but_start_names() -> None:
    assert spans("Police searched for Islamic extremists, Sunni Muslims said.") == set()
    found = spans("Fighters of the Islamic State group met the Muslim Brotherhood.")
    assert found == {("Islamic State", "ORG"), ("Muslim Brotherhood", "ORG")}


def test_things_named_by_acronyms_are_no_organisations() -> None:
    """ "ID cards" and "HD television" made organisations of 67 and 51 mentions."""
    assert spans("Labour plans to introduce ID cards and HD broadcasts.") == {("Labour", "ORG")}
