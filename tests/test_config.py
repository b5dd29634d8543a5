"""config.toml: the entity backend choice, and a clear fallback when spaCy is absent."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import SEEDS

from index.config import Config, load_config
from index.entities.spacy_backend import annotate_with
from index.errors import NewsdeskError
from index.library import Library


def test_missing_config_gives_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "none.toml") == Config()


def test_backend_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[entities]\nbackend = "spacy"\nspacy_model = "en_core_web_md"\n')
    assert load_config(path) == Config("spacy", "en_core_web_md")
    path.write_text('[entities]\nbackend = "gpt"\n')
    with pytest.raises(NewsdeskError, match="backend must be one of"):
        load_config(path)
    path.write_text("[entities\n")
    with pytest.raises(NewsdeskError, match=r"config\.toml"):
        load_config(path)


def test_spacy_backend_without_spacy_falls_back_with_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[entities]\nbackend = "spacy"\n')
    monkeypatch.setenv("NEWSDESK_CONFIG", str(config))
    monkeypatch.setitem(__import__("sys").modules, "spacy", None)  # import spacy fails
    messages: list[str] = []
    library = Library.open(tmp_path / "lib", notify=messages.append, import_seeds=False)
    report = library.add([SEEDS / "003_56f64484c723aef1.txt"])
    assert report.added == 1
    assert [m for m in messages if "built-in entity extractor" in m and "spaCy" in m]
    assert library.store.counts()["mentions"] > 0


def test_spacy_labels_map_to_newsdesk_types() -> None:
    def ent(start: int, end: int, text: str, label: str) -> SimpleNamespace:
        return SimpleNamespace(start_char=start, end_char=end, text=text, label_=label)

    doc = SimpleNamespace(
        ents=[
            ent(0, 5, "Rubio", "PERSON"),
            ent(10, 16, "Moscow", "GPE"),
            ent(20, 24, "NATO", "ORG"),
            ent(30, 37, "Russian", "NORP"),
            ent(40, 44, "2025", "DATE"),
        ]
    )
    nlp = SimpleNamespace(pipe=lambda texts: [doc for _ in texts])
    (mentions,) = annotate_with(nlp, ["x"])
    assert [(m.text, m.type) for m in mentions] == [
        ("Rubio", "PERSON"),
        ("Moscow", "PLACE"),
        ("NATO", "ORG"),
        ("Russian", "OTHER"),
    ]
