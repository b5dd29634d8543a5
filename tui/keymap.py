"""The user's key overrides: `keymap.toml` in the user config folder, applied by binding id.

[keys]
star = "ctrl+s"
"mention.next" = "ctrl+n,]"
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

KEYMAP_FILE = "keymap.toml"


def default_keymap_path() -> Path:
    """Where the keymap lives: the platform's user config folder for newsdesk."""
    from platformdirs import user_config_dir  # imported when needed: not on the way to a paint

    return Path(user_config_dir("newsdesk", appauthor=False)) / KEYMAP_FILE


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """Read the `[keys]` table; returns (binding id -> keys, a problem to report or None)."""
    path = path or default_keymap_path()
    if not path.is_file():
        return {}, None
    import tomllib  # only when there is a keymap to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"keymap {path} ignored: {exc}"
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, f"keymap {path} ignored: [keys] must be a table"
    good = {str(k): v for k, v in keys.items() if isinstance(v, str) and v.strip()}
    bad = sorted(set(keys) - set(good))
    return good, (f"keymap {path}: ignored entries {', '.join(bad)}" if bad else None)


def effective_keys(binding: Binding, keymap: dict[str, str]) -> str:
    """The keys a binding answers to once the keymap is applied."""
    return keymap.get(binding.id or "", binding.key)
