"""app/core must not import frameworks or heavy libraries, not even lazily inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "app" / "core"
BANNED = {"PySide6", "chromadb", "llama_cpp", "sentence_transformers", "torch", "watchdog",
          "pypdf", "docx", "bs4", "transformers", "app.backends", "app.ui", "app.services"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_framework():
    offenders = {}
    for path in CORE.rglob("*.py"):
        bad = {m for m in imported_modules(path)
               if any(m == b or m.startswith(b + ".") for b in BANNED)}
        if bad:
            offenders[str(path.relative_to(CORE))] = sorted(bad)
    assert offenders == {}


def test_the_check_sees_imports_inside_functions(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    import chromadb\n    from pypdf import PdfReader\n")
    assert {"chromadb", "pypdf"} <= imported_modules(sample)
