"""User configuration: `config.toml` in the platform's user config folder.

[entities]
backend = "builtin"        # or "spacy": needs `pip install 'newsdesk[spacy]'` and a model
spacy_model = "en_core_web_sm"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir

from index.errors import NewsdeskError

CONFIG_ENV = "NEWSDESK_CONFIG"
BACKENDS = ("builtin", "spacy")


@dataclass(frozen=True, slots=True)
class Config:
    """The settings newsdesk reads from config.toml."""

    entity_backend: str = "builtin"
    spacy_model: str = "en_core_web_sm"


def config_dir() -> Path:
    """The folder of config.toml and keymap.toml."""
    return Path(user_config_dir("newsdesk", appauthor=False))


def config_path() -> Path:
    """$NEWSDESK_CONFIG, else config.toml in the config folder."""
    env = os.environ.get(CONFIG_ENV)
    return Path(env).expanduser() if env else config_dir() / "config.toml"


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file gives the defaults, a bad one a clear error."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise NewsdeskError(f"{path}: {exc}") from None
    entities = data.get("entities", {})
    backend = str(entities.get("backend", "builtin")).lower()
    if backend not in BACKENDS:
        raise NewsdeskError(f"{path}: entities.backend must be one of {', '.join(BACKENDS)}")
    return Config(backend, str(entities.get("spacy_model", Config.spacy_model)))
