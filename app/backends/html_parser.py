"""HTML pages and saved articles through BeautifulSoup: visible text under its headings.

Scripts, styles and comments are dropped; block elements become paragraphs and
``h1``-``h6`` become the heading path, reusing the markdown block splitter.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from app.core.errors import NothingToIndex, ParseFailed
from app.core.ingest import markdown_blocks, read_text
from app.core.types import Document

_HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
_BLOCKS = ["p", "div", "section", "article", "li", "pre", "blockquote", "td", "th", "tr",
           "dt", "dd", "figcaption", "caption", "address", "table", "ul", "ol", "hr"]
_DROP = ["script", "style", "noscript", "template", "svg", "head", "iframe", "object"]
_MARK = "\x00"
# Python's html.parser tree builder takes quadratic time in nesting depth (16,000 levels:
# 31 s; 100,000: hours), and real pages nest a few dozen levels; deeper is refused.
MAX_DEPTH = 1000
# Containers that real pages close; <li>, <p>, <td> are often left open and not counted.
_NESTING = re.compile(r"<(/?)(?:div|span|section|article|table|ul|ol|dl|blockquote|a|b|i|em|"
                      r"strong|font|main|nav|aside|header|footer|form|label|code)\b[^>]*?(/?)>",
                      re.IGNORECASE)


class HtmlParser:
    """Parser for ``.html`` and ``.htm`` files."""

    def parse(self, path: Path) -> Document:
        from bs4 import BeautifulSoup

        text = read_text(path)
        depth = nesting_depth(text)
        if depth > MAX_DEPTH:
            raise ParseFailed(f"the page nests its elements {depth:,} levels deep (the limit "
                              f"is {MAX_DEPTH:,}; real pages use a few dozen): not read")
        soup = BeautifulSoup(text, "html.parser")
        title = soup.title.get_text(" ", strip=True) if soup.title else ""
        lines = _text_lines(soup)
        blocks, first_h1 = markdown_blocks(lines)
        blocks = [replace(b, line_start=None, line_end=None, char_start=None, char_end=None)
                  for b in blocks]
        if not blocks:
            raise NothingToIndex("the page has no visible text")
        return Document(path=path, file_type="html", blocks=blocks,
                        title=title or first_h1 or path.stem)


def nesting_depth(text: str) -> int:
    """The deepest nesting of common container elements, from a linear scan of the tags."""
    depth = peak = 0
    for match in _NESTING.finditer(text):
        closing, self_closing = match.groups()
        if self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        peak = max(peak, depth)
    return peak


def _text_lines(soup) -> list[str]:
    """Visible text as markdown-like lines: headings marked, body lines indented."""
    from bs4 import CData, Comment, Declaration, Doctype, ProcessingInstruction

    hidden = (Comment, Declaration, Doctype, ProcessingInstruction, CData)
    for tag in soup(_DROP):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, hidden)):
        node.extract()
    for node in soup.find_all(string=True):
        if not node.find_parent("pre"):
            node.replace_with(re.sub(r"\s+", " ", str(node)))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for heading in soup.find_all(_HEADINGS):
        level = int(heading.name[1])
        heading.replace_with(f"\n\n{_MARK}{'#' * level} {heading.get_text(' ', strip=True)}\n\n")
    for block in soup.find_all(_BLOCKS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    lines = []
    for line in soup.get_text().split("\n"):
        lines.append(line[1:] if line.startswith(_MARK) else "    " + line.strip())
    return [line if line.strip() else "" for line in lines]
