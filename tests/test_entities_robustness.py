"""Bad input never crashes extraction; the JSON Lines entry point; import hygiene."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from index.entities import annotate_blocks, extract_mentions
from index.entities.jsonl import run_jsonl


def test_empty_inputs() -> None:
    assert extract_mentions("") == []
    assert annotate_blocks([]) == []
    assert annotate_blocks(["", "   ", "\n\n"]) == [[], [], []]


def test_one_megabyte_single_line_finishes_with_sane_output() -> None:
    sentence = "Marco Rubio met Sergei Lavrov in Istanbul on Monday and nothing was agreed. "
    text = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    mentions = extract_mentions(text)
    assert len(mentions) > 10_000
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert {m.text for m in mentions} <= {"Marco Rubio", "Sergei Lavrov", "Istanbul", "Marco"}


def test_one_megabyte_without_spaces_finishes() -> None:
    assert isinstance(extract_mentions("A" * 1_000_000), list)
    assert isinstance(extract_mentions("Ab-" * 300_000), list)
    assert isinstance(extract_mentions("x." * 500_000), list)


def test_all_caps_text_gives_only_gazetteer_names() -> None:
    text = "BREAKING: RUSSIA AND UKRAINE TALKS IN ISTANBUL COLLAPSE AS DRONES STRIKE AGAIN"
    found = {(m.text, m.type) for m in extract_mentions(text)}
    assert found == {("RUSSIA", "PLACE"), ("UKRAINE", "PLACE"), ("ISTANBUL", "PLACE")}


def test_non_latin_scripts() -> None:
    text = "Президент Владимир Путин встретился. 习近平在北京会见了客人。 Then Marco Rubio spoke."
    mentions = extract_mentions(text)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert ("Marco Rubio", "PERSON") in {(m.text, m.type) for m in mentions}


def test_markup_characters_are_not_names() -> None:
    text = (
        "[bold]Marco Rubio[/bold] met <b>Sergei Lavrov</b> in \x1b[31mIstanbul\x1b[0m; "
        "**NATO** said {{ Kyiv }} &amp; [link=https://x.y]here[/link]."
    )
    found = {(m.text, m.type) for m in extract_mentions(text)}
    assert {("Marco Rubio", "PERSON"), ("Sergei Lavrov", "PERSON"), ("Istanbul", "PLACE")} <= found
    assert all("[" not in t and "<" not in t and "\x1b" not in t for t, _ in found)


def test_jsonl_round_trip() -> None:
    source = io.StringIO(
        json.dumps({"text": "Mr. Trump called Vladimir Putin."})
        + "\n"
        + "not json\n"
        + json.dumps({"text": ""})
        + "\n"
        + json.dumps({"other": 1})
        + "\n"
    )
    target = io.StringIO()
    assert run_jsonl(source, target) == 4
    lines = [json.loads(line) for line in target.getvalue().splitlines()]
    assert len(lines) == 4
    first = lines[0]["mentions"]
    assert [(m["text"], m["type"]) for m in first] == [
        ("Trump", "PERSON"),
        ("Vladimir Putin", "PERSON"),
    ]
    assert set(first[0]) == {"start", "end", "text", "type", "entity"}
    assert lines[1] == lines[2] == lines[3] == {"mentions": []}


def test_package_imports_no_terminal_or_search_code() -> None:
    code = (
        "import sys, index.entities, index.entities.catalog, index.entities.jsonl; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'whoosh')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
