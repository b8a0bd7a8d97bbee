"""Quotes from Markdown notes shown as a person reads them, not as raw syntax.

Evidence is quoted verbatim (the JSON keeps it so), but in the window
"[#62598](https://github.com/...)", "**must**" and backticks read as noise: links show
their text, bold and code show as bold and code. Nothing else is interpreted, so a quote
never says more or less than the note does.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\s]+(?:\s+\"[^\"]*\")?\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")


def inline_html(text: str) -> str:
    """``text`` escaped for HTML, with inline Markdown (links, bold, code) rendered."""
    parts = _CODE.split(text)  # odd parts are code: shown as code, nothing inside rendered
    out = []
    for n, part in enumerate(parts):
        if n % 2:
            out.append(f"<code>{html.escape(part)}</code>")
            continue
        part = _LINK.sub(lambda m: m.group(1) or "link", part)
        escaped = html.escape(part)
        out.append(_BOLD.sub(lambda m: f"<b>{m.group(1) or m.group(2)}</b>", escaped))
    return "".join(out)
