"""A library's own corrections to entity resolution, read from its `aliases.toml`.

    ignore = ["Monday", "Skip"]            # surfaces that are never entities

    [merge]                                # these surfaces are one entity, named by the key
    "Volodymyr Zelensky" = ["Zelenskiy", "President Z"]

    [rename]                               # a surface is read as another ("Kiev" as "Kyiv")
    "Kiev" = "Kyiv"

    [split]                                # a surface that must never be merged by the rules:
    "Jordan" = ["PERSON", "PLACE"]         # one entity per type it is found with
                                           # (a plain list, split = ["Jordan"], works too)
    [type]                                 # force a surface's type
    "Truth Social" = "ORG"

Matching is on the normalised form (case, accents, periods and a possessive ignored).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from index.entities.known import name_key
from index.errors import NewsdeskError

ENTITY_TYPES = frozenset({"PERSON", "PLACE", "ORG", "OTHER"})


class AliasFileError(NewsdeskError):
    """The aliases file cannot be read or does not have the expected shape."""


@dataclass
class AliasOverrides:
    """Parsed overrides; every key is already a `name_key`."""

    merge: dict[str, str] = field(default_factory=dict)  # surface key -> canonical name
    rename: dict[str, str] = field(default_factory=dict)  # surface key -> new surface
    split: dict[str, frozenset[str]] = field(default_factory=dict)  # key -> types kept apart
    ignore: set[str] = field(default_factory=set)
    types: dict[str, str] = field(default_factory=dict)  # surface key -> entity type

    @classmethod
    def load(cls, path: Path) -> AliasOverrides:
        """Read `path`; raise AliasFileError with a one-line message if it is malformed."""
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, UnicodeDecodeError) as error:
            raise AliasFileError(f"cannot read {path}: {error}") from None
        except tomllib.TOMLDecodeError as error:
            raise AliasFileError(f"{path}: invalid TOML: {error}") from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: dict, source: str = "aliases") -> AliasOverrides:
        """Build overrides from already-parsed TOML data (see the module docstring)."""
        overrides = cls()
        try:
            for canonical, surfaces in _table(data, "merge").items():
                for surface in [canonical, *_strings(surfaces, f"merge.{canonical}")]:
                    overrides.merge[name_key(surface)] = canonical
            for surface, target in _table(data, "rename").items():
                overrides.rename[name_key(surface)] = _string(target, f"rename.{surface}")
            split = data.get("split", {})
            if isinstance(split, list):
                split = {surface: sorted(ENTITY_TYPES) for surface in _strings(split, "split")}
            for surface, types in _table({"split": split}, "split").items():
                overrides.split[name_key(surface)] = frozenset(
                    _entity_type(t, f"split.{surface}") for t in _strings(types, surface)
                )
            overrides.ignore = {name_key(s) for s in _strings(data.get("ignore", []), "ignore")}
            for surface, entity_type in _table(data, "type").items():
                overrides.types[name_key(surface)] = _entity_type(entity_type, f"type.{surface}")
        except ValueError as error:
            raise AliasFileError(f"{source}: {error}") from None
        return overrides

    def renamed(self, surface: str) -> str:
        """The surface as the library wants it read ("Kiev" -> "Kyiv")."""
        return self.rename.get(name_key(surface), surface)

    def merged_name(self, key: str) -> str:
        """The canonical name a [merge] entry gives this name key, or ""."""
        return self.merge.get(key, "")

    def decides(self, key: str) -> bool:
        """True when a [type], [split] or [merge] entry names this name key."""
        return key in self.types or key in self.split or key in self.merge


def _table(data: dict, name: str) -> dict:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ValueError(f"[{name}] must be a table")
    return value


def _strings(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where} must be a string or a list of strings")
    return value


def _string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where} must be a string")
    return value


def _entity_type(value: object, where: str) -> str:
    text = _string(value, where).upper()
    if text not in ENTITY_TYPES:
        raise ValueError(f"{where}: unknown type {value!r} (use PERSON, PLACE, ORG or OTHER)")
    return text
