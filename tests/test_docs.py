"""The version moves in one step everywhere, and the documentation's links lead somewhere."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import app

REPO = Path(__file__).resolve().parents[1]


def test_one_version_everywhere():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    newest = re.search(r"^## (\S+)", (REPO / "CHANGELOG.md").read_text(), re.M)
    metainfo = (REPO / "packaging/linux/io.hearth.Hearth.metainfo.xml").read_text()
    released = re.search(r'<release version="([^"]+)"', metainfo)
    assert newest and released
    assert app.__version__ == declared == newest.group(1) == released.group(1)


def test_relative_links_in_the_docs_exist():
    pages = [REPO / "README.md", REPO / "CONTRIBUTING.md", *(REPO / "docs").glob("*.md")]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if not re.match(r"[a-z]+:", target) and not (page.parent / target).exists():
                broken.append(f"{page.relative_to(REPO)} -> {target}")
    assert broken == []


def test_the_readme_is_a_front_page():
    readme = (REPO / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert len(readme) < 8000  # the rest lives in docs/
