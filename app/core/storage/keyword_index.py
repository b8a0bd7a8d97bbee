"""BM25 keyword search over chunk texts with SQLite FTS5.

Vector search misses exact terms (names, codes such as "QX7R2M", rare words); FTS5
finds them. The index lives in the registry's database, so a file's keyword rows change
in the same transaction as its registry row. Accents are folded ("cafe" finds "café").
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Sequence

from app.core.storage.registry import Registry
from app.core.text import fold

_WORD = re.compile(r"\w+", re.UNICODE)
# FTS5's unicode61 tokenizer splits at "_" as at any other punctuation: "group_concat" is
# stored as the two words "group concat"
_FTS_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOPWORDS = frozenset("""a an and are as at be by did do does for from had has have how i in is it
its of on or our so that the their them there these they this to was we were what when where which
who whom why will with you your""".split())
# Bounds on the keyword side, so a question of common words stays fast in a large library:
ZERO_IDF_SHARE = 0.5  # a word in at least half the passages weighs nothing in FTS5's BM25
MAX_TERMS = 12  # the rarest words of a long query are kept, the rest add little but time
# FTS5 scores every passage that holds a query word, so time grows with the words' passage
# counts (their postings). Rarest first, words are kept while their postings stay within
# this budget (always the two rarest): a large library drops the commonest query words,
# which weigh least in BM25 (at 442k passages: p50 84k postings -> 25k); SciFact's 10k
# passages never reach it (max 6k), so its ranking is unchanged.
POSTINGS_BUDGET = 25_000
MIN_TERMS = 2
PHRASE_WORDS = 5  # an unquoted query longer than this is not also searched as one phrase
_SIZE_TTL = 30.0  # seconds the passage count is reused for the bounds


class KeywordIndex:
    """Chunk texts keyed by chunk id, searchable with BM25."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._size: tuple[float, int] | None = None

    @property
    def _db(self) -> sqlite3.Connection:
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
        return self._match(self.bounded_expression(query), k)

    def bounded_expression(self, query: str) -> str:
        """``match_expression`` without the words that cost time but little ranking: words
        in half the passages or more (zero IDF), beyond the ``MAX_TERMS`` rarest, and the
        commonest beyond ``POSTINGS_BUDGET``."""
        terms = query_terms(query)
        if len(terms) < 2:
            return _or(terms)
        counts = self.word_counts(terms)
        common = ZERO_IDF_SHARE * self.approximate_size()
        kept = [t for t in terms if counts.get(t, 0) < common] or terms
        rarest: set[str] = set()
        postings = 0
        for term in sorted(kept, key=lambda t: counts.get(t, 0))[:MAX_TERMS]:
            postings += counts.get(term, 0)
            if len(rarest) >= MIN_TERMS and postings > POSTINGS_BUDGET:
                break
            rarest.add(term)
        return _or([t for t in kept if t in rarest])

    def phrase_search(self, query: str, k: int, quoted: bool = False) -> list[tuple[str, float]]:
        """Up to ``k`` chunks holding the query's words as one phrase; none for one word,
        nor for an unquoted query of more than ``PHRASE_WORDS`` words (a sentence-long
        question is almost never written verbatim, and the phrase scan is the slow part)."""
        words = _WORD.findall(query.lower())
        if len(words) < 2 or (not quoted and len(words) > PHRASE_WORDS):
            return []
        return self._match(f'"{" ".join(words)}"', k)

    def word_counts(self, words: Sequence[str]) -> dict[str, int]:
        """How many passages hold each single word, from FTS5's vocabulary (one query)."""
        folded = {w: fold(w) for w in dict.fromkeys(words)}
        marks = ",".join("?" * len(folded))
        sql = f"SELECT term, doc FROM temp.chunks_vocab WHERE term IN ({marks})"
        try:
            rows = self._db.execute(sql, list(folded.values())).fetchall()
        except sqlite3.OperationalError:  # first use on this connection
            self._db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_vocab "
                             "USING fts5vocab(main, 'chunks_fts', 'row')")
            rows = self._db.execute(sql, list(folded.values())).fetchall()
        by_term = dict(rows)
        return {w: by_term.get(f, 0) for w, f in folded.items()}

    def approximate_size(self) -> int:
        """The passage count, re-read at most every ``_SIZE_TTL`` seconds."""
        now = time.monotonic()
        if self._size is None or now - self._size[0] > _SIZE_TTL:
            self._size = (now, self.size())
        return self._size[1]

    def _match(self, match: str, k: int) -> list[tuple[str, float]]:
        if not match or k <= 0:
            return []
        rows = self._db.execute(
            "SELECT chunk_rows.chunk_id, bm25(chunks_fts) FROM chunks_fts "
            "JOIN chunk_rows ON chunk_rows.rowid = chunks_fts.rowid "
            "WHERE chunks_fts MATCH ? ORDER BY bm25(chunks_fts) LIMIT ?", (match, k))
        return [(chunk_id, -score) for chunk_id, score in rows]

    def document_frequencies(self, terms: Sequence[str]) -> dict[str, int]:
        """How many passages hold each term (the IDF of the answer gate and the evidence):
        single words from the vocabulary, phrases by matching them."""
        split = {term: _FTS_WORD.findall(term.lower()) for term in dict.fromkeys(terms)}
        singles = {term: words[0] for term, words in split.items() if len(words) == 1}
        found = self.word_counts(list(singles.values())) if singles else {}
        counts = {term: found[word] for term, word in singles.items()}
        for term, words in split.items():
            if len(words) > 1:
                row = self._db.execute("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?",
                                       (f'"{" ".join(words)}"',)).fetchone()
                counts[term] = row[0]
        return counts

    def size(self) -> int:
        """The number of passages in the index."""
        return int(self._db.execute("SELECT count(*) FROM chunk_rows").fetchone()[0])

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


def query_terms(query: str) -> list[str]:
    """The query's words for BM25: lower-cased, stopwords dropped when others exist, each
    once."""
    words = [w.lower() for w in _WORD.findall(query)]
    content = [w for w in words if w not in _STOPWORDS] or words
    return list(dict.fromkeys(content))


def match_expression(query: str) -> str:
    """An FTS5 query matching any of the query's words (stopwords dropped when others exist).

    Every term is quoted, so user text can never be read as FTS5 syntax.
    """
    return _or(query_terms(query))


def _or(terms: Sequence[str]) -> str:
    return " OR ".join(f'"{w}"' for w in terms)

