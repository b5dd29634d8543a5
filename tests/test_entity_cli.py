"""Entity commands: entities, mentions, extract, and aliases.toml corrections applied at once."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import SEEDS

from index.library import Library
from tui.cli import main


def _entities(capsys: pytest.CaptureFixture[str], folder: Path, *extra: str) -> list[dict]:
    assert main(["--library", str(folder), "entities", "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_entities_lists_merged_people_with_counts(
    seed_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = seed_library.folder
    people = {e["name"]: e for e in _entities(capsys, folder, "--type", "PERSON")}
    lavrov = people["Sergey Lavrov"]
    assert {"Lavrov", "Sergei Lavrov", "Sergey Lavrov"} <= set(lavrov["aliases"])
    assert lavrov["article_count"] == 3 and lavrov["mention_count"] >= 5
    assert not {"Monday", "Sunday", "However"} & set(people)
    assert all(e["type"] == "PERSON" for e in people.values())


def test_entities_of_one_article(seed_library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    hit = seed_library.search('title:"exchange views"').hits[0]
    rows = _entities(capsys, seed_library.folder, "--article", hit.id)
    names = {r["name"] for r in rows}
    assert {"Marco Rubio", "Sergey Lavrov", "Tammy Bruce"} <= names
    assert "Rustem Umerov" not in names  # he is only in other articles


def test_the_entities_table_lists_the_commonest_forms_and_how_many_more(
    seed_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 100,000-article library's 18,000 rows took Rich 11 s to lay out: the table lists
    the 100 most mentioned unless --limit says otherwise, and four written forms of each
    (the JSON has them all)."""
    from tui.commands.entity_commands import TABLE_ALIASES, _alias_summary

    forms = [f"form {n}" for n in range(TABLE_ALIASES + 3)]
    assert _alias_summary(forms) == ", ".join(forms[:TABLE_ALIASES]) + " (+3 more)"
    assert _alias_summary(forms[:TABLE_ALIASES]) == ", ".join(forms[:TABLE_ALIASES])
    folder = str(seed_library.folder)
    assert main(["--library", folder, "entities", "--type", "PERSON"]) == 0
    table = capsys.readouterr().out
    assert "Volodymyr Zelensky" in table and "Tammy Bruce" in table
    people = _entities(capsys, seed_library.folder, "--type", "PERSON")
    assert len(people) > 3
    # The table stops at --limit (100 unless told) and says how many more there are.
    assert main(["--library", folder, "entities", "--type", "PERSON", "--limit", "2"]) == 0
    table = capsys.readouterr().out
    assert f"2 of {len(people)} entities" in table
    assert f"{len(people) - 2} more: --limit 0 lists them all" in table
    assert people[0]["name"] in table and people[2]["name"] not in table
    assert _entities(capsys, seed_library.folder, "--type", "PERSON", "--limit", "2") == people[:2]
    assert main(["--library", folder, "entities", "--limit", "-1"]) == 2
    assert "--limit must be 0 (all) or more" in capsys.readouterr().err


def test_mentions_gives_offsets_and_sentences(
    seed_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--library", str(seed_library.folder), "mentions", "Lavrov", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entity"] == "Sergey Lavrov"
    articles = {m["article_id"] for m in data["mentions"]}
    assert len(articles) == 3
    for m in data["mentions"]:
        block = seed_library.article(m["article_id"]).blocks[m["block"]].text
        assert block[m["start"] : m["end"]] == m["text"]
        assert m["text"] in m["sentence"] and len(m["sentence"]) < len(block) + 1


def test_extract_jsonl_contract(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [{"text": "Sergei Lavrov met Marco Rubio in Istanbul."}, {"text": ""}]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(json.dumps(x) for x in lines)))
    assert main(["extract", "--jsonl"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(out) == 2 and out[1] == {"mentions": []}
    found = {(m["text"], m["type"]) for m in out[0]["mentions"]}
    assert found == {("Sergei Lavrov", "PERSON"), ("Marco Rubio", "PERSON"), ("Istanbul", "PLACE")}
    text = lines[0]["text"]
    assert all(text[m["start"] : m["end"]] == m["text"] for m in out[0]["mentions"])


def test_aliases_toml_applies_at_once_and_survives_reingest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    folder = tmp_path / "lib"
    Library.open(folder, import_seeds=False).add([src]).skipped.clear()
    (folder / "aliases.toml").write_text(
        'ignore = ["Istanbul"]\n[merge]\n'
        '"Kremlin negotiators" = ["Vladimir Medinsky", "Sergey Lavrov"]\n'
    )
    names = {e["name"]: e for e in _entities(capsys, folder)}
    assert "Istanbul" not in names
    assert {"Lavrov", "Medinsky"} <= set(names["Kremlin negotiators"]["aliases"])
    target = src / "003_56f64484c723aef1.txt"
    target.write_text(target.read_text() + "\nLavrov spoke again in Istanbul on Friday.\n")
    assert main(["--library", str(folder), "add", str(src)]) == 0
    capsys.readouterr()
    names = {e["name"]: e for e in _entities(capsys, folder)}
    assert "Istanbul" not in names and "Kremlin negotiators" in names


def test_malformed_aliases_toml_is_reported_and_changes_nothing(
    seed_library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = seed_library.folder
    before = _entities(capsys, folder)
    (folder / "aliases.toml").write_text("[merge\nbroken = ")
    after = _entities(capsys, folder)
    assert after == before
    main(["--library", str(folder), "stats"])
    err = capsys.readouterr().err
    assert "aliases.toml not applied" in err and err.count("\n") == 1


@pytest.mark.parametrize("terminal", [False, True])
def test_json_output_never_carries_what_a_terminal_acts_on(
    terminal: bool, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Escapes, C0 and C1 controls, DEL, separators and bidi overrides in article text go
    out as \\u escapes, highlighted (a terminal) or not (a pipe, or long output)."""
    from rich.console import Console

    from tui import console as consoles

    nasty = "\x1b[31mRed\x1b[0m \x07\x7f\x85\x9b2J \u2028\u202eKyiv São Paulo"
    for data in ({"name": nasty}, {"name": nasty, "pad": "x" * consoles.HIGHLIGHT_JSON_BELOW}):
        if terminal:
            screen = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
            monkeypatch.setattr(consoles, "console", lambda screen=screen: screen)
        consoles.print_json(data)
        out = screen.file.getvalue() if terminal else capsys.readouterr().out
        if terminal and "pad" not in data:
            assert "\x1b[" in out  # highlighted
            out = re.sub(r"\x1b\[[0-9;]*m", "", out)  # Rich's colours, nothing else
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u202e]", out)
        assert json.loads(out) == data and "São Paulo" in out
