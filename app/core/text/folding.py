"""One way to compare words: as the keyword index stores them.

FTS5's unicode61 tokenizer lower-cases (not case-folds: "ß" stays "ß") and removes
diacritics, so a question's terms, the gate's counts and the evidence's matches fold the
same way, or a term the index holds would be looked up in another spelling.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case, accents removed."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
