"""BM25 keyword search over chunk texts with SQLite FTS5.

Vector search misses exact terms (names, codes such as "QX7R2M", rare words); FTS5
finds them. The index lives in the registry's database, so a file's keyword rows change
in the same transaction as its registry row. Accents are folded ("cafe" finds "café").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.core.registry import Registry

_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORDS = frozenset("""a an and are as at be by did do does for from had has have how i in is it
its of on or our so that the their them there these they this to was we were what when where which
who whom why will with you your""".split())


class KeywordIndex:
    """Chunk texts keyed by chunk id, searchable with BM25."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    @property
    def _db(self):
        return self._registry.db  # per thread, like the registry's own

    def replace_file(self, file_id: int, chunks: Sequence[tuple[str, str]]) -> None:
        """Set a file's rows to ``chunks`` [(chunk id, text)]; call inside a transaction."""
        self.delete_file(file_id)
        for chunk_id, text in chunks:
            cursor = self._db.execute("INSERT INTO chunk_rows (chunk_id, file_id) VALUES (?, ?)",
                                      (chunk_id, file_id))
            self._db.execute("INSERT INTO chunks_fts (rowid, text) VALUES (?, ?)",
                             (cursor.lastrowid, text))

    def delete_file(self, file_id: int) -> None:
        self._db.execute("DELETE FROM chunks_fts WHERE rowid IN "
                         "(SELECT rowid FROM chunk_rows WHERE file_id = ?)", (file_id,))
        self._db.execute("DELETE FROM chunk_rows WHERE file_id = ?", (file_id,))

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """Up to ``k`` (chunk id, bm25 score) holding any query word, best first."""
        return self._match(match_expression(query), k)

    def phrase_search(self, query: str, k: int) -> list[tuple[str, float]]:
        """Up to ``k`` chunks holding the query's words as one phrase; none for one word."""
        words = _WORD.findall(query.lower())
        return self._match(f'"{" ".join(words)}"', k) if len(words) > 1 else []

    def _match(self, match: str, k: int) -> list[tuple[str, float]]:
        if not match or k <= 0:
            return []
        rows = self._db.execute(
            "SELECT chunk_rows.chunk_id, bm25(chunks_fts) FROM chunks_fts "
            "JOIN chunk_rows ON chunk_rows.rowid = chunks_fts.rowid "
            "WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT ?", (match, k))
        return [(chunk_id, -score) for chunk_id, score in rows]

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many passages hold each term (the IDF of the answer gate and the evidence)."""
        counts = {}
        for term in dict.fromkeys(terms):
            words = _WORD.findall(term.lower())
            if not words:
                continue
            row = self._db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                                   (f'"{" ".join(words)}"',)).fetchone()
            counts[term] = row[0]
        return counts

    def size(self) -> int:
        """The number of passages in the index."""
        return self._db.execute("SELECT count(*) FROM chunk_rows").fetchone()[0]

    def chunk_ids(self) -> dict[int, list[str]]:
        """file_id -> chunk ids, for the consistency check."""
        index: dict[int, list[str]] = {}
        for chunk_id, file_id in self._db.execute("SELECT chunk_id, file_id FROM chunk_rows"):
            index.setdefault(file_id, []).append(chunk_id)
        return index


def content_terms(text: str) -> list[str]:
    """The words of ``text`` that carry meaning: lower-cased, stopwords dropped, in order,
    each once."""
    words = [w.lower() for w in _WORD.findall(text)]
    return list(dict.fromkeys(w for w in words if w not in _STOPWORDS))


def match_expression(query: str) -> str:
    """An FTS5 query matching any of the query's words (stopwords dropped when others exist).

    Every term is quoted, so user text can never be read as FTS5 syntax.
    """
    words = [w.lower() for w in _WORD.findall(query)]
    content = [w for w in words if w not in _STOPWORDS] or words
    return " OR ".join(f'"{w}"' for w in dict.fromkeys(content))
