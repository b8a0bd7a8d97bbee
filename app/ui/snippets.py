"""Result snippets with the query's words highlighted, as small HTML fragments.

Pure text work (no Qt), so it is tested directly: the window only renders the HTML.
"""

from __future__ import annotations

import html
import re

from app.core import parse_query

_WORD = re.compile(r"\w+", re.UNICODE)
_SHORT = 2  # words this short ("a", "of") are not worth highlighting


def query_terms(query: str) -> list[str]:
    """The words and phrases of ``query`` worth highlighting, longest first."""
    parsed = parse_query(query)
    words = [w for w in _WORD.findall(parsed.text) if len(w) > _SHORT]
    terms = list(dict.fromkeys([*parsed.phrases, *words]))
    return sorted(terms, key=len, reverse=True)


def snippet_html(text: str, terms: list[str], width: int = 320) -> str:
    """Up to ``width`` characters of ``text`` around the first term, terms in <b><mark>."""
    flat = " ".join(text.split())
    start = _first_hit(flat, terms)
    if start > width // 3:
        cut = flat.rfind(" ", 0, start - width // 4)
        flat = "… " + flat[cut + 1:]
    if len(flat) > width:
        flat = flat[:width].rsplit(" ", 1)[0] + " …"
    return highlight_html(flat, terms)


def highlight_html(text: str, terms: list[str]) -> str:
    """``text`` escaped for HTML, each occurrence of a term (any case) marked."""
    if not terms:
        return html.escape(text)
    pattern = re.compile("|".join(_term_pattern(t) for t in terms), re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        out.append(f"<b style='background:#ffe58a;color:#000'>{html.escape(match.group())}</b>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _term_pattern(term: str) -> str:
    words = [re.escape(w) for w in term.split()]
    return r"\b" + r"\s+".join(words) + r"\b"


def _first_hit(text: str, terms: list[str]) -> int:
    lowered = text.casefold()
    found = [lowered.find(t.casefold()) for t in terms]
    found = [i for i in found if i >= 0]
    return min(found) if found else 0
