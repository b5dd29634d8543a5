"""index/ is a library anyone can script without a terminal: it must never import textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

INDEX = Path(__file__).resolve().parents[1] / "index"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_no_index_module_imports_textual_or_tui() -> None:
    offenders = {
        str(path.relative_to(INDEX.parent)): sorted(
            m for m in _imported_modules(path) if m.split(".")[0] in {"textual", "tui"}
        )
        for path in INDEX.rglob("*.py")
    }
    offenders = {k: v for k, v in offenders.items() if v}
    assert not offenders, f"index/ must not import the UI: {offenders}"


def test_importing_the_data_layer_loads_no_textual() -> None:
    code = (
        "import sys, index.library, index.ingest, index.search, index.entities;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=INDEX.parent,
    ).stdout.strip()
    assert out == "[]"
